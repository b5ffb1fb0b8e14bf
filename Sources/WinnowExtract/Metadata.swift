import WinnowCore
import WinnowHTML

/// Metadata found in a page's <head>, JSON-LD and markup, with where each value came from.
struct PageMetadata {
    /// og/twitter/JSON-LD title with the site suffix cut (what the extractor matches headings against).
    var title: String?
    var h1: String?
    var htmlTitle: String?
    var site: String?
    var canonical: String?
    var language: String?
    var articleBody: String?

    /// Every meta tag's values by lower-cased name/property/itemprop, in page order.
    var metaValues: [String: [String]] = [:]
    var jsonLD = JSONLDInfo()
    /// <h1> texts outside comments and sidebars.
    var h1s: [String] = []
    /// Published/updated candidates from markup (microdata, hAtom, <time>), in page order.
    var markupDates: [(raw: String, updated: Bool, source: MetaSource, detail: String, node: Int)] = []
    /// Byline elements (class/id byline/author, rel=author, itemprop=author) outside foreign blocks.
    var bylineNodes: [(node: Int, text: String, detail: String)] = []
    var license: String?
    /// Whether each node sits inside a comment, related-story or sidebar block.
    var foreign: [Bool] = []

    /// The pre-consensus title (og/twitter/JSON-LD, then <h1>, then <title> minus a site suffix); the line rules
    /// and the headline finder of the text extractor use it, so the text does not depend on the headline vote.
    var bestTitle: String? {
        if let t = title, !t.isEmpty { return t }
        if let h = h1, !h.isEmpty { return h }
        if let t = htmlTitle { return stripSiteSuffix(t, site: site) }
        return nil
    }

    func first(_ key: String) -> String? { metaValues[key]?.first }
}

/// Collapses whitespace and trims.
func cleanInline(_ s: String) -> String {
    var buf = ParagraphBuffer()
    var s = s
    s.withUTF8 { buf.append($0) }
    return buf.take() ?? ""
}

/// "Headline | Site" / "Headline - Site" → "Headline".
func stripSiteSuffix(_ t: String, site: String?) -> String {
    let title = cleanInline(t)
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » "] {
        let parts = title.components(separatedBy: sep)
        if parts.count >= 2 {
            if let site, !site.isEmpty {
                let rest = parts.filter { $0.lowercased() != site.lowercased() }
                if rest.count < parts.count { return rest.joined(separator: sep) }
            }
            // The headline usually comes first; a one-word first part is more likely a site or section name.
            if LineRules.wordCount(parts[0]) >= 2 { return parts[0] }
            return parts.max(by: { $0.count < $1.count }) ?? title
        }
    }
    return title
}

