import WinnowHTML

/// One dated statement of the page.
struct DateCandidate {
    var date: ParsedDate
    var source: MetaSource
    /// Which meta tag, JSON-LD path, element or line.
    var detail: String
}

/// The page's publication and update dates. Ranking (htmldate tries URL, header meta, JSON, abbr/time
/// elements, then text patterns, and returns the first hit): Winnow collects every source, then
/// 1. takes the most trusted stated publication date (JSON-LD article, article/OG/Parse.ly/Sailthru/DC meta,
///    microdata, hAtom, page-type JSON-LD, <time> near the story);
/// 2. lets the visible date line beside the headline overrule it when the stated one is a UTC (or zone-less)
///    stamp one day off (the page's local day is the one it shows), or when the URL agrees with the visible day;
/// 3. without a stated date: the visible date line, then a date-classed element, then the URL.
/// Dates after the fetch day and outside 1995–2099 never count; a copyright year has no day, so never counts.
struct DateFinder {
    var stated: [DateCandidate] = []
    var updated: [DateCandidate] = []
    var visible: DateCandidate?
    var dateClass: DateCandidate?
    var url: DateCandidate?
    /// A written date further below the headline (a "Posted … on" line under the post).
    var distant: DateCandidate?
    /// Last acceptable day (the fetch day), as a day number.
    var notAfter: Int?

    init(meta m: PageMetadata, notAfter: Int?, dayFirst: Bool) {
        self.notAfter = notAfter
        let ld = m.jsonLD
        let ldPath = ld.articleType.map { $0 + ".datePublished" } ?? "datePublished"
        func add(_ raw: String?, _ source: MetaSource, _ detail: String, to list: inout [DateCandidate]) {
            guard let raw, let d = DateParsing.parseMachine(raw, dayFirst: dayFirst), d.isValid(notAfter: notAfter) else { return }
            list.append(DateCandidate(date: d, source: source, detail: detail))
        }
        add(ld.datePublished, ld.lenient ? .jsonLDLenient : .jsonLD, ldPath, to: &stated)
        for k in MetadataRules.publishedMetaKeys { add(m.first(k), .meta, k, to: &stated) }
        for c in m.markupDates where !c.updated && c.source != .timeElement { add(c.raw, c.source, c.detail, to: &stated) }
        add(ld.pageDatePublished, .jsonLD, "WebPage.datePublished", to: &stated)
        add(ld.otherDatePublished, .jsonLD, "datePublished (other type)", to: &stated)
        var times: [DateCandidate] = []
        for c in m.markupDates where !c.updated && c.source == .timeElement { add(c.raw, c.source, c.detail, to: &times) }
        if let t = times.first { stated.append(t) }
        add(ld.dateModified, .jsonLD, "dateModified", to: &updated)
        for k in MetadataRules.updatedMetaKeys { add(m.first(k), .meta, k, to: &updated) }
        for c in m.markupDates where c.updated { add(c.raw, c.source, c.detail, to: &updated) }
    }

    /// The publication date and why.
    func published() -> DateCandidate? {
        guard var p = rankedPublished() else { return nil }
        // A numeric day/month the URL reads the other way round: the URL settles the order.
        if let u = url, p.source != .url, u.date.dayNumber != p.date.dayNumber, p.date.day <= 12,
           ParsedDate(year: p.date.year, month: p.date.day, day: p.date.month).dayNumber == u.date.dayNumber {
            p = DateCandidate(date: ParsedDate(year: p.date.year, month: p.date.day, day: p.date.month), source: p.source,
                              detail: p.detail + " (day/month order from the URL)")
        }
        return p
    }

    private func rankedPublished() -> DateCandidate? {
        if var s = stated.first {
            // A local-offset statement of the same instant's neighbour day beats a UTC one (the page's own day).
            if s.date.isUTC || s.date.offset == nil,
               let local = stated.first(where: { $0.date.offset != nil && !$0.date.isUTC && abs($0.date.dayNumber - s.date.dayNumber) == 1 }) {
                s = local
            }
            if let v = visible, v.date.dayNumber != s.date.dayNumber {
                let off = abs(v.date.dayNumber - s.date.dayNumber)
                if off == 1 && (s.date.isUTC || s.date.offset == nil) { return v }
                if let u = url, u.date.dayNumber == v.date.dayNumber { return v }
                // The first publication precedes its updates: a visible day before the stated one is the original
                // (the stated one is a re-issue or modification).
                if v.date.dayNumber < s.date.dayNumber { return v }
            }
            return s
        }
        if let v = visible { return v }
        if let u = url { return u }
        if let c = dateClass { return c }
        return distant
    }

