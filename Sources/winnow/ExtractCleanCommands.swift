import ArgumentParser
import Foundation
import WinnowClean
import WinnowCore
import WinnowExtract
import WinnowIO
import WinnowPipeline

// `extract` (pages through strip_boilerplate, on the same path as `winnow filter`) and `clean` (line by line):
// stages scored on their own and used in shell pipelines.

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract", abstract: "Print the extracted article text of each page (HTML, .gz or text files, or stdin).",
        discussion: """
            `-` reads standard input: one page, or with `--input-format jsonl` one JSON record per line \
            ({id, html} or {id, text}, plus url and the other fields `winnow run` reads from .jsonl inputs). \
            A .jsonl file (or an archive) gives every record in it. With --jsonl each record carries the \
            document's `id` (the record's own, else the stable id `winnow run` gives), so the output feeds \
            `winnow langid`, `tag` and `dedup`: `winnow extract --jsonl … | winnow langid | winnow tag | winnow dedup`. \
            `--format` chooses the text: plain paragraphs (text), Markdown (headings, lists, quotes, tables, code), \
            or json: one JSON object per document with its metadata, the plain text and the typed blocks \
            (kind, level, number, text; a table row's cells, a code block's raw text).
            """)

    @Argument(help: "Input files, or - for standard input.") var files: [String] = []
    @Flag(name: .long, help: "Print one JSON record per document (id, path, title, text and other metadata).") var jsonl = false
    @Option(name: .long, help: "Output: text (plain paragraphs), markdown, or json (metadata, text and typed blocks per document).") var format: ExtractFormat?
    @Option(name: .customLong("input-format"), help: "Input format: auto (from the name, else sniffed), html, text or jsonl (records).") var inputFormat: PipelineConfig.InputFormat = .auto
    @Option(name: .customLong("in"), help: "Batch mode: extract every page in this folder...") var inDir: String?
    @Option(name: .customLong("out"), help: "...and write <name>.txt for each into this folder.") var outDir: String?
    @Option(name: .long, help: "Benchmark: load the --in pages into memory, run extraction N times, print the median CPU cost.") var bench: Int?
    @Flag(name: .long, help: "Start the text with the headline (strip_boilerplate's include_title; the form of extraction golds that include it).") var includeTitle = false
    @Option(name: .customLong("disable-rule"), help: ArgumentHelp("Switch an extraction rule off (strip_boilerplate's disable_rules; repeatable): line.footer, prune.class-negative, clean.link-density, ... (`winnow stages strip_boilerplate` lists them).", valueName: "id")) var disableRules: [String] = []
    @Flag(name: .customLong("list-rules"), help: "Print the names --disable-rule takes, one a line, and exit.") var listRules = false
    @OptionGroup var stageParams: StageParamsOption
    @OptionGroup var threads: ThreadsOption

    func run() throws {
        if listRules {
            print(ExtractionRuleName.allCases.map(\.rawValue).joined(separator: "\n"))
            return
        }
        let stage = try makeStage()
        if let bench {
            guard let inDir else { throw ValidationError("--bench needs --in DIR") }
            try stage.open(context: StageContext())
            defer { try? stage.close() }
            return try benchmark(stage, dir: inDir, repetitions: max(1, bench))
        }
        var paths = files
        if let inDir {
            guard outDir != nil else { throw ValidationError("--in needs --out") }
            do {
                paths = try FileManager.default.contentsOfDirectory(atPath: inDir).sorted().filter { !$0.hasPrefix(".") }.map { inDir + "/" + $0 }
            } catch { throw WinnowExit.failure("\(inDir): cannot read directory") }
        }
        if paths.isEmpty { throw WinnowExit.failure("no input files") }
        let stream = StageStream(stages: [stage], threads: threads.count, encodeRecords: false)
        try stream.open(context: StageContext())
        let out = StdoutWriter()
        var inputs = ExtractInputs(paths: paths, format: inputFormat)
        let counts = try StdinFilter(stream: stream).run(batches: { n in inputs.nextBatch(size: n).map { ($0, nil) } }) { outcome, _ in
            switch outcome {
            case let .kept(doc, _): try write(doc, to: out)
            case var .dropped(doc, _, _):
                doc.text = ""   // a page the stage finds no article in prints as an empty text
                try write(doc, to: out)
            case .rejected: break
            }
        }
        try stream.close()
        out.flush()
        if counts.rejected > 0 { throw WinnowExit.partial }
    }

    /// The stage, rendering `text` as `--format` says (json: plain text, and the blocks kept on the document).
    func makeStage() throws -> StripBoilerplateStage {
        let key = "text_format"
        var pairs = try stageParams.stageParams(StripBoilerplateStage.typeName).values
        if let format {
            let wanted: TextFormat = format == .markdown ? .markdown : .text
            if let given = pairs.first(where: { $0.0 == key })?.1, given != .string(wanted.rawValue) {
                throw WinnowExit.failure("--params: text_format contradicts --format \(format.rawValue)")
            }
            if wanted != .text && !pairs.contains(where: { $0.0 == key }) { pairs.append((key, .string(wanted.rawValue))) }
        }
        if includeTitle && !pairs.contains(where: { $0.0 == "include_title" }) { pairs.append(("include_title", .bool(true))) }
        if !disableRules.isEmpty {
            // Added to a disable_rules list given in --params; the stage checks the names.
            let rules = "disable_rules"
            var list: [JSONValue] = []
            if let k = pairs.firstIndex(where: { $0.0 == rules }) {
                guard case let .array(given) = pairs[k].1 else { throw WinnowExit.failure("--params: disable_rules must be an array of rule names") }
                list = given
                pairs.remove(at: k)
            }
            pairs.append((rules, .array(list + disableRules.map { JSONValue.string($0) })))
        }
        let params = StageParams(pairs, location: "--params (\(StripBoilerplateStage.typeName))", file: nil)
        return try StripBoilerplateStage(params: params, keepBlocks: format == .json)
    }

    func write(_ doc: Document, to out: StdoutWriter) throws {
        if let outDir {
            var name = (doc.source.path as NSString).lastPathComponent
            for suffix in [".gz", ".html", ".htm", ".txt"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
            let (body, ext) = format == .json ? (Self.json(doc).bytes, ".json") : (Array(doc.text.utf8), format == .markdown ? ".md" : ".txt")
            try AtomicFileWriter.write(body + [0x0A], to: outDir + "/" + name + ext)
        } else if format == .json {
            out.write(Self.json(doc).bytes); out.write([0x0A])
        } else if jsonl {
            var w = JSONWriter()
            w.beginObject()
            Self.writeFields(doc, into: &w)
            w.endObject()
            out.write(w.bytes); out.write([0x0A])
        } else {
            out.write(doc.text); out.write("\n")
        }
    }
}