extension String {
    /// Splits on a literal separator (no Foundation).
    func components(separatedBy sep: String) -> [String] {
        var out: [String] = []
        var rest = Substring(self)
        while let r = rest.range(of: sep) {
            out.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        out.append(String(rest))
        return out
    }
}

extension Substring {
    func range(of needle: String) -> Range<Substring.Index>? {
        let n = Array(needle.utf8)
        guard !n.isEmpty else { return nil }
        let u = self.utf8
        var i = u.startIndex
        while i != u.endIndex {
            if u[i] == n[0] {
                var j = i, k = 0
                while k < n.count && j != u.endIndex && u[j] == n[k] { j = u.index(after: j); k += 1 }
                if k == n.count { return i..<j }
            }
            i = u.index(after: i)
        }
        return nil
    }
}

enum MetadataExtractor {
    /// One pass over the page's elements: meta tags, links, <title>, <h1>, JSON-LD, dates in markup and byline
    /// elements.
    static func extract(_ doc: HTMLDocument) -> PageMetadata {
        var m = PageMetadata()
        let nodes = doc.nodes
        guard !nodes.isEmpty else { return m }
        if nodes[0].tag == .html, let lang = doc.attribute(0, "lang"), !lang.isEmpty {
            m.language = lang.lowercased()
        }
        m.foreign = foreignBlocks(doc)
        var jsonLD: [[UInt8]] = []
        for i in 0..<nodes.count where nodes[i].kind == .element {
            switch nodes[i].tag {
            case .meta:
                readMeta(doc, i, &m)
            case .link:
                readLink(doc, i, &m)
            case .title:
                if m.htmlTitle == nil { m.htmlTitle = cleanInline(doc.subtreeText(i)) }
            case .script:
                if let t = doc.attribute(i, "type"), t.lowercased().hasPrefix("application/ld+json") {
                    var bytes: [UInt8] = []
                    for k in i..<Int(nodes[i].subtreeEnd) where nodes[k].kind == .text { bytes += doc.textBytes(k) }
                    jsonLD.append(bytes)
                }
            case .h1:
                let t = cleanInline(doc.subtreeText(i))
                if m.h1 == nil && !t.isEmpty { m.h1 = t }
                if !t.isEmpty && !m.foreign[i] { m.h1s.append(t) }
                readMarkup(doc, i, &m)
            default:
                readMarkup(doc, i, &m)
            }
        }
        m.jsonLD = JSONLDInfo.read(jsonLD)
        let ld = m.jsonLD
        m.title = [m.first("og:title"), m.first("twitter:title"), ld.headline].compactMap { $0 }.map(cleanInline).first { !$0.isEmpty }
        m.site = [m.first("og:site_name"), ld.publisher, m.first("application-name")].compactMap { $0 }.map(cleanInline).first { !$0.isEmpty }
        if let t = m.title { m.title = stripSiteSuffix(t, site: m.site) }
        if m.canonical == nil, let u = m.first("og:url"), u.hasPrefix("http") { m.canonical = u }
        if let body = ld.articleBody, body.utf8.count > 200 { m.articleBody = body }
        return m
    }

    private static func readMeta(_ doc: HTMLDocument, _ i: Int, _ m: inout PageMetadata) {
        guard let content = doc.attribute(i, "content"), !content.isEmpty else { return }
        for attr in ["property", "name", "itemprop", "http-equiv"] {
            guard let k = doc.attribute(i, attr), !k.isEmpty else { continue }
            m.metaValues[k.lowercased(), default: []].append(content)
            if attr == "itemprop" { readItemprop(k, content, i, &m) }
            return
        }
    }

    private static func readLink(_ doc: HTMLDocument, _ i: Int, _ m: inout PageMetadata) {
        guard let rel = doc.attribute(i, "rel")?.lowercased(), let href = doc.attribute(i, "href") else { return }
        if m.canonical == nil, rel == "canonical", href.hasPrefix("http") { m.canonical = href }
        if m.license == nil, rel == "license", !href.isEmpty { m.license = href }
    }

    private static func readItemprop(_ prop: String, _ value: String, _ i: Int, _ m: inout PageMetadata) {
        let p = prop.lowercased()
        guard p == "datepublished" || p == "datemodified" || p == "datecreated" else { return }
        m.markupDates.append((value, p == "datemodified", .microdata, "itemprop=" + prop, i))
    }

