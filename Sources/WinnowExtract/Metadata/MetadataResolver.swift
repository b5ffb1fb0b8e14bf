import WinnowCore
import WinnowHTML

/// The page's metadata decided: each field with where it came from (for `--explain`).
struct ResolvedMetadata {
    struct Field<T> {
        var value: T
        var source: MetaSource
        var detail: String
    }
    var headline: Field<String>?
    var people: [Field<String>] = []
    var organisations: [String] = []
    var published: Field<String>?
    var updated: Field<String>?
    var publisher: String?
    var description: String?
    var tags: [String] = []
    var image: String?
    var license: String?
    var hostname: String?

    /// Decides every field. `headingNode` is the heading the extractor matched against the titles (-1: none).
    init(_ m: PageMetadata, doc: HTMLDocument, headingNode: Int, url: String?, fetched: String?) {
        let host = (url ?? m.canonical).flatMap(hostOf)
        hostname = host
        let h = headingNode >= 0 ? headingNode : (doc.nodes.indices.first { doc.nodes[$0].tag == .h1 && !m.foreign[$0] } ?? -1)
        // Headline.
        var hc = HeadlineCandidates()
        if headingNode >= 0 { hc.titleHeading = cleanInline(doc.subtreeText(headingNode)) }
        hc.h1s = m.h1s
        hc.ogTitle = m.first("og:title")
        hc.twitterTitle = m.first("twitter:title")
        hc.jsonLDHeadline = m.jsonLD.headline
        hc.htmlTitle = m.htmlTitle
        hc.site = m.site
        hc.host = host
        if let t = Headline.choose(hc) { headline = Field(value: t.text, source: t.source, detail: t.detail) }
        // Dates.
        let dayFirst = DateParsing.dayFirst(language: m.language, host: host)
        let limit = fetched.flatMap { DateParsing.parseMachine($0) }.map { $0.dayNumber + 1 }
        var finder = DateFinder(meta: m, notAfter: limit, dayFirst: dayFirst)
        finder.visible = DateFinder.visibleDate(doc, headline: h, foreign: m.foreign, dayFirst: dayFirst, notAfter: limit)
        if let u = url ?? m.canonical, let d = DateParsing.fromURL(u), d.isValid(notAfter: limit) {
            finder.url = DateCandidate(date: d, source: .url, detail: u)
        }
        if finder.stated.isEmpty && finder.visible == nil && finder.url == nil {
            finder.dateClass = DateFinder.dateClassDate(doc, foreign: m.foreign, dayFirst: dayFirst, notAfter: limit)
            if finder.dateClass == nil {
                finder.distant = DateFinder.visibleDate(doc, headline: max(h, 0), foreign: m.foreign, dayFirst: dayFirst,
                                                        notAfter: limit, maxBlocks: MetadataRules.distantWindowBlocks,
                                                        maxChars: Int.max, above: false)
            }
        }
        let p = finder.published()
        if let p { published = Field(value: p.date.value, source: p.source, detail: p.detail) }
        if let u = finder.lastUpdated(after: p) { updated = Field(value: u.date.value, source: u.source, detail: u.detail) }
        // Authors.
        resolveAuthors(m, doc: doc, headline: h)
        // The rest.
        publisher = [m.jsonLD.publisher, organisations.first].compactMap { $0 }.map(cleanInline).first { !$0.isEmpty }
        description = [m.first("description"), m.first("og:description"), m.first("twitter:description"), m.jsonLD.description]
            .compactMap { $0 }.map(cleanInline).first { !$0.isEmpty }
        tags = Self.tags(m)
        image = [m.first("og:image"), m.first("og:image:url"), m.first("twitter:image"), m.jsonLD.image]
            .compactMap { $0 }.map(cleanInline).first { $0.hasPrefix("http") || $0.hasPrefix("/") }
        license = m.license ?? m.jsonLD.license
    }

    private mutating func resolveAuthors(_ m: PageMetadata, doc: HTMLDocument, headline h: Int) {
        var orgs: [String] = m.jsonLD.organisations
        var people: [Field<String>] = []
        func take(_ raw: [String], _ source: MetaSource, _ detail: String) {
            for r in raw {
                let c = Bylines.parse(r, site: m.site, host: hostname)
                people += c.people.map { Field(value: $0, source: source, detail: detail) }
                orgs += c.organisations
            }
        }
        take(m.jsonLD.people, m.jsonLD.lenient ? .jsonLDLenient : .jsonLD, "author")
        if people.isEmpty {
            for key in MetadataRules.authorMetaKeys {
                let vals = (m.metaValues[key] ?? []).filter { !$0.hasPrefix("http") && !$0.hasPrefix("@") }
                guard !vals.isEmpty else { continue }
                take(vals, .meta, key)
                if !people.isEmpty { break }
            }
        }
        // Visible bylines beside the headline (a byline the text extractor removes still credits its names).
        let lo = h >= 0 ? h - MetadataRules.bylineNodesBefore : 0
        let hi = h >= 0 ? Int(doc.nodes[h].subtreeEnd) + MetadataRules.bylineNodesAfter : Int.max
        // Only the first byline that names someone: later ones credit teasers and related stories.
        for b in m.bylineNodes where b.node >= lo && b.node <= hi {
            let before = people.count
            take([b.text], .byline, b.detail)
            if people.count > before { break }
        }
        // No byline element: a later one below the story, then an unmarked "Posted by …" line.
        if people.isEmpty, let b = m.bylineNodes.first(where: { $0.node > hi }) { take([b.text], .byline, b.detail) }
        if people.isEmpty, let v = Bylines.visibleByline(doc, headline: h, foreign: m.foreign, maxBlocks: MetadataRules.visibleBylineBlocks) {
            take([v.text], .visible, v.text)
        }
        self.people = ResolvedMetadata.dedupe(people)
        var seen = Set<[UInt8]>()
        organisations = orgs.map(cleanInline).filter { !$0.isEmpty && seen.insert(DOMExtractor.titleKey($0.utf8)).inserted }
    }

    static func dedupe(_ people: [Field<String>]) -> [Field<String>] {
        var seen: [[UInt8]] = []
        var out: [Field<String>] = []
        for p in people {
            let k = DOMExtractor.titleKey(p.value.utf8)
            guard !k.isEmpty, !seen.contains(k) else { continue }
            seen.append(k); out.append(p)
        }
        return out
    }

    static func tags(_ m: PageMetadata) -> [String] {
        var out: [String] = []
        for v in m.metaValues["article:tag"] ?? [] { out.append(v) }
        for key in ["news_keywords", "keywords"] {
            guard out.isEmpty, let v = m.first(key) else { continue }
            out += v.split(separator: ",").map(String.init)
        }
        if out.isEmpty { out = m.jsonLD.keywords }
        if let section = m.first("article:section") { out.append(section) }
        var seen = Set<String>()
        return out.map(cleanInline).filter { !$0.isEmpty && $0.count <= 80 && seen.insert($0.lowercased()).inserted }
    }
}