/// What `winnow extract` prints for each document.
enum ExtractFormat: String, CaseIterable, ExpressibleByArgument {
    /// The text: plain paragraphs separated by a blank line.
    case text
    /// The text as Markdown (`output.text_format: "markdown"`).
    case markdown
    /// One JSON object: metadata, the plain text and its typed blocks.
    case json
}

extension ExtractCommand {
    /// The fields `--jsonl` prints, in order (`--format json` adds the blocks after them).
    static func writeFields(_ doc: Document, into w: inout JSONWriter) {
        w.key("id"); w.string(doc.id)
        w.key("path"); w.string(doc.source.description)
        w.key("url"); w.stringOrNull(doc.url)
        w.key("title"); w.stringOrNull(doc.title)
        w.key("authors"); w.beginArray(); for a in doc.authors { w.string(a) }; w.endArray()
        w.key("published"); w.stringOrNull(doc.published)
        w.key("site"); w.stringOrNull(doc.site)
        w.key("language_hint"); w.stringOrNull(doc.meta["language_hint"])
        w.key("text"); w.string(doc.text)
    }

    /// `--format json`: id, path, url, title, authors, published, site, language_hint, text, blocks.
    static func json(_ doc: Document) -> JSONWriter {
        var w = JSONWriter()
        w.beginObject()
        writeFields(doc, into: &w)
        w.key("blocks"); w.beginArray()
        for b in doc.blocks {
            w.beginObject()
            w.key("kind"); w.string(b.kind.name)
            w.key("level"); w.int(Int(b.level))
            w.key("number"); w.int(Int(b.number))
            w.key("text"); w.string(b.text)
            if b.kind == .tableRow { w.key("cells"); w.beginArray(); for c in b.cellTexts { w.string(c) }; w.endArray() }
            if let raw = b.raw { w.key("raw"); w.string(raw) }
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w
    }
}

/// The records of `extract`'s inputs, in order: a page file is one record, a .jsonl file or archive each of
/// its records, and `-` standard input (one page, or JSON Lines records with `--input-format jsonl`).
struct ExtractInputs {
    let paths: [String]
    let options: ReaderOptions
    private var next = 0
    private var current: (any RecordSource)?

