/// What a batch stage decided about one document of a batch.
public enum BatchOutcome: Sendable, Equatable {
    /// Keep the (possibly changed) document and pass it on.
    case keep
    /// Drop it on purpose; counted per reason like `StageResult.drop`.
    case drop(reason: String)
    /// Reject it (it goes to the rejects file with this reason), like a throwing `process(_:)`.
    case reject(reason: String)
}

/// A stage that wants a whole batch at once (e.g. `exec`, which feeds an external program in batches).
///
/// The runner calls `process(batch:)` once per runner batch, on its own thread, with the batch's live
/// documents (those no earlier stage dropped or rejected) in input order. The stage may parallelise
/// internally, but must return exactly one outcome per document, in the same order, and must not
/// reorder `batch`; for byte-identical output its results may depend only on the documents and their
/// order, never on timing or the runner's thread count.
public protocol BatchStage: Stage {
    func process(batch: inout [Document]) -> [BatchOutcome]
}
