import Dispatch
import Foundation
import WinnowCore
import WinnowIO

/// One unit of work in a batch.
enum WorkItem {
    case file(InputFile)          // a page file: loaded and decoded by a worker
    case record(RawRecord)        // already read (JSONL line, archive member)
    case failure(ReadFailure)
    case document(Document)       // already a document (shard output, for reduce)

    /// Bytes this item stands for in the progress display.
    var fileBytes: Int { if case let .file(f) = self { return f.size }; return 0 }
}

/// What became of one document.
enum Outcome {
    case written([UInt8], Document)
    /// `doc` is kept only when it is traced or dropped documents are recorded, for `--explain` and `dropped.jsonl`.
    case dropped(stage: Int, reason: String, doc: Document?)
    case rejected(stage: Int?, source: SourceRef, id: String?, reason: String)
}

/// A batch slot: the document while it flows, then its outcome.
struct Slot {
    var doc: Document?
    var outcome: Outcome?
    var stageSeconds: [Double]
    /// Warnings raised while reading (unparseable JSONL metadata), counted by the sink.
    var warnings: [String] = []
}

/// A built stage with its kind (its protocol) resolved once, so the executor never casts per document.
enum ScheduledStage {
    case document(any DocumentStage)
    case sequential(any SequentialStage)
    case batch(any BatchStage)

    init(_ stage: any Stage) {
        if let b = stage as? any BatchStage { self = .batch(b) }
        else if let q = stage as? any SequentialStage { self = .sequential(q) }
        else if let d = stage as? any DocumentStage { self = .document(d) }
        else { preconditionFailure("\(type(of: stage).typeName): a stage must be a DocumentStage, SequentialStage or BatchStage") }
    }

    /// A per-document or sequential stage's `process` (a batch stage goes through `runBatchStage`).
    func process(_ doc: inout Document) throws -> StageResult {
        switch self {
        case let .document(s): return try s.process(&doc)
        case let .sequential(s): return try s.process(&doc)
        case .batch: preconditionFailure("a batch stage is run a batch at a time")
        }
    }
}

/// Runs batches through the stages: decoding and per-document stages fan out over `threads`, sequential
/// stages run in input order on the calling thread, and records are encoded in parallel. Results come back
/// in input order, so output bytes do not depend on the thread count.
struct BatchExecutor {
    let stages: [ScheduledStage]
    let stageTypes: [String]
    let stageRange: Range<Int>
    let threads: Int
    let readerOptions: ReaderOptions
    let traceAll: Bool
    /// Whether a dropped document must be kept (for `dropped.jsonl` or `--explain`).
    let keepDropped: (Document) -> Bool
    let explains: (Document) -> Bool
    /// Whether kept documents are encoded as output records (callers that only read the documents skip it).
    var encodeRecords = true

    func process(_ batch: [WorkItem]) -> [Slot] {
        var slots = [Slot](repeating: Slot(doc: nil, outcome: nil, stageSeconds: [Double](repeating: 0, count: stages.count)),
                           count: batch.count)
        decode(batch, into: &slots)
        var k = stageRange.lowerBound
        while k < stageRange.upperBound {
            switch stages[k] {
            case let .batch(stage):
                // One call with the live documents in input order, on this thread.
                runBatchStage(k, stage, &slots)
                k += 1
            case let .sequential(stage):
                if let preparing = stage as? any PreparingStage { runPreparing(k, preparing, &slots) }
                else { for i in slots.indices where slots[i].outcome == nil && slots[i].doc != nil { runStage(k, &slots[i]) } }
                k += 1
            case .document:
                // A run of per-document stages goes through each document on one worker thread.
                var end = k
                while end < stageRange.upperBound, case .document = stages[end] { end += 1 }
                let range = k..<end
                forEachSlot(&slots) { slot in
                    for s in range where slot.outcome == nil && slot.doc != nil { self.runStage(s, &slot) }
                }
                k = end
            }
        }
        let includeTrace = traceAll
        forEachSlot(&slots) { slot in
            guard slot.outcome == nil, let doc = slot.doc else { return }
            slot.outcome = .written(encodeRecords ? DocumentRecord.encode(doc, includeTrace: includeTrace) : [], doc)
            slot.doc = nil
        }
        return slots
    }

    /// Load and decode every item (parallel).
    private func decode(_ batch: [WorkItem], into slots: inout [Slot]) {
        forEachSlotIndex(&slots) { i, slot in
            switch batch[i] {
            case let .failure(f):
                slot.outcome = .rejected(stage: nil, source: f.source, id: nil, reason: f.reason)
            case let .document(d):
                var doc = d
                doc.tracing = doc.tracing || traceAll || explains(doc)
                slot.doc = doc
            case let .record(r):
                admit(r, into: &slot)
            case let .file(f):
                var src = Readers.open(f, options: readerOptions)
                switch src.next() {
                case let .record(r)?: admit(r, into: &slot)
                case let .failure(fail)?: slot.outcome = .rejected(stage: nil, source: fail.source, id: nil, reason: fail.reason)
                case nil: slot.outcome = .rejected(stage: nil, source: SourceRef(path: f.displayPath), id: nil, reason: "no record")
                }
            }
        }
    }

