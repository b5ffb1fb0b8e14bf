import ArgumentParser
import Foundation
import WinnowCore
import WinnowIO
import WinnowPipeline

// The one path every stdin → stdout filter takes (`winnow filter TYPE`, and `tag`, `dedup`, `langid`):
// JSON Lines read exactly as `winnow run` reads a .jsonl input (WinnowIO's JSONL record reader, then
// DocumentFactory), batches through the runner's executor (`StageStream`), outcomes back in input order.

/// `--params '{"key": value}'`: options for the stage, validated exactly as in a pipeline file.
struct StageParamsOption: ParsableArguments {
    @Option(name: .long, help: "Stage options as a JSON object, as in a pipeline file's params.") var params: String?

    func make<S: Stage>(_ type: S.Type) throws -> S { try S(params: stageParams(S.typeName)) }

    /// The stage with `defaults` for keys `--params` does not set (a command that never uses an option's
    /// work turns it off, so that `open` does not load its model).
    func make<S: Stage>(_ type: S.Type, defaults: [(String, JSONValue)]) throws -> S {
        var pairs = try stageParams(S.typeName).values
        for (k, v) in defaults where !pairs.contains(where: { $0.0 == k }) { pairs.append((k, v)) }
        return try S(params: StageParams(pairs, location: "--params (\(S.typeName))", file: nil))
    }

    func make(type: any Stage.Type) throws -> any Stage { try type.init(params: stageParams(type.typeName)) }

    func stageParams(_ typeName: String) throws -> StageParams {
        var pairs: [(String, JSONValue)] = []
        if let params {
            let value: JSONValue
            do { value = try JSONValue.parse(params) } catch { throw WinnowExit.failure("--params: \(error)") }
            guard case let .object(p) = value else { throw WinnowExit.failure("--params must be a JSON object") }
            pairs = p
        }
        return StageParams(pairs, location: "--params (\(typeName))", file: nil)
    }
}

/// Worker threads of a filter: `--threads`, else every core (output is the same either way).
struct ThreadsOption: ParsableArguments {
    @Option(name: .long, help: "Worker threads (default: all cores; output is the same for any count).") var threads: Int?
    var count: Int { max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount) }
}

/// Standard input as JSON Lines records, in batches. Each item is the record (or why the line is not one,
/// named `<stdin>:LINE`) and the line's JSON object, for commands that read or pass on other keys.
final class StdinRecords {
    static let displayPath = "<stdin>"
    private let lines: LineReader
    private let maxLine: Int

    init(descriptor: Int32 = 0, maxLine: Int = ReaderOptions().maxDocumentBytes) {
        lines = LineReader(stream: FileByteStream(descriptor: descriptor, name: Self.displayPath), maxLine: maxLine)
        self.maxLine = maxLine
    }

    /// Up to `size` items; empty at the end of the input.
    func nextBatch(size: Int) throws -> [(outcome: ReadOutcome, object: JSONValue?)] {
        var batch: [(outcome: ReadOutcome, object: JSONValue?)] = []
        while batch.count < size {
            let item: LineReader.Line?
            do { item = try lines.next() } catch { throw WinnowExit.failure("\(Self.displayPath): \(error)") }
            guard let item else { break }
            switch item {
            case let .tooLong(n, off):
                let src = SourceRef(path: Self.displayPath, line: n, offset: off)
                batch.append((.failure(ReadFailure(source: src, reason: "line longer than the document size limit of \(maxLine) bytes")), nil))
            case let .line(bytes, n, off):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }   // blank lines are not records
                batch.append(Readers.jsonlRecord(bytes, source: SourceRef(path: Self.displayPath, line: n, offset: off)))
            }
        }
        return batch
    }
}

/// What a filter saw, for the summary line and the exit code.
struct FilterCounts {
    var read = 0
    var kept = 0
    var rejected = 0
    /// "stage: reason" (reason as counted in stats.json) → documents.
    var dropped: [String: Int] = [:]

    var droppedTotal: Int { dropped.values.reduce(0, +) }

    func summary(_ name: String) -> String {
        var s = "winnow \(name): \(read) read, \(kept) kept, \(droppedTotal) dropped, \(rejected) rejected"
        if !dropped.isEmpty { s += " (dropped: " + dropped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")" }
        return s
    }
}

/// Runs records (stdin's lines, or `extract`'s inputs) through a `StageStream`, batch by batch. Rejects (lines
/// that are not records, unreadable pages, documents a stage rejected) are named on stderr with their source
/// (`<stdin>:LINE`) and reason, and counted; every kept or dropped document goes to `handle` with its input
/// line's JSON object, in input order.
struct StdinFilter {
    let stream: StageStream
    var batchSize = PipelineConfig().batchSize
    /// A command's own reading of keys the JSONL reader does not know (e.g. `lang` for `language`).
    var adjust: ((inout RawRecord, JSONValue) -> Void)? = nil

