import WinnowCore

/// Tags people, places, organisations and more, with canonical names.
public final class TagEntitiesStage: Stage {
    public static let typeName = "tag_entities"
    public static let summary = "Tags people, places, organisations and more, with canonical names."

    public init(params: StageParams) throws {
        try params.finish()
    }

    public func process(_ document: inout Document) throws -> StageResult {
        .keep
    }
}
