import Foundation
import Testing
import WinnowCore
@testable import WinnowIO

// MARK: - Builders (archives are written by hand, byte by byte)

/// Builds tar archives: ustar headers with a correct checksum, GNU long names, pax path records.
struct TarBuilder {
    var bytes: [UInt8] = []

    static func octal(_ v: Int, width: Int) -> [UInt8] {
        var s = Array(String(v, radix: 8).utf8)
        while s.count < width - 1 { s.insert(UInt8(ascii: "0"), at: 0) }
        return s + [0]
    }

    static func header(name: String, size: Int, type: UInt8 = UInt8(ascii: "0"), prefix: String = "", ustar: Bool = true) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ b: [UInt8], at: Int, max: Int) { for (i, x) in b.prefix(max).enumerated() { h[at + i] = x } }
        put(Array(name.utf8), at: 0, max: 100)
        put(octal(0o644, width: 8), at: 100, max: 8)
        put(octal(0, width: 8), at: 108, max: 8)
        put(octal(0, width: 8), at: 116, max: 8)
        put(octal(size, width: 12), at: 124, max: 12)
        put(octal(0, width: 12), at: 136, max: 12)
        h[156] = type
        if ustar {
            put(Array("ustar\0".utf8), at: 257, max: 6)
            put(Array("00".utf8), at: 263, max: 2)
            put(Array(prefix.utf8), at: 345, max: 155)
        }
        for i in 148..<156 { h[i] = 0x20 }
        let sum = h.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7) + [0x20], at: 148, max: 8)
        return h
    }

    static func padded(_ data: [UInt8]) -> [UInt8] {
        data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    mutating func add(_ name: String, _ data: [UInt8], type: UInt8 = UInt8(ascii: "0"), prefix: String = "") {
        bytes += Self.header(name: name, size: data.count, type: type, prefix: prefix) + Self.padded(data)
    }
    mutating func add(_ name: String, _ text: String) { add(name, Array(text.utf8)) }

    mutating func addGNULongName(_ name: String, _ data: [UInt8]) {
        let n = Array(name.utf8) + [0]
        bytes += Self.header(name: "././@LongLink", size: n.count, type: UInt8(ascii: "L")) + Self.padded(n)
        add(String(name.prefix(99)), data)
    }

    mutating func addPax(_ name: String, _ data: [UInt8]) {
        var rec = " path=\(name)\n"
        var len = rec.utf8.count
        while String(len).utf8.count + rec.utf8.count != len { len = String(len).utf8.count + rec.utf8.count }
        rec = "\(len)" + rec
        let r = Array(rec.utf8)
        bytes += Self.header(name: "PaxHeaders/x", size: r.count, type: UInt8(ascii: "x")) + Self.padded(r)
        add("short-name-ignored.bin", data)
    }

    /// End-of-archive: two zero blocks.
    func finished() -> [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }
}

/// WARC records written by hand.
enum WarcBuilder {
    static func record(type: String, uri: String = "http://example.com/", id: String, date: String = "2024-05-01T10:00:00Z",
                       contentType: String = "application/http; msgtype=response", block: [UInt8]) -> [UInt8] {
        let head = "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Record-ID: <urn:uuid:\(id)>\r\nWARC-Date: \(date)\r\n"
            + "WARC-Target-URI: \(uri)\r\nContent-Type: \(contentType)\r\nContent-Length: \(block.count)\r\n\r\n"
        return Array(head.utf8) + block + Array("\r\n\r\n".utf8)
    }

    static func http(status: String = "200 OK", headers: [String], body: [UInt8]) -> [UInt8] {
        Array(("HTTP/1.1 \(status)\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n").utf8) + body
    }

    static func page(_ title: String) -> [UInt8] {
        Array("<html><head><title>\(title)</title></head><body><p>\(title) body text.</p></body></html>".utf8)
    }
}

func drain(_ source: any RecordSource) -> [ReadOutcome] {
    var s = source
    var out: [ReadOutcome] = []
    while let o = s.next() { out.append(o); if out.count > 10_000 { break } }
    return out
}