    init(paths: [String], format: PipelineConfig.InputFormat) {
        self.paths = paths
        var o = ReaderOptions()
        o.format = format
        options = o
    }

    /// A file, or `-`: standard input, streamed once (a pipe cannot be reopened), as JSON Lines with
    /// `--input-format jsonl`, else as one page.
    static func open(_ path: String, options: ReaderOptions) -> any RecordSource {
        let stdin = StdinRecords.displayPath
        if path == "-" && options.format == .jsonl {
            return Readers.jsonl(stream: FileByteStream(descriptor: 0, name: stdin), displayPath: stdin, options: options)
        }
        let file = path == "-" ? InputFile(path: "/dev/stdin", displayPath: stdin, size: 0, mtime: 0)
                               : InputFile(path: path, displayPath: path, size: 0, mtime: 0)
        return Readers.open(file, options: options)
    }

    mutating func nextBatch(size: Int) -> [ReadOutcome] {
        var batch: [ReadOutcome] = []
        while batch.count < size {
            if var src = current {
                if let item = src.next() { current = src; batch.append(item); continue }
                current = nil
            }
            guard next < paths.count else { break }
            let path = paths[next]
            next += 1
            current = Self.open(path, options: options)
        }
        return batch
    }
}

extension ExtractCommand {
    /// Extraction alone: pages are read, gunzipped and charset-resolved before the clock starts.
    func benchmark(_ stage: StripBoilerplateStage, dir: String, repetitions: Int) throws {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().filter { !$0.hasPrefix(".") }
        var docs: [Document] = []
        var bytes = 0
        for n in names {
            var src = Readers.open(InputFile(path: dir + "/" + n, displayPath: n, size: 0, mtime: 0), options: ReaderOptions())
            guard case let .record(r)? = src.next() else { continue }
            let d = DocumentFactory.make(r)
            bytes += d.raw?.count ?? d.text.utf8.count
            docs.append(d)
        }
        guard !docs.isEmpty else { throw WinnowExit.failure("\(dir): no pages") }
        var times: [Double] = []
        for _ in 0..<repetitions {
            let t0 = cpuSeconds()
            for var d in docs { _ = try? stage.process(&d) }
            times.append(cpuSeconds() - t0)
        }
        let median = times.sorted()[times.count / 2]
        let mb = Double(bytes) / 1e6
        print(String(format: "pages=%d MB=%.1f median_cpu_s=%.3f pages_per_cpu_s=%.0f MB_per_cpu_s=%.1f (runs: %@)",
                     docs.count, mb, median, Double(docs.count) / median, mb / median,
                     times.map { String(format: "%.3f", $0) }.joined(separator: " ")))
    }
}

/// User + system CPU time of this process.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean", abstract: "Clean UTF-8 lines from stdin: exactly one cleaned line out per line in.")
    @OptionGroup var stageParams: StageParamsOption

    func run() throws {
        // Line cleaning never identifies languages: without `language_id` in --params, the stage is opened
        // without its language model (1.7 s of a debug build's start-up).
        let stage = try stageParams.make(CleanTextStage.self, defaults: [("language_id", .bool(false))])
        try stage.open(context: StageContext())
        let input = FileByteStream(descriptor: 0, name: "<stdin>")
        let out = StdoutWriter()
        do {
            try stage.cleanLines(read: { try input.read(max: $0) }, write: { out.write($0) })
        } catch { throw WinnowExit.failure("<stdin>: \(error)") }
        out.flush()
        try stage.close()
    }
}


extension PipelineConfig.InputFormat: ExpressibleByArgument {}
