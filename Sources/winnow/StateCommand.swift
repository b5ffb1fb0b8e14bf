import ArgumentParser
import Foundation
import WinnowPipeline

/// `winnow state`: upkeep of a `winnow run --state` directory (the dedup index and the runs it remembers).
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Inspect, prune or compact the state directory of scheduled runs (same lock as `winnow run --state`).",
        subcommands: [Stats.self, Prune.self, Compact.self])

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Runs, remembered inputs, index documents and bytes per document.")
        @Option(name: .long, help: "The state directory (the --state of `winnow run`).") var state: String
        func run() throws { print(try StateMaintenance.stats(state: state)) }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove index entries older than a number of days; with --output, those runs' folders too.")
        @Option(name: .long, help: "The state directory.") var state: String
        @Option(name: .long, help: "Remove what is older than this many days.") var olderThan: Double
        @Option(name: .long, help: "The runs' output directory: also delete run folders older than --older-than.") var output: String?
        func validate() throws { guard olderThan >= 0 else { throw ValidationError("--older-than must be >= 0") } }
        func run() throws {
            print(try StateMaintenance.prune(state: state, olderThanDays: olderThan, outputRoot: output))
        }
    }

    struct Compact: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Merge the index segments (fewer files and lookups per document).")
        @Option(name: .long, help: "The state directory.") var state: String
        func run() throws { print(try StateMaintenance.compact(state: state)) }
    }
}
