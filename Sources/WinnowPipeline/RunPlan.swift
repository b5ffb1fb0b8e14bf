import Foundation
import WinnowCore
import WinnowIO

/// What a run will do, decided before any document is read: threads, where the output goes, which
/// stages run, and (for `.files` work) which inputs are read, skipped or deferred.
struct RunPlan {
    var threads = 1
    var outRoot = ""
    var toStdout = false
    var stageRange = 0..<0
    /// Inputs to read, in order, and what the scan passed over.
    var scan = InputScanner.Result()
    /// Per input root: files already processed by an earlier run (ledger), so "nothing here" is not a warning.
    var alreadyProcessedPerRoot: [Int] = []

    /// Threads, output root and stage range (everything but the inputs).
    static func make(config: PipelineConfig, options: RunOptions, stages: [any Stage], work: PipelineRunner.Work) throws -> RunPlan {
        var p = RunPlan()
        p.threads = max(1, options.threads ?? (config.threads > 0 ? config.threads : ProcessInfo.processInfo.activeProcessorCount))
        p.outRoot = options.output ?? config.output.path
        p.toStdout = p.outRoot == "-"
        if p.toStdout && (options.stateDirectory != nil || options.shard != nil) {
            throw RunError("--state and --shard need an output directory, not stdout")
        }
        // Shard (map) runs stop before the first sequential stage; reduce starts there.
        p.stageRange = 0..<stages.count
        if options.shard != nil { p.stageRange = 0..<(PipelineRunner.firstSequentialStage(stages) ?? stages.count) }
        if case let .shardOutputs(_, first) = work { p.stageRange = first..<stages.count }
        return p
    }

    /// Scans the inputs: never the run's own output or state, only page types in directories, files still
    /// being written deferred; then this shard's share, then what the state ledger has not seen.
    mutating func planInputs(config: PipelineConfig, options: RunOptions, store: StateStore?) throws {
        let inputs = options.inputs ?? config.input.paths
        guard !inputs.isEmpty else { throw RunError("no inputs: give --input or input.paths in \(config.file)") }
        var scanner = InputScanner(exclude: config.input.exclude, include: config.input.include,
                                   ignore: ([toStdout ? nil : outRoot, options.stateDirectory]).compactMap { $0 },
                                   minAgeSeconds: config.input.minAgeSeconds ?? (store != nil ? Self.defaultMinAgeWithState : 0))
        if let now = options.now { scanner.now = now }
        scan = try scanner.scan(inputs)
        if scan.files.isEmpty && scan.failures.isEmpty && scan.deferred.isEmpty && scan.skipped.isEmpty {
            throw RunError("no input files found in \(inputs.joined(separator: ", "))")
        }
        if let shard = options.shard {
            let mine: (String) -> Bool = { PipelineRunner.shard(of: $0, count: shard.count) == shard.index }
            scan.files = scan.files.filter { mine($0.displayPath) }
            scan.failures = scan.failures.filter { mine($0.source.path) }
            scan.deferred = scan.deferred.filter { mine($0.displayPath) }
        }
        alreadyProcessedPerRoot = [Int](repeating: 0, count: scan.roots.count)
        if let store {
            scan.files = scan.files.filter { f in
                if store.needsProcessing(f) { return true }
                alreadyProcessedPerRoot[f.root] += 1
                return false
            }
        }
    }

    /// With `--state`, a file younger than this is deferred unless `input.min_age_seconds` says otherwise:
    /// a minute covers a copy or a download in progress without delaying a nightly run.
    static let defaultMinAgeWithState = 60.0

    /// True when a `--state` run has nothing to read (no run folder is written).
    var nothingNew: Bool { scan.files.isEmpty && scan.failures.isEmpty }

    /// Warnings for inputs that yielded no document and no reject, with what the scan did to their files.
    func silentInputWarnings(yieldPerRoot: [Int]) -> [String] {
        var out: [String] = []
        for (i, root) in scan.roots.enumerated() where i < yieldPerRoot.count && yieldPerRoot[i] == 0 {
            if alreadyProcessedPerRoot[i] > 0 { continue }
            let deferred = scan.deferred.filter { $0.root == i }.count
            if deferred > 0 { continue }
            let skipped = i < scan.skippedPerRoot.count ? scan.skippedPerRoot[i] : 0
            out.append("input \(root) yielded no document and no reject"
                       + (skipped > 0 ? " (\(skipped) files skipped: see inputs.skipped in stats.json)" : ""))
        }
        return out
    }
}