    private func admit(_ record: RawRecord, into slot: inout Slot) {
        var doc = DocumentFactory.make(record)
        doc.tracing = traceAll || explains(doc)
        slot.warnings = record.warnings
        slot.doc = doc
    }

    /// Runs BatchStage `k` over the slots still live: their documents go in as one batch (input order)
    /// and each outcome comes back to its slot. The stage's time is shared evenly among the documents.
    private func runBatchStage(_ k: Int, _ stage: any BatchStage, _ slots: inout [Slot]) {
        let live = slots.indices.filter { slots[$0].outcome == nil && slots[$0].doc != nil }
        if live.isEmpty { return }
        var docs = live.map { slots[$0].doc! }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let outcomes = stage.process(batch: &docs)
        precondition(outcomes.count == docs.count, "\(stageTypes[k]): \(outcomes.count) outcomes for \(docs.count) documents")
        let share = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 / Double(live.count)
        for (j, i) in live.enumerated() {
            var doc = docs[j]
            slots[i].stageSeconds[k] += share
            slots[i].doc = nil
            switch outcomes[j] {
            case .keep: slots[i].doc = doc
            case let .drop(reason):
                doc.note(stageTypes[k], "drop-document", rule: "stage", reason)
                slots[i].outcome = .dropped(stage: k, reason: reason, doc: keepDropped(doc) ? doc : nil)
            case let .reject(reason):
                slots[i].outcome = .rejected(stage: k, source: doc.source, id: doc.id, reason: reason)
            }
        }
    }

    /// A PreparingStage: `prepare` for every live document on the worker threads, then `process` in input order.
    private func runPreparing<S: PreparingStage>(_ k: Int, _ stage: S, _ slots: inout [Slot]) {
        var prepared = [S.Prepared?](repeating: nil, count: slots.count)
        prepared.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            forEachSlotIndex(&slots) { i, slot in
                guard slot.outcome == nil, let doc = slot.doc else { return }
                let t0 = DispatchTime.now().uptimeNanoseconds
                out[i] = stage.prepare(doc)
                slot.stageSeconds[k] += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            }
        }
        for i in slots.indices where slots[i].outcome == nil && slots[i].doc != nil {
            // Every live document was prepared above; computing it here if not keeps a document from being
            // passed over without the stage.
            runStage(k, &slots[i]) { try stage.process(&$0, prepared: prepared[i] ?? stage.prepare($0)) }
        }
    }

    private func runStage(_ k: Int, _ slot: inout Slot, _ process: ((inout Document) throws -> StageResult)? = nil) {
        guard var doc = slot.doc else { return }
        slot.doc = nil
        let t0 = DispatchTime.now().uptimeNanoseconds
        do {
            switch try process?(&doc) ?? stages[k].process(&doc) {
            case .keep: slot.doc = doc
            case let .drop(reason):
                doc.note(stageTypes[k], "drop-document", rule: "stage", reason)
                slot.outcome = .dropped(stage: k, reason: reason, doc: keepDropped(doc) ? doc : nil)
            }
        } catch {
            let reason = (error as? StageError)?.reason ?? "\(error)"
            slot.outcome = .rejected(stage: k, source: doc.source, id: doc.id, reason: reason)
        }
        slot.stageSeconds[k] += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    private func forEachSlot(_ slots: inout [Slot], _ body: (inout Slot) -> Void) {
        forEachSlotIndex(&slots) { _, slot in body(&slot) }
    }

    private func forEachSlotIndex(_ slots: inout [Slot], _ body: (Int, inout Slot) -> Void) {
        slots.withUnsafeMutableBufferPointer { buf in
            nonisolated(unsafe) let slotsPtr = buf
            parallelFor(buf.count, threads: threads) { i in body(i, &slotsPtr[i]) }
        }
    }
}

/// Runs `body(i)` for i in 0..<n on up to `threads` threads (inline when 1).
func parallelFor(_ n: Int, threads: Int, _ body: (Int) -> Void) {
    if threads <= 1 || n <= 1 {
        for i in 0..<n { body(i) }
        return
    }
    // Dynamic work distribution: documents vary a lot in cost.
    let next = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    next.initialize(to: 0)
    defer { next.deallocate() }
    let lock = NSLock()
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        nonisolated(unsafe) let next = next
        DispatchQueue.concurrentPerform(iterations: min(threads, n)) { _ in
            while true {
                lock.lock()
                let i = next.pointee
                next.pointee += 1
                lock.unlock()
                if i >= n { return }
                body(i)
            }
        }
    }
}
