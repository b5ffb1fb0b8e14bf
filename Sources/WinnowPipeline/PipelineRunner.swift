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
    /// The time files' ages are measured against (tests; default: now).
    public var now: Double? = nil
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
        if config.input.charset != "auto" && !Charset.isKnown(config.input.charset) {
            throw ConfigError(file: config.file, location: "input", key: "charset",
                              reason: "unknown charset \"\(config.input.charset)\" (use \"auto\" or an IANA name such as \"windows-1252\")")
        }
        var rendersText = false
        let stages: [any Stage] = try config.stages.map { spec in
            guard let type = registry.type(named: spec.type) else {
                throw ConfigError(file: config.file, location: spec.location, key: "type",
                                  reason: "unknown stage type \"\(spec.type)\" (known: \(registry.names.joined(separator: ", ")))")
            }
            let pairs = try textFormatParams(spec, type: type, config: config, renders: &rendersText)
            let params = StageParams(pairs, location: spec.location, file: config.file)
            let stage = try type.init(params: params)
            guard stage is any DocumentStage || stage is any SequentialStage || stage is any BatchStage else {
                throw ConfigError(file: config.file, location: spec.location, key: "type",
                                  reason: "\(spec.type) is not a DocumentStage, SequentialStage or BatchStage")
            }
            return stage
        }
        if config.output.textFormat != .text && !rendersText {
            throw ConfigError(file: config.file, location: "output", key: "text_format",
                              reason: "\"\(config.output.textFormat.rawValue)\" needs a stage that renders the text (strip_boilerplate); this pipeline has none")
        }
        try StageRequirements.check(stages, locations: config.stages.map(\.location), file: config.file)
        return stages
    }

    /// A stage that renders `text` (declares a `text_format` option) gets the pipeline's `output.text_format`.
    /// Its own `text_format` param (there for `winnow filter`/`extract --params`) may only repeat it.
    static func textFormatParams(_ spec: PipelineConfig.StageSpec, type: any Stage.Type, config: PipelineConfig,
                                 renders: inout Bool) throws -> [(String, JSONValue)] {
        let key = "text_format"
        guard let described = type as? any DescribedStage.Type, described.optionTable.keys.contains(key) else {
            return spec.params
        }
        renders = true
        let wanted = config.output.textFormat.rawValue
        if let given = spec.params.first(where: { $0.0 == key })?.1 {
            if case let .string(v) = given, v == wanted { return spec.params }
            throw ConfigError(file: config.file, location: spec.location, key: key,
                              reason: "set by output.text_format (\"\(wanted)\") for the whole pipeline: remove it here or set output.text_format")
        }
        return config.output.textFormat == .text ? spec.params : spec.params + [(key, .string(wanted))]
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
        stages.firstIndex { $0 is any SequentialStage }
    }

    /// Plan, open the transaction, stream batches from the source through the executor into the sink,
    /// then commit (or roll back on any error).
    func run(_ work: Work) throws -> RunStats {
        let started = DispatchTime.now().uptimeNanoseconds
        var plan = try RunPlan.make(config: config, options: options, stages: stages, work: work)
        let tx = try RunTransaction(plan: plan, options: options)
        let source: DocumentSource
        var shardStats: [RunStats] = []
        var stats = RunStats()
        stats.pipeline = config.name
        stats.threads = plan.threads
        stats.runName = tx.runName
        stats.stages = plan.stageRange.map { StageStats(type: stageTypes[$0]) }
        switch work {
        case .files:
            do { try plan.planInputs(config: config, options: options, store: tx.store) } catch { tx.rollback(); throw error }
            stats.skippedInputs = plan.scan.skipped
            stats.deferredInputs = plan.scan.deferred.count
            if tx.store != nil && plan.nothingNew {
                tx.rollback()
                stats.nothingNew = true
                stats.warnings = plan.silentInputWarnings(yieldPerRoot: [Int](repeating: 0, count: plan.scan.roots.count))
                return stats
            }
            source = DocumentSource(files: plan.scan.files, roots: plan.scan.roots.count, format: config.input.format,
                                    readerOptions: ReaderOptions(config.input))
        case let .shardOutputs(folders, _):
            let readers = try folders.map { try ShardOutputReader(folder: $0) }
            shardStats = try folders.map { try RunStats.read(shardFolder: $0) }
            source = DocumentSource(shards: readers)
        }
        stats.inputFiles = plan.scan.files.count
        stats.inputBytes = plan.scan.files.reduce(0) { $0 + $1.size }

        let sink: OutcomeSink
        do {
            try tx.prepareStaging()
            sink = try OutcomeSink(staging: tx.staging, toStdout: plan.toStdout, config: config, stageTypes: stageTypes,
                                   stageRange: plan.stageRange, stats: stats, explains: { [options] in options.explains($0) })
            try tx.open(stages, types: stageTypes, range: plan.stageRange, threads: plan.threads)
        } catch {
            tx.rollback()
            throw error
        }
        do {
            if case let .shardOutputs(folders, _) = work { try Self.carryShardRejects(folders, into: sink) }
            for f in plan.scan.failures { sink.rejectAtRead(f) }
            try stream(source, plan: plan, into: sink)
            for w in plan.silentInputWarnings(yieldPerRoot: source.yieldPerRoot) { sink.warn(w) }
            sink.stats.skippedRecords = source.skippedRecords
            if !shardStats.isEmpty { sink.stats.prependMapStats(shardStats) }
            try finish(sink, plan: plan, tx: tx, started: started)
            try tx.commit(processed: plan.scan.files)
        } catch {
            sink.abandon()
            tx.rollback()
            throw error
        }
        return sink.stats
    }

    /// Batches from the source, through the stages, into the sink.
    private func stream(_ source: DocumentSource, plan: RunPlan, into sink: OutcomeSink) throws {
        let executor = BatchExecutor(
            stages: stages.map(ScheduledStage.init), stageTypes: stageTypes, stageRange: plan.stageRange, threads: plan.threads,
            readerOptions: ReaderOptions(config.input), traceAll: config.output.trace,
            keepDropped: { [options, sink] doc in sink.recordsDropped || doc.tracing || options.explains(doc) },
            explains: { [options] in options.explains($0) })
        var progress = Progress(enabled: options.progress, totalBytes: sink.stats.inputBytes)
        var batchNumber = 0
        while true {
            let batch = try source.nextBatch(size: config.batchSize)
            if batch.isEmpty { break }
            batchNumber += 1
            for slot in executor.process(batch) { try sink.take(slot) }
            progress.update(documents: sink.stats.read, bytes: batch.reduce(0) { $0 + $1.fileBytes })
            if batchNumber == 1 { CrashPoint.hit("mid-run") }
        }
        progress.finish()
    }

    /// Counts, files in place, stateful stages closed: everything before the commit.
    private func finish(_ sink: OutcomeSink, plan: RunPlan, tx: RunTransaction, started: UInt64) throws {
        Self.fillStageCounts(&sink.stats)
        sink.stats.exitCode = sink.stats.rejected > 0 ? ExitCode.partial : ExitCode.success
        try sink.commit(explainRequested: !options.explain.isEmpty, removeStaleParts: !tx.usesStaging && !plan.toStdout)
        // Stateful stages persist (into the next state generation, not yet committed).
        for k in plan.stageRange { try stages[k].close() }
        for k in plan.stageRange {
            guard let c = stages[k] as? any StageCounting,
                  let i = sink.stats.stages.lastIndex(where: { $0.type == stageTypes[k] }) else { continue }
            sink.stats.stages[i].counters = c.counters
        }
        if !plan.toStdout {
            for k in plan.stageRange {
                guard let f = stages[k] as? any StageOutputFiles else { continue }
                for (name, contents) in f.outputFiles { try AtomicFileWriter.write(contents, to: tx.staging + "/" + name) }
            }
        }
        sink.stats.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        try sink.writeStats()
        if options.shard != nil && !plan.toStdout {
            try AtomicFileWriter.write(Array("\(sink.stats.written)\n".utf8), to: tx.staging + "/_SUCCESS")
        }
    }

    /// A reduce run's rejects include the shards' own (so one rejects.jsonl lists every reject of the job).
    static func carryShardRejects(_ folders: [String], into sink: OutcomeSink) throws {
        for folder in folders {
            guard let data = FileManager.default.contents(atPath: folder + "/rejects.jsonl") else { continue }
            for line in data.split(separator: 0x0A) where !line.isEmpty { sink.carryReject(Array(line)) }
        }
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
