import ArgumentParser
import Foundation
import WinnowClean
import WinnowCore
import WinnowDedup
import WinnowExtract
import WinnowIO
import WinnowPipeline
import WinnowTag

// The standalone filters run the very same stage code as `winnow run`, one stage each, so every
// stage can be scored on its own and used in shell pipelines.

/// `--params '{"key": value}'`: options for the stage, validated exactly as in a pipeline file.
struct StageParamsOption: ParsableArguments {
    @Option(name: .long, help: "Stage options as a JSON object, as in a pipeline file's params.") var params: String?

    func make<S: Stage>(_ type: S.Type) -> S {
        var pairs: [(String, JSONValue)] = []
        if let params {
            do {
                guard case let .object(p) = try JSONValue.parse(params) else { fail("--params must be a JSON object") }
                pairs = p
            } catch let e as JSONParseError { fail("--params: \(e)") } catch { fail("--params: \(error)") }
        }
        do { return try S(params: StageParams(pairs, location: "--params (\(S.typeName))", file: nil)) } catch { fail("\(error)") }
    }
}

/// Reads JSONL `{id, text}` from stdin; calls `body` per record; bad lines are reported on stderr
/// (with their line number) and make the exit code 1.
func forEachJSONLRecord(_ body: (String, String) throws -> Void) rethrows -> Bool {
    try forEachJSONLObject { id, text, _, _ in try body(id, text) }
}

/// Like `forEachJSONLRecord`, also passing the parsed object (optional keys such as `language`,
/// `published`) and the line number.
func forEachJSONLObject(_ body: (String, String, JSONValue, Int) throws -> Void) rethrows -> Bool {
    let lines = LineReader(stream: FileByteStream(descriptor: 0, name: "<stdin>"), maxLine: 1 << 30)
    var allOK = true
    while true {
        let next: LineReader.Line?
        do { next = try lines.next() } catch { fail("<stdin>: \(error)") }
        guard let line = next else { break }
        guard case let .line(bytes, number, _) = line else { continue }
        if bytes.isEmpty { continue }
        guard let json = try? JSONValue.parse(bytes), case .object = json else {
            FileHandle.standardError.write(Data("winnow: <stdin>:\(number): not a JSON object, skipped\n".utf8))
            allOK = false
            continue
        }
        let id: String
        switch json["id"] {
        case let .string(s)?: id = s
        case let .number(n)?: id = n == n.rounded() ? String(Int(n)) : String(n)
        default: id = String(number)
        }
        guard let text = json["text"]?.stringValue else {
            FileHandle.standardError.write(Data("winnow: <stdin>:\(number): record has no string \"text\", skipped\n".utf8))
            allOK = false
            continue
        }
        try body(id, text, json, number)
    }
    return allOK
}

