import Foundation
import WinnowCore

/// Options every reader needs.
public struct ReaderOptions: Sendable {
    public var format: PipelineConfig.InputFormat = .auto
    /// "auto" or a fixed charset name.
    public var charset: String = "auto"
    public var maxDocumentBytes: Int = 64 << 20
    /// `input.include` / `input.exclude`, applied to archive members as to files in directories.
    public var include: [String] = []
    public var exclude: [String] = []
    public init() {}
    public init(_ input: PipelineConfig.Input) {
        format = input.format; charset = input.charset; maxDocumentBytes = input.maxDocumentBytes
        include = input.include; exclude = input.exclude
    }
}

/// Picks the reader for a file from its name (and, for `auto`, its first bytes).
public enum Readers {
    /// Kind of container an input file is, from its extension (after a `.gz` suffix is removed).
    /// Archives: `.tar`, `.tar.gz`, `.tgz` (TarSource) and `.warc`, `.warc.gz` (WarcSource); only with `format: auto`.
    public enum Kind: Sendable { case page(DocumentFormat?), jsonl, tar, warc }

    public static func kind(of name: String, format: PipelineConfig.InputFormat) -> Kind {
        switch format {
        case .html: return .page(.html)
        case .text: return .page(.text)
        case .jsonl: return .jsonl
        case .auto: break
        }
        switch InputTypes.classify(name) {
        case .read(.html, _): return .page(.html)
        case .read(.text, _): return .page(.text)
        case .read(.jsonl, _): return .jsonl
        case .read(.warc, _): return .warc
        case .read(.tar, _): return .tar
        case .sniff, .unsupportedCompression: return .page(nil)
        case .skip:
            // Named on the command line although not a page type: `.json` files are read as JSON Lines,
            // anything else is sniffed.
            var n = name.lowercased()
            for c in InputTypes.compressions.keys where n.hasSuffix("." + c) { n.removeLast(c.count + 1) }
            return n.hasSuffix(".json") ? .jsonl : .page(nil)
        }
    }

    /// True when the file holds exactly one page, which a worker thread can load and decode on its own;
    /// multi-record containers (JSONL, archives) are streamed in order by the reading thread.
    public static func isSinglePage(_ path: String, format: PipelineConfig.InputFormat) -> Bool {
        if case .page = kind(of: path, format: format) { return true }
        return false
    }

    /// Open a record source for one input file.
    public static func open(_ file: InputFile, options: ReaderOptions) -> any RecordSource {
        switch kind(of: file.path, format: options.format) {
        case let .page(format): return PageSource(file: file, format: format, options: options)
        case .jsonl: return JSONLSource(file: file, options: options)
        case .tar: return TarSource(file: file, options: options)
        case .warc: return WarcSource(file: file, options: options)
        }
    }

    /// Guess html vs text from content: markup near the start means HTML.
    public static func sniffFormat(_ bytes: [UInt8]) -> DocumentFormat {
        let head = bytes.prefix(2048)
        var lower = [UInt8](); lower.reserveCapacity(head.count)
        for b in head { lower.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
        let s = String(decoding: lower, as: UTF8.self)
        for marker in ["<!doctype html", "<html", "<head", "<body", "<meta ", "<div", "<p>", "<title"] where s.contains(marker) {
            return .html
        }
        return .text
    }

    /// Nothing but ASCII whitespace (after an optional UTF-8 BOM). Such pages are rejected at read time:
    /// there is no document in them (and strip_boilerplate trapped on them; see FuzzRegressionTests).
    public static func isBlank(_ bytes: [UInt8]) -> Bool {
        let start = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        for b in bytes[start...] where !(b == 0x20 || (b >= 0x09 && b <= 0x0D)) { return false }
        return true
    }

    /// Binary content (NULs, many control bytes) is rejected instead of being fed to a parser.
    public static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(8192)
        if head.isEmpty { return false }
        var control = 0
        for b in head {
            if b == 0 { return true }
            if b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B) { control += 1 }
        }
        return control * 10 > head.count
    }
}

/// A single page file (HTML or text), optionally gzip-compressed.
struct PageSource: RecordSource {
    let file: InputFile
    let format: DocumentFormat?
    let options: ReaderOptions
    var done = false

