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
        func run() throws { try guarded { print(try StateMaintenance.stats(state: state)) } }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove index entries older than a number of days; with --output, those runs' folders too.")
        @Option(name: .long, help: "The state directory.") var state: String
        @Option(name: .long, help: "Remove what is older than this many days.") var olderThan: Double
        @Option(name: .long, help: "The runs' output directory: also delete run folders older than --older-than.") var output: String?
        func validate() throws { guard olderThan >= 0 else { throw ValidationError("--older-than must be >= 0") } }
        func run() throws {
            try guarded { print(try StateMaintenance.prune(state: state, olderThanDays: olderThan, outputRoot: output)) }
        }
    }

    struct Compact: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Merge the index segments (fewer files and lookups per document).")
        @Option(name: .long, help: "The state directory.") var state: String
        func run() throws { try guarded { print(try StateMaintenance.compact(state: state)) } }
    }
}

/// Maps a maintenance error to the documented exit codes (3: another run holds the lock, 2: failure).
private func guarded(_ body: () throws -> Void) throws {
    do { try body() } catch let e as StateStore.AlreadyRunning {
        FileHandle.standardError.write(Data("winnow: error: \(e)\n".utf8))
        throw ArgumentParser.ExitCode(WinnowPipeline.ExitCode.alreadyRunning)
    } catch let e as ArgumentParser.ExitCode { throw e } catch {
        FileHandle.standardError.write(Data("winnow: error: \(error)\n".utf8))
        throw ArgumentParser.ExitCode(WinnowPipeline.ExitCode.failure)
    }
}
