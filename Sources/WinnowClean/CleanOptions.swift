import WinnowCore

/// Options of `clean_text`, validated in `init(params:)`.
///
/// | key | default | meaning |
/// |---|---|---|
/// | normalization | "NFC" | "NFC" or "NFKC" (NFKC also folds ligatures, full-width forms, superscripts) |
/// | fix_mojibake | true | repair UTF-8 mis-decoded as cp1252/Latin-1/MacRoman/cp1251/... (by detection) |
/// | decode_entities | true | decode HTML entities left after extraction (&amp; &nbsp; &#8217; ...) |
/// | uncurl_quotes | false | ‘ ’ “ ” „ ‚ ′ ″ → ' and " |
/// | fold_dashes | false | ‐ ‑ ‒ – — ― → - |
/// | fold_ligatures | false | ﬁ ﬂ ĳ ǌ ŉ ... → fi fl ij nj 'n (like ftfy fix_latin_ligatures) |
/// | fold_width | false | full-width ASCII forms and ideographic space → ASCII |
/// | remove_controls | true | drop C0/C1 controls (not tab/newline), zero-width characters except ZWJ/ZWNJ, soft hyphens, BOM |
/// | remove_repeated_paragraphs | true | drop a paragraph identical to an earlier one (keep the first) |
/// | dehyphenate | true | join words split across lines ("infor-\nmation" → "information") |
/// | restore_case | true | restore proper nouns MT lower-cased ("kyiv" → "Kyiv"), from a small gazetteer |
/// | language_id | true | set document.language / languageScore |
/// | min_language_confidence | 0.0 | below this the language is "und" |
/// | keep_languages | [] | if set, drop documents in other languages |
/// | paragraph_languages | false | identify each paragraph; meta["paragraph_languages"]; with keep_languages also drop paragraphs (of ≥ 40 letters) confidently in another language |
/// | line_mode | "encoding" | what `cleanLine` (winnow clean) does: "encoding" = mojibake repair only (like ftfy fix_encoding); "full" = like ftfy fix_text (also entities, controls, ligatures, width, uncurled quotes, normalisation); "document" = the per-line cleanup the stage applies to documents (options as set) |
public struct CleanOptions: Sendable {
    public enum Normalization: String, Sendable { case nfc = "NFC", nfkc = "NFKC" }
    public enum LineMode: String, Sendable { case encoding, full, document }
    public var normalization: Normalization
    public var fixMojibake: Bool
    public var decodeEntities: Bool
    public var uncurlQuotes: Bool
    public var foldDashes: Bool
    public var foldLigatures: Bool
    public var foldWidth: Bool
    public var removeControls: Bool
    public var removeRepeatedParagraphs: Bool
    public var dehyphenate: Bool
    public var restoreCase: Bool
    public var languageID: Bool
    public var minLanguageConfidence: Double
    public var keepLanguages: [String]
    public var paragraphLanguages: Bool
    public var lineMode: LineMode

    public init(params p: StageParams) throws {
        normalization = Normalization(rawValue: try p.choice("normalization", default: "NFC", from: ["NFC", "NFKC"]))!
        fixMojibake = try p.bool("fix_mojibake", default: true)
        decodeEntities = try p.bool("decode_entities", default: true)
        uncurlQuotes = try p.bool("uncurl_quotes", default: false)
        foldDashes = try p.bool("fold_dashes", default: false)
        foldLigatures = try p.bool("fold_ligatures", default: false)
        foldWidth = try p.bool("fold_width", default: false)
        removeControls = try p.bool("remove_controls", default: true)
        removeRepeatedParagraphs = try p.bool("remove_repeated_paragraphs", default: true)
        dehyphenate = try p.bool("dehyphenate", default: true)
        restoreCase = try p.bool("restore_case", default: true)
        languageID = try p.bool("language_id", default: true)
        minLanguageConfidence = try p.double("min_language_confidence", default: 0.0, in: 0...1)
        keepLanguages = try p.strings("keep_languages", default: [])
        for code in keepLanguages where !LanguageIdentifier.supportedCodes.contains(code) {
            throw p.error("keep_languages", "unknown language code \"\(code)\" (ISO 639-1, one of the 75 supported)")
        }
        paragraphLanguages = try p.bool("paragraph_languages", default: false)
        lineMode = LineMode(rawValue: try p.choice("line_mode", default: "encoding", from: ["encoding", "full", "document"]))!
        if !languageID && (!keepLanguages.isEmpty || paragraphLanguages) {
            throw p.error("language_id", "keep_languages / paragraph_languages need language_id: true")
        }
        try p.finish()
    }

    public init() { try! self.init(params: StageParams()) }
}
