import WinnowCore

/// `filter_language`: keeps documents in the listed languages with enough confidence (datatrove
/// `LanguageFilter`). Reads the language `clean_text` identified; the pipeline must run it first.
public struct LanguageFilter: DocumentFilter {
    public static let typeName = "filter_language"
    public static let summary = "Keeps documents in the listed languages whose language score reaches min_score (needs clean_text's language id)."

    public enum Rule: String, CaseIterable, Sendable {
        /// The language is not one of `languages` (or is unknown).
        case notListed = "language.not_listed"
        /// The language score is below `min_score`.
        case lowScore = "language.low_score"
    }

    public struct Options: StageOptions {
        public var languages = ["en"]
        /// datatrove's `language_threshold` default.
        public var minScore = 0.65
        public init() {}
        public static let spec = OptionSpec<Self> {
            $0.strings("languages", \.languages, check: isCode, "languages to keep (ISO 639-1 codes as clean_text writes them); [] keeps every language")
            $0.number("min_score", \.minScore, in: 0...1, "minimum language score (datatrove language_threshold)")
        }
        @Sendable static func isCode(_ l: String) -> String? {
            (2...3).contains(l.utf8.count) && l.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) ? nil
                : "\"\(l)\" is not a language code (ISO 639-1 or 639-3 in lower case)"
        }
    }

    let languages: Set<String>
    let minScore: Double

    public init(options: Options, params: StageParams) throws {
        languages = Set(options.languages)
        minScore = options.minScore
    }

    public var requires: [DocumentField] { [.language] }

    public func filter(_ document: inout Document) -> FilterDecision {
        let lang = document.language ?? "und"
        if !languages.isEmpty && !languages.contains(lang) { return .drop(Rule.notListed, lang) }
        let score = document.languageScore ?? 0
        if score < minScore { return .drop(Rule.lowScore, "\(lang) \(score) < \(minScore)") }
        return .keep
    }
}
