import Dispatch
import Foundation
import WinnowCore
import WinnowIO

/// Options given on the command line that override or extend the pipeline file.
public struct RunOptions: Sendable {
    public var inputs: [String]? = nil
    public var output: String? = nil
    public var threads: Int? = nil
    public var stateDirectory: String? = nil
    /// Documents whose trace is written to `explain.jsonl`: by id, by input path (as shown in rejects,
    /// or its file name), or `*` for all.
    public var explain: Set<String> = []

    func explains(_ doc: Document) -> Bool {
        if explain.isEmpty { return false }
        if explain.contains("*") || explain.contains(doc.id) || explain.contains(doc.source.description) { return true }
        let path = doc.source.path
        if explain.contains(path) { return true }
        if let slash = path.lastIndex(of: "/") { return explain.contains(String(path[path.index(after: slash)...])) }
        return false
    }
    /// Show progress on stderr (terminal: a live line; otherwise periodic lines).
    public var progress: Bool = false
    /// Run name; with a state directory it also names the run's output folder. Default: UTC timestamp.
    public var runName: String? = nil
    /// Process only shard `index` (0-based) of `count`: a deterministic share of the input files.
    public var shard: (index: Int, count: Int)? = nil
    public init() {}
}

/// Exit codes (documented in the README).
public enum ExitCode {
    public static let success: Int32 = 0
    public static let partial: Int32 = 1      // finished, some documents rejected
    public static let failure: Int32 = 2      // bad pipeline/config, no inputs, I/O failure
    public static let alreadyRunning: Int32 = 3
}

/// An error that stops the whole run (not one document).
public struct RunError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Streams documents through the stages in batches: the parallel stages of a batch run on all cores,
/// sequential (stateful) stages run in input order, and results are written in input order, so
/// output bytes do not depend on the thread count. Memory is bounded by the batch size.
public final class PipelineRunner {
    public let config: PipelineConfig
    public let options: RunOptions
    let stages: [any Stage]
    let stageTypes: [String]

    /// Instantiates (and so validates) every stage before any input is read.
    public init(config: PipelineConfig, options: RunOptions = RunOptions(),
                registry: StageRegistry = BuiltinStages.registry) throws {
        self.config = config
        self.options = options
        stages = try Self.instantiate(config, registry: registry)
        stageTypes = config.stages.map(\.type)
    }

    public static func instantiate(_ config: PipelineConfig, registry: StageRegistry) throws -> [any Stage] {
        try config.stages.map { spec in
            guard let type = registry.type(named: spec.type) else {
                throw ConfigError(file: config.file, location: spec.location, key: "type",
                                  reason: "unknown stage type \"\(spec.type)\" (known: \(registry.names.joined(separator: ", ")))")
            }
            let params = StageParams(spec.params, location: spec.location, file: config.file)
            return try type.init(params: params)
        }
    }

    /// One unit of work in a batch.
    enum Item {
        case file(InputFile)          // a page file: loaded and decoded by a worker
        case record(RawRecord)        // already read (JSONL line, archive member)
        case failure(ReadFailure)
        case document(Document)       // already a document (shard output, for reduce)
    }

    enum Outcome {
        case written([UInt8], Document)
        /// `doc` is kept only when it is traced, so `--explain` can show why it was dropped.
        case dropped(stage: Int, reason: String, doc: Document?)
        case rejected(stage: Int?, source: SourceRef, id: String?, reason: String)
    }

    struct Slot {
        var doc: Document?
        var outcome: Outcome?
        var stageSeconds: [Double]
    }

    /// Where the work comes from and which stages it goes through.
    enum Work {
        /// Input files (scanned, filtered by the state ledger and the shard) through all stages.
        case files
        /// Documents from shard outputs, through the stages from `firstStage` on (`winnow reduce`).
        case shardOutputs(folders: [String], firstStage: Int)
    }

    public func run() throws -> RunStats {
        try run(.files)
    }

    /// Runs the stages from the first sequential one on over shard outputs, merged in input order.
    public func reduce(shardFolders: [String]) throws -> RunStats {
        try run(.shardOutputs(folders: shardFolders, firstStage: Self.firstSequentialStage(stages) ?? stages.count))
    }

