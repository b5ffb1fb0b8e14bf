import WinnowCore

// JSON-LD: every block is read, including @graph, nested objects and @id references to a Person elsewhere in
// the graph. A block that fails a strict parse (raw newlines in strings, trailing commas, HTML comments around
// it, two objects run together) is repaired once and, failing that, read key by key, so one bad block never
// loses the page's date and author.

struct JSONLDInfo {
    var headline: String?
    var datePublished: String?
    var dateModified: String?
    /// datePublished of a page-type object (WebPage), used only when no article object gives one.
    var pageDatePublished: String?
    /// datePublished of another dated type (VideoObject, Event, …): the last resort among JSON-LD dates.
    var otherDatePublished: String?
    var people: [String] = []
    var organisations: [String] = []
    var publisher: String?
    var articleBody: String?
    var description: String?
    var keywords: [String] = []
    var image: String?
    var license: String?
    /// The @type of the object the fields came from ("NewsArticle"), for the trace.
    var articleType: String?
    /// Whether a field came from a block read key by key.
    var lenient = false

    private var personByID: [String: String] = [:]
    /// Reading a repaired block: its articleBody is not trusted as the text (a body that needed repair is often
    /// escaped HTML), only its metadata.
    private var repairedBlock = false
    /// A page-type object's author, read when no article object names one.
    private var pageAuthor: JSONValue?
    private var pendingAuthorIDs: [String] = []

    static func read(_ blocks: [[UInt8]]) -> JSONLDInfo {
        var info = JSONLDInfo()
        var values: [(JSONValue, repaired: Bool)] = []
        var failed: [[UInt8]] = []
        for b in blocks {
            if let v = try? JSONValue.parse(b) { values.append((v, false)) }
            else if let v = try? JSONValue.parse(repair(b)) { values.append((v, true)) }
            else { failed.append(b) }
        }
        for (v, _) in values { info.indexPeople(v, depth: 0) }
        for (v, repaired) in values {
            info.repairedBlock = repaired
            info.visit(v, depth: 0)
        }
        info.repairedBlock = false
        if info.people.isEmpty && info.organisations.isEmpty, let a = info.pageAuthor { info.readAuthors(a) }
        for id in info.pendingAuthorIDs where info.people.isEmpty {
            if let n = info.personByID[id] { info.people.append(n) }
        }
        for b in failed { info.readLeniently(b) }
        return info
    }

    /// Strips HTML comment/CDATA wrappers, turns control characters inside strings into spaces and drops
    /// trailing commas.
    static func repair(_ b: [UInt8]) -> [UInt8] {
        var s = b
        for marker in ["<!--", "-->", "<![CDATA[", "]]>"] {
            let m = Array(marker.utf8)
            var out: [UInt8] = []
            var i = 0
            while i < s.count {
                if i + m.count <= s.count && Array(s[i..<(i + m.count)]) == m { i += m.count; continue }
                out.append(s[i]); i += 1
            }
            s = out
        }
        var out: [UInt8] = []
        var inString = false, escaped = false
        for c in s {
            if inString {
                if escaped { escaped = false; out.append(c); continue }
                if c == 0x5C { escaped = true; out.append(c); continue }
                if c == 0x22 { inString = false }
                out.append(c < 0x20 ? 0x20 : c)
                continue
            }
            if c == 0x22 { inString = true; out.append(c); continue }
            if c == 0x7D || c == 0x5D {   // } or ]: drop a trailing comma before it
                while let l = out.last, l == 0x20 || l == 0x0A || l == 0x0D || l == 0x09 { out.removeLast() }
                if out.last == 0x2C { out.removeLast() }
            }
            out.append(c)
        }
        // Two objects run together ("}{"): make them an array.
        if let f = out.firstIndex(where: { $0 > 0x20 }), out[f] == 0x7B, Substring(String(decoding: out, as: UTF8.self)).range(of: "}{") != nil
            || String(decoding: out, as: UTF8.self).contains("}\n{") {
            let joined = String(decoding: out, as: UTF8.self).replacingAll("}\n{", "},{").replacingAll("}{", "},{")
            return Array(("[" + joined + "]").utf8)
        }
        return out
    }

    static func types(_ v: JSONValue) -> [String] {
        guard let t = v["@type"] ?? v["type"] else { return [] }   // "type" without "@": a common slip
        if let s = t.stringValue { return [s] }
        if case .array(let a) = t { return a.compactMap { $0.stringValue } }
        return []
    }

    private mutating func indexPeople(_ v: JSONValue, depth: Int) {
        guard depth < MetadataRules.maxJSONLDDepth else { return }
        switch v {
        case .array(let items): for x in items { indexPeople(x, depth: depth + 1) }
        case .object(let pairs):
            if JSONLDInfo.types(v).contains("Person"), let id = v["@id"]?.stringValue, let n = v["name"]?.stringValue {
                personByID[id] = n
            }
            for (_, x) in pairs { indexPeople(x, depth: depth + 1) }
        default: break
        }
    }

