import WinnowCore
import WinnowHTML

/// Metadata found in a page's <head>, JSON-LD and markup.
struct PageMetadata {
    var title: String?
    var h1: String?
    var htmlTitle: String?
    var authors: [String] = []
    var published: String?
    var site: String?
    var canonical: String?
    var language: String?
    var articleBody: String?

    /// The best title: og/twitter/JSON-LD headline, then <h1>, then <title> minus a site suffix.
    var bestTitle: String? {
        if let t = title, !t.isEmpty { return t }
        if let h = h1, !h.isEmpty { return h }
        if let t = htmlTitle { return stripSiteSuffix(t, site: site) }
        return nil
    }
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
    static func extract(_ doc: HTMLDocument) -> PageMetadata {
        var m = PageMetadata()
        let nodes = doc.nodes
        guard !nodes.isEmpty else { return m }
        if nodes[0].tag == .html, let lang = doc.attribute(0, "lang"), !lang.isEmpty {
            m.language = lang.lowercased()
        }
        var og: [String: String] = [:]
        var jsonLD: [[UInt8]] = []
        var timeDate: String?
        var itempropAuthor: [String] = []
        for i in 0..<nodes.count where nodes[i].kind == .element {
            switch nodes[i].tag {
            case .meta:
                guard let content = doc.attribute(i, "content"), !content.isEmpty else { continue }
                let key = (doc.attribute(i, "property") ?? doc.attribute(i, "name") ?? doc.attribute(i, "itemprop") ?? "").lowercased()
                if !key.isEmpty && og[key] == nil { og[key] = content }
            case .link:
                if m.canonical == nil, let rel = doc.attribute(i, "rel"), rel.lowercased() == "canonical",
                   let href = doc.attribute(i, "href"), href.hasPrefix("http") {
                    m.canonical = href
                }
            case .title:
                if m.htmlTitle == nil { m.htmlTitle = cleanInline(doc.subtreeText(i)) }
            case .script:
                if let t = doc.attribute(i, "type"), t.lowercased() == "application/ld+json" {
                    var bytes: [UInt8] = []
                    for k in i..<Int(nodes[i].subtreeEnd) where nodes[k].kind == .text { bytes += doc.textBytes(k) }
                    jsonLD.append(bytes)
                }
            case .h1:
                if m.h1 == nil {
                    let t = cleanInline(doc.subtreeText(i))
                    if !t.isEmpty { m.h1 = t }
                }
            case .time:
                if timeDate == nil, let d = doc.attribute(i, "datetime"), let iso = normalizeDate(d) { timeDate = iso }
            default:
                if let ip = doc.attribute(i, "itemprop") {
                    if ip == "author" || ip == "creator" {
                        let t = cleanInline(doc.subtreeText(i))
                        if !t.isEmpty && t.count < 80 { itempropAuthor.append(t) }
                    } else if ip == "datePublished", timeDate == nil,
                              let d = doc.attribute(i, "datetime") ?? doc.attribute(i, "content"), let iso = normalizeDate(d) {
                        timeDate = iso
                    }
                }
            }
        }
        // JSON-LD.
        var ld = JSONLDInfo()
        for bytes in jsonLD {
            if let v = try? JSONValue.parse(bytes) { ld.visit(v, depth: 0) }
        }
        m.title = [og["og:title"], og["twitter:title"], ld.headline].compactMap { $0 }.map(cleanInline).first { !$0.isEmpty }
        m.site = [og["og:site_name"], ld.publisher, og["application-name"]].compactMap { $0 }.map(cleanInline).first { !$0.isEmpty }
        if let t = m.title { m.title = stripSiteSuffix(t, site: m.site) }
        if m.canonical == nil, let u = og["og:url"], u.hasPrefix("http") { m.canonical = u }
        var authors = ld.authors
        if authors.isEmpty {
            for key in ["author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author"] {
                if let a = og[key], !a.hasPrefix("http") {
                    var s = cleanInline(a)
                    if s.lowercased().hasPrefix("by ") { s = String(s.dropFirst(3)) }
                    if !s.isEmpty { authors.append(s) }
                    break
                }
            }
        }
        if authors.isEmpty { authors = itempropAuthor }
        var seen = Set<String>()
        m.authors = authors.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
        let dateKeys = ["article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
                        "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
                        "parsely-pub-date", "article.published", "published_time", "cxenseparse:recs:publishtime"]
        var published: String? = ld.datePublished.flatMap(normalizeDate)
        if published == nil {
            for k in dateKeys { if let v = og[k], let iso = normalizeDate(v) { published = iso; break } }
        }
        m.published = published ?? timeDate
        if let body = ld.articleBody, body.utf8.count > 200 { m.articleBody = body }
        return m
    }
}

/// Fields collected from JSON-LD objects of article types.
struct JSONLDInfo {
    var headline: String?
    var authors: [String] = []
    var datePublished: String?
    var publisher: String?
    var articleBody: String?