    static func firstSequentialStage(_ stages: [any Stage]) -> Int? {
        stages.firstIndex { $0.scheduling == .sequential }
    }

    func run(_ work: Work) throws -> RunStats {
        let started = DispatchTime.now().uptimeNanoseconds
        var stats = RunStats()
        stats.pipeline = config.name
        let threads = max(1, options.threads ?? (config.threads > 0 ? config.threads : ProcessInfo.processInfo.activeProcessorCount))
        stats.threads = threads
        let outRoot = options.output ?? config.output.path
        let toStdout = outRoot == "-"
        if toStdout && (options.stateDirectory != nil || options.shard != nil) {
            throw RunError("--state and --shard need an output directory, not stdout")
        }
        if !toStdout { try Self.makeDirectory(outRoot) }

        // Cron mode: lock the state, clean up after crashed runs, prepare the next generation.
        var store: StateStore?
        if let dir = options.stateDirectory {
            let st = try StateStore(directory: dir)
            try st.lock()
            try st.begin(outputRoot: outRoot)
            store = st
        }
        defer { store?.unlock() }
        let runName = options.runName ?? (store != nil ? StateStore.runName(outputRoot: outRoot) : "run")
        if let store, store.committedRuns.contains(where: { $0.name == runName || $0.folder == runName }) {
            throw RunError("run name \(runName) is already used by a committed run in \(store.directory)")
        }
        stats.runName = runName

        // Stage range: shard (map) runs stop before the first sequential stage; reduce starts there.
        var stageRange = 0..<stages.count
        var finalFolder = outRoot
        if let shard = options.shard {
            stageRange = 0..<(Self.firstSequentialStage(stages) ?? stages.count)
            finalFolder = outRoot + "/" + Self.shardFolderName(shard.index, shard.count)
        } else if store != nil {
            finalFolder = outRoot + "/" + runName
        }
        if case let .shardOutputs(_, first) = work { stageRange = first..<stages.count }
        let activeTypes = stageRange.map { stageTypes[$0] }
        stats.stages = activeTypes.map { StageStats(type: $0) }
        // Outputs are written under a staging name and renamed into place when complete.
        let staging = (toStdout || finalFolder == outRoot) ? outRoot : outRoot + "/.staging-" + (finalFolder as NSString).lastPathComponent
        if staging != outRoot {
            try? FileManager.default.removeItem(atPath: staging)
            try Self.makeDirectory(staging)
        }

        // What to read.
        var files: [InputFile] = []
        var scanFailures: [ReadFailure] = []
        var shardReaders: [ShardOutputReader] = []
        switch work {
        case .files:
            let inputs = options.inputs ?? config.input.paths
            guard !inputs.isEmpty else { throw RunError("no inputs: give --input or input.paths in \(config.file)") }
            let scan = try InputScanner(exclude: config.input.exclude).scan(inputs)
            if scan.files.isEmpty && scan.failures.isEmpty { throw RunError("no input files found in \(inputs.joined(separator: ", "))") }
            files = scan.files
            scanFailures = scan.failures
            if let shard = options.shard {
                files = files.filter { Self.shard(of: $0.displayPath, count: shard.count) == shard.index }
                scanFailures = scanFailures.filter { Self.shard(of: $0.source.path, count: shard.count) == shard.index }
            }
            if let store { files = files.filter { store.needsProcessing($0) } }
        case let .shardOutputs(folders, _):
            shardReaders = try folders.map { try ShardOutputReader(folder: $0) }
        }
        stats.inputFiles = files.count
        stats.inputBytes = files.reduce(0) { $0 + $1.size }

        let parts = PartWriter(directory: staging, gzip: config.output.gzip, maxBytes: config.output.maxFileBytes)
        // Rejects are streamed to their file (a run over a bad archive may reject millions).
        let rejectsFile = toStdout ? nil : try AtomicFileWriter(path: staging + "/rejects.jsonl", gzip: false)
        var rejectsError: Error?
        var explain: [UInt8] = []

        do {
            for k in stageRange {
                let dir = try store?.stageDirectory(index: k, type: stageTypes[k])
                try stages[k].open(context: StageContext(stateDirectory: dir, runName: runName))
            }
        } catch {
            store?.rollback()
            throw error
        }

        let readerOptions = ReaderOptions(config.input)
        var progress = Progress(enabled: options.progress, totalBytes: stats.inputBytes)
        let base = stageRange.lowerBound

        func recordReject(stage: Int?, source: SourceRef, id: String?, reason: String) {
            var w = JSONWriter()
            w.beginObject()
            w.key("source"); w.string(source.description)
            w.key("path"); w.string(source.path)
            w.key("line"); if let l = source.line { w.int(l) } else { w.null() }
            w.key("offset"); if let off = source.offset { w.int(off) } else { w.null() }
            w.key("member"); w.stringOrNull(source.member)
            w.key("id"); w.stringOrNull(id)
            w.key("stage"); w.string(stage.map { stageTypes[$0] } ?? "read")
            w.key("reason"); w.string(reason)
            w.endObject()
            var line = w.bytes
            line.append(0x0A)
            do { try rejectsFile?.write(line) } catch { rejectsError = error }
            FileHandle.standardError.write(Data("winnow: rejected \(source.description): \(reason)\n".utf8))
        }

        // Scan problems (unreadable directories, symlink loops) are rejects too.
        for f in scanFailures {
            stats.read += 1; stats.rejectedAtRead += 1
            recordReject(stage: nil, source: f.source, id: nil, reason: f.reason)
        }

        var fileIndex = 0
        var currentSource: (any RecordSource)?
        let batchSize = config.batchSize
        let policy = config.errorPolicy
        var merger = ShardMerger(shardReaders)

        // Fills the next batch: page files are deferred to workers; containers are read here in order.
        func nextBatch() throws -> [Item] {
            var batch: [Item] = []
            if case .shardOutputs = work {
                while batch.count < batchSize, let d = try merger.next() { batch.append(.document(d)) }
                return batch
            }
            while batch.count < batchSize {
                if var src = currentSource {
                    if let o = src.next() {
                        currentSource = src
                        switch o {
                        case let .record(r): batch.append(.record(r))
                        case let .failure(f): batch.append(.failure(f))
                        }
                        continue
                    }
                    currentSource = nil
                }
                guard fileIndex < files.count else { break }
                let f = files[fileIndex]
                fileIndex += 1
                if Readers.isSinglePage(f.path, format: config.input.format) {
                    batch.append(.file(f))
                } else {
                    currentSource = Readers.open(f, options: readerOptions)
                }
            }
            return batch
        }

        do {
            var batchNumber = 0
            while true {
                let batch = try nextBatch()
                if batch.isEmpty { break }
                batchNumber += 1
                let slots = process(batch, stageRange: stageRange, threads: threads, readerOptions: readerOptions)
                for slot in slots {
                    stats.read += 1
                    for k in stageRange { stats.stages[k - base].seconds += slot.stageSeconds[k] }
                    guard let outcome = slot.outcome else { continue }
                    switch outcome {
                    case let .written(bytes, doc):
                        try parts.write(bytes)
                        stats.written += 1
                        if options.explains(doc) { explain.append(contentsOf: Self.explainRecord(doc)) }
                    case let .dropped(stage, reason, doc):
                        stats.stages[stage - base].droppedByReason[RunStats.reasonKey(reason), default: 0] += 1
                        if let doc, options.explains(doc) { explain.append(contentsOf: Self.explainRecord(doc)) }
                    case let .rejected(stage, source, id, reason):
                        if let stage { stats.stages[stage - base].rejected += 1 } else { stats.rejectedAtRead += 1 }
                        recordReject(stage: stage, source: source, id: id, reason: reason)
                        if policy == .fail {
                            throw RunError("stopping (errors.policy = fail): \(source.description): \(reason)")
                        }
                    }
                }
                progress.update(documents: stats.read, bytes: batch.reduce(0) { if case let .file(f) = $1 { return $0 + f.size }; return $0 })
                if batchNumber == 1 { CrashPoint.hit("mid-run") }
            }
            progress.finish()
            Self.fillStageCounts(&stats)
            stats.outputBytes = parts.bytesWritten
            stats.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            stats.exitCode = stats.rejected > 0 ? ExitCode.partial : ExitCode.success
            try parts.commit()
            stats.outputFiles = parts.partPaths.map { ($0 as NSString).lastPathComponent }
            if !toStdout {
                if let rejectsError { throw rejectsError }
                try rejectsFile?.commit()
                if !options.explain.isEmpty { try AtomicFileWriter.write(explain, to: staging + "/explain.jsonl") }
                if staging == outRoot { Self.removeStaleParts(in: outRoot, keep: Set(stats.outputFiles)) }
                try AtomicFileWriter.write(stats.json(), to: staging + "/stats.json")
                if options.shard != nil { try AtomicFileWriter.write(Array("\(stats.written)\n".utf8), to: staging + "/_SUCCESS") }
            }
            // Stateful stages persist (into the next state generation, not yet committed).
            for k in stageRange { try stages[k].close() }
            CrashPoint.hit("after-stage-close")
            if staging != outRoot {
                try? FileManager.default.removeItem(atPath: finalFolder)
                guard rename(staging, finalFolder) == 0 else {
                    throw RunError("cannot rename \(staging) to \(finalFolder): \(String(cString: strerror(errno)))")
                }
                try StateStore.fsyncDirectory(outRoot)
            }
            CrashPoint.hit("after-output-rename")
            try store?.commit(runName: runName, outputFolder: (finalFolder as NSString).lastPathComponent, processed: files)
            CrashPoint.hit("after-commit")
        } catch {
            parts.abandon()
            rejectsFile?.abandon()
            progress.finish()
            store?.rollback()
            if staging != outRoot { try? FileManager.default.removeItem(atPath: staging) }
            throw error
        }
        return stats
    }