extension ReadOutcome {
    var record: RawRecord? { if case let .record(r) = self { return r }; return nil }
    var failure: ReadFailure? { if case let .failure(f) = self { return f }; return nil }
}

func tarSource(_ bytes: [UInt8], limit: Int = 1 << 20) -> TarSource {
    var o = ReaderOptions(); o.maxDocumentBytes = limit
    return TarSource(stream: MemoryStream(bytes), displayPath: "a.tar", options: o)
}

func warcSource(_ bytes: [UInt8], limit: Int = 1 << 20) -> WarcSource {
    var o = ReaderOptions(); o.maxDocumentBytes = limit
    return WarcSource(stream: MemoryStream(bytes), displayPath: "a.warc", options: o)
}

// MARK: - Tar

@Suite struct TarTests {
    @Test func ustarMembersBecomeRecordsAndOtherMembersAreSkipped() {
        var t = TarBuilder()
        t.add("site/", [], type: UInt8(ascii: "5"))
        t.add("site/a.html", "<html><body><p>A</p></body></html>")
        t.add("site/logo.png", [0x89, 0x50, 0x4E, 0x47, 0, 0, 1, 2])
        t.add("site/b.txt", "plain text page")
        t.add("link.html", [], type: UInt8(ascii: "2"))
        t.add("c.htm", Array("<p>C</p>".utf8), prefix: "deep/prefix")
        let out = drain(tarSource(t.finished()))
        let recs = out.compactMap(\.record)
        #expect(out.count == 3)
        #expect(recs.map { $0.source.member } == ["site/a.html", "site/b.txt", "deep/prefix/c.htm"])
        #expect(recs.map(\.format) == [.html, .text, .html])
        #expect(recs[0].source.offset == 512)            // after the directory header
        #expect(recs[1].source.offset == 512 * 5)        // dir, a.html (2 blocks), png (2 blocks)
        #expect(recs[0].source.path == "a.tar")
        #expect(String(decoding: recs[1].bytes, as: UTF8.self) == "plain text page")
    }

    @Test func gnuLongNamesAndPaxPaths() {
        let long = "articles/" + String(repeating: "very-long-directory-name/", count: 8) + "story.html"
        #expect(long.utf8.count > 100)
        var t = TarBuilder()
        t.addGNULongName(long, Array("<p>long</p>".utf8))
        t.addPax("pax/" + String(repeating: "p", count: 150) + ".html", Array("<p>pax</p>".utf8))
        t.add("after.txt", "after")
        let recs = drain(tarSource(t.finished())).compactMap(\.record)
        #expect(recs.map { $0.source.member } == [long, "pax/" + String(repeating: "p", count: 150) + ".html", "after.txt"])
        #expect(recs[0].source.offset == 1024)   // the member's own header, after the long-name entry
    }

    @Test func escapingNamesAreRejectedAndTheRestIsRead() {
        var t = TarBuilder()
        t.add("../../etc/passwd", "root:x:0:0")
        t.add("/etc/shadow.html", "<p>abs</p>")
        t.add("ok/../../up.html", "<p>up</p>")
        t.add("good.html", "<p>good</p>")
        let out = drain(tarSource(t.finished()))
        #expect(out.count == 4)
        let fails = out.compactMap(\.failure)
        #expect(fails.map { $0.source.member } == ["../../etc/passwd", "/etc/shadow.html", "ok/../../up.html"])
        #expect(fails[0].reason == "unsafe tar member name \"../../etc/passwd\" (absolute path or \"..\" component); member skipped")
        #expect(fails[0].source.offset == 0)
        #expect(out.last?.record?.source.member == "good.html")
        #expect(TarSource.isSafeName("a/..b/c..d.html"))
        #expect(!TarSource.isSafeName("a\\..\\b.html"))
        #expect(!TarSource.isSafeName("C:/x.html"))
    }