    static let articleTypes: Set<String> = ["Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
                                             "AnalysisNewsArticle", "OpinionNewsArticle", "ScholarlyArticle",
                                             "TechArticle", "Report", "LiveBlogPosting", "BackgroundNewsArticle",
                                             "SocialMediaPosting", "WebPage", "Review", "Recipe"]

    mutating func visit(_ v: JSONValue, depth: Int) {
        guard depth < 6 else { return }
        switch v {
        case .array(let items):
            for x in items { visit(x, depth: depth + 1) }
        case .object:
            if let g = v["@graph"] { visit(g, depth: depth + 1) }
            var types: [String] = []
            if let t = v["@type"] {
                if let s = t.stringValue { types = [s] } else if case .array(let a) = t { types = a.compactMap { $0.stringValue } }
            }
            let isArticle = types.contains { JSONLDInfo.articleTypes.contains($0) }
            let isPage = types == ["WebPage"]
            guard isArticle else {
                if let me = v["mainEntity"] { visit(me, depth: depth + 1) }
                return
            }
            if headline == nil, let h = v["headline"]?.stringValue ?? (isPage ? nil : v["name"]?.stringValue) {
                headline = h
            }
            if datePublished == nil, let d = v["datePublished"]?.stringValue ?? v["dateCreated"]?.stringValue { datePublished = d }
            if authors.isEmpty, let a = v["author"] ?? v["creator"] { authors = JSONLDInfo.names(a) }
            if publisher == nil, let p = v["publisher"] {
                publisher = p.stringValue ?? p["name"]?.stringValue
            }
            if !isPage, let b = v["articleBody"]?.stringValue, b.utf8.count > (articleBody?.utf8.count ?? 0) { articleBody = b }
        default:
            break
        }
    }

    static func names(_ v: JSONValue) -> [String] {
        switch v {
        case .string(let s): return s.hasPrefix("http") ? [] : [cleanInline(s)]
        case .array(let a): return a.flatMap { names($0) }
        case .object: return v["name"].map { names($0) } ?? []
        default: return []
        }
    }
}

/// Normalises a date string to ISO 8601 ("2023-02-17" or "2023-02-17T15:05:00+00:00" as given).
func normalizeDate(_ raw: String) -> String? {
    let s = Array(cleanInline(raw).utf8)
    func digits(_ from: Int, _ count: Int) -> Int? {
        guard from + count <= s.count else { return nil }
        var v = 0
        for k in from..<(from + count) {
            guard s[k] >= 0x30 && s[k] <= 0x39 else { return nil }
            v = v * 10 + Int(s[k] - 0x30)
        }
        return v
    }
    guard let y = digits(0, 4), y >= 1990, y <= 2100 else {
        return nil
    }
    guard s.count >= 10, s[4] == 0x2D || s[4] == 0x2F, let mo = digits(5, 2), s[7] == s[4], let d = digits(8, 2),
          (1...12).contains(mo), (1...31).contains(d) else {
        // Compact "20230217".
        if let mo = digits(4, 2), let d = digits(6, 2), (1...12).contains(mo), (1...31).contains(d) {
            return pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2)
        }
        return nil
    }
    var out = pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2)
    // Keep an ISO time part as given.
    if s.count >= 16, s[10] == 0x54 || s[10] == 0x20, let h = digits(11, 2), s[13] == 0x3A, let mi = digits(14, 2) {
        out += "T" + pad(h, 2) + ":" + pad(mi, 2)
        var k = 16
        if s.count >= 19, s[16] == 0x3A, let sec = digits(17, 2) { out += ":" + pad(sec, 2); k = 19 }
        if k < s.count, s[k] == 0x2E { k += 1; while k < s.count, s[k] >= 0x30, s[k] <= 0x39 { k += 1 } }
        if k < s.count {
            let rest = String(decoding: s[k...], as: UTF8.self)
            if rest == "Z" { out += "Z" }
            else if rest.count == 6, rest.first == "+" || rest.first == "-" { out += rest }
            else if rest.count == 5, rest.first == "+" || rest.first == "-" {
                let r = Array(rest); out += String(r[0...2]) + ":" + String(r[3...4])
            }
        }
    }
    return out
}

func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// A date from a URL path (/2023/02/17/).
func dateFromURL(_ url: String) -> String? {
    let parts = url.split(separator: "/").map(String.init)
    for (k, p) in parts.enumerated() where p.count == 4 {
        guard let y = Int(p), (1990...2100).contains(y), k + 1 < parts.count, let mo = Int(parts[k + 1]),
              (1...12).contains(mo), parts[k + 1].count <= 2 else { continue }
        if k + 2 < parts.count, parts[k + 2].count <= 2, let d = Int(parts[k + 2]), (1...31).contains(d) {
            return pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2)
        }
    }
    return nil
}

/// Host of a URL without "www.".
func hostOf(_ url: String) -> String? {
    guard let r = Substring(url).range(of: "://") else { return nil }
    let rest = url[r.upperBound...]
    let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" }
    if host.isEmpty { return nil }
    return host.hasPrefix("www.") ? String(host.dropFirst(4)) : String(host)
}
