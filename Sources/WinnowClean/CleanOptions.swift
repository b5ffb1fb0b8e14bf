import WinnowCore

/// Options of `clean_text` (`winnow stages clean_text` lists them).
public struct CleanOptions: StageOptions {
    public enum Normalization: String, Sendable, CaseIterable { case nfc = "NFC", nfkc = "NFKC" }
    public enum LineMode: String, Sendable, CaseIterable { case encoding, full, document }
    public var normalization = Normalization.nfc
    public var fixMojibake = true
    public var decodeEntities = true
    public var uncurlQuotes = false
    public var foldDashes = false
    public var foldLigatures = false
    public var foldWidth = false
    public var removeControls = true
    public var removeRepeatedParagraphs = true
    public var dehyphenate = true
    public var restoreCase = true
    public var languageID = true
    public var minLanguageConfidence = 0.0
    public var keepLanguages: [String] = []
    public var paragraphLanguages = false
    public var lineMode = LineMode.encoding

    public init() {}

    public init(params p: StageParams) throws { self = try p.decode(Self.self) }

    public static let spec = OptionSpec<Self> {
        $0.choice("normalization", \.normalization, "NFKC also folds ligatures, full-width forms, superscripts")
        $0.bool("fix_mojibake", \.fixMojibake, "repair UTF-8 mis-decoded as cp1252/Latin-1/MacRoman/cp1251/... (by detection)")
        $0.bool("decode_entities", \.decodeEntities, "decode HTML entities left after extraction (&amp; &nbsp; &#8217; ...)")
        $0.bool("uncurl_quotes", \.uncurlQuotes, "‘ ’ “ ” „ ‚ ′ ″ → ' and \"")
        $0.bool("fold_dashes", \.foldDashes, "‐ ‑ ‒ – — ― → -")
        $0.bool("fold_ligatures", \.foldLigatures, "ﬁ ﬂ ĳ ǌ ŉ ... → fi fl ij nj 'n (like ftfy fix_latin_ligatures)")
        $0.bool("fold_width", \.foldWidth, "full-width ASCII forms and ideographic space → ASCII")
        $0.bool("remove_controls", \.removeControls,
                "drop C0/C1 controls (not tab/newline), zero-width characters except ZWJ/ZWNJ, soft hyphens, BOM")
        $0.bool("remove_repeated_paragraphs", \.removeRepeatedParagraphs, "drop a paragraph identical to an earlier one (keep the first)")
        $0.bool("dehyphenate", \.dehyphenate, "join words split across lines (\"infor-\\nmation\" → \"information\")")
        $0.bool("restore_case", \.restoreCase, "restore proper nouns MT lower-cased (\"kyiv\" → \"Kyiv\"), from a small gazetteer")
        $0.bool("language_id", \.languageID, "set the document's language and language_score")
        $0.number("min_language_confidence", \.minLanguageConfidence, in: 0...1, "below this the language is \"und\"")
        $0.strings("keep_languages", \.keepLanguages, check: { LanguageIdentifier.supportedCodes.contains($0) ? nil
                       : "unknown language code \"\($0)\" (ISO 639-1, one of the 75 supported)" },
                   "if set, drop documents in other languages")
        $0.bool("paragraph_languages", \.paragraphLanguages,
                "identify each paragraph (meta paragraph_languages); with keep_languages also drop paragraphs (of ≥ 40 letters) confidently in another language")
        $0.choice("line_mode", \.lineMode,
                  "what winnow clean does to a line: encoding = mojibake repair only (ftfy fix_encoding); full = like ftfy fix_text; document = the stage's own per-line cleanup")
    }

    public func validate(_ p: StageParams) throws {
        if !languageID && (!keepLanguages.isEmpty || paragraphLanguages) {
            throw p.error("language_id", "keep_languages / paragraph_languages need language_id: true")
        }
    }
}

extension CleanTextStage: DescribedStage {
    public static var optionTable: OptionTable { CleanOptions.spec.table }
}

extension CleanTextStage: DeclaresRequirements {
    public var provides: [DocumentField] { options.languageID ? [.language] : [] }
}