    @Test func oversizedMemberIsRejectedAndSkipped() {
        var t = TarBuilder()
        t.add("big.html", [UInt8](repeating: UInt8(ascii: "a"), count: 5000))
        t.add("small.html", "<p>small</p>")
        let out = drain(tarSource(t.finished(), limit: 1000))
        #expect(out.count == 2)
        #expect(out[0].failure?.reason == "tar member is 5000 bytes, larger than the document size limit of 1000 bytes")
        #expect(out[0].failure?.source.member == "big.html")
        #expect(out[1].record?.source.member == "small.html")
    }

    @Test func gzipMembersAreInflated() {
        var t = TarBuilder()
        t.add("a.html.gz", Gzip.compress(Array("<p>zipped</p>".utf8)))
        t.add("b.html.gz", Array("not gzip".utf8))
        let out = drain(tarSource(t.finished()))
        #expect(out[0].record.map { String(decoding: $0.bytes, as: UTF8.self) } == "<p>zipped</p>")
        #expect(out[1].failure?.reason.contains("not in gzip format") == true)
    }

    @Test func truncatedArchiveFailsWithOffset() {
        var t = TarBuilder()
        t.add("a.html", "<p>first</p>")
        t.add("b.html", [UInt8](repeating: 0x61, count: 2000))
        let cut = Array(t.bytes.prefix(1024 + 512 + 700))
        let out = drain(tarSource(cut))
        #expect(out.count == 2)
        #expect(out[0].record?.source.member == "a.html")
        #expect(out[1].failure?.reason == "truncated tar archive: member \"b.html\" at offset 1024 has 700 of 2000 bytes")
        #expect(out[1].failure?.source.offset == 1024)
        // A cut inside a header block.
        let out2 = drain(tarSource(Array(t.bytes.prefix(1024 + 100))))
        #expect(out2.last?.failure?.reason == "truncated tar archive: header block at offset 1024 has only 100 of 512 bytes")
    }

    @Test func corruptHeaderStopsTheArchive() {
        var t = TarBuilder()
        t.add("a.html", "<p>first</p>")
        var bytes = t.finished()
        bytes[0] = UInt8(ascii: "X")   // checksum no longer matches
        let out = drain(tarSource(bytes))
        #expect(out.count == 1)
        #expect(out[0].failure?.reason == "not a tar archive or corrupt tar header at offset 0 (checksum mismatch)")
        // Not a tar at all.
        let junk = drain(tarSource(Array(String(repeating: "hello ", count: 200).utf8)))
        #expect(junk.count == 1 && junk[0].failure != nil)
    }

    @Test func tarGzAndTgzFilesAreDispatchedAndStreamed() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var t = TarBuilder()
        t.add("x/one.html", "<p>one</p>")
        t.add("x/two.txt", "two")
        let plain = t.finished()
        write(plain, dir + "/a.tar")
        write(Gzip.compress(plain), dir + "/b.tar.gz")
        write(Gzip.compress(Array(plain.prefix(1024))) + Gzip.compress(Array(plain.dropFirst(1024))), dir + "/c.tgz")
        for name in ["a.tar", "b.tar.gz", "c.tgz"] {
            #expect(!Readers.isSinglePage(name, format: .auto))
            let f = InputFile(path: dir + "/" + name, displayPath: name, size: 0, mtime: 0)
            let recs = drain(Readers.open(f, options: ReaderOptions())).compactMap(\.record)
            #expect(recs.map { $0.source.member } == ["x/one.html", "x/two.txt"], "\(name)")
            #expect(recs.first?.source.path == name)
        }
        // Explicit formats still win over the extension.
        if case .page = Readers.kind(of: "a.tar", format: .html) {} else { Issue.record("format html must read a page") }
    }
}

// MARK: - WARC

