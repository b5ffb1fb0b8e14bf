import WinnowCore

/// The C4 line rules (Raffel et al. 2020; datatrove `C4QualityFilter`, `split_paragraph` mode): lines are
/// removed, the page is dropped only for lorem ipsum, a curly bracket or too few sentences left.
struct C4Lines {
    /// Why a line was removed (traced as `c4.line.*`).
    enum LineRule: String, CaseIterable, Sendable {
        case longWord = "c4.line.long_word"
        case noTerminalPunctuation = "c4.line.no_terminal_punct"
        case tooFewWords = "c4.line.too_few_words"
        case javascript = "c4.line.javascript"
        case policy = "c4.line.policy"
    }

    /// A kept line must end with one of these (C4's END_PUNCTUATION), and not with "...".
    static let terminal: Set<UInt8> = [0x2E, 0x3F, 0x21, 0x22, 0x27]   // . ? ! " '
    /// Lines mentioning these are cookie/terms boilerplate (datatrove POLICY_SUBSTRINGS).
    static let policyPhrases = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]
        .map { Array($0.utf8) }
    static let javascript = Array("javascript".utf8)
    static let loremIpsum = Array("lorem ipsum".utf8)
    /// Wikipedia-style citation marks removed from lines: "[12]", "[]", "[edit]", "[citation needed]".
    static let citationWords = ["[edit]", "[citation needed]"].map { Array($0.utf8) }

    let minSentences: Int
    let minWordsPerLine: Int
    let maxWordLength: Int

    init(_ o: QualityFilter.Options) {
        minSentences = o.c4MinSentences; minWordsPerLine = o.c4MinWordsPerLine; maxWordLength = o.c4MaxWordLength
    }

    func apply(_ document: inout Document, _ bytes: [UInt8]) -> FilterDecision {
        let t = TextAnalysis(bytes)
        var rebuilt = TextRebuilder(bytes)
        var sentences = 0, kept = 0
        for line in t.lines {
            let pieces = Self.withoutCitations(bytes, line)
            let text = pieces.flatMap { bytes[$0] }
            if let rule = lineRule(text[...]) {
                document.note(QualityFilter.typeName, "drop-line", rule: rule.rawValue, String(decoding: text, as: UTF8.self))
                continue
            }
            if Self.contains(text, Self.loremIpsum) { return .drop(QualityFilter.Rule.loremIpsum, String(decoding: text, as: UTF8.self)) }
            if text.contains(0x7B) { return .drop(QualityFilter.Rule.curlyBracket, String(decoding: text, as: UTF8.self)) }
            if Self.contains(text, Self.javascript) { note(&document, .javascript, text); continue }
            if Self.policyPhrases.contains(where: { Self.contains(text, $0) }) { note(&document, .policy, text); continue }
            sentences += Self.sentenceCount(text)
            if kept > 0 { rebuilt.insert([0x0A, 0x0A]) }
            for p in pieces { rebuilt.keep(p) }
            kept += 1
        }
        if sentences < minSentences { return .drop(QualityFilter.Rule.tooFewSentences, "\(sentences) sentences < \(minSentences)") }
        document.entities = rebuilt.move(document.entities)
        document.text = rebuilt.text
        return .keep
    }

    private func note(_ d: inout Document, _ rule: LineRule, _ text: [UInt8]) {
        d.note(QualityFilter.typeName, "drop-line", rule: rule.rawValue, String(decoding: text, as: UTF8.self))
    }

    /// The rules that judge a line by its shape (before its content is searched).
    func lineRule(_ line: ArraySlice<UInt8>) -> LineRule? {
        var words = 0, run = 0, longest = 0
        for b in line {
            if TextAnalysis.isSpace(b) { run = 0 } else {
                if run == 0 { words += 1 }
                if b & 0xC0 != 0x80 { run += 1; longest = max(longest, run) }
            }
        }
        if longest > maxWordLength { return .longWord }
        guard let last = line.last, Self.terminal.contains(last), !TextAnalysis.endsWithEllipsis(line) else { return .noTerminalPunctuation }
        if words < minWordsPerLine { return .tooFewWords }
        return nil
    }

    /// The line's byte ranges once citation marks are cut out.
    static func withoutCitations(_ bytes: [UInt8], _ line: Range<Int>) -> [Range<Int>] {
        var pieces: [Range<Int>] = [], start = line.lowerBound, i = line.lowerBound
        while i < line.upperBound {
            guard bytes[i] == 0x5B else { i += 1; continue }
            var j = i + 1
            while j < line.upperBound && bytes[j] >= 0x30 && bytes[j] <= 0x39 { j += 1 }
            var end: Int? = j < line.upperBound && bytes[j] == 0x5D ? j + 1 : nil
            if end == nil, let w = citationWords.first(where: { bytes[i..<line.upperBound].starts(with: $0) }) { end = i + w.count }
            guard let e = end else { i += 1; continue }
            if start < i { pieces.append(start..<i) }
            start = e; i = e
        }
        if start < line.upperBound { pieces.append(start..<line.upperBound) }
        return pieces
    }

    /// ASCII case-insensitive search (`needle` lower case).
    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard hay.count >= needle.count, let first = needle.first else { return false }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] | 0x20 == first {
                var k = 1
                while k < needle.count {
                    let c = hay[i + k]
                    if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != needle[k] { break }
                    k += 1
                }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Sentences in a kept line: terminal marks (. ! ?) followed by a space or the end; at least one.
    static func sentenceCount(_ line: [UInt8]) -> Int {
        var n = 0
        for (i, b) in line.enumerated() where b == 0x2E || b == 0x21 || b == 0x3F {
            if i + 1 == line.count || TextAnalysis.isSpace(line[i + 1]) { n += 1 }
        }
        return max(n, 1)
    }
}
