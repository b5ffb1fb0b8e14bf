import ArgumentParser
import Foundation
import WinnowCore
import WinnowPipeline

@main
struct Winnow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winnow",
        abstract: "Turn scraped news pages into clean, tagged, deduplicated JSON Lines.",
        discussion: """
        Exit codes: 0 success, 1 partial (some documents rejected; see rejects.jsonl), \
        2 failure (bad pipeline, no inputs, I/O error), 3 another run holds the state lock.
        """,
        version: WinnowVersion.string,
        subcommands: [
            RunCommand.self, ValidateCommand.self, StagesCommand.self,
            ExtractCommand.self, CleanCommand.self, LangidCommand.self, TagCommand.self, DedupCommand.self,
            ReduceCommand.self, StateCommand.self, TrainTaggerCommand.self, DedupIndexCommand.self,
        ])

    /// `--version` prints the data files' versions too, which a static string cannot hold, so it is answered
    /// here before ArgumentParser sees it; everything else goes to ArgumentParser.
    static func main() {
        if CommandLine.arguments.dropFirst().first == "--version" {
            let report = VersionInfo.report()
            print(report.text)
            if !report.complete {
                FileHandle.standardError.write(Data("winnow: error: data files missing (see above)\n".utf8))
                Foundation.exit(ExitCode.failure)
            }
            return
        }
        main(nil)
    }
}

/// Prints `message` to stderr and exits with `code` (ArgumentParser's own errors exit with 64).
func fail(_ message: String, code: Int32 = ExitCode.failure) -> Never {
    FileHandle.standardError.write(Data("winnow: error: \(message)\n".utf8))
    Foundation.exit(code)
}

/// Loads and validates a pipeline file, exiting with a clear message on error.
func loadPipeline(_ path: String) -> PipelineConfig {
    guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot read pipeline file") }
    do { return try PipelineConfig.parse(Array(data), file: path) } catch {
        fail("\(error)")
    }
}
