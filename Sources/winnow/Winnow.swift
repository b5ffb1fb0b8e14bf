import ArgumentParser
import Foundation
import WinnowCore
import WinnowPipeline

@main
struct Winnow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winnow",
        abstract: "Turn scraped news pages into clean, tagged, deduplicated JSON Lines.",
        discussion: ExitStatus.helpText,
        subcommands: [
            RunCommand.self, ValidateCommand.self, StagesCommand.self, SchemaCommand.self, FilterCommand.self,
            ExtractCommand.self, CleanCommand.self, LangidCommand.self, TagCommand.self, DedupCommand.self,
            ReduceCommand.self, StateCommand.self, TrainTaggerCommand.self, DedupIndexCommand.self,
        ])

    /// Not ArgumentParser's `version:` string: the report lists the data files' versions too, and fails
    /// (exit 2) when one is missing.
    @Flag(name: .long, help: "Print the version, the output schema and each data file's size and hash.")
    var version = false

    func run() throws {
        guard version else { throw CleanExit.helpRequest(self) }
        let report = VersionInfo.report()
        print(report.text)
        if !report.complete { throw WinnowExit.failure("data files missing (see above)") }
    }

    /// Parses, runs, and maps whatever was thrown to an exit code in one place (`ExitMapping`).
    static func main() {
        var command: any ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        do { try command.run() } catch { exit(withError: ExitMapping.exitCode(for: error)) }
    }
}

/// Loads and validates a pipeline file.
func loadPipeline(_ path: String) throws -> PipelineConfig {
    guard let data = FileManager.default.contents(atPath: path) else { throw WinnowExit.failure("\(path): cannot read pipeline file") }
    return try PipelineConfig.parse(Array(data), file: path)
}