    /// The last update, when it is after the publication day.
    func lastUpdated(after p: DateCandidate?) -> DateCandidate? {
        guard let u = updated.first else { return nil }
        if let p, u.date.dayNumber < p.date.dayNumber { return nil }
        if let p, u.date.value == p.date.value { return nil }
        return u
    }

    // MARK: Visible dates

    /// The written date nearest below the headline (a byline or dateline), else the nearest above it.
    static func visibleDate(_ doc: HTMLDocument, headline h: Int, foreign: [Bool], dayFirst: Bool, notAfter: Int?,
                            maxBlocks: Int = MetadataRules.visibleWindowAfter,
                            maxChars: Int = MetadataRules.visibleMaxCharsAfter, above: Bool = true) -> DateCandidate? {
        let nodes = doc.nodes
        guard h >= 0, h < nodes.count else { return nil }
        var seen = Set<Int>()
        var blocks = 0, chars = 0
        var i = Int(nodes[h].subtreeEnd)
        while i < nodes.count, blocks < maxBlocks, chars < maxChars {
            defer { i += 1 }
            guard nodes[i].kind == .text, !foreign[i], !inScript(doc, i) else { continue }
            let o = lineOwner(doc, i)
            guard seen.insert(o.node).inserted else { continue }
            // Most lines hold no digit, so no date: they are measured without building the line.
            if let shape = lineShape(doc, o), !shape.digit {
                if shape.chars > 0 { blocks += 1; chars += shape.chars }
                continue
            }
            let line = lineText(doc, o)
            guard !line.isEmpty else { continue }
            blocks += 1
            if isDateLine(line), let d = DateParsing.findWritten(in: line, dayFirst: dayFirst), d.isValid(notAfter: notAfter) {
                return DateCandidate(date: d, source: .visible, detail: line)
            }
            chars += line.count
        }
        guard above else { return nil }
        // Above the headline: a dateline or kicker.
        i = h - 1
        blocks = 0
        while i > 0, blocks < MetadataRules.visibleWindowBefore {
            defer { i -= 1 }
            guard nodes[i].kind == .text, !foreign[i], !inScript(doc, i) else { continue }
            let o = lineOwner(doc, i)
            guard seen.insert(o.node).inserted else { continue }
            if let shape = lineShape(doc, o), !shape.digit {
                if shape.chars > 0 { blocks += 1 }
                continue
            }
            let line = lineText(doc, o)
            guard !line.isEmpty else { continue }
            blocks += 1
            if isDateLine(line), let d = DateParsing.findWritten(in: line, dayFirst: dayFirst), d.isValid(notAfter: notAfter) {
                return DateCandidate(date: d, source: .visible, detail: line)
            }
        }
        return nil
    }

