// The headline: a consensus of the visible heading (h1, or the heading the extractor found repeating the
// titles), og:title / twitter:title, JSON-LD headline and <title>, with the site's name cut from either end.

struct HeadlineCandidates {
    /// The heading the extractor matched against the titles (h1–h3), if any.
    var titleHeading: String?
    /// Every <h1> outside comments and sidebars, in page order.
    var h1s: [String] = []
    var ogTitle: String?
    var twitterTitle: String?
    var jsonLDHeadline: String?
    var htmlTitle: String?
    var site: String?
    var host: String?
}

enum Headline {
    /// The chosen headline and where it came from (`h1`, `meta`, `json-ld`, `title`).
    static func choose(_ c: HeadlineCandidates) -> (text: String, source: MetaSource, detail: String)? {
        let metaTitles = [c.jsonLDHeadline, c.ogTitle, c.twitterTitle, c.htmlTitle].compactMap { $0 }.map(cleanInline).filter { !$0.isEmpty }
        let metaKeys = metaTitles.map { DOMExtractor.titleKey($0.utf8) }
        func agrees(_ h: String) -> Bool {
            let k = DOMExtractor.titleKey(h.utf8)
            guard k.count >= MetadataRules.minHeadlineKey else { return false }
            return metaKeys.contains { $0.contains(bytes: k) || k.contains(bytes: $0) && $0.count >= MetadataRules.minHeadlineKey
                || sharedPrefix($0, k) >= max(MetadataRules.minSharedHeadlinePrefix, k.count * 2 / 3) }
        }
        /// "Politics | Headline", "Judicial / Headline": a kicker fused into the heading, when the metadata titles
        /// hold only the rest.
        func withoutKicker(_ t: String) -> String {
            let parts = splitTitle(t)
            guard parts.count >= 2, LineRules.wordCount(parts[0]) <= MetadataRules.maxKickerWords else { return t }
            let sep = MetadataRules.titleSeparators.first { t.contains($0) } ?? " | "
            let rest = parts.dropFirst().joined(separator: sep)
            let k = DOMExtractor.titleKey(rest.utf8), kk = DOMExtractor.titleKey(parts[0].utf8)
            let restInMeta = metaKeys.contains { $0.contains(bytes: k) }
            let kickerInMeta = metaKeys.contains { $0.contains(bytes: kk + k) }
            return restInMeta && !kickerInMeta ? rest : t
        }
        // 1. A visible heading that the metadata titles repeat (and that is not the site's name).
        for h in ([c.titleHeading].compactMap { $0 } + c.h1s) {
            let t = cleanInline(h)
            guard !t.isEmpty, t.count <= MetadataRules.maxHeadlineChars, !isSiteName(t, c) else { continue }
            if agrees(t) { return (withoutKicker(t), .h1, "visible heading repeated by the page titles") }
        }
        // 2. The page's only <h1>, when it reads as a headline: the metadata titles are often a rewritten
        //    (SEO or social) version of it.
        if c.h1s.count == 1, let h = c.h1s.first.map(cleanInline), LineRules.wordCount(h) >= MetadataRules.minLoneH1Words,
           h.count <= MetadataRules.maxHeadlineChars, !isSiteName(h, c) {
            return (h, .h1, "the page's only h1")
        }
        // 3. The metadata headline with the site's name cut off.
        let others = c.h1s
        if let t = c.jsonLDHeadline.map(cleanInline), !t.isEmpty, !isSiteName(t, c) {
            return (stripAffixes(t, c, aggressive: false, others: others), .jsonLD, "headline")
        }
        for (key, v) in [("og:title", c.ogTitle), ("twitter:title", c.twitterTitle)] {
            if let t = v.map(cleanInline), !t.isEmpty, !isSiteName(t, c) {
                return (stripAffixes(t, c, aggressive: false, others: others), .meta, key)
            }
        }
        if let t = c.htmlTitle.map(cleanInline), !t.isEmpty {
            let s = stripAffixes(t, c, aggressive: true, others: others)
            if !isSiteName(s, c) || c.h1s.isEmpty { return (s, .htmlTitle, "<title>") }
        }
        // 4. A lone h1 (no title at all).
        if let h = c.h1s.first.map(cleanInline), !h.isEmpty { return (h, .h1, "h1") }
        return nil
    }

    static func sharedPrefix(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var n = 0
        while n < a.count && n < b.count && a[n] == b[n] { n += 1 }
        return n
    }