    mutating func next() -> ReadOutcome? {
        if done { return nil }
        done = true
        let src = SourceRef(path: file.displayPath)
        do {
            let raw = try FileByteStream.readAll(path: file.path, limit: options.maxDocumentBytes)
            let bytes: [UInt8]
            switch Readers.decompress(raw, name: file.path, limit: options.maxDocumentBytes) {
            case let .success(b): bytes = b
            case let .failure(why): return .failure(ReadFailure(source: src, reason: why.reason))
            }
            if bytes.isEmpty { return .failure(ReadFailure(source: src, reason: "empty file")) }
            if Readers.isBlank(bytes) { return .failure(ReadFailure(source: src, reason: "blank file (only whitespace)")) }
            if Readers.looksBinary(bytes) && !(bytes.count >= 2 && (bytes[0] == 0xFF || bytes[0] == 0xFE)) {
                return .failure(ReadFailure(source: src, reason: "binary content (NUL or control bytes), not HTML or text"))
            }
            var r = RawRecord(source: src, bytes: bytes, format: format ?? Readers.sniffFormat(bytes))
            if options.charset != "auto" { r.charsetHint = options.charset }
            return .record(r)
        } catch let e as IOError {
            return .failure(ReadFailure(source: src, reason: e.reason))
        } catch {
            return .failure(ReadFailure(source: src, reason: "\(error)"))
        }
    }
}

extension Readers {
    /// A JSON Lines record source over any byte stream (fuzzing, tests, stdin).
    public static func jsonl(stream: ByteStream, displayPath: String, options: ReaderOptions) -> any RecordSource {
        JSONLSource(stream: stream, displayPath: displayPath, options: options)
    }

    /// One JSON Lines line read exactly as a `.jsonl` input's line is, plus the parsed object (nil when the
    /// line is not a JSON object), for callers that also need the record's other keys (the stdin filters).
    public static func jsonlRecord(_ line: [UInt8], source: SourceRef) -> (outcome: ReadOutcome, object: JSONValue?) {
        JSONLSource.record(line, src: source)
    }
}

/// JSON Lines of `{id?, url?, title?, html? | text?}`, streamed line by line (also `.jsonl.gz`).
struct JSONLSource: RecordSource {
    let file: InputFile
    let options: ReaderOptions
    var lines: LineReader?
    var openFailure: ReadFailure?
    var finished = false

    /// Reads JSON Lines from any byte stream (used by the fuzz targets and tests).
    init(stream: ByteStream, displayPath: String, options: ReaderOptions) {
        file = InputFile(path: displayPath, displayPath: displayPath, size: 0, mtime: 0)
        self.options = options
        lines = LineReader(stream: stream, maxLine: options.maxDocumentBytes)
    }

    init(file: InputFile, options: ReaderOptions) {
        self.file = file
        self.options = options
        do {
            lines = LineReader(stream: try ArchivePayload.openStream(file.path, limit: .max), maxLine: options.maxDocumentBytes)
        } catch let e as IOError {
            openFailure = ReadFailure(source: SourceRef(path: file.displayPath), reason: e.reason)
        } catch {
            openFailure = ReadFailure(source: SourceRef(path: file.displayPath), reason: "\(error)")
        }
    }

