import WinnowCore

/// `filter_quality`: the Gopher quality and repetition rules (Rae et al. 2021, table A1; thresholds and
/// option names as in datatrove's `GopherQualityFilter` / `GopherRepetitionFilter`), then, with `c4_lines`,
/// the C4 line rules (datatrove `C4QualityFilter`), which edit the text rather than drop it.
///
/// Differences from datatrove, for Winnow's text (paragraphs separated by a blank line):
/// - lines are the non-empty lines (empty separator lines would all count as duplicates of each other);
/// - words are whitespace-separated tokens with ASCII punctuation trimmed at the edges (not nltk's
///   tokenizer); a token of punctuation only is not a word; lengths and fractions are in UTF-8 bytes;
/// - a word is "alphabetic" when it has an ASCII letter or a non-ASCII character.
/// Any threshold set to 0 turns its rule off.
public struct QualityFilter: DocumentFilter {
    public static let typeName = "filter_quality"
    public static let summary = "Gopher quality and repetition rules (word counts, word length, symbols, stop words, duplicate lines/paragraphs/n-grams); C4 line rules as an option."

    public enum Rule: String, CaseIterable, Sendable {
        case tooFewWords = "gopher.word_count_low"
        case tooManyWords = "gopher.word_count_high"
        case shortWords = "gopher.mean_word_length_low"
        case longWords = "gopher.mean_word_length_high"
        case hashes = "gopher.hash_ratio"
        case ellipses = "gopher.ellipsis_ratio"
        case bulletLines = "gopher.bullet_lines"
        case ellipsisLines = "gopher.ellipsis_lines"
        case nonAlphaWords = "gopher.alpha_words"
        case stopWords = "gopher.stop_words"
        case dupParagraphs = "gopher.dup_para_frac"
        case dupParagraphChars = "gopher.dup_para_char_frac"
        case dupLines = "gopher.dup_line_frac"
        case dupLineChars = "gopher.dup_line_char_frac"
        case top2Gram = "gopher.top_2_gram"
        case top3Gram = "gopher.top_3_gram"
        case top4Gram = "gopher.top_4_gram"
        case dup5Grams = "gopher.dup_5_grams"
        case dup6Grams = "gopher.dup_6_grams"
        case dup7Grams = "gopher.dup_7_grams"
        case dup8Grams = "gopher.dup_8_grams"
        case dup9Grams = "gopher.dup_9_grams"
        case dup10Grams = "gopher.dup_10_grams"
        case loremIpsum = "c4.lorem_ipsum"
        case curlyBracket = "c4.curly_bracket"
        case tooFewSentences = "c4.too_few_sentences"
    }

    public struct Options: StageOptions {
        // Gopher quality (datatrove GopherQualityFilter defaults).
        public var minDocWords = 50
        public var maxDocWords = 100_000
        public var minAvgWordLength = 3.0
        public var maxAvgWordLength = 10.0
        public var maxSymbolWordRatio = 0.1
        public var maxBulletLinesRatio = 0.9
        public var maxEllipsisLinesRatio = 0.3
        public var maxNonAlphaWordsRatio = 0.8
        public var minStopWords = 2
        public var stopWords = QualityFilter.gopherStopWords
        // Gopher repetition (datatrove GopherRepetitionFilter defaults, from the paper's table A1).
        public var dupLineFrac = 0.3
        public var dupParaFrac = 0.3
        public var dupLineCharFrac = 0.2
        public var dupParaCharFrac = 0.2
        public var top2GramFrac = 0.2
        public var top3GramFrac = 0.18
        public var top4GramFrac = 0.16
        public var dup5GramFrac = 0.15
        public var dup6GramFrac = 0.14
        public var dup7GramFrac = 0.13
        public var dup8GramFrac = 0.12
        public var dup9GramFrac = 0.11
        public var dup10GramFrac = 0.10
        // C4 (datatrove C4QualityFilter defaults).
        public var c4Lines = false
        public var c4MinSentences = 5
        public var c4MinWordsPerLine = 3
        public var c4MaxWordLength = 1000
        public init() {}