    public static func shardFolderName(_ index: Int, _ count: Int) -> String {
        String(format: "shard-%05d-of-%05d", index, count)
    }

    /// Deterministic shard of an input (stable hash of its path as shown in the output).
    public static func shard(of displayPath: String, count: Int) -> Int {
        Int(StableHash.xxh64(displayPath) % UInt64(count))
    }

    /// Stage `k` sees what stage `k-1` kept; the first sees every document that was read successfully.
    static func fillStageCounts(_ stats: inout RunStats) {
        var flowing = stats.read - stats.rejectedAtRead
        for k in stats.stages.indices {
            stats.stages[k].input = flowing
            stats.stages[k].kept = flowing - stats.stages[k].dropped - stats.stages[k].rejected
            flowing = stats.stages[k].kept
        }
    }

    /// Runs one batch through all stages. Parallel stages fan out over `threads`; sequential stages
    /// run in input order on this thread.
    func process(_ batch: [Item], stageRange: Range<Int>, threads: Int, readerOptions: ReaderOptions) -> [Slot] {
        var slots = [Slot](repeating: Slot(doc: nil, outcome: nil, stageSeconds: [Double](repeating: 0, count: stages.count)),
                           count: batch.count)
        let traceAll = config.output.trace
        // Load + decode (parallel).
        slots.withUnsafeMutableBufferPointer { buf in
            nonisolated(unsafe) let slotsPtr = buf
            parallelFor(batch.count, threads: threads) { i in
                let item = batch[i]
                var record: RawRecord
                switch item {
                case let .failure(f):
                    slotsPtr[i].outcome = .rejected(stage: nil, source: f.source, id: nil, reason: f.reason); return
                case let .document(d):
                    var doc = d
                    doc.tracing = doc.tracing || traceAll || options.explains(doc)
                    slotsPtr[i].doc = doc
                    return
                case let .record(r): record = r
                case let .file(f):
                    var src = Readers.open(f, options: readerOptions)
                    switch src.next() {
                    case let .record(r)?: record = r
                    case let .failure(fail)?:
                        slotsPtr[i].outcome = .rejected(stage: nil, source: fail.source, id: nil, reason: fail.reason); return
                    case nil:
                        slotsPtr[i].outcome = .rejected(stage: nil, source: SourceRef(path: f.displayPath), id: nil, reason: "no record"); return
                    }
                }
                var doc = DocumentFactory.make(record)
                doc.tracing = traceAll || options.explains(doc)
                slotsPtr[i].doc = doc
            }
        }
        // Stages, grouped into runs of parallel / sequential scheduling.
        var k = stageRange.lowerBound
        while k < stageRange.upperBound {
            if let batchStage = stages[k] as? any BatchStage {
                // BatchStage (exec): one call with the live documents in input order, on this thread.
                runBatchStage(k, batchStage, &slots)
                k += 1
            } else if stages[k].scheduling == .sequential {
                for i in slots.indices where slots[i].outcome == nil && slots[i].doc != nil {
                    runStage(k, &slots[i])
                }
                k += 1
            } else {
                var end = k
                while end < stageRange.upperBound && stages[end].scheduling == .parallel
                        && !(stages[end] is any BatchStage) { end += 1 }
                let range = k..<end
                slots.withUnsafeMutableBufferPointer { buf in
                    nonisolated(unsafe) let slotsPtr = buf
                    parallelFor(buf.count, threads: threads) { i in
                        for s in range where slotsPtr[i].outcome == nil && slotsPtr[i].doc != nil {
                            self.runStage(s, &slotsPtr[i])
                        }
                    }
                }
                k = end
            }
        }
        // Serialise survivors (parallel).
        let includeTrace = traceAll
        slots.withUnsafeMutableBufferPointer { buf in
            nonisolated(unsafe) let slotsPtr = buf
            parallelFor(buf.count, threads: threads) { i in
                guard slotsPtr[i].outcome == nil, let doc = slotsPtr[i].doc else { return }
                slotsPtr[i].outcome = .written(DocumentRecord.encode(doc, includeTrace: includeTrace), doc)
                slotsPtr[i].doc = nil
            }
        }
        return slots
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
            switch outcomes[j] {
            case .keep: slots[i].doc = doc
            case let .drop(reason):
                doc.note(stageTypes[k], "drop-document", rule: "stage", reason)
                slots[i].doc = nil
                slots[i].outcome = .dropped(stage: k, reason: reason, doc: doc.tracing ? doc : nil)
            case let .reject(reason):
                slots[i].doc = nil
                slots[i].outcome = .rejected(stage: k, source: doc.source, id: doc.id, reason: reason)
            }
        }
    }

    private func runStage(_ k: Int, _ slot: inout Slot) {
        guard var doc = slot.doc else { return }
        slot.doc = nil
        let t0 = DispatchTime.now().uptimeNanoseconds
        do {
            switch try stages[k].process(&doc) {
            case .keep: slot.doc = doc
            case let .drop(reason):
                doc.note(stageTypes[k], "drop-document", rule: "stage", reason)
                slot.outcome = .dropped(stage: k, reason: reason, doc: doc.tracing ? doc : nil)
            }
        } catch {
            let reason = (error as? StageError)?.reason ?? "\(error)"
            slot.outcome = .rejected(stage: k, source: doc.source, id: doc.id, reason: reason)
        }
        slot.stageSeconds[k] += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    static func explainRecord(_ doc: Document) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("id"); w.string(doc.id)
        w.key("source"); w.string(doc.source.description)
        w.key("trace"); w.beginArray()
        for t in doc.trace {
            w.beginObject()
            w.key("stage"); w.string(t.stage); w.key("action"); w.string(t.action)
            w.key("rule"); w.string(t.rule); w.key("detail"); w.string(t.detail)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        var b = w.bytes; b.append(0x0A)
        return b
    }

    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw RunError("cannot create output directory \(path): \(error.localizedDescription)")
        }
        guard access(path, W_OK) == 0 else { throw RunError("output directory \(path) is not writable") }
    }

    /// Part files from an earlier run with more parts would otherwise mix with this run's output.
    static func removeStaleParts(in dir: String, keep: Set<String>) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for n in names where n.hasPrefix("part-") && (n.hasSuffix(".jsonl") || n.hasSuffix(".jsonl.gz")) && !keep.contains(n) {
            unlink(dir + "/" + n)
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
