import ArgumentParser
import Foundation
import WinnowCore
import WinnowPipeline

/// `winnow reduce`: the second step of a sharded run. Merges the shards' outputs in input order and
/// runs the stateful stages (dedup) over all of them, so duplicates across shards are found and the
/// result equals a single-machine run.
struct ReduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reduce", abstract: "Merge shard outputs of `run --shard` and run the stateful stages over them.")

    @Argument(help: "Pipeline file (the same one the shards ran).") var pipeline: String
    @Option(name: .long, help: "Folder holding the shard-IIIII-of-NNNNN folders.") var input: String
    @Option(name: .long, help: "Output directory for the final result.") var output: String
    @Option(name: .long, help: "State directory (dedup against earlier runs).") var state: String?
    @Option(name: .long, help: "Worker threads.") var threads: Int?
    @Flag(name: .long, help: "No summary on stderr.") var quiet = false

    func run() throws {
        let config = try loadPipeline(pipeline)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []).filter { $0.hasPrefix("shard-") }.sorted()
        guard let first = names.first else { throw WinnowExit.failure("\(input): no shard-* folders") }
        // Every shard of the array must be there and complete.
        let count = Int(first.split(separator: "-").last ?? "") ?? 0
        let expected = (0..<count).map { PipelineRunner.shardFolderName($0, count) }
        let missing = expected.filter { !FileManager.default.fileExists(atPath: input + "/" + $0 + "/_SUCCESS") }
        if count == 0 || !missing.isEmpty { throw WinnowExit.failure("\(input): incomplete shards: \(missing.joined(separator: ", "))") }
        var options = RunOptions()
        options.output = output
        options.stateDirectory = state
        options.threads = threads
        let stats = try PipelineRunner(config: config, options: options).reduce(shardFolders: expected.map { input + "/" + $0 })
        if !quiet { FileHandle.standardError.write(Data((stats.summary() + "\n").utf8)) }
        if let status = ExitMapping.status(stats.exitCode) { throw status }
    }
}
