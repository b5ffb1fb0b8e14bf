import Foundation
import Testing
import WinnowCore
@testable import WinnowIO

/// A fresh temporary directory per test.
func tempDir(_ name: String = #function) -> String {
    let base = NSTemporaryDirectory() + "winnow-io-\(getpid())-\(name.filter { $0.isLetter || $0.isNumber })-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    return base
}

func write(_ bytes: [UInt8], _ path: String) { _ = FileManager.default.createFile(atPath: path, contents: Data(bytes)) }

@Suite struct GzipTests {
    let text = Array(String(repeating: "Winnow reads gzip. ", count: 500).utf8)

    @Test func roundTrip() throws {
        #expect(try Gzip.decompress(Gzip.compress(text)) == text)
    }

    @Test func multiMemberStreamsAreConcatenated() throws {
        let a = Array("first member\n".utf8), b = Array("second member\n".utf8)
        #expect(try Gzip.decompress(Gzip.compress(a) + Gzip.compress(b)) == a + b)
        let s = GzipByteStream(source: MemoryStream(Gzip.compress(a) + Gzip.compress(b)))
        var out: [UInt8] = []
        while case let chunk = try s.read(max: 5), !chunk.isEmpty { out += chunk }
        #expect(out == a + b)
    }

    @Test func truncatedStreamIsAnError() {
        let gz = Gzip.compress(text)
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array(gz.prefix(gz.count / 2))) }
        do { _ = try Gzip.decompress(Array(gz.prefix(gz.count / 2))) } catch {
            #expect("\(error)".contains("truncated gzip stream"))
        }
    }

    @Test func trailingGarbageIsAnError() {
        let gz = Gzip.compress(text) + Array("GARBAGE".utf8)
        do { _ = try Gzip.decompress(gz); Issue.record("should throw") } catch {
            #expect("\(error)".contains("trailing garbage"))
        }
        // Zero padding after the last member is tolerated (tape/tar tools write it).
        #expect((try? Gzip.decompress(Gzip.compress(text) + [0, 0, 0, 0])) == text)
    }

    @Test func bombIsCappedWithClearReason() {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 20_000_000))
        #expect(bomb.count < 100_000)
        do { _ = try Gzip.decompress(bomb, limit: 1_000_000); Issue.record("should throw") } catch {
            #expect("\(error)".contains("exceeds the limit of 1000000 bytes"))
        }
    }
}

final class MemoryStream: ByteStream {
    var data: [UInt8]; var pos = 0
    init(_ d: [UInt8]) { data = d }
    func read(max: Int) throws -> [UInt8] { let n = min(max, data.count - pos); defer { pos += n }; return Array(data[pos..<pos + n]) }
}

@Suite struct CharsetTests {
    @Test func bomWins() {
        let r = Charset.resolve([0xEF, 0xBB, 0xBF] + Array("<html>é</html>".utf8), isHTML: true)
        #expect(r.name == "UTF-8" && r.source == .bom && r.bomLength == 3)
    }