/// Buffered stdout writer (print() is slow for large outputs).
final class StdoutWriter {
    var buffer: [UInt8] = []
    func write(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes); if buffer.count > 1 << 16 { flush() } }
    func write(_ s: String) { write(Array(s.utf8)) }
    func flush() {
        buffer.withUnsafeBytes { b in
            var off = 0
            while off < b.count { let n = Glibc.write(1, b.baseAddress! + off, b.count - off); if n <= 0 { break }; off += n }
        }
        buffer.removeAll(keepingCapacity: true)
    }
    deinit { flush() }
}

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract", abstract: "Print the extracted article text of each file (HTML, .gz or text).")

    @Argument(help: "Input files.") var files: [String] = []
    @Flag(name: .long, help: "Print one JSON record per file (path, title, text and other metadata).") var jsonl = false
    @Option(name: .customLong("in"), help: "Batch mode: extract every page in this folder...") var inDir: String?
    @Option(name: .customLong("out"), help: "...and write <name>.txt for each into this folder.") var outDir: String?
    @Option(name: .long, help: "Benchmark: load the --in pages into memory, run extraction N times, print the median CPU cost.") var bench: Int?
    @OptionGroup var stageParams: StageParamsOption

    func run() throws {
        let stage = stageParams.make(StripBoilerplateStage.self)
        if let bench {
            guard let inDir else { fail("--bench needs --in DIR") }
            return try benchmark(stage, dir: inDir, repetitions: max(1, bench))
        }
        var paths = files
        if let inDir {
            guard outDir != nil else { fail("--in needs --out") }
            do {
                paths = try FileManager.default.contentsOfDirectory(atPath: inDir).sorted().filter { !$0.hasPrefix(".") }.map { inDir + "/" + $0 }
            } catch { fail("\(inDir): cannot read directory") }
        }
        if paths.isEmpty { fail("no input files") }
        let out = StdoutWriter()
        var failures = 0
        for path in paths {
            let file = InputFile(path: path, displayPath: path, size: 0, mtime: 0)
            var source = Readers.open(file, options: ReaderOptions())
            var doc: Document
            switch source.next() {
            case let .record(r)?: doc = DocumentFactory.make(r)
            case let .failure(f)?:
                FileHandle.standardError.write(Data("winnow: \(f)\n".utf8)); failures += 1; continue
            case nil: continue
            }
            let result: StageResult
            do { result = try stage.process(&doc) } catch {
                FileHandle.standardError.write(Data("winnow: \(path): \(error)\n".utf8)); failures += 1; continue
            }
            if case .drop = result { doc.text = "" }
            if let outDir {
                var name = (path as NSString).lastPathComponent
                for suffix in [".gz", ".html", ".htm", ".txt"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
                do { try AtomicFileWriter.write(Array((doc.text + "\n").utf8), to: outDir + "/" + name + ".txt") } catch {
                    fail("\(error)")
                }
            } else if jsonl {
                var w = JSONWriter()
                w.beginObject()
                w.key("path"); w.string(path)
                w.key("url"); w.stringOrNull(doc.url)
                w.key("title"); w.stringOrNull(doc.title)
                w.key("authors"); w.beginArray(); for a in doc.authors { w.string(a) }; w.endArray()
                w.key("published"); w.stringOrNull(doc.published)
                w.key("site"); w.stringOrNull(doc.site)
                w.key("language_hint"); w.stringOrNull(doc.meta["language_hint"])
                w.key("text"); w.string(doc.text)
                w.endObject()
                out.write(w.bytes); out.write([0x0A])
            } else {
                out.write(doc.text); out.write("\n")
            }
        }
        out.flush()
        if failures > 0 { throw ExitCode(ExitCode.partial) }
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
        guard !docs.isEmpty else { fail("\(dir): no pages") }
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
        let stage = stageParams.make(CleanTextStage.self)
        let input = FileByteStream(descriptor: 0, name: "<stdin>")
        let out = StdoutWriter()
        do {
            try stage.cleanLines(read: { try input.read(max: $0) }, write: { out.write($0) })
        } catch { fail("<stdin>: \(error)") }
        out.flush()
    }
}

struct LangidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "langid", abstract: "Identify languages: JSONL {id, text} in, {id, lang, score} out (ISO 639-1).")
    @OptionGroup var stageParams: StageParamsOption

    func run() throws {
        let stage = stageParams.make(CleanTextStage.self)
        do { try stage.open(context: StageContext()) } catch { fail("\(error)") }
        let lid: any LanguageIdentifying = stage
        let out = StdoutWriter()
        let ok = forEachJSONLRecord { id, text in
            let (code, score) = lid.identifyLanguage(text)
            var w = JSONWriter()
            w.beginObject(); w.key("id"); w.string(id); w.key("lang"); w.string(code); w.key("score"); w.double(score); w.endObject()
            out.write(w.bytes); out.write([0x0A])
        }
        out.flush()
        if !ok { throw ExitCode(ExitCode.partial) }
    }
}

struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "Tag entities: JSONL {id, text[, language]} in, {id, entities:[{start, end, type, text, canonical}]} out.",
        discussion: "A record's optional \"language\" (or \"lang\", as `winnow langid` writes it) is honoured as in a pipeline: a language not in the stage's `languages` option gets only the alias table's names.")
    @OptionGroup var stageParams: StageParamsOption

    func run() throws {
        let stage = stageParams.make(TagEntitiesStage.self)
        try stage.open(context: StageContext())
        let out = StdoutWriter()
        let ok = try forEachJSONLObject { id, text, json, _ in
            var doc = Document(id: id, source: SourceRef(path: "<stdin>"), format: .text, text: text)
            doc.language = (json["language"] ?? json["lang"])?.stringValue
            _ = try stage.process(&doc)
            var w = JSONWriter()
            w.beginObject(); w.key("id"); w.string(id); w.key("entities"); w.beginArray()
            for e in doc.entities {
                w.beginObject()
                w.key("start"); w.int(e.start); w.key("end"); w.int(e.end)
                w.key("type"); w.string(e.type); w.key("text"); w.string(e.text); w.key("canonical"); w.string(e.canonical)
                w.endObject()
            }
            w.endArray(); w.endObject()
            out.write(w.bytes); out.write([0x0A])
        }
        out.flush()
        if !ok { throw ExitCode(ExitCode.partial) }
    }
}

struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup", abstract: "Deduplicate: JSONL {id, text[, url, published|date, fetched]} in, {id, cluster, duplicate_of} out.")
    @Option(name: .long, help: "State directory: deduplicate against earlier runs and remember this one.") var state: String?
    @OptionGroup var stageParams: StageParamsOption

    /// One output record, written when the input is done so that clusters united during the run carry one label.
    struct Row { var id: String; var cluster: String?; var duplicateOf: String?; var similarity: Double?
                 var revisionOf: String?; var story: String? }

    func run() throws {
        let stage = stageParams.make(DedupStage.self)
        if let state { try? FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true) }
        do { try stage.open(context: StageContext(stateDirectory: state, runName: "dedup")) } catch { fail("\(error)") }
        var rows: [Row] = []
        let ok = try forEachJSONLObject { id, text, json, number in
            var doc = Document(id: id, source: SourceRef(path: "<stdin>", line: number), format: .text, text: text)
            doc.url = json["url"]?.stringValue
            doc.published = Self.date(json["published"] ?? json["date"])
            doc.fetched = Self.date(json["fetched"])
            _ = try stage.process(&doc)
            let d = doc.dedup
            rows.append(Row(id: id, cluster: d?.cluster == id ? nil : d?.cluster, duplicateOf: d?.duplicateOf,
                            similarity: d?.similarity, revisionOf: d?.revisionOf, story: d?.story == d?.cluster ? nil : d?.story))
        }
        let out = StdoutWriter()
        for r in rows {
            let cluster = stage.resolveCluster(r.cluster ?? r.id)
            var w = JSONWriter()
            w.beginObject(); w.key("id"); w.string(r.id)
            w.key("cluster"); w.string(cluster)
            w.key("duplicate_of"); w.stringOrNull(r.duplicateOf)
            if let s = r.similarity { w.key("similarity"); w.double(s) }
            if let v = r.revisionOf { w.key("revision_of"); w.string(v) }
            if stage.storyEnabled { w.key("story"); w.string(r.story.map(stage.resolveCluster) ?? cluster) }
            w.endObject()
            out.write(w.bytes); out.write([0x0A])
        }
        do { try stage.close() } catch { fail("\(error)") }
        out.flush()
        if !ok { throw ExitCode(ExitCode.partial) }
    }

    /// A date field in the output's shape (`DateValue.normalize`); an unreadable value is ignored.
    static func date(_ v: JSONValue?) -> String? {
        guard let s = v?.stringValue else { return nil }
        return DateValue.normalize(s)
    }
}
