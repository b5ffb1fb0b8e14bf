import ArgumentParser
import Foundation
import WinnowCore
import WinnowPipeline

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a pipeline file over inputs and write normalized JSON Lines.")

    @Argument(help: "Pipeline file (JSON).") var pipeline: String
    @Option(name: .long, parsing: .upToNextOption,
            help: "Input files, directories or globs (`--input a b` or repeated; overrides input.paths).") var input: [String] = []
    @Option(name: .long, help: "Output directory, or - for stdout (overrides output.path).") var output: String?
    @Option(name: .long, help: "Worker threads (default: all cores).") var threads: Int?
    @Option(name: .long, help: "State directory for stateful stages (dedup index across runs).") var state: String?
    @Option(name: .long, help: "Write the per-stage trace of this document (id, input path or file name; * for all) to explain.jsonl, kept or dropped (repeatable).") var explain: [String] = []
    @Flag(name: .long, help: "No progress or summary on stderr (errors still go there).") var quiet = false
    @Option(name: .long, help: ArgumentHelp("Process shard I of N (0-based), e.g. 3/8. Default from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX/WINNOW_SHARDS.", valueName: "I/N")) var shard: String?
    @Option(name: .long, help: "Name of this run (default: UTC start time when --state is given).") var runName: String?

    func run() throws {
        let config = try loadPipeline(pipeline)
        var options = RunOptions()
        options.inputs = input.isEmpty ? nil : input
        options.output = output
        options.threads = threads
        options.stateDirectory = state
        options.explain = Set(explain)
        options.runName = runName
        options.shard = try resolveShard(shard, environment: ProcessInfo.processInfo.environment)
        let interactive = isatty(2) != 0
        options.progress = !quiet && interactive
        let stats = try PipelineRunner(config: config, options: options).run()
        if !quiet {
            if interactive { FileHandle.standardError.write(Data((stats.summary() + "\n").utf8)) }
            else { FileHandle.standardError.write(Data((stats.line() + "\n").utf8)) }
        }
        if let status = ExitMapping.status(stats.exitCode) { throw status }
    }
}

/// `--shard I/N`, else the scheduler's array-job variables, else no sharding.
func resolveShard(_ flag: String?, environment env: [String: String]) throws -> (index: Int, count: Int)? {
    func parse(_ s: String) -> (Int, Int)? {
        let p = s.split(separator: "/")
        guard p.count == 2, let i = Int(p[0]), let n = Int(p[1]), n >= 1, i >= 0, i < n else { return nil }
        return (i, n)
    }
    if let flag {
        guard let s = parse(flag) else { throw WinnowExit.failure("--shard must be I/N with 0 <= I < N, got \(flag)") }
        return s
    }
    if let id = env["SLURM_ARRAY_TASK_ID"].flatMap(Int.init), let n = env["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init) {
        let minID = env["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0
        guard let s = parse("\(id - minID)/\(n)") else { throw WinnowExit.failure("SLURM_ARRAY_TASK_ID \(id) does not fit SLURM_ARRAY_TASK_COUNT \(n)") }
        return s
    }
    if let id = env["JOB_COMPLETION_INDEX"].flatMap(Int.init), let n = env["WINNOW_SHARDS"].flatMap(Int.init) {
        guard let s = parse("\(id)/\(n)") else { throw WinnowExit.failure("JOB_COMPLETION_INDEX \(id) does not fit WINNOW_SHARDS \(n)") }
        return s
    }
    return nil
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a pipeline file (keys, stage types, stage options) without running it.")

    @Argument(help: "Pipeline file (JSON).") var pipeline: [String]

    func run() throws {
        for p in pipeline {
            let config = try loadPipeline(p)
            _ = try PipelineRunner.instantiate(config, registry: BuiltinStages.registry)
            print("\(p): ok (\(config.stages.map(\.type).joined(separator: " → ")))")
        }
    }
}

struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages", abstract: "List the stage types pipeline files can use, or one type's options.")

    @Argument(help: "A stage type: print each of its options with type, default and help.") var type: String?
    @Flag(name: .long, help: "Print the option reference in Markdown (the README's section).") var markdown = false

    func run() throws {
        let all = OptionReference.stages(BuiltinStages.registry.all)
        let chosen: [OptionReference.StageInfo]
        if let type {
            guard let s = all.first(where: { $0.type == type }) else {
                throw ValidationError("unknown stage type \"\(type)\" (known: \(all.map(\.type).joined(separator: ", ")))")
            }
            chosen = [s]
        } else {
            chosen = all
        }
        if markdown { print(OptionReference.markdown(chosen, pipeline: type == nil), terminator: ""); return }
        if type == nil {
            for s in chosen { print("\(s.type)\t\(s.summary)") }
            return
        }
        for s in chosen {
            print("\(s.type): \(s.summary)")
            for line in s.options.textLines() { print(line) }
        }
    }
}

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema (draft 2020-12) of pipeline files, with every stage's options.")

    func run() throws {
        print(OptionReference.pipelineSchema(OptionReference.stages(BuiltinStages.registry.all)).pretty())
    }
}
