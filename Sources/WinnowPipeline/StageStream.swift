import Foundation
import WinnowCore
import WinnowIO

/// What became of one record given to a `StageStream`, in input order.
public enum StreamOutcome {
    /// Kept by every stage: the document and its output record (`DocumentRecord`, as `winnow run` writes it,
    /// newline included; empty when the stream was made with `encodeRecords: false`).
    case kept(Document, record: [UInt8])
    /// Dropped on purpose by stage `stage` (its type name).
    case dropped(Document, stage: String, reason: String)
    /// Not readable (`stage` nil) or rejected by a stage.
    case rejected(source: SourceRef, id: String?, stage: String?, reason: String)
}

/// The runner's batch path (`BatchExecutor`: per-document stages on all threads, sequential stages in input
/// order, batch stages fed whole batches) for callers that bring their own records and want the outcomes
/// back, such as the CLI's stdin → stdout filters. Results are in input order whatever the thread count.
public final class StageStream {
    public let stages: [any Stage]
    public let types: [String]
    private let executor: BatchExecutor
    private var opened = false

    public init(stages: [any Stage], threads: Int, encodeRecords: Bool = true) {
        self.stages = stages
        types = stages.map { type(of: $0).typeName }
        executor = BatchExecutor(stages: stages.map(ScheduledStage.init), stageTypes: types, stageRange: 0..<stages.count,
                                 threads: max(1, threads), readerOptions: ReaderOptions(), traceAll: false,
                                 keepDropped: { _ in true }, explains: { _ in false }, encodeRecords: encodeRecords)
    }

    /// Opens every stage (models and indexes load here), in order.
    public func open(context: StageContext) throws {
        for s in stages { try s.open(context: context) }
        opened = true
    }

    /// Closes every opened stage (stateful stages persist here).
    public func close() throws {
        guard opened else { return }
        opened = false
        for s in stages { try s.close() }
    }

    /// Runs one batch of records (read failures pass through as rejects, in place) through the stages.
    /// Also returns the read warnings of each record (metadata kept raw).
    public func process(_ batch: [ReadOutcome]) -> [(outcome: StreamOutcome, warnings: [String])] {
        let items: [WorkItem] = batch.map {
            switch $0 {
            case let .record(r): return .record(r)
            case let .failure(f): return .failure(f)
            }
        }
        return executor.process(items).map { slot in
            let outcome: StreamOutcome
            switch slot.outcome {
            case let .written(bytes, doc)?: outcome = .kept(doc, record: bytes)
            case let .dropped(k, reason, doc)?:
                outcome = .dropped(doc ?? Document(id: "", source: SourceRef(path: ""), format: .text), stage: types[k], reason: reason)
            case let .rejected(k, source, id, reason)?:
                outcome = .rejected(source: source, id: id, stage: k.map { types[$0] }, reason: reason)
            case nil: outcome = .rejected(source: SourceRef(path: ""), id: nil, stage: nil, reason: "no outcome")
            }
            return (outcome, slot.warnings)
        }
    }

    /// The line `dropped.jsonl` holds for a dropped document (`{id, source, url, stage, reason}`).
    public static func droppedLine(_ doc: Document, stage: String, reason: String) -> [UInt8] {
        OutcomeSink.droppedLine(doc, stage: stage, reason: reason)
    }

    /// The key a drop reason is counted under in `stats.json` ("near-duplicate of X" → "near-duplicate").
    public static func reasonKey(_ reason: String) -> String { RunStats.reasonKey(reason) }
}
