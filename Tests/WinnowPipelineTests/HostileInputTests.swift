import Foundation
import Testing
import WinnowCore
import WinnowHTML
import WinnowIO
@testable import WinnowPipeline

// The hostile-input catalogue: every bad input is generated here, at test time, in a temp directory.
// Each case asserts the exact reason, the rejects.jsonl entry, and that the good documents of the same
// batch are all written; the mixed-corpus test checks read == written + dropped + rejected.

private let extractOnly = #"{"name":"hostile","stages":[{"type":"strip_boilerplate","params":{}}]}"#

private func config(maxDocumentBytes: Int? = nil, stages: String = extractOnly) throws -> PipelineConfig {
    var c = try configFromJSON(stages, file: "hostile.json")
    if let m = maxDocumentBytes { c.input.maxDocumentBytes = m }
    return c
}

private func run(_ config: PipelineConfig, input: String, output: String, state: String? = nil, threads: Int = 2) throws -> RunStats {
    var o = RunOptions()
    o.inputs = [input]
    o.output = output
    o.threads = threads
    o.stateDirectory = state
    if state != nil { o.runName = "r1"; o.now = Date().timeIntervalSince1970 + 3600 }   // files just written are not "still being written"
    return try PipelineRunner(config: config, options: o).run()
}

private func put(_ bytes: [UInt8], _ path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

/// A real article from samples/ (the "good" documents of every batch).
private let goodPage: [UInt8] = Array(FileManager.default.contents(atPath: packageRoot + "/samples/html/000-putin-meets-lukashenko.html") ?? Data())
private let goodPage2: [UInt8] = Array(FileManager.default.contents(atPath: packageRoot + "/samples/html/001-awkward-meeting.html") ?? Data())

/// One rejects.jsonl entry by path (and member), as a dictionary of its fields.
private func reject(_ rej: [JSONValue], path: String, member: String? = nil, line: JSONValue = .null) -> [String: JSONValue]? {
    guard let r = rej.first(where: { $0["path"]?.stringValue == path && (member == nil || $0["member"]?.stringValue == member)
                                     && (line == .null || $0["line"] == line) }),
          case let .object(pairs) = r else { return nil }
    return Dictionary(pairs, uniquingKeysWith: { a, _ in a })
}

private func readStatsJSON(_ dir: String) throws -> JSONValue {
    try JSONValue.parse(Array(FileManager.default.contents(atPath: dir + "/stats.json") ?? Data()))
}

/// Tar bytes written by hand (ustar headers).
private func tar(_ members: [(String, [UInt8])]) -> [UInt8] {
    var out: [UInt8] = []
    for (name, data) in members {
        var h = [UInt8](repeating: 0, count: 512)
        for (i, b) in Array(name.utf8).prefix(100).enumerated() { h[i] = b }
        func octal(_ v: Int, _ at: Int, _ width: Int) {
            var s = Array(String(v, radix: 8).utf8)
            while s.count < width - 1 { s.insert(0x30, at: 0) }
            for (i, b) in s.enumerated() { h[at + i] = b }
        }
        octal(0o644, 100, 8); octal(0, 108, 8); octal(0, 116, 8); octal(data.count, 124, 12); octal(0, 136, 12)
        h[156] = UInt8(ascii: "0")
        for (i, b) in Array("ustar\u{0}00".utf8).enumerated() { h[257 + i] = b }
        for i in 148..<156 { h[i] = 0x20 }
        octal(h.reduce(0) { $0 + Int($1) }, 148, 7)
        out += h + data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }
    return out + [UInt8](repeating: 0, count: 1024)
}

/// A gzip bomb: `members` copies of one gzip member of 1 MiB of zeros (about 1 KiB each), so the
/// file is ~members KiB and inflates to `members` MiB.
private func gzipBomb(members: Int) -> [UInt8] {
    let one = Gzip.compress([UInt8](repeating: 0x20, count: 1 << 20), level: 9)
    var out: [UInt8] = []
    out.reserveCapacity(one.count * members)
    for _ in 0..<members { out += one }
    return out
}

@Suite(.serialized) struct HostileInputTests {
    /// Every kind of bad input in one directory, plus good documents; each bad input is rejected with
    /// its reason or decoded safely, every good document is written, and the counts add up.
    @Test func mixedCorpusIsFullyAccountedFor() throws {
        let input = tempDirectory("hostile-in"), out = tempDirectory("hostile-out")
        defer { try? FileManager.default.removeItem(atPath: input); try? FileManager.default.removeItem(atPath: out) }
        let cap = 8 << 20
        #expect(goodPage.count > 1000 && goodPage2.count > 1000)
        put(goodPage, input + "/good-1.html")
        put(goodPage2, input + "/good-2.html")
        put(Gzip.compress(goodPage2), input + "/good-3.html.gz")

        // Gzip: truncated, trailing garbage, bomb (1 GiB inflated from ~1 MiB).
        let gz = Gzip.compress(goodPage)
        put(Array(gz.prefix(gz.count / 2)), input + "/truncated.html.gz")
        put(gz + Array("GARBAGE AFTER THE STREAM".utf8), input + "/garbage.html.gz")
        let bomb = gzipBomb(members: 1024)
        #expect(bomb.count < 2 << 20)
        put(bomb, input + "/bomb.html.gz")

        // Encodings: invalid UTF-8, mixed UTF-8 + Latin-1 bytes.
        put(Array("<html><body><article><p>".utf8) + [0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE] + Array(" broken bytes in a paragraph about Minsk and Moscow, long enough to be kept as article text by the extractor.</p></article></body></html>".utf8), input + "/invalid-utf8.html")
        put(Array("Zürich, Genève, Kraków and Dvořák: ".utf8) + Array("caf".utf8) + [0xE9] + Array(" au lait in a text file that mixes UTF-8 with one Latin-1 byte.".utf8), input + "/mixed.txt")

        // Binary named .html; empty file; single-line text larger than the cap.
        put([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52] + [UInt8](repeating: 0, count: 4000), input + "/image.html")
        put([], input + "/empty.html")
        put([UInt8](repeating: UInt8(ascii: "a"), count: cap + 1), input + "/one-line.txt")

        // HTML nested 100,000 levels deep (the 50 MiB <script> page needs a cap above 8 MiB: own test below).
        put(Array(String(repeating: "<div>", count: 100_000).utf8) + Array("<p>Deeply nested text survives the nesting limit.</p>".utf8)
            + Array(String(repeating: "</div>", count: 100_000).utf8), input + "/deep.html")

        // JSONL: good, not JSON, JSON that is not an object, good.
        put(Array(("{\"id\":\"j-good-1\",\"text\":\"A good JSONL record about Minsk.\"}\n"
                   + "this is not json\n"
                   + "[1, 2, 3]\n"
                   + "{\"id\":\"j-good-2\",\"text\":\"Another good record.\"}\n").utf8), input + "/records.jsonl")

        // Tar with escaping members and one good page.
        put(tar([("../../etc/passwd", Array("root:x:0:0:root:/root:/bin/bash\n".utf8)),
                 ("/etc/cron.d/evil.html", Array("<p>absolute</p>".utf8)),
                 ("site/good.html", goodPage)]), input + "/pages.tar")

        // Symlink loop (directory pointing to its parent) and a file symlink pointing to itself.
        try FileManager.default.createDirectory(atPath: input + "/sub", withIntermediateDirectories: true)
        #expect(symlink("..", input + "/sub/loop") == 0)
        #expect(symlink("self.html", input + "/self.html") == 0)

        // Unreadable file (chmod 000). Root ignores file permissions, so there it is simply read.
        put(goodPage, input + "/unreadable.html")
        chmod(input + "/unreadable.html", 0)
        let isRoot = geteuid() == 0

        let stats = try run(try config(maxDocumentBytes: cap), input: input, output: out)
        let rej = relativized(try rejects(out), root: input)
        let written = relativized(try readRecords(out), root: input)
        let writtenSources = Set(written.map { r -> String in
            let s = r["source"]!
            return s["path"]!.stringValue! + (s["member"]?.stringValue.map { "#" + $0 } ?? "")
        })

        func expectReject(_ path: String, member: String? = nil, reason: String, offset: JSONValue = .null, line: JSONValue = .null,
                          sourceLocation: SourceLocation = #_sourceLocation) {
            guard let r = reject(rej, path: path, member: member, line: line) else {
                Issue.record("no reject for \(path) \(member ?? ""): \(rej)", sourceLocation: sourceLocation); return
            }
            #expect(r["reason"]?.stringValue == reason, sourceLocation: sourceLocation)
            #expect(r["stage"]?.stringValue == "read", sourceLocation: sourceLocation)
            #expect(r["member"] == (member.map { .string($0) } ?? .null), sourceLocation: sourceLocation)
            #expect(r["offset"] == offset, sourceLocation: sourceLocation)
            #expect(r["line"] == line, sourceLocation: sourceLocation)
            #expect(r["id"] == .null, sourceLocation: sourceLocation)
            #expect(r["source"]?.stringValue?.hasPrefix(path) == true, sourceLocation: sourceLocation)
        }
        expectReject("truncated.html.gz", reason: "truncated gzip stream (input ends at compressed byte \(gz.count / 2))")
        expectReject("garbage.html.gz", reason: "trailing garbage after the gzip stream at byte \(gz.count)")
        expectReject("bomb.html.gz", reason: "inflated size exceeds the limit of \(cap) bytes (possible gzip bomb)")
        expectReject("image.html", reason: "binary content (NUL or control bytes), not HTML or text")
        expectReject("empty.html", reason: "empty file")
        expectReject("one-line.txt", reason: "larger than the document size limit of \(cap) bytes")
        expectReject("records.jsonl", reason: "not valid JSON: expected 'true' at byte 1 of the line", offset: .number(60), line: .number(2))
        expectReject("records.jsonl", reason: "JSON value is array, expected an object", offset: .number(77), line: .number(3))
        expectReject("pages.tar", member: "../../etc/passwd",
                     reason: "unsafe tar member name \"../../etc/passwd\" (absolute path or \"..\" component); member skipped", offset: .number(0))
        expectReject("pages.tar", member: "/etc/cron.d/evil.html",
                     reason: "unsafe tar member name \"/etc/cron.d/evil.html\" (absolute path or \"..\" component); member skipped", offset: .number(1024))
        expectReject("self.html", reason: "dangling or looping symlink")
        let loop = rej.first { $0["reason"]?.stringValue?.hasPrefix("symlink loop: ") == true }
        #expect(loop?["path"]?.stringValue?.hasSuffix("sub/loop") == true, "\(rej)")

        // Decoded, not rejected.
        for ok in ["good-1.html", "good-2.html", "good-3.html.gz", "pages.tar#site/good.html", "records.jsonl", "mixed.txt", "invalid-utf8.html", "deep.html"] {
            #expect(writtenSources.contains(ok), "\(ok) not written: \(writtenSources.sorted())")
        }
        #expect(written.filter { $0["source"]?["path"]?.stringValue == "records.jsonl" }.map { $0["id"]?.stringValue } == ["j-good-1", "j-good-2"])
        let mixed = written.first { $0["source"]?["path"]?.stringValue == "mixed.txt" }?["text"]?.stringValue ?? ""
        #expect(mixed.hasPrefix("Zürich, Genève, Kraków and Dvořák: caf\u{FFFD} au lait"), "\(mixed)")
        let invalid = written.first { $0["source"]?["path"]?.stringValue == "invalid-utf8.html" }?["text"]?.stringValue ?? ""
        #expect(invalid.contains("broken bytes in a paragraph about Minsk"), "\(invalid)")
        let deep = written.first { $0["source"]?["path"]?.stringValue == "deep.html" }?["text"]?.stringValue ?? ""
        #expect(deep.contains("Deeply nested text survives"), "\(deep)")

        if isRoot {
            // Recorded honestly: as root, chmod 000 does not stop open(2); the file is read like any other.
            #expect(writtenSources.contains("unreadable.html"))
        } else {
            expectReject("unreadable.html", reason: "cannot open: Permission denied")
        }

        // Accounting, in memory and in stats.json.
        #expect(stats.read == stats.written + stats.dropped + stats.rejected)
        #expect(stats.written == written.count)
        #expect(stats.rejected == rej.count)
        #expect(stats.exitCode == ExitCode.partial)
        let sj = try readStatsJSON(out)
        let docs = sj["documents"]!
        func n(_ k: String) -> Int { if case let .number(d)? = docs[k] { return Int(d) }; return -1 }
        #expect(n("read") == n("written") + n("dropped") + n("rejected"))
        #expect(n("read") == stats.read && n("written") == written.count && n("rejected") == rej.count)
        #expect(rej.count == (isRoot ? 12 : 13), "\(rej.map { $0["source"]!.stringValue! + " " + $0["reason"]!.stringValue! })")
        chmod(input + "/unreadable.html", 0o644)
    }

    /// Found by FuzzHTML: blank pages crashed strip_boilerplate (exit 132 for the whole run). They are
    /// now rejected at read time and the rest of the batch is written.
    @Test func blankPagesDoNotCrashTheRun() throws {
        let input = tempDirectory("blank-in"), out = tempDirectory("blank-out")
        defer { try? FileManager.default.removeItem(atPath: input); try? FileManager.default.removeItem(atPath: out) }
        put(Array("   \n".utf8), input + "/blank.html")
        put(Array(#"{"id":"e","html":""}"#.utf8) + [0x0A] + Array(#"{"id":"w","html":"  "}"#.utf8) + [0x0A], input + "/empty-html.jsonl")
        put(goodPage, input + "/good.html")
        let stats = try run(try config(), input: input, output: out)
        let rej = relativized(try rejects(out), root: input)
        #expect(reject(rej, path: "blank.html")?["reason"]?.stringValue == "blank file (only whitespace)")
        #expect(reject(rej, path: "empty-html.jsonl", line: .number(1))?["reason"]?.stringValue == "record has an empty \"html\" field")
        #expect(reject(rej, path: "empty-html.jsonl", line: .number(2))?["reason"]?.stringValue == "record has an empty \"html\" field")
        #expect(relativized(try readRecords(out), root: input).map { $0["source"]!["path"]!.stringValue! } == ["good.html"])
        #expect(stats.read == 4 && stats.written == 1 && stats.rejected == 3)
    }

    /// The gzip bomb on its own with the 10 MB cap from the issue: ~1 MiB on disk, 1 GiB inflated.
    @Test func gzipBombIsCappedAndTheBatchCompletes() throws {
        let input = tempDirectory("bomb-in"), out = tempDirectory("bomb-out")
        defer { try? FileManager.default.removeItem(atPath: input); try? FileManager.default.removeItem(atPath: out) }
        put(gzipBomb(members: 1024), input + "/a-bomb.html.gz")
        put(goodPage, input + "/b-good.html")
        let stats = try run(try config(maxDocumentBytes: 10_000_000), input: input, output: out)
        let r = reject(relativized(try rejects(out), root: input), path: "a-bomb.html.gz")
        #expect(r?["reason"]?.stringValue == "inflated size exceeds the limit of 10000000 bytes (possible gzip bomb)")
        #expect(relativized(try readRecords(out), root: input).map { $0["source"]!["path"]!.stringValue! } == ["b-good.html"])
        #expect(stats.read == 2 && stats.written == 1 && stats.rejected == 1)
    }

    /// A page whose <script> is 50 MiB: parsed (under a 64 MiB cap), script text not in the output.
    @Test func fiftyMegabyteScriptPage() throws {
        let input = tempDirectory("script-in"), out = tempDirectory("script-out")
        defer { try? FileManager.default.removeItem(atPath: input); try? FileManager.default.removeItem(atPath: out) }
        var page = Array("<html><head><title>Script</title><script>".utf8)
        let chunk = Array("var s = 'SCRIPTTEXT'; if (a < b && c > d) { x(); }\n".utf8)
        while page.count < 50 << 20 { page += chunk }
        page += Array("</script></head><body><article><h1>Headline</h1><p>The article text after a very large script element is still extracted by the pipeline, as a normal paragraph.</p><p>A second paragraph makes this look like an article.</p></article></body></html>".utf8)
        put(page, input + "/big-script.html")
        put(goodPage, input + "/good.html")
        let stats = try run(try config(), input: input, output: out)
        let recs = relativized(try readRecords(out), root: input)
        #expect(stats.read == stats.written + stats.dropped + stats.rejected)
        #expect(stats.rejected == 0)
        let big = recs.first { $0["source"]!["path"]!.stringValue! == "big-script.html" }
        #expect(big?["text"]?.stringValue?.contains("still extracted") == true)
        #expect(big?["text"]?.stringValue?.contains("SCRIPTTEXT") == false)
        #expect(recs.contains { $0["source"]!["path"]!.stringValue! == "good.html" })
    }

    /// An output directory that cannot be created or written: a clear error before any input is read.
    @Test func unwritableOutputDirectory() throws {
        let base = tempDirectory("unwritable")
        defer { chmod(base + "/ro", 0o755); try? FileManager.default.removeItem(atPath: base) }
        put(goodPage, base + "/good.html")
        // A path below a regular file can never be created (works as root too).
        put([1], base + "/file")
        do {
            _ = try run(try config(), input: base + "/good.html", output: base + "/file/out")
            Issue.record("run should fail")
        } catch {
            #expect("\(error)".hasPrefix("cannot create output directory \(base)/file/out"), "\(error)")
        }
        // A read-only directory (permissions; not enforced for root).
        try FileManager.default.createDirectory(atPath: base + "/ro", withIntermediateDirectories: true)
        chmod(base + "/ro", 0o555)
        if geteuid() != 0 {
            do {
                _ = try run(try config(), input: base + "/good.html", output: base + "/ro")
                Issue.record("run should fail")
            } catch {
                #expect("\(error)" == "output directory \(base)/ro is not writable")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: base + "/ro/stats.json") || geteuid() == 0)
    }

    /// Disk full mid-run, in process: output on a 512 KiB tmpfs (only where mounting is permitted, e.g.
    /// root in a container). The run fails with ENOSPC, leaves no partial file, and the state is intact:
    /// a second run with room processes every document.
    @Test func diskFullOnTmpfsLeavesNoPartialOutputAndIntactState() throws {
        let base = tempDirectory("enospc")
        defer { _ = umount2(base + "/small", 2); try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/small", withIntermediateDirectories: true)
        guard geteuid() == 0, mount("tmpfs", base + "/small", "tmpfs", 0, "size=512k") == 0 else {
            print("HostileInputTests: skipping tmpfs disk-full case (mount not permitted); the ulimit -f case covers it")
            return
        }
        try FileManager.default.createDirectory(atPath: base + "/in", withIntermediateDirectories: true)
        var lines = ""
        for i in 0..<3000 { lines += "{\"id\":\"d\(i)\",\"text\":\"Document \(i) " + String(repeating: "filler text ", count: 40) + "\"}\n" }
        put(Array(lines.utf8), base + "/in/docs.jsonl")
        let noStages = #"{"name":"full","stages":[]}"#
        do {
            _ = try run(try config(stages: noStages), input: base + "/in", output: base + "/small/out", state: base + "/state")
            Issue.record("run should fail with a full disk")
        } catch {
            #expect("\(error)".contains("No space left on device"), "\(error)")
        }
        let left = (try? FileManager.default.subpathsOfDirectory(atPath: base + "/small/out")) ?? []
        #expect(left.filter { $0.contains("part-") || $0.contains(".tmp") || $0.hasSuffix("stats.json") }.isEmpty, "left behind: \(left)")
        // State intact: a rerun with room reads and writes everything.
        let stats = try run(try config(stages: noStages), input: base + "/in", output: base + "/big-out", state: base + "/state")
        #expect(stats.written == 3000)
    }

    /// Disk full simulated with RLIMIT_FSIZE on the real binary (portable, no privileges): writes fail
    /// with EFBIG; the run exits 2 with a clear error and leaves no partial output.
    @Test func fileSizeLimitStopsTheRunCleanly() throws {
        guard let bin = testWinnowBinary else {
            print("HostileInputTests: skipping ulimit -f case: winnow binary not built (run `swift build` first)")
            return
        }
        let base = tempDirectory("fsize")
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/in", withIntermediateDirectories: true)
        var lines = ""
        for i in 0..<3000 { lines += "{\"id\":\"d\(i)\",\"text\":\"Document \(i) " + String(repeating: "filler text ", count: 40) + "\"}\n" }
        put(Array(lines.utf8), base + "/in/docs.jsonl")
        put(Array(#"{"name":"full","stages":[]}"#.utf8), base + "/p.json")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        // SIGXFSZ ignored (inherited through exec), so write(2) returns EFBIG instead of killing the process.
        p.arguments = ["-c", "trap '' XFSZ; ulimit -f 256; exec \"$0\" run \"$1\" --input \"$2\" --output \"$3\" --quiet",
                       bin, base + "/p.json", base + "/in", base + "/out"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let e = String(decoding: drain(err.fileHandleForReading.fileDescriptor), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 2, "\(e)")
        #expect(e.contains("winnow: error:") && e.contains("File too large"), "\(e)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: base + "/out")) ?? []
        #expect(left.filter { $0.contains("part-") || $0.contains(".tmp") || $0 == "stats.json" }.isEmpty, "left behind: \(left)")
    }

    /// No network: parse options include NONET, and a page referencing an external DTD, stylesheet,
    /// image and entity on a local listening socket makes no connection; external entities are not expanded.
    @Test func htmlParsingNeverFetches() throws {
        let src = try String(contentsOfFile: packageRoot + "/Sources/WinnowHTML/HTMLDocument.swift", encoding: .utf8)
        #expect(src.contains("HTML_PARSE_NONET"))
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        #expect(bound)
        let port = UInt16(bigEndian: addr.sin_port)
        let secret = tempDirectory("xxe") + "/secret.txt"
        try "TOP-SECRET-CONTENT".write(toFile: secret, atomically: true, encoding: .utf8)
        let page = """
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://127.0.0.1:\(port)/evil.dtd" [
          <!ENTITY xxe SYSTEM "file://\(secret)">
          <!ENTITY net SYSTEM "http://127.0.0.1:\(port)/entity">
        ]>
        <html><head><link rel="stylesheet" href="http://127.0.0.1:\(port)/s.css"></head>
        <body><p>A &xxe; B &net; C</p><img src="http://127.0.0.1:\(port)/i.png"><iframe src="http://127.0.0.1:\(port)/f"></iframe></body></html>
        """
        let doc = try HTMLDocument.parse(Array(page.utf8), encoding: "UTF-8")
        let text = doc.nodes.indices.filter { doc.nodes[$0].kind == .text }.map { doc.textString($0) }.joined()
        #expect(!text.contains("TOP-SECRET-CONTENT"))
        #expect(text.contains("A ") && text.contains("C"))
        // Nothing connected to the listener.
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        #expect(poll(&pfd, 1, 200) == 0, "the parser connected to 127.0.0.1:\(port)")
    }
}

/// The `winnow` binary built next to this test bundle (any scratch path), else <root>/.build/debug.
let testWinnowBinary: String? = {
    var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
    for _ in 0..<3 {
        let p = dir.appendingPathComponent("winnow").path
        if FileManager.default.isExecutableFile(atPath: p) { return p }
        dir.deleteLastPathComponent()
    }
    for p in [Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("winnow").path,
              packageRoot + "/.build/debug/winnow"] where FileManager.default.isExecutableFile(atPath: p) { return p }
    return nil
}()
