import ArgumentParser
import Foundation
import WinnowCore
import WinnowPipeline

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a pipeline file over inputs and write normalized JSON Lines.")

    @Argument(help: "Pipeline file (JSON).") var pipeline: String
    @Option(name: .long, help: "Input file, directory or glob (repeatable; overrides input.paths).") var input: [String] = []
    @Option(name: .long, help: "Output directory, or - for stdout (overrides output.path).") var output: String?
    @Option(name: .long, help: "Worker threads (default: all cores).") var threads: Int?
    @Option(name: .long, help: "State directory for stateful stages (dedup index across runs).") var state: String?
    @Option(name: .long, help: "Write the per-stage trace of this document id to explain.jsonl (repeatable).") var explain: [String] = []
    @Flag(name: .long, help: "No progress or summary on stderr (errors still go there).") var quiet = false

    func run() throws {
        let config = loadPipeline(pipeline)
        var options = RunOptions()
        options.inputs = input.isEmpty ? nil : input
        options.output = output
        options.threads = threads
        options.stateDirectory = state
        options.explain = Set(explain)
        let interactive = isatty(2) != 0
        options.progress = !quiet && interactive
        let stats: RunStats
        do {
            let runner = try PipelineRunner(config: config, options: options)
            stats = try runner.run()
        } catch {
            fail("\(error)")
        }
        if !quiet {
            if interactive { FileHandle.standardError.write(Data((stats.summary() + "\n").utf8)) }
            else {
                FileHandle.standardError.write(Data("winnow: \(stats.read) read, \(stats.written) written, \(stats.dropped) dropped, \(stats.rejected) rejected\n".utf8))
            }
        }
        if stats.exitCode != 0 { throw ExitCode(stats.exitCode) }
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a pipeline file (keys, stage types, stage options) without running it.")

    @Argument(help: "Pipeline file (JSON).") var pipeline: [String]

    func run() throws {
        for p in pipeline {
            let config = loadPipeline(p)
            do { _ = try PipelineRunner.instantiate(config, registry: BuiltinStages.registry) } catch { fail("\(error)") }
            print("\(p): ok (\(config.stages.map(\.type).joined(separator: " → ")))")
        }
    }
}

struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stages", abstract: "List the stage types pipeline files can use.")
    func run() throws {
        for t in BuiltinStages.registry.all { print("\(t.typeName)\t\(t.summary)") }
    }
}