    /// A line short enough to be a date line or byline, not prose that mentions a date.
    static func isDateLine(_ line: String) -> Bool {
        // Every written date has digits (day or year): most lines are skipped on that byte check alone.
        line.utf8.count <= MetadataRules.maxDateLineChars * 4 && line.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 })
            && line.count <= MetadataRules.maxDateLineChars && LineRules.wordCount(line) <= MetadataRules.maxDateLineWords
    }

    static let dateClassCueBytes = MetadataRules.dateClassCues.map { Array($0.utf8) }

    /// The first element whose class/id names a date ("date", "published", "dateline") with a written date.
    static func dateClassDate(_ doc: HTMLDocument, foreign: [Bool], dayFirst: Bool, notAfter: Int?) -> DateCandidate? {
        let nodes = doc.nodes
        for i in 0..<nodes.count where nodes[i].kind == .element && !foreign[i] {
            guard Int(nodes[i].subtreeEnd) - i <= 30,
                  let raw = doc.attributeBytes(i, "class") ?? doc.attributeBytes(i, "id"),
                  dateClassCueBytes.contains(where: { containsASCIILowered(raw, $0) }) else { continue }
            let cls = String(decoding: raw, as: UTF8.self).lowercased()
            let t = cleanInline(doc.subtreeText(i))
            guard !t.isEmpty, t.count <= MetadataRules.maxDateLineChars else { continue }
            if let d = DateParsing.findWritten(in: t, dayFirst: dayFirst), d.isValid(notAfter: notAfter) {
                return DateCandidate(date: d, source: .visible, detail: "class=" + cls + ": " + t)
            }
        }
        return nil
    }

    static func inScript(_ doc: HTMLDocument, _ i: Int) -> Bool {
        let p = Int(doc.nodes[i].parent)
        guard p >= 0 else { return false }
        switch doc.nodes[p].tag {
        case .script, .style, .noscript, .template, .title: return true
        default: return false
        }
    }

    /// The node whose text is the line of text node `i` (so "<span>17</span> <span>Feb</span> <span>2023</span>" reads
    /// as one date): an ancestor of at most 16 nodes within three inline
    /// levels (`whole`: its subtree's text), else `i` alone.
    static func lineOwner(_ doc: HTMLDocument, _ i: Int) -> (node: Int, whole: Bool) {
        let nodes = doc.nodes
        var owner = Int(nodes[i].parent)
        guard owner >= 0 else { return (i, false) }
        var climbs = 0
        while climbs < 3 {
            let p = Int(nodes[owner].parent)
            guard p >= 0, Int(nodes[p].subtreeEnd) - p <= 16, !DOMExtractor.isBlock(nodes[owner].tag) else { break }
            owner = p; climbs += 1
        }
        if Int(nodes[owner].subtreeEnd) - owner > 40 { return (i, false) }
        return (owner, true)
    }

    static func lineText(_ doc: HTMLDocument, _ o: (node: Int, whole: Bool)) -> String {
        cleanInline(o.whole ? doc.subtreeText(o.node) : doc.textString(o.node))
    }

    /// Whether `lineText(doc, o)` holds a digit and its length in Characters, read from the nodes without building
    /// the line (white space collapsed as `cleanInline` does). Nil when a character from U+0300 on comes (combining
    /// marks, zero-width joiners: there a Character is not one scalar, so only the line itself tells).
    static func lineShape(_ doc: HTMLDocument, _ o: (node: Int, whole: Bool)) -> (digit: Bool, chars: Int)? {
        let nodes = doc.nodes
        let range = o.whole ? o.node..<Int(nodes[o.node].subtreeEnd) : o.node..<(o.node + 1)
        var chars = 0, digit = false, pendingSpace = false
        for k in range where nodes[k].kind == .text {
            let bytes = doc.textBytes(k)
            var j = bytes.startIndex
            while j < bytes.endIndex {
                let b = bytes[j]
                j += 1
                if isASCIISpace(b) { pendingSpace = true; continue }
                if b == 0xC2 && j < bytes.endIndex && bytes[j] == 0xA0 { pendingSpace = true; j += 1; continue }   // no-break space
                if b >= 0xCC { return nil }
                if b >= 0x80 && b < 0xC0 { continue }   // continuation byte: part of the Character counted at its lead
                if pendingSpace && chars > 0 { chars += 1 }
                pendingSpace = false
                chars += 1
                if b >= 0x30 && b <= 0x39 { digit = true }
            }
        }
        return (digit, chars)
    }

    /// Fills `head` with the first `maxBytes` bytes of `lineText(doc, o).lowercased()`, read from the nodes without
    /// building the line (white space collapsed as `cleanInline` does); false when a non-ASCII byte comes first
    /// (then only the line itself tells). `head` is the caller's buffer, reused from line to line.
    static func lineHead(_ doc: HTMLDocument, _ o: (node: Int, whole: Bool), maxBytes: Int, into head: inout [UInt8]) -> Bool {
        let nodes = doc.nodes
        let range = o.whole ? o.node..<Int(nodes[o.node].subtreeEnd) : o.node..<(o.node + 1)
        head.removeAll(keepingCapacity: true)
        var pendingSpace = false
        for k in range where nodes[k].kind == .text {
            for b in doc.textBytes(k) {
                if isASCIISpace(b) { pendingSpace = true; continue }
                if b >= 0x80 { return false }
                if pendingSpace && !head.isEmpty { head.append(0x20) }
                pendingSpace = false
                head.append(asciiLower(b))
                if head.count >= maxBytes { return true }
            }
        }
        return true
    }
}
