import WinnowCore
import WinnowHTML

/// The head of an extracted article. `text` is the article body: the headline (the document's `title`)
/// and a kicker label right above it leave the text; a standfirst right under the headline is also the
/// `description` when the page has none. (It stays in the text: the modern-news dev golds keep the
/// standfirst as the article's first paragraph; moving it out cost 33 of 5524 snippets there.)
/// Line rules move date and byline lines to metadata afterwards.
struct ArticleHead {
    /// Title keys (`DOMExtractor.titleKey`) the headline may repeat.
    let keys: [[UInt8]]

    init(titles: [String?]) {
        keys = titles.compactMap { $0 }.map { DOMExtractor.titleKey($0.utf8) }
            .filter { $0.count >= ExtractionKnobs.minHeadlineKey }
    }

    /// Whether paragraph `p` repeats one of the titles (the whole of it, or most of a "Headline | Site" title).
    func isHeadline(_ p: String) -> Bool {
        guard p.utf8.count <= 2 * MetadataRules.maxHeadlineChars else { return false }
        let k = DOMExtractor.titleKey(p.utf8)
        guard k.count >= ExtractionKnobs.minHeadlineKey else { return false }
        for t in keys {
            if k == t { return true }
            if t.count > k.count && Double(k.count) >= ExtractionKnobs.headlineShareOfTitle * Double(t.count)
                && t.contains(bytes: k) { return true }
        }
        return false
    }

    /// A kicker label above a headline: a few words, no digits, no sentence end ("Politics", "Breaking news").
    static func isKicker(_ p: String) -> Bool {
        guard p.utf8.count <= 40, LineRules.wordCount(p) <= ExtractionKnobs.maxKickerWords,
              !LineRules.endsSentence(p) else { return false }
        return !p.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The indices of the leading paragraphs that are the headline and the kicker labels right above it
    /// (empty when none of the first paragraphs is the headline).
    func headlineIndices(_ paras: [String]) -> [Int] {
        for i in 0..<min(paras.count, ExtractionKnobs.maxHeadParagraphs) where isHeadline(paras[i]) {
            // The text goes on after it: a page whose only text is its headline keeps it.
            guard i + 1 < paras.count else { return [] }
            var out = [i]
            var k = i - 1
            while k >= 0 && ArticleHead.isKicker(paras[k]) { out.insert(k, at: 0); k -= 1 }
            return out
        }
        return []
    }

    /// Removes the headline (and its kicker) from the head of `paras`; returns what it removed.
    func stripHeadline(_ paras: inout [TextBlock]) -> [String] {
        let idx = headlineIndices(paras.map(\.text))
        let removed = idx.map { paras[$0].text }
        for k in idx.reversed() { paras.remove(at: k) }
        return removed
    }

    /// The standfirst `sf` when it is the first paragraph and a body several times its length follows.
    static func standfirst(_ paras: [TextBlock], standfirst sf: String?) -> String? {
        guard let sf, let first = paras.first?.text, first == sf, sf.utf8.count <= ExtractionKnobs.maxStandfirstChars else { return nil }
        let rest = charCount(paras) - first.utf8.count
        guard rest >= ExtractionKnobs.minBodyPerStandfirst * first.utf8.count else { return nil }
        return first
    }
}

/// Class and id words of a standfirst (the lead-in under a headline). Whole tokens for the short words
/// ("lead" is also in "leaderboard"), substrings for compounds ("article-standfirst", "subheadline").
enum StandfirstVocabulary {
    static let exact: Set<String> = ["dek", "deck", "lead", "lede", "intro", "summary", "excerpt", "abstract",
                                     "sapo", "chapo", "chapeau", "standfirst", "subtitle", "strapline", "kicker"]
    static let sub = ["standfirst", "subtitle", "subheadline", "subhead", "strapline", "leadtext", "introtext",
                      "teasertext", "articlelead", "storylead"]

    static func matches(_ value: String) -> Bool {
        let lower = value.lowercased()
        var token = ""
        func done() -> Bool {
            defer { token = "" }
            // (byte-wise substring test: Foundation's `contains` cost 0.5 % of a news run here)
            return !token.isEmpty && (exact.contains(token) || sub.contains { token.has($0) })
        }
        for ch in lower {
            if ch.isLetter || ch.isNumber { token.append(ch) } else if done() { return true }
        }
        return done()
    }
}

extension DOMExtractor {
    /// The standfirst under the story's headline: the first block with text after the title heading, a
    /// subheading (h2–h4) or a block whose class or id names a lead-in, without links or block children and
    /// one or two sentences long. Nil when there is none.
    func standfirstAfterHeadline() -> String? {
        guard titleHeading >= 0, !cur.dead.isEmpty else { return nil }
        let nodes = doc.nodes
        let start = Int(nodes[titleHeading].subtreeEnd)
        var i = start
        while i < bodyEnd {
            let nd = nodes[i]
            if cur.dead[i] { i = Int(nd.subtreeEnd); continue }
            if nd.kind == .text {
                if cur.textLen[i] > 1 { return nil }
                i += 1; continue
            }
            guard nd.kind == .element else { i += 1; continue }
            if cur.textLen[i] == 0 { i = Int(nd.subtreeEnd); continue }
            if cur.hasBlock[i] { i += 1; continue }   // descend into wrappers to their first block of text
            guard cur.linkLen[i] == 0, cur.textLen[i] <= Int32(ExtractionKnobs.maxStandfirstChars) else { return nil }
            guard nd.tag == .h2 || nd.tag == .h3 || nd.tag == .h4 || namesStandfirst(i, after: start) else { return nil }
            var buf = ParagraphBuffer()
            for k in i..<Int(nd.subtreeEnd) where nodes[k].kind == .text && !cur.dead[k] { buf.append(doc.textBytes(k)) }
            return buf.take()
        }
        return nil
    }

    /// Whether `i` or a wrapper of it opened after the headline (`start`) has a standfirst class or id.
    private func namesStandfirst(_ i: Int, after start: Int) -> Bool {
        var a = i
        while a >= start {
            for name in ["class", "id"] { if let v = doc.attribute(a, name), StandfirstVocabulary.matches(v) { return true } }
            a = Int(doc.nodes[a].parent)
        }
        return false
    }
}

/// Trace ids of the head rules.
enum ArticleHeadRule: String {
    case headline = "head.headline"
    case standfirst = "head.standfirst"
}