        public static let spec = OptionSpec<Self> {
            $0.int("min_doc_words", \.minDocWords, in: 0...10_000_000, "drop documents with fewer words")
            $0.int("max_doc_words", \.maxDocWords, in: 0...10_000_000, "drop documents with more words")
            $0.number("min_avg_word_length", \.minAvgWordLength, in: 0...100, "drop documents whose mean word length (bytes) is below")
            $0.number("max_avg_word_length", \.maxAvgWordLength, in: 0...1000, "drop documents whose mean word length (bytes) is above")
            $0.number("max_symbol_word_ratio", \.maxSymbolWordRatio, in: 0...100, "drop documents with more '#' (or more ellipses) per word")
            $0.number("max_bullet_lines_ratio", \.maxBulletLinesRatio, in: 0...1, "drop documents with a larger share of lines starting with a bullet")
            $0.number("max_ellipsis_lines_ratio", \.maxEllipsisLinesRatio, in: 0...1, "drop documents with a larger share of lines ending with an ellipsis")
            $0.number("max_non_alpha_words_ratio", \.maxNonAlphaWordsRatio, in: 0...1,
                      "drop documents where a smaller share of words has a letter (datatrove's name for a minimum)")
            $0.int("min_stop_words", \.minStopWords, in: 0...1000, "drop documents with fewer stop words (English list: set 0 for other languages)")
            $0.strings("stop_words", \.stopWords, "the stop words (matched case-insensitively on ASCII)")
            $0.number("dup_line_frac", \.dupLineFrac, in: 0...1, "drop documents with a larger share of duplicate lines")
            $0.number("dup_para_frac", \.dupParaFrac, in: 0...1, "drop documents with a larger share of duplicate paragraphs")
            $0.number("dup_line_char_frac", \.dupLineCharFrac, in: 0...1, "drop documents with a larger share of text in duplicate lines")
            $0.number("dup_para_char_frac", \.dupParaCharFrac, in: 0...1, "drop documents with a larger share of text in duplicate paragraphs")
            $0.number("top_2_gram_frac", \.top2GramFrac, in: 0...1, "drop documents whose most frequent word 2-gram covers a larger share of the text")
            $0.number("top_3_gram_frac", \.top3GramFrac, in: 0...1, "the same for 3-grams")
            $0.number("top_4_gram_frac", \.top4GramFrac, in: 0...1, "the same for 4-grams")
            $0.number("dup_5_gram_frac", \.dup5GramFrac, in: 0...1, "drop documents with a larger share of text in repeated word 5-grams")
            $0.number("dup_6_gram_frac", \.dup6GramFrac, in: 0...1, "the same for 6-grams")
            $0.number("dup_7_gram_frac", \.dup7GramFrac, in: 0...1, "the same for 7-grams")
            $0.number("dup_8_gram_frac", \.dup8GramFrac, in: 0...1, "the same for 8-grams")
            $0.number("dup_9_gram_frac", \.dup9GramFrac, in: 0...1, "the same for 9-grams")
            $0.number("dup_10_gram_frac", \.dup10GramFrac, in: 0...1, "the same for 10-grams")
            $0.bool("c4_lines", \.c4Lines,
                    "C4 line rules: remove lines without terminal punctuation, short lines, javascript/cookie/policy lines, citation marks; drop pages with lorem ipsum, '{' or too few sentences")
            $0.int("c4_min_sentences", \.c4MinSentences, in: 0...1000, "with c4_lines: drop documents with fewer sentences left")
            $0.int("c4_min_words_per_line", \.c4MinWordsPerLine, in: 0...1000, "with c4_lines: remove lines with fewer words")
            $0.int("c4_max_word_length", \.c4MaxWordLength, in: 1...1_000_000, "with c4_lines: remove lines with a longer word (bytes)")
        }
    }

    /// Gopher's stop words (datatrove STOP_WORDS): a document of English prose has at least two.
    public static let gopherStopWords = ["the", "be", "to", "of", "and", "that", "have", "with"]

    let o: Options
    let stopWords: Set<UInt64>
    let maxStopWordBytes: Int

    public init(options: Options, params: StageParams) throws {
        o = options
        stopWords = Set(options.stopWords.map { QualityFilter.foldedHash(Array($0.utf8)[...]) })
        maxStopWordBytes = options.stopWords.map(\.utf8.count).max() ?? 0
    }

    public func filter(_ document: inout Document) -> FilterDecision {
        let bytes = Array(document.text.utf8)
        let t = TextAnalysis(bytes)
        // Size first: on a text too short for the rules, the n-gram ratios only restate its shortness.
        if let d = size(t) { return d }
        if let d = repetition(t) { return d }
        if let d = quality(t) { return d }
        if o.c4Lines { return C4Lines(o).apply(&document, bytes) }
        return .keep
    }

    /// Rules over words, symbols and lines (GopherQualityFilter order).
    func size(_ t: TextAnalysis) -> FilterDecision? {
        let n = t.words.count
        if o.minDocWords > 0 && n < o.minDocWords { return .drop(Rule.tooFewWords, "\(n) words < \(o.minDocWords)") }
        if o.maxDocWords > 0 && n > o.maxDocWords { return .drop(Rule.tooManyWords, "\(n) words > \(o.maxDocWords)") }
        return nil
    }