    /// Microdata (itemprop datePublished/author), hAtom (class published/updated), <time datetime>,
    /// rel=author and byline elements.
    private static func readMarkup(_ doc: HTMLDocument, _ i: Int, _ m: inout PageMetadata) {
        let tag = doc.nodes[i].tag
        if let ip = doc.attribute(i, "itemprop") {
            let l = ip.lowercased()
            if l == "datepublished" || l == "datemodified" || l == "datecreated" {
                if let v = doc.attribute(i, "datetime") ?? doc.attribute(i, "content") ?? doc.attribute(i, "title") {
                    readItemprop(ip, v, i, &m)
                } else {
                    m.markupDates.append((doc.subtreeText(i), l == "datemodified", .microdata, "itemprop=" + ip, i))
                }
            } else if l == "author" || l == "creator", !m.foreign[i] {
                addByline(doc, i, "itemprop=" + ip, &m)
                return
            }
        }
        if tag == .a || tag == .link, doc.attribute(i, "rel")?.lowercased() == "author", !m.foreign[i] {
            addByline(doc, i, "rel=author", &m)
            return
        }
        if !m.foreign[i], let tid = doc.attribute(i, "data-testid")?.lowercased(), isBylineClass(Substring(tid)) {
            addByline(doc, i, "data-testid=" + tid, &m)
        }
        guard let clsBytes = doc.attributeBytes(i, "class"), tag == .time || mayMarkMetadata(clsBytes),
              let cls = doc.attribute(i, "class")?.lowercased() else {
            if tag == .time { readTime(doc, i, nil, &m) }
            return
        }
        let classes = cls.split(separator: " ")
        if tag == .time { readTime(doc, i, classes, &m); return }
        if classes.contains("published") || classes.contains("updated") || classes.contains("dtstamp") {
            let v = doc.attribute(i, "title") ?? doc.attribute(i, "datetime") ?? doc.subtreeText(i)
            if v.utf8.count <= MetadataRules.maxDateLineChars {
                m.markupDates.append((v, !classes.contains("published") && !classes.contains("dtstamp"), .hAtom, "class=" + cls, i))
            }
        }
        if !m.foreign[i], classes.contains(where: isBylineClass) {
            addByline(doc, i, "class=" + cls, &m)
        }
    }

    /// The foreign-block words grouped by their first two bytes, for one pass over a class value.
    private static let foreignWordsByPair = BytePairIndex<[UInt8]>(MetadataRules.foreignBlockWords.map { w in
        let b = Array(w.utf8)
        return (BytePairIndex<[UInt8]>.pair(b[0], b[1]), b)
    })

    /// Whether a (lower-cased, space-padded) class/id value names a foreign block: short words as whole tokens
    /// ("nav", "menu"), longer ones anywhere ("relatedposts").
    static func hasForeignWord(_ buf: [UInt8]) -> Bool {
        let n = buf.count
        let index = foreignWordsByPair
        var k = 0
        while k + 1 < n {
            if let ws = index.values(BytePairIndex<[UInt8]>.pair(buf[k], buf[k + 1])) {
                for w in ws where k + w.count <= n && buf[k..<(k + w.count)].elementsEqual(w) {
                    if w.count > 4 { return true }
                    let before = buf[k - 1], after = k + w.count < n ? buf[k + w.count] : 0x20
                    if (before == 0x20 || before == 0x2D) && (after == 0x20 || after == 0x2D) { return true }
                }
            }
            k += 1
        }
        return false
    }

    /// `w` as a whole token of `buf` (tokens end at spaces and hyphens).
    static func containsToken(_ buf: [UInt8], _ w: [UInt8]) -> Bool {
        var k = 0
        while k + w.count <= buf.count {
            if buf[k] == w[0], buf[k..<(k + w.count)].elementsEqual(w),
               k == 0 || buf[k - 1] == 0x20 || buf[k - 1] == 0x2D,
               k + w.count == buf.count || buf[k + w.count] == 0x20 || buf[k + w.count] == 0x2D { return true }
            k += 1
        }
        return false
    }

    /// Whether a class value can name a byline or a date (checked on bytes before any String is made).
    static func mayMarkMetadata(_ v: ArraySlice<UInt8>) -> Bool {
        // One pass over the value (class lists of utility-CSS pages run to hundreds of bytes): only a position
        // whose lower-cased byte starts a cue is compared.
        let starts = metadataCueStarts
        return v.withUnsafeBufferPointer { b in
            for i in 0..<b.count {
                let first = asciiLower(b[i])
                guard starts[Int(first)] else { continue }
                for cue in MetadataRules.metadataClassCues where cue[0] == first && i + cue.count <= b.count {
                    var j = 1
                    while j < cue.count && asciiLower(b[i + j]) == cue[j] { j += 1 }
                    if j == cue.count { return true }
                }
            }
            return false
        }
    }

