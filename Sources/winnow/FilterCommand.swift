import ArgumentParser
import Foundation
import WinnowCore
import WinnowIO
import WinnowPipeline

/// `winnow filter TYPE`: any registered stage as a stdin → stdout JSON Lines filter.
struct FilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Run one stage (any type of `winnow stages`) as a stdin → stdout JSON Lines filter.",
        discussion: """
            Input: one JSON object per line, read as `winnow run` reads a .jsonl input: `id`, `text` (or `html`), \
            and `url`, `title`, `published`, `fetched`, `authors`, `site`, `language`, `metadata` when present. \
            Output: each kept document's full output record (as in `winnow run`'s part files), in input order. \
            Dropped documents are counted on stderr by reason (and listed in --dropped FILE); a line that is not \
            a record, or a document the stage rejects, is named on stderr as <stdin>:LINE with the reason and \
            makes the exit code 1 while the other lines go on.
            """)

    @Argument(help: "The stage type, e.g. filter_quality, clean_text, tag_entities, dedup, exec.") var type: String
    @OptionGroup var stageParams: StageParamsOption
    @OptionGroup var threads: ThreadsOption
    @Option(name: .long, help: "Write one {id, source, url, stage, reason} line per dropped document to this file.") var dropped: String?
    @Option(name: .long, help: "State directory for a stateful stage (dedup against earlier runs and remember this one).") var state: String?
    @Flag(name: .long, help: "No summary line on stderr (rejects are still named there).") var quiet = false

    /// An unknown type is a usage error (exit 64), reported with this command's usage.
    func validate() throws { _ = try stageType() }

    func stageType() throws -> any Stage.Type {
        guard let t = BuiltinStages.registry.type(named: type) else {
            throw ValidationError("unknown stage type \"\(type)\" (known: \(BuiltinStages.registry.names.joined(separator: ", ")))")
        }
        return t
    }

    func run() throws {
        let stage = try stageParams.make(type: try stageType())
        let stream = StageStream(stages: [stage], threads: threads.count)
        if let state { try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true) }
        try stream.open(context: StageContext(stateDirectory: state, runName: "filter"))
        let droppedFile = try dropped.map { try AtomicFileWriter(path: $0, gzip: false) }
        let out = StdoutWriter()
        let counts = try StdinFilter(stream: stream).run { outcome, _ in
            switch outcome {
            case let .kept(_, record):
                out.write(record)   // DocumentRecord lines end in a newline
            case let .dropped(doc, stage, reason):
                try droppedFile?.write(StageStream.droppedLine(doc, stage: stage, reason: reason) + [0x0A])
            case .rejected: break
            }
        }
        try stream.close()
        out.flush()
        try droppedFile?.commit()
        if !quiet { Diagnostics.write(counts.summary("filter \(type)")) }
        if counts.rejected > 0 { throw WinnowExit.partial }
    }
}