    /// Whether `t` is only the site's (or section's) name: the og:site_name, the host, or the <title>'s affix.
    static func isSiteName(_ t: String, _ c: HeadlineCandidates) -> Bool {
        let k = DOMExtractor.titleKey(t.utf8)
        guard !k.isEmpty else { return true }
        if let s = c.site, DOMExtractor.titleKey(s.utf8) == k { return true }
        if let h = c.host {
            let hk = DOMExtractor.titleKey(h.utf8)
            if hk == k || (k.count >= 4 && hk.contains(bytes: k) && LineRules.wordCount(t) <= 2) { return true }
        }
        // The <title> has more than this, with a separator: "Headline | TED Blog" → "TED Blog" is an affix.
        if let ht = c.htmlTitle, LineRules.wordCount(t) <= 3 {
            let parts = splitTitle(cleanInline(ht))
            if parts.count >= 2, let first = parts.first, let last = parts.last {
                let fk = DOMExtractor.titleKey(first.utf8), lk = DOMExtractor.titleKey(last.utf8)
                if (k == lk && k != fk) || (k == fk && k != lk && LineRules.wordCount(last) > LineRules.wordCount(first)) { return true }
            }
        }
        return false
    }

    /// Splits at the first separator kind that occurs in the title.
    static func splitTitle(_ t: String) -> [String] {
        for sep in MetadataRules.titleSeparators {
            let parts = t.components(separatedBy: sep)
            if parts.count >= 2 { return parts.map(cleanInline) }
        }
        return [t]
    }

    /// Cuts the site or section name from either end: "… / Obyczaje / dwutygodnik.com", "TED Blog | …".
    /// Only a part that names the site or host is cut from og:title / JSON-LD (a headline may hold " – ");
    /// from <title>, short trailing parts after a longer headline go too.
    static func stripAffixes(_ t: String, _ c: HeadlineCandidates, aggressive: Bool, others: [String]) -> String {
        for sep in MetadataRules.titleSeparators {
            var parts = t.components(separatedBy: sep).map(cleanInline)
            guard parts.count >= 2 else { continue }
            // A visible heading equal to one part settles it.
            for h in others {
                let hk = DOMExtractor.titleKey(h.utf8)
                if hk.count >= MetadataRules.minHeadlineKey, let p = parts.first(where: { DOMExtractor.titleKey($0.utf8) == hk }) { return p }
            }
            var changed = false
            while parts.count >= 2, isAffix(parts[parts.count - 1], c) { parts.removeLast(); changed = true }
            while parts.count >= 2, isAffix(parts[0], c) { parts.removeFirst(); changed = true }
            if aggressive && !changed && parts.count >= 2 {
                // <title> "Headline - Section - Site": keep the leading part when the rest is short.
                let tail = parts.dropFirst()
                if LineRules.wordCount(parts[0]) >= 2, tail.allSatisfy({ LineRules.wordCount($0) <= MetadataRules.maxSiteWords }) {
                    parts = [parts[0]]
                } else if let longest = parts.max(by: { $0.count < $1.count }), LineRules.wordCount(parts[0]) < 2 {
                    parts = [longest]
                }
            } else if aggressive && parts.count >= 2 {
                while parts.count >= 2, LineRules.wordCount(parts[parts.count - 1]) <= 2, LineRules.wordCount(parts[0]) >= 3 { parts.removeLast() }
            }
            return parts.joined(separator: sep)
        }
        return t
    }

    /// A title part that names the site: the og:site_name, the host ("dwutygodnik.com"), or a part of either.
    static func isAffix(_ p: String, _ c: HeadlineCandidates) -> Bool {
        let k = DOMExtractor.titleKey(p.utf8)
        guard !k.isEmpty else { return true }
        if let s = c.site {
            let sk = DOMExtractor.titleKey(s.utf8)
            if sk == k || (sk.count >= 4 && (k.contains(bytes: sk) || sk.contains(bytes: k)) && LineRules.wordCount(p) <= MetadataRules.maxSiteWords) { return true }
        }
        if let h = c.host {
            let hk = DOMExtractor.titleKey(h.utf8)
            let bare = DOMExtractor.titleKey(h.split(separator: ".").dropLast().joined(separator: ".").utf8)
            if hk == k || (bare.count >= 4 && (k == bare || k.contains(bytes: bare) && LineRules.wordCount(p) <= 3)) { return true }
        }
        return false
    }
}