    /// Which bytes start a metadata class cue.
    private static let metadataCueStarts: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for cue in MetadataRules.metadataClassCues { t[Int(cue[0])] = true }
        return t
    }()

    /// A class naming a byline or author name ("byline", "article_author", "entry-author-name", "autor"), not
    /// an author box, avatar or bio.
    static func isBylineClass(_ c: Substring) -> Bool {
        // `has` compares bytes: `String.contains(String)` goes through Foundation's NSString search.
        let s = String(c)
        guard s.has("byline") || s.has("author") || s.has("autor") || s == "writer" || s == "vcard" else { return false }
        return !MetadataRules.authorBoxWords.contains { s.has($0) }
    }

    private static func readTime(_ doc: HTMLDocument, _ i: Int, _ classes: [Substring]?, _ m: inout PageMetadata) {
        guard !m.foreign[i], let v = doc.attribute(i, "datetime"), !v.isEmpty else { return }
        let cls = classes ?? []
        let names = cls.map(String.init)
        let updated = names.contains { $0.has("updated") || $0.has("modified") }
        let pub = doc.attribute(i, "pubdate") != nil || names.contains { $0.has("publish") || $0 == "published" || $0.has("entry-date") }
        m.markupDates.append((v, updated, pub ? .hAtom : .timeElement, pub ? "time[pubdate]" : "time[datetime]", i))
    }

    private static func addByline(_ doc: HTMLDocument, _ i: Int, _ detail: String, _ m: inout PageMetadata) {
        // The innermost wins: an author element inside a byline element adds nothing new.
        if let last = m.bylineNodes.last, i < Int(doc.nodes[last.node].subtreeEnd) { m.bylineNodes.removeLast() }
        let t = cleanInline(doc.subtreeText(i))
        guard !t.isEmpty, t.count <= MetadataRules.maxDateLineChars else { return }
        m.bylineNodes.append((i, t, detail))
    }

    /// Marks the nodes inside comment, related-story, sidebar, navigation and footer blocks. The page's
    /// wrappers (html, body, main and the ancestors of the first <h1>) never count: their classes describe the
    /// page ("has-sidebar", "comments-open"), not a block.
    static func foreignBlocks(_ doc: HTMLDocument) -> [Bool] {
        let nodes = doc.nodes
        var f = [Bool](repeating: false, count: nodes.count)
        var wrapper = [Bool](repeating: false, count: nodes.count)
        if let h1 = nodes.indices.first(where: { nodes[$0].tag == .h1 }) {
            var a = Int(nodes[h1].parent)
            while a >= 0 { wrapper[a] = true; a = Int(nodes[a].parent) }
        }
        var buf: [UInt8] = []
        for i in 0..<nodes.count {
            let p = Int(nodes[i].parent)
            if p >= 0 && p < i && f[p] { f[i] = true; continue }
            guard nodes[i].kind == .element, !wrapper[i] else { continue }
            switch nodes[i].tag {
            case .aside, .nav, .footer: f[i] = true; continue
            case .html, .body, .main: continue
            default: break
            }
            guard nodes[i].attrEnd > nodes[i].attrStart else { continue }
            buf.removeAll(keepingCapacity: true)
            buf.append(0x20)
            for name in ["class", "id"] {
                guard let v = doc.attributeBytes(i, name) else { continue }
                for b in v { buf.append(isAlnumByte(b) || b == 0x2D ? asciiLower(b) : 0x20) }
                buf.append(0x20)
            }
            if buf.count > 2 && hasForeignWord(buf) { f[i] = true }
        }
        return f
    }
}

/// Host of a URL without "www.".
func hostOf(_ url: String) -> String? {
    guard let r = Substring(url).range(of: "://") else { return nil }
    let rest = url[r.upperBound...]
    let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" }
    if host.isEmpty { return nil }
    return host.hasPrefix("www.") ? String(host.dropFirst(4)) : String(host)
}

func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