@Suite struct WarcTests {
    func sampleWarc() -> [UInt8] {
        let info = WarcBuilder.record(type: "warcinfo", id: "0", contentType: "application/warc-fields", block: Array("software: test\r\n".utf8))
        let req = WarcBuilder.record(type: "request", id: "1", contentType: "application/http; msgtype=request",
                                     block: Array("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".utf8))
        let html = WarcBuilder.record(type: "response", uri: "http://example.com/news/1", id: "2", date: "2024-05-01T10:00:00Z",
                                      block: WarcBuilder.http(headers: ["Content-Type: text/html; charset=ISO-8859-1", "Server: x"],
                                                              body: WarcBuilder.page("First")))
        let png = WarcBuilder.record(type: "response", id: "3",
                                     block: WarcBuilder.http(headers: ["Content-Type: image/png"], body: [0x89, 0x50, 0x4E, 0x47]))
        let redirect = WarcBuilder.record(type: "response", id: "4",
                                          block: WarcBuilder.http(status: "301 Moved Permanently", headers: ["Location: /x", "Content-Type: text/html"], body: []))
        let second = WarcBuilder.record(type: "response", uri: "<http://example.com/news/2>", id: "5",
                                        block: WarcBuilder.http(headers: ["content-type: text/html"], body: WarcBuilder.page("Second")))
        return info + req + html + png + redirect + second
    }

    @Test func responseRecordsWithHTMLBecomeRecords() {
        let bytes = sampleWarc()
        let out = drain(warcSource(bytes))
        let recs = out.compactMap(\.record)
        #expect(out.count == 2)
        #expect(recs[0].url == "http://example.com/news/1")
        #expect(recs[0].fetched == "2024-05-01T10:00:00Z")
        #expect(recs[0].charsetHint == "ISO-8859-1")
        #expect(recs[0].format == .html)
        #expect(recs[0].source.member == "<urn:uuid:2>")
        #expect(recs[0].bytes == WarcBuilder.page("First"))
        #expect(recs[1].url == "http://example.com/news/2")
        #expect(recs[1].charsetHint == nil)
        // Offsets point at the record's WARC/1.0 line.
        let off = recs[0].source.offset!
        #expect(Array(bytes[off..<off + 8]) == Array("WARC/1.0".utf8))
    }

    @Test func chunkedAndCompressedBodies() {
        let body = WarcBuilder.page("Chunky")
        let gz = Gzip.compress(body)
        var chunked: [UInt8] = []
        var i = 0
        while i < gz.count {
            let n = min(17, gz.count - i)
            chunked += Array((String(n, radix: 16) + ";ext=1\r\n").utf8) + gz[i..<i + n] + Array("\r\n".utf8)
            i += n
        }
        chunked += Array("0\r\nX-Trailer: y\r\n\r\n".utf8)
        let rec = WarcBuilder.record(type: "response", id: "c",
                                     block: WarcBuilder.http(headers: ["Content-Type: text/html; charset=\"utf-8\"", "Transfer-Encoding: chunked",
                                                                       "Content-Encoding: gzip"], body: chunked))
        let out = drain(warcSource(rec))
        #expect(out.count == 1)
        #expect(out[0].record?.bytes == body)
        #expect(out[0].record?.charsetHint == "utf-8")
        // Bad chunk size: this record fails, framing (Content-Length) is intact so the next is read.
        let bad = WarcBuilder.record(type: "response", id: "bad",
                                     block: WarcBuilder.http(headers: ["Content-Type: text/html", "Transfer-Encoding: chunked"], body: Array("zz\r\nabc".utf8)))
        let out2 = drain(warcSource(bad + rec))
        #expect(out2.count == 2)
        #expect(out2[0].failure?.reason == "HTTP chunked body: invalid chunk size \"zz\" at byte 0")
        #expect(out2[1].record != nil)
        // Unsupported encodings are named.
        let br = WarcBuilder.record(type: "response", id: "br",
                                    block: WarcBuilder.http(headers: ["Content-Type: text/html", "Content-Encoding: br"], body: [1, 2, 3]))
        #expect(drain(warcSource(br)).first?.failure?.reason == "unsupported HTTP Content-Encoding \"br\"")
    }