    @Test func metaCharsetIsRead() {
        let html = Array(#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head><body>caf"#.utf8) + [0xE9] + Array("</body>".utf8)
        let r = Charset.resolve(html, isHTML: true)
        #expect(r.name == "windows-1252" && r.source == .meta)
        #expect(Charset.sniffMeta(Array(#"<meta charset="koi8-r">"#.utf8)) == "koi8-r")
    }

    @Test func validUTF8BeatsAWrongDeclaration() {
        let html = Array(#"<meta charset="iso-8859-1"><p>Zełeński</p>"#.utf8)
        #expect(Charset.resolve(html, isHTML: true).name == "UTF-8")
    }

    @Test func undeclaredLatin1FallsBackToCp1252() {
        let bytes = Array("Caf".utf8) + [0xE9] + Array(" cr".utf8) + [0xE8] + Array("me ".utf8) + [0x93, 0x71, 0x94]
        let r = Charset.resolve(bytes, isHTML: false)
        #expect(r.name == "windows-1252")
        #expect(Charset.decode(bytes[...], charset: r.name) == "Café crème “q”")
    }

    @Test func strayByteInUTF8TextStaysUTF8() {
        let bytes = Array("Zełeński Łódź Kraków Gdańsk Wrocław ".utf8) + [0xFF] + Array(" ok".utf8)
        #expect(Charset.resolve(bytes, isHTML: false).name == "UTF-8")
        #expect(Charset.decode(bytes[...], charset: "UTF-8").contains("\u{FFFD}"))
    }

    @Test func utf8Validation() {
        #expect(Charset.isValidUTF8(Array("žluťoučký 😀".utf8)[...]))
        #expect(!Charset.isValidUTF8([0xC0, 0x80][...]))          // overlong
        #expect(!Charset.isValidUTF8([0xED, 0xA0, 0x80][...]))    // surrogate
        #expect(!Charset.isValidUTF8([0xE2, 0x82][...]))          // cut off
    }
}

@Suite struct ReaderTests {
    func read(_ path: String, display: String? = nil) -> [ReadOutcome] {
        var src = Readers.open(InputFile(path: path, displayPath: display ?? path, size: 0, mtime: 0), options: ReaderOptions())
        var out: [ReadOutcome] = []
        while let o = src.next() { out.append(o) }
        return out
    }

    func failureReason(_ o: ReadOutcome?) -> String? {
        if case let .failure(f)? = o { return f.reason }
        return nil
    }

    @Test func htmlGzAndText() {
        let d = tempDir()
        write(Gzip.compress(Array("<html><body><p>Hi</p></body></html>".utf8)), d + "/a.html.gz")
        write(Array("plain words".utf8), d + "/b.txt")
        guard case let .record(r)? = read(d + "/a.html.gz").first else { Issue.record("no record"); return }
        #expect(r.format == .html && String(decoding: r.bytes, as: UTF8.self).contains("<p>Hi</p>"))
        guard case let .record(t)? = read(d + "/b.txt").first else { Issue.record("no record"); return }
        #expect(t.format == .text)
    }

    @Test func badPagesAreFailuresWithReasons() {
        let d = tempDir()
        write([], d + "/empty.html")
        write([0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 1, 2, 3], d + "/binary.html")
        write(Array(Gzip.compress(Array(String(repeating: "x", count: 5000).utf8)).prefix(20)), d + "/trunc.html.gz")
        write(Array("not gzip at all".utf8), d + "/fake.txt.gz")
        #expect(failureReason(read(d + "/empty.html").first) == "empty file")
        #expect(failureReason(read(d + "/binary.html").first)?.contains("binary content") == true)
        #expect(failureReason(read(d + "/trunc.html.gz").first)?.contains("truncated gzip") == true)
        #expect(failureReason(read(d + "/fake.txt.gz").first)?.contains("not in gzip format") == true)
    }

    @Test func jsonlRecordsAndBadLines() {
        let d = tempDir()
        let lines = [
            #"{"id":"a","text":"hello"}"#,
            "",
            "{not json",
            "[1,2]",
            #"{"id":"b","html":"<p>x</p>","url":"https://e.x/b"}"#,
            #"{"id":"c"}"#,
        ].joined(separator: "\n")
        write(Array(lines.utf8), d + "/in.jsonl")
        let out = read(d + "/in.jsonl", display: "in.jsonl")
        #expect(out.count == 5)
        if case let .record(r) = out[0] { #expect(r.id == "a" && r.text == "hello" && r.source.line == 1) } else { Issue.record("0") }
        if case let .failure(f) = out[1] {
            #expect(f.source.description == "in.jsonl:3")
            #expect(f.reason.hasPrefix("not valid JSON"))
        } else { Issue.record("1") }
        if case let .failure(f) = out[2] { #expect(f.reason == "JSON value is array, expected an object") } else { Issue.record("2") }
        if case let .record(r) = out[3] { #expect(r.format == .html && r.url == "https://e.x/b") } else { Issue.record("3") }
        if case let .failure(f) = out[4] { #expect(f.reason.contains("neither")) } else { Issue.record("4") }
    }

    @Test func gzippedJSONL() {
        let d = tempDir()
        write(Gzip.compress(Array(#"{"text":"one"}"#.utf8 + [0x0A]) ) + Gzip.compress(Array(#"{"text":"two"}"#.utf8)), d + "/x.jsonl.gz")
        let out = read(d + "/x.jsonl.gz")
        #expect(out.count == 2)
        if case let .record(r) = out[1] { #expect(r.text == "two" && r.source.line == 2) } else { Issue.record("no record") }
    }
}

@Suite struct ScannerTests {
    @Test func recursiveSortedAndSymlinkLoopReported() throws {
        let d = tempDir()
        try FileManager.default.createDirectory(atPath: d + "/b/c", withIntermediateDirectories: true)
        write(Array("x".utf8), d + "/b/c/2.txt")
        write(Array("x".utf8), d + "/a.txt")
        write(Array("x".utf8), d + "/.hidden.txt")
        try FileManager.default.createSymbolicLink(atPath: d + "/b/c/loop", withDestinationPath: d + "/b")
        let r = try InputScanner().scan([d])
        let root = InputScanner.displayPath(of: d)   // absolute here: the temporary folder is outside the working directory
        #expect(r.files.map(\.displayPath) == [root + "/a.txt", root + "/b/c/2.txt"])
        #expect(r.failures.count == 1)
        #expect(r.failures.first?.reason.contains("symlink loop") == true)
        #expect(r.failures.first?.source.path == root + "/b/c/loop")   // named like the files
    }

    @Test func missingPathIsAConfigError() {
        #expect(throws: ConfigError.self) { try InputScanner().scan(["/nonexistent/winnow"]) }
    }
}

@Suite struct WriterTests {
    @Test func atomicWriteLeavesNoTempFile() throws {
        let d = tempDir()
        try AtomicFileWriter.write(Array("done\n".utf8), to: d + "/f.json")
        #expect(try FileManager.default.contentsOfDirectory(atPath: d) == ["f.json"])
        let w = try AtomicFileWriter(path: d + "/g.json", gzip: false)
        try w.write(Array("partial".utf8))
        #expect(!FileManager.default.fileExists(atPath: d + "/g.json"))   // invisible until commit
        w.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: d) == ["f.json"])
    }

    @Test func partsRollOverAndGzipRoundTrips() throws {
        let d = tempDir()
        let p = PartWriter(directory: d, gzip: true, maxBytes: 100)
        for i in 0..<10 { try p.write(Array("{\"n\":\(i),\"pad\":\"\(String(repeating: "x", count: 30))\"}\n".utf8)) }
        try p.commit()
        #expect(p.partPaths.count == 5)
        var all: [UInt8] = []
        for path in p.partPaths { all += try Gzip.decompress(Array(FileManager.default.contents(atPath: path)!)) }
        #expect(String(decoding: all, as: UTF8.self).split(separator: "\n").count == 10)
    }
}

/// The UTF-8 sequence counter skips ASCII eight bytes at a time; it must count exactly as a byte-by-byte
/// scan does, wherever the multi-byte and invalid bytes fall relative to those eight-byte steps.
@Test func utf8SequenceCountMatchesByteByByteScan() {
    func reference(_ bytes: [UInt8]) -> (Int, Int) {
        var valid = 0, bad = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            var need = 0, minCP: UInt32 = 0, cp: UInt32 = 0
            if b & 0xE0 == 0xC0 { need = 1; cp = UInt32(b & 0x1F); minCP = 0x80 }
            else if b & 0xF0 == 0xE0 { need = 2; cp = UInt32(b & 0x0F); minCP = 0x800 }
            else if b & 0xF8 == 0xF0 { need = 3; cp = UInt32(b & 0x07); minCP = 0x10000 }
            else { bad += 1; i += 1; continue }
            if i + need >= bytes.count { bad += 1; i += 1; continue }
            var ok = true
            for k in 1...need { let c = bytes[i + k]; if c & 0xC0 != 0x80 { ok = false; break }; cp = cp << 6 | UInt32(c & 0x3F) }
            if !ok || cp < minCP || cp > 0x10FFFF || (0xD800...0xDFFF).contains(cp) { bad += 1; i += 1; continue }
            i += need + 1; valid += 1
        }
        return (valid, bad)
    }
    let pieces: [[UInt8]] = [Array("a".utf8), Array("hello world ".utf8), Array("é".utf8), Array("€".utf8),
                             Array("😀".utf8), [0xC3], [0x80], [0xFF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF]]
    var rng: UInt64 = 42
    for _ in 0..<5_000 {
        var bytes: [UInt8] = []
        for _ in 0..<Int(rng % 12) {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            bytes += pieces[Int((rng >> 33) % UInt64(pieces.count))]
        }
        rng = rng &* 6364136223846793005 &+ 1442695040888963407
        let got = Charset.utf8Sequences(bytes[...])
        let want = reference(bytes)
        #expect(got.valid == want.0 && got.invalid == want.1, "\(bytes)")
        // Slices that do not start at index 0 too.
        if bytes.count > 3 {
            let got2 = Charset.utf8Sequences(bytes[3...]), want2 = reference(Array(bytes[3...]))
            #expect(got2.valid == want2.0 && got2.invalid == want2.1, "\(bytes)[3...]")
        }
    }
}

/// `Readers.jsonlRecord` (the stdin filters' reader) reads a line exactly as a `.jsonl` input's line is read,
/// and hands back the object for the keys the record does not hold.
@Suite struct JSONLLineRecordTests {
    @Test func oneLineReadsAsTheStreamReaderReadsIt() {
        let lines = [#"{"id":"a","text":"Hi","url":"https://x.example/1","published":"2024-03-01","lang":"en","extra":[1]}"#,
                     #"{"id":7,"html":"<p>x</p>","authors":"A. Writer"}"#,
                     #"not json"#, #"[1,2]"#, #"{"id":"no-text"}"#]
        for (i, line) in lines.enumerated() {
            let src = SourceRef(path: "<stdin>", line: i + 1, offset: 0)
            let (outcome, object) = Readers.jsonlRecord(Array(line.utf8), source: src)
            let streamed = drain(Readers.jsonl(stream: MemoryStream(Array(line.utf8)), displayPath: "<stdin>", options: ReaderOptions()))
            #expect(streamed.count == 1)
            #expect(outcome.record?.id == streamed.first?.record?.id)
            #expect(outcome.record?.text == streamed.first?.record?.text)
            #expect(outcome.record?.url == streamed.first?.record?.url)
            #expect(outcome.record?.published == streamed.first?.record?.published)
            #expect(outcome.record?.authors == streamed.first?.record?.authors)
            #expect(outcome.failure?.reason == streamed.first?.failure?.reason)
            #expect((object != nil) == (i < 2 || i == 4), "\(line)")
        }
        let (first, object) = Readers.jsonlRecord(Array(lines[0].utf8), source: SourceRef(path: "<stdin>", line: 1))
        #expect(first.record?.published?.hasPrefix("2024-03-01") == true)
        #expect(object?["lang"]?.stringValue == "en")
        let (bad, _) = Readers.jsonlRecord(Array(lines[2].utf8), source: SourceRef(path: "<stdin>", line: 3))
        #expect(bad.failure?.reason.hasPrefix("not valid JSON") == true)
        #expect(bad.failure?.source.description == "<stdin>:3")
    }
}
