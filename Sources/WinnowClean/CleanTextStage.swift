import WinnowCore

/// Unicode normalisation, mojibake repair, whitespace cleanup and language identification.
///
/// Options: see `CleanOptions`. `cleanLine` (used by `winnow clean`) follows `line_mode`:
/// - `{}` (default, "encoding"): mojibake repair only, like ftfy `fix_encoding` (scorer `--target encoding`);
/// - `{"line_mode":"full"}`: like ftfy `fix_text` (scorer `--target full`): entities, controls, ligatures,
///   full-width forms, uncurled quotes, NFC;
/// - `{"line_mode":"document"}`: the per-line cleanup `process` applies to documents (with the options given).
/// `identifyLanguage` (used by `winnow langid`) returns an ISO 639-1 code of 75 languages or "und".
public final class CleanTextStage: DocumentStage, LineCleaning, LanguageIdentifying {
    public static let typeName = "clean_text"
    public static let summary = "Unicode normalisation, mojibake repair, whitespace cleanup and language identification."

    let options: CleanOptions

    /// The language model, loaded on first use (shared by all instances): `winnow clean` never needs it,
    /// and loading it costs more CPU than cleaning ten megabytes of lines. `open` loads it and reports a
    /// model that cannot be loaded; without `open`, such a model identifies nothing ("und").
    var lid: LanguageIdentifier? {
        guard options.languageID, case .success(let model) = LanguageIdentifier.shared else { return nil }
        return model
    }

    public func open(context: StageContext) throws {
        if options.restoreCase, case .failure(let e) = CaseRestorer.loaded {
            throw ConfigError(location: "clean_text", key: "restore_case", reason: "cannot load the proper-noun list: \(e)")
        }
        guard options.languageID, case .failure(let e) = LanguageIdentifier.shared else { return }
        throw ConfigError(location: "clean_text", key: "language_id", reason: "cannot load the language model: \(e) (or set \"language_id\": false)")
    }

    public init(params: StageParams) throws {
        options = try CleanOptions(params: params)
    }

    public func cleanLine(_ line: String) -> String {
        TextCleaner.cleanLine(line, options)
    }

    /// `cleanLine` on UTF-8 bytes (invalid sequences become U+FFFD), appending the cleaned line to `out`.
    public func cleanLine(bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        TextCleaner.cleanLine(bytes: bytes, options, into: &out)
    }

    public func identifyLanguage(_ text: String) -> (code: String, score: Double) {
        guard let lid else { return ("und", 0) }
        return lid.identify(text)
    }

    public func process(_ document: inout Document) throws -> StageResult {
        cleanMetadata(&document)
        return TextCleaner.process(&document, options, lid)
    }

    /// Title, authors, publisher, site and description get the text's Unicode and mojibake repair, line by line.
    func cleanMetadata(_ d: inout Document) {
        var o = options
        o.lineMode = .document
        func fix(_ s: String?) -> String? {
            guard let s else { return nil }
            let r = TextCleaner.cleanLine(s, o)
            return r.isEmpty ? nil : r
        }
        d.title = fix(d.title)
        d.authors = d.authors.compactMap(fix)
        d.publisher = fix(d.publisher)
        d.site = fix(d.site)
        d.description = fix(d.description)
        d.tags = d.tags.compactMap(fix)
    }
}