    func run(_ handle: (StreamOutcome, JSONValue?) throws -> Void) throws -> FilterCounts {
        let input = StdinRecords()
        return try run(batches: { try input.nextBatch(size: $0) }, handle)
    }

    /// `batches(n)`: up to n items, empty at the end.
    func run(batches: (Int) throws -> [(outcome: ReadOutcome, object: JSONValue?)],
             _ handle: (StreamOutcome, JSONValue?) throws -> Void) throws -> FilterCounts {
        var counts = FilterCounts()
        while true {
            let batch = try batches(batchSize)
            if batch.isEmpty { break }
            let records: [ReadOutcome] = batch.map { item in
                guard let adjust, case var .record(r) = item.outcome, let object = item.object else { return item.outcome }
                adjust(&r, object)
                return .record(r)
            }
            for (i, result) in stream.process(records).enumerated() {
                counts.read += 1
                for w in result.warnings { Diagnostics.warn(w) }
                switch result.outcome {
                case let .rejected(source, _, stage, reason):
                    counts.rejected += 1
                    Diagnostics.rejected(source, stage: stage, reason: reason)
                    continue
                case .kept: counts.kept += 1
                case let .dropped(_, stage, reason): counts.dropped["\(stage): \(StageStream.reasonKey(reason))", default: 0] += 1
                }
                try handle(result.outcome, batch[i].object)
            }
        }
        return counts
    }
}

extension StdinFilter {
    /// The records alone, for a command that runs no stage on them (`langid`): lines that are not records are
    /// reported and counted as in `run`; each record goes to `handle` with its line's JSON object, in order.
    static func forEachRecord(_ input: StdinRecords, batchSize: Int = PipelineConfig().batchSize,
                              _ handle: (RawRecord, JSONValue?) throws -> Void) throws -> FilterCounts {
        var counts = FilterCounts()
        while true {
            let batch = try input.nextBatch(size: batchSize)
            if batch.isEmpty { break }
            for item in batch {
                counts.read += 1
                switch item.outcome {
                case let .failure(f):
                    counts.rejected += 1
                    Diagnostics.rejected(f.source, stage: nil, reason: f.reason)
                case let .record(r):
                    counts.kept += 1
                    for w in r.warnings { Diagnostics.warn(w) }
                    try handle(r, item.object)
                }
            }
        }
        return counts
    }
}

extension StreamOutcome {
    /// The document, kept or dropped (nil for a reject).
    var document: Document? {
        switch self {
        case let .kept(d, _), let .dropped(d, _, _): return d
        case .rejected: return nil
        }
    }
}

/// Lines on stderr.
enum Diagnostics {
    static func write(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
    static func warn(_ message: String) { write("winnow: warning: \(message)") }
    static func rejected(_ source: SourceRef, stage: String?, reason: String) {
        write("winnow: rejected \(source.description)\(stage.map { " (\($0))" } ?? ""): \(reason)")
    }
}

/// A compact command's answer for one record (`tag`, `dedup`, `langid`). A record holding only keys the
/// command reads (the evaluation format, e.g. `{id, text}`) gets the compact answer: `id`, then the command's
/// fields. A record with other keys too (from `winnow extract --jsonl` or an earlier compact command) is
/// passed on with the answer added: `id`, the input's other keys in their order, then the command's fields
/// (replacing input keys of the same name), so `extract --jsonl | langid | tag | dedup` chains.
struct CompactAnswer {
    /// Keys the command reads from an input record.
    let reads: Set<String>
    /// Keys the command writes (besides `id`).
    let writes: Set<String>

    func passesThrough(_ input: JSONValue?) -> Bool {
        guard let pairs = input?.objectPairs else { return false }
        return pairs.contains { !reads.contains($0.0) }
    }

    func encode(id: String, input: JSONValue?, _ fields: (inout JSONWriter) -> Void) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("id"); w.string(id)
        if passesThrough(input), let pairs = input?.objectPairs {
            for (k, v) in pairs where k != "id" && !writes.contains(k) { w.key(k); w.value(v) }
        }
        fields(&w)
        w.endObject()
        var bytes = w.bytes
        bytes.append(0x0A)
        return bytes
    }
}

/// Buffered stdout writer (print() is slow for large outputs).
final class StdoutWriter {
    var buffer: [UInt8] = []
    func write(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes); if buffer.count > 1 << 16 { flush() } }
    func write(_ s: String) { write(Array(s.utf8)) }
    func flush() {
        buffer.withUnsafeBytes { b in
            var off = 0
            while off < b.count { let n = Glibc.write(1, b.baseAddress! + off, b.count - off); if n <= 0 { break }; off += n }
        }
        buffer.removeAll(keepingCapacity: true)
    }
    deinit { flush() }
}