    @Test func warcGzIsAMultiMemberStream() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = WarcBuilder.record(type: "response", uri: "http://a/", id: "a", block: WarcBuilder.http(headers: ["Content-Type: text/html"], body: WarcBuilder.page("A")))
        let b = WarcBuilder.record(type: "response", uri: "http://b/", id: "b", block: WarcBuilder.http(headers: ["Content-Type: text/html"], body: WarcBuilder.page("B")))
        write(Gzip.compress(a) + Gzip.compress(b), dir + "/crawl.warc.gz")
        write(a + b, dir + "/crawl2.warc")
        for name in ["crawl.warc.gz", "crawl2.warc"] {
            #expect(!Readers.isSinglePage(name, format: .auto))
            let f = InputFile(path: dir + "/" + name, displayPath: name, size: 0, mtime: 0)
            let recs = drain(Readers.open(f, options: ReaderOptions())).compactMap(\.record)
            #expect(recs.map { $0.url } == ["http://a/", "http://b/"], "\(name)")
            #expect(recs.map { $0.source.offset } == [0, a.count])
        }
    }

    @Test func truncatedLastRecordFailsWithOffset() {
        let good = WarcBuilder.record(type: "response", id: "g", block: WarcBuilder.http(headers: ["Content-Type: text/html"], body: WarcBuilder.page("G")))
        let last = WarcBuilder.record(type: "response", id: "t", block: WarcBuilder.http(headers: ["Content-Type: text/html"], body: WarcBuilder.page("T")))
        let cut = good + Array(last.prefix(last.count - 40))
        let out = drain(warcSource(cut))
        #expect(out.count == 2)
        #expect(out[0].record != nil)
        let f = out[1].failure
        #expect(f?.source.offset == good.count)
        #expect(f?.source.member == "<urn:uuid:t>")
        #expect(f?.reason.hasPrefix("truncated WARC record at offset \(good.count): block has") == true)
        // Cut inside the WARC header.
        let out2 = drain(warcSource(good + Array(last.prefix(30))))
        #expect(out2[1].failure?.reason.hasPrefix("truncated or corrupt WARC record header at offset \(good.count)") == true)
    }

    @Test func oversizedRecordIsRejectedAndTheNextIsRead() {
        let big = WarcBuilder.record(type: "response", id: "big",
                                     block: WarcBuilder.http(headers: ["Content-Type: text/html"], body: [UInt8](repeating: 0x61, count: 5000)))
        let small = WarcBuilder.record(type: "response", id: "small", block: WarcBuilder.http(headers: ["Content-Type: text/html"], body: WarcBuilder.page("S")))
        let out = drain(warcSource(big + small, limit: 2000))
        #expect(out.count == 2)
        #expect(out[0].failure?.reason.hasSuffix("larger than the document size limit of 2000 bytes") == true)
        #expect(out[1].record?.source.member == "<urn:uuid:small>")
        // A gzip bomb in an HTTP body is capped too.
        let bomb = WarcBuilder.record(type: "response", id: "bomb",
                                      block: WarcBuilder.http(headers: ["Content-Type: text/html", "Content-Encoding: gzip"],
                                                              body: Gzip.compress([UInt8](repeating: 0x61, count: 1_000_000))))
        let out2 = drain(warcSource(bomb + small, limit: 100_000))
        #expect(out2[0].failure?.reason.contains("exceeds the limit of 100000 bytes") == true)
        #expect(out2[1].record != nil)
    }

    @Test func recordsWithoutIDAreNamedByOffset() {
        let body = WarcBuilder.http(headers: ["Content-Type: text/html"], body: WarcBuilder.page("Same"))
        let rec = Array("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body + Array("\r\n\r\n".utf8)
        let recs = drain(warcSource(rec + rec)).compactMap(\.record)
        #expect(recs.map { $0.source.member } == ["@0", "@\(rec.count)"])
        #expect(recs[0].url == nil && recs[0].fetched == nil)
    }

    @Test func garbageIsNotAWarc() {
        let out = drain(warcSource(Array("<html>not a warc</html>\n".utf8)))
        #expect(out.count == 1)
        #expect(out[0].failure?.reason == "not a WARC record at offset 0 (expected a WARC/1.x line)")
        #expect(drain(warcSource([])).isEmpty)
    }
}