    func quality(_ t: TextAnalysis) -> FilterDecision? {
        let n = t.words.count
        guard n > 0 else { return nil }
        let mean = Double(t.words.reduce(0) { $0 + $1.count }) / Double(n)
        if o.minAvgWordLength > 0 && mean < o.minAvgWordLength { return .drop(Rule.shortWords, "mean word length \(mean)") }
        if o.maxAvgWordLength > 0 && mean > o.maxAvgWordLength { return .drop(Rule.longWords, "mean word length \(mean)") }
        if o.maxSymbolWordRatio > 0 {
            let hashes = Double(t.hashCount) / Double(n), ellipses = Double(t.ellipsisCount) / Double(n)
            if hashes > o.maxSymbolWordRatio { return .drop(Rule.hashes, "\(t.hashCount) '#' for \(n) words") }
            if ellipses > o.maxSymbolWordRatio { return .drop(Rule.ellipses, "\(t.ellipsisCount) ellipses for \(n) words") }
        }
        let lines = Double(max(t.lines.count, 1))
        if o.maxBulletLinesRatio > 0 {
            let b = t.lines.filter { TextAnalysis.startsWithBullet(t.bytes[$0]) }.count
            if Double(b) / lines > o.maxBulletLinesRatio { return .drop(Rule.bulletLines, "\(b) of \(t.lines.count) lines") }
        }
        if o.maxEllipsisLinesRatio > 0 {
            let e = t.lines.filter { TextAnalysis.endsWithEllipsis(t.bytes[$0]) }.count
            if Double(e) / lines > o.maxEllipsisLinesRatio { return .drop(Rule.ellipsisLines, "\(e) of \(t.lines.count) lines") }
        }
        if o.maxNonAlphaWordsRatio > 0 {
            let alpha = t.words.filter { TextAnalysis.hasLetter(t.bytes[$0]) }.count
            if Double(alpha) / Double(n) < o.maxNonAlphaWordsRatio { return .drop(Rule.nonAlphaWords, "\(alpha) of \(n) words have a letter") }
        }
        if o.minStopWords > 0 {
            var found = 0
            for w in t.words where w.count <= maxStopWordBytes {
                if stopWords.contains(Self.foldedHash(t.bytes[w])) { found += 1; if found >= o.minStopWords { break } }
            }
            if found < o.minStopWords { return .drop(Rule.stopWords, "\(found) stop words < \(o.minStopWords)") }
        }
        return nil
    }

    /// Duplicate paragraphs, lines and n-grams (GopherRepetitionFilter order).
    func repetition(_ t: TextAnalysis) -> FilterDecision? {
        let total = Double(max(t.bytes.count, 1))
        // Winnow's paragraphs are its lines (one paragraph per line, blank lines between).
        let paras = t.duplicates(t.paragraphs)
        if o.dupParaFrac > 0 && Double(paras.count) / Double(max(t.paragraphs.count, 1)) > o.dupParaFrac {
            return .drop(Rule.dupParagraphs, "\(paras.count) of \(t.paragraphs.count) paragraphs")
        }
        if o.dupParaCharFrac > 0 && Double(paras.bytes) / total > o.dupParaCharFrac {
            return .drop(Rule.dupParagraphChars, "\(paras.bytes) of \(t.bytes.count) bytes")
        }
        let lines = t.duplicates(t.lines)
        if o.dupLineFrac > 0 && Double(lines.count) / Double(max(t.lines.count, 1)) > o.dupLineFrac {
            return .drop(Rule.dupLines, "\(lines.count) of \(t.lines.count) lines")
        }
        if o.dupLineCharFrac > 0 && Double(lines.bytes) / total > o.dupLineCharFrac {
            return .drop(Rule.dupLineChars, "\(lines.bytes) of \(t.bytes.count) bytes")
        }
        for (n, frac, rule) in [(2, o.top2GramFrac, Rule.top2Gram), (3, o.top3GramFrac, .top3Gram), (4, o.top4GramFrac, .top4Gram)]
        where frac > 0 && t.words.count >= n {
            let top = t.topNGramBytes(n)
            if Double(top) / total > frac { return .drop(rule, "top \(n)-gram covers \(top) of \(t.bytes.count) bytes") }
        }
        let dups: [(Int, Double, Rule)] = [(5, o.dup5GramFrac, .dup5Grams), (6, o.dup6GramFrac, .dup6Grams), (7, o.dup7GramFrac, .dup7Grams),
                                           (8, o.dup8GramFrac, .dup8Grams), (9, o.dup9GramFrac, .dup9Grams), (10, o.dup10GramFrac, .dup10Grams)]
        for (n, frac, rule) in dups where frac > 0 && t.words.count >= n {
            let dup = t.duplicateNGramBytes(n)
            if Double(dup) / total > frac { return .drop(rule, "repeated \(n)-grams cover \(dup) of \(t.bytes.count) bytes") }
        }
        return nil
    }

    /// Hash of a word with ASCII letters lower-cased (stop-word lookup).
    static func foldedHash(_ w: ArraySlice<UInt8>) -> UInt64 {
        StableHash.fnv1a64(w.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
    }
}