    private mutating func visit(_ v: JSONValue, depth: Int) {
        guard depth < MetadataRules.maxJSONLDDepth else { return }
        switch v {
        case .array(let items):
            for x in items { visit(x, depth: depth + 1) }
        case .object(let pairs):
            let ts = JSONLDInfo.types(v)
            if ts.contains(where: { MetadataRules.articleTypes.contains($0) }) {
                readArticle(v, type: ts.first { MetadataRules.articleTypes.contains($0) }!)
            } else if ts.contains(where: { MetadataRules.pageTypes.contains($0) }) {
                if pageDatePublished == nil { pageDatePublished = v["datePublished"]?.stringValue ?? v["dateCreated"]?.stringValue }
                if headline == nil, let h = v["headline"]?.stringValue { headline = h }
                if publisher == nil, let p = v["publisher"] { publisher = p.stringValue ?? p["name"]?.stringValue }
                if pageAuthor == nil, let a = v["author"] { pageAuthor = a }
            } else if ts.contains(where: { MetadataRules.otherDatedTypes.contains($0) }) {
                if otherDatePublished == nil { otherDatePublished = v["datePublished"]?.stringValue ?? v["uploadDate"]?.stringValue }
            }
            // Nested objects (@graph, mainEntity, hasPart, …), but not into an article's author or publisher.
            for (k, x) in pairs where k != "author" && k != "publisher" && k != "creator" && k != "image" {
                if case .object = x { visit(x, depth: depth + 1) } else if case .array = x { visit(x, depth: depth + 1) }
            }
        default:
            break
        }
    }

    private mutating func readArticle(_ v: JSONValue, type: String) {
        let first = articleType == nil
        if first { articleType = type }
        if headline == nil, let h = v["headline"]?.stringValue ?? v["name"]?.stringValue { headline = h }
        if datePublished == nil, let d = v["datePublished"]?.stringValue ?? v["dateCreated"]?.stringValue { datePublished = d }
        if dateModified == nil, let d = v["dateModified"]?.stringValue { dateModified = d }
        if people.isEmpty && organisations.isEmpty, let a = v["author"] ?? v["creator"] { readAuthors(a) }
        if publisher == nil, let p = v["publisher"] { publisher = p.stringValue ?? p["name"]?.stringValue }
        if !repairedBlock, let b = v["articleBody"]?.stringValue, b.utf8.count > (articleBody?.utf8.count ?? 0) { articleBody = b }
        if description == nil { description = v["description"]?.stringValue }
        if keywords.isEmpty {
            for key in ["keywords", "articleSection"] {
                guard let k = v[key] else { continue }
                if let s = k.stringValue { keywords += s.split(separator: ",").map { cleanInline(String($0)) } }
                else if case .array(let a) = k { keywords += a.compactMap { $0.stringValue }.map(cleanInline) }
            }
            keywords = keywords.filter { !$0.isEmpty }
        }
        if image == nil, let i = v["image"] { image = JSONLDInfo.url(i) }
        if license == nil, let l = v["license"] { license = l.stringValue ?? l["url"]?.stringValue ?? l["name"]?.stringValue }
    }

    mutating func readAuthors(_ a: JSONValue) {
        switch a {
        case .string(let s):
            if !s.hasPrefix("http") { people.append(s) }
        case .array(let items):
            for x in items { readAuthors(x) }
        case .object:
            let ts = JSONLDInfo.types(a)
            let name = a["name"].flatMap { $0.stringValue ?? $0.arrayFirstString }
            if ts.contains(where: { $0 == "Organization" || $0 == "NewsMediaOrganization" || $0 == "Corporation" }) {
                if let n = name { organisations.append(n) }
            } else if let n = name {
                people.append(n)
            } else if let id = a["@id"]?.stringValue {
                pendingAuthorIDs.append(id)
            }
        default:
            break
        }
    }

    static func url(_ v: JSONValue) -> String? {
        switch v {
        case .string(let s): return s.hasPrefix("http") ? s : nil
        case .array(let a): return a.lazy.compactMap { url($0) }.first
        case .object: return v["url"].flatMap { url($0) } ?? v["contentUrl"].flatMap { url($0) }
        default: return nil
        }
    }

    /// Key-by-key reading of a block that does not parse: `"datePublished": "…"`, `"headline": "…"` and
    /// the first `"name"` after `"author"`.
    mutating func readLeniently(_ b: [UInt8]) {
        let s = String(decoding: b, as: UTF8.self)
        func value(after key: String, in text: Substring) -> String? {
            guard let r = text.range(of: "\"" + key + "\"") else { return nil }
            var rest = text[r.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
            guard rest.first == "\"" else { return nil }
            rest = rest.dropFirst()
            var out = ""
            var esc = false
            for ch in rest {
                if esc { out.append(ch); esc = false; continue }
                if ch == "\\" { esc = true; continue }
                if ch == "\"" { return out }
                out.append(ch)
            }
            return nil
        }
        let all = Substring(s)
        if datePublished == nil, let d = value(after: "datePublished", in: all) { datePublished = d; lenient = true }
        if dateModified == nil, let d = value(after: "dateModified", in: all) { dateModified = d }
        if headline == nil, let h = value(after: "headline", in: all) { headline = h }
        if people.isEmpty, let r = all.range(of: "\"author\"") {
            let window = all[r.upperBound...].prefix(400)
            if let n = value(after: "name", in: window) { people.append(n); lenient = true }
        }
    }
}

extension JSONValue {
    var arrayFirstString: String? { if case .array(let a) = self { return a.first?.stringValue }; return nil }
}

extension String {
    func replacingAll(_ a: String, _ b: String) -> String { components(separatedBy: a).joined(separator: b) }
}