    mutating func next() -> ReadOutcome? {
        if finished { return nil }
        if let f = openFailure { finished = true; return .failure(f) }
        guard let lines else { return nil }
        while true {
            let item: LineReader.Line?
            do { item = try lines.next() } catch {
                finished = true
                let src = SourceRef(path: file.displayPath, line: lines.lineNumber + 1, offset: lines.offset)
                let reason = ArchivePayload.describe(error)
                return .failure(ReadFailure(source: src, reason: reason))
            }
            guard let item else { finished = true; return nil }
            switch item {
            case let .tooLong(n, off):
                return .failure(ReadFailure(source: SourceRef(path: file.displayPath, line: n, offset: off),
                                            reason: "line longer than the document size limit of \(options.maxDocumentBytes) bytes"))
            case let .line(bytes, n, off):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }   // blank lines are not records
                return parse(bytes, src: SourceRef(path: file.displayPath, line: n, offset: off))
            }
        }
    }

    func parse(_ bytes: [UInt8], src: SourceRef) -> ReadOutcome {
        Self.record(bytes, src: src).outcome
    }

    /// One line as a record, and the parsed JSON object (nil when the line is not a JSON object).
    static func record(_ bytes: [UInt8], src: SourceRef) -> (outcome: ReadOutcome, object: JSONValue?) {
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch let e as JSONParseError {
            return (.failure(ReadFailure(source: src, reason: "not valid JSON: \(e.reason) at byte \(e.offset) of the line")), nil)
        } catch { return (.failure(ReadFailure(source: src, reason: "not valid JSON")), nil) }
        guard case .object = json else {
            return (.failure(ReadFailure(source: src, reason: "JSON value is \(json.typeName), expected an object")), nil)
        }
        return (record(json, src: src), json)
    }

    /// A parsed JSON object as a record (the fields Winnow reads from a JSONL input line).
    static func record(_ json: JSONValue, src: SourceRef) -> ReadOutcome {
        func str(_ k: String) -> String? {
            if case let .string(s)? = json[k] { return s }
            if case let .number(d)? = json[k] { return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) }
            return nil
        }
        var r: RawRecord
        if let html = str("html") {
            r = RawRecord(source: src, bytes: Array(html.utf8), format: .html)
            if Readers.isBlank(r.bytes) {
                return .failure(ReadFailure(source: src, reason: "record has an empty \"html\" field"))
            }
        } else if let text = str("text") {
            r = RawRecord(source: src, bytes: [], format: .text)
            r.text = text
        } else {
            return .failure(ReadFailure(source: src, reason: "record has neither a string \"html\" nor a string \"text\" field"))
        }
        r.id = str("id")
        r.url = str("url")
        r.title = str("title")
        readMetadata(json, src: src, into: &r)
        return .record(r)
    }

    /// The metadata fields Winnow takes from a JSONL record (README "Inputs"): `published`, `fetched`
    /// (dates in any ISO 8601 / RFC 2822 form), `authors` (a string or a list of strings), `site`,
    /// `language`, and `metadata` (any object, carried unchanged). A value of the wrong shape is kept raw
    /// in `meta` with a warning: metadata never rejects a record.
    static func readMetadata(_ json: JSONValue, src: SourceRef, into r: inout RawRecord) {
        func raw(_ key: String, _ v: JSONValue, _ why: String) {
            var w = JSONWriter()
            w.value(v)
            r.rawValues[key + "_raw"] = String(decoding: w.bytes, as: UTF8.self)
            r.warnings.append("\(src.description): \(key) \(why); kept raw in meta.\(key)_raw")
        }
        for key in ["published", "fetched"] {
            guard let v = json[key], v != .null else { continue }
            if case let .string(s) = v, let d = DateValue.normalize(s) {
                if key == "published" { r.published = d } else { r.fetched = d }
            } else {
                raw(key, v, "is not a date Winnow can read")
            }
        }
        switch json["authors"] {
        case nil, .null?: break
        case let .string(s)?: r.authors = s.isEmpty ? [] : [s]
        case let .array(a)? where a.allSatisfy({ $0.stringValue != nil }): r.authors = a.compactMap(\.stringValue).filter { !$0.isEmpty }
        case let v?: raw("authors", v, "is neither a string nor a list of strings")
        }
        for key in ["site", "language"] {
            switch json[key] {
            case nil, .null?: break
            case let .string(s)?: if key == "site" { r.site = s } else { r.language = s }
            case let v?: raw(key, v, "is not a string")
            }
        }
        switch json["metadata"] {
        case nil, .null?: break
        case let v? where v.objectPairs != nil: r.metadata = v
        case let v?: raw("metadata", v, "is not an object")
        }
    }
}

/// A reason a payload could not be decoded.
public struct DecodeFailure: Error, Sendable { public var reason: String }

extension Readers {
    /// Decodes a whole payload by its magic bytes (gzip, zstd); a name promising a compression the bytes do
    /// not have, or a compression Winnow cannot decode, is a failure saying which.
    public static func decompress(_ raw: [UInt8], name: String, limit: Int) -> Result<[UInt8], DecodeFailure> {
        let (supported, unsupported) = InputTypes.sniffCompression(raw.prefix(6))
        if let unsupported { return .failure(DecodeFailure(reason: "unsupported compression: \(unsupported)")) }
        if case let .unsupportedCompression(n) = InputTypes.classify(name) {
            return .failure(DecodeFailure(reason: "unsupported compression: \(n)"))
        }
        do {
            switch supported {
            case .gzip?: return .success(try Gzip.decompress(raw, limit: limit))
            case .zstd?: return .success(try Zstd.decompress(raw, limit: limit))
            default: break
            }
        } catch { return .failure(DecodeFailure(reason: ArchivePayload.describe(error))) }
        let lower = name.lowercased()
        if lower.hasSuffix(".gz") || lower.hasSuffix(".tgz") {
            return .failure(DecodeFailure(reason: "not in gzip format (bad magic bytes) although named .gz"))
        }
        if lower.hasSuffix(".zst") {
            return .failure(DecodeFailure(reason: "not in zstd format (bad magic bytes) although named .zst"))
        }
        return .success(raw)
    }
}
