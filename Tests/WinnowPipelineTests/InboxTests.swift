import Foundation
import Testing
import WinnowCore
import WinnowIO
@testable import WinnowPipeline

/// The inbox situations a nightly cron job meets, each run through `--state` twice or more.
@Suite(.serialized) struct InboxTests {
    static let page = try! String(contentsOfFile: packageRoot + "/samples/html/000-putin-meets-lukashenko.html", encoding: .utf8)
    static let otherPage = try! String(contentsOfFile: packageRoot + "/samples/html/003-minsk-speech.html", encoding: .utf8)

    struct Inbox {
        let dir = tempDirectory("inbox")
        let out: String
        let state: String
        init(outInside: Bool = false) {
            out = outInside ? dir + "/out" : tempDirectory("inbox-out")
            state = tempDirectory("inbox-state")
        }

        func write(_ name: String, _ text: String, age: Double = 3600) {
            write(name, Array(text.utf8), age: age)
        }

        func write(_ name: String, _ bytes: [UInt8], age: Double = 3600) {
            let path = dir + "/" + name
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            setAge(name, age)
        }

        func setAge(_ name: String, _ age: Double) {
            let t = Date().addingTimeInterval(-age)
            try? FileManager.default.setAttributes([.modificationDate: t], ofItemAtPath: dir + "/" + name)
        }

        /// One cron run: the runner with --state, as `winnow run` calls it.
        @discardableResult
        func run(_ pipeline: String = "pipelines/news.json", name: String, now: Double? = nil,
                 configure: (inout PipelineConfig) -> Void = { _ in }) throws -> RunStats {
            var config = try loadConfig(pipeline)
            configure(&config)
            var o = RunOptions()
            o.inputs = [dir]; o.output = out; o.stateDirectory = state; o.runName = name; o.now = now
            return try PipelineRunner(config: config, options: o).run()
        }

        func records(_ run: String) throws -> [JSONValue] { try readRecords(out + "/" + run) }
        func stats(_ run: String) throws -> JSONValue {
            try JSONValue.parse(Array(FileManager.default.contents(atPath: out + "/" + run + "/stats.json")!))
        }
    }

    @Test func aFileStillBeingWrittenIsDeferredAndTakenByTheNextRun() throws {
        let inbox = Inbox()
        inbox.write("a.html", Self.page)
        inbox.write("b.html", "<html><body><p>half a pa", age: 5)   // copied 5 seconds ago
        let first = try inbox.run(name: "r1")
        #expect(first.read == 1)
        #expect(first.deferredInputs == 1)
        #expect(try inbox.stats("r1")["inputs"]?["deferred"] == .number(1))
        // The copy completes; an hour later the next run reads the whole page, and it is not a duplicate of anything.
        inbox.write("b.html", Self.otherPage, age: 5)
        let second = try inbox.run(name: "r2", now: Date().timeIntervalSince1970 + 3600)
        #expect(second.read == 1)
        let recs = try inbox.records("r2")
        #expect(recs.first?["source"]?["path"]?.stringValue?.hasSuffix("b.html") == true)
        #expect(recs.first?["dedup"]?["duplicate_of"] == .null)
        #expect(recs.first?["text"]?.stringValue?.count ?? 0 > 500)
        // Nothing left: a third run writes no run folder.
        let third = try inbox.run(name: "r3", now: Date().timeIntervalSince1970 + 7200)
        #expect(third.nothingNew)
        #expect(!FileManager.default.fileExists(atPath: inbox.out + "/r3"))
    }

    @Test func minAgeIsZeroWithoutStateAndConfigurable() throws {
        let inbox = Inbox()
        inbox.write("fresh.html", Self.page, age: 1)
        var o = RunOptions(); o.inputs = [inbox.dir]; o.output = inbox.out
        #expect(try PipelineRunner(config: try loadConfig("pipelines/news.json"), options: o).run().read == 1)
        let withState = try inbox.run(name: "s1") { $0.input.minAgeSeconds = 0 }
        #expect(withState.read == 1 && withState.deferredInputs == 0)
    }

    @Test func theRunsOwnOutputAndStateAreNeverReadBack() throws {
        let inbox = Inbox(outInside: true)
        inbox.write("a.html", Self.page)
        inbox.write("b.html", Self.otherPage)
        // Output inside the input directory, state too.
        var o = RunOptions(); o.inputs = [inbox.dir]; o.output = inbox.out; o.stateDirectory = inbox.dir + "/state"
        for (i, extra) in ["c.html", "d.html", "e.html"].enumerated() {
            inbox.write(extra, Self.page.replacingOccurrences(of: "Putin", with: "Putin \(i)"))
            o.runName = "run\(i)"
            let s = try PipelineRunner(config: try loadConfig("pipelines/news.json"), options: o).run()
            #expect(s.read == (i == 0 ? 3 : 1), "run \(i): \(s.line())")
            #expect(s.rejected == 0)
            #expect(s.skippedInputs[InputScanner.ownOutputReason] == 2, "\(s.skippedInputs)")
        }
        // Without --state, a second run into the same folder still writes the same records, not twice as many.
        let plain = Inbox(outInside: true)
        plain.write("a.html", Self.page)
        var p = RunOptions(); p.inputs = [plain.dir]; p.output = plain.out
        for _ in 0..<2 { #expect(try PipelineRunner(config: try loadConfig("pipelines/news.json"), options: p).run().written == 1) }
        #expect(try readRecords(plain.out).count == 1)
    }

    @Test func onlyPageTypesAreReadAndTheRestIsCountedByReason() throws {
        let inbox = Inbox()
        inbox.write("story.html", Self.page)
        inbox.write("story-noext", Self.otherPage)            // no extension, sniffs as HTML: read
        inbox.write("assets/app.js", "var x = 1;")
        inbox.write("assets/site.css", "body { color: red }")
        inbox.write("assets/logo.png", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 1])
        inbox.write("robots.txt", "User-agent: *\nDisallow:")
        inbox.write("feed.xml", "<?xml version=\"1.0\"?><rss></rss>")
        inbox.write("paper.pdf", "%PDF-1.4 binary")
        inbox.write("LICENSE", "Permission is hereby granted")   // no extension, not HTML
        let s = try inbox.run(name: "r1")
        #expect(s.read == 2)
        #expect(s.skippedInputs == ["not a page type (.js)": 1, "not a page type (.css)": 1, "not a page type (.png)": 1,
                                    "site file robots.txt": 1, "not a page type (.xml)": 1, "not a page type (.pdf)": 1,
                                    InputTypes.noExtensionReason: 1])
        let skipped = try inbox.stats("r1")["inputs"]?["skipped"]
        #expect(skipped?["not a page type (.js)"] == .number(1))
        // input.include reads a type Winnow skips by default; input.exclude wins over it and is counted too.
        let inbox2 = Inbox()
        inbox2.write("feed.xml", "<html><body><p>" + String(repeating: "A feed item with words. ", count: 20) + "</p></body></html>")
        inbox2.write("story.html", Self.page)
        let s2 = try inbox2.run(name: "r1") { $0.input.include = ["*.xml"]; $0.input.exclude = ["story.*"] }
        #expect(s2.read == 1)
        #expect(s2.skippedInputs == [InputScanner.excludedReason: 1])
    }

    @Test func tarMembersAreReadLikeFilesInAFolder() throws {
        let inbox = Inbox()
        let jsonl = """
        {"id": "t1", "text": "The first record of a JSON Lines member, with enough words to make a small article for the test."}
        {"id": "t2", "text": "The second record of a JSON Lines member, also with enough words to make a small article here."}

        """
        let warc = Self.warc(html: Self.page)
        let tar = TarBuilder()
            .add("news/story.html", Array(Self.otherPage.utf8))
            .add("news/records.jsonl", Array(jsonl.utf8))
            .add("news/crawl.warc", warc)
            .add("news/style.css", Array("body{}".utf8))
            .archive
        inbox.write("bundle.tar", tar)
        let s = try inbox.run(name: "r1")
        #expect(s.read == 4, "\(s.line())")
        #expect(s.rejected == 0)
        #expect(s.skippedRecords["not a page type (.css)"] == 1)
        #expect(s.skippedRecords["WARC request record"] == 1)
        let recs = try inbox.records("r1")
        let members = recs.compactMap { $0["source"]?["member"]?.stringValue }
        #expect(members.contains("news/records.jsonl"))
        #expect(members.contains { $0.hasPrefix("news/crawl.warc#") })
        #expect(recs.contains { $0["id"] == .string("t2") && $0["source"]?["line"] == .number(2) })
        #expect(try inbox.run(name: "r2").nothingNew)
    }

    @Test func anInputThatYieldsNothingIsAWarningNotSilence() throws {
        let inbox = Inbox()
        inbox.write("only/style.css", "body{}")
        inbox.write("only/empty.jsonl", "\n\n")
        let s = try inbox.run(name: "r1")
        #expect(s.read == 0)
        #expect(s.exitCode == 0)
        #expect(s.warnings.count == 1)
        #expect(s.warnings.first?.contains("yielded no document") == true)
        let warnings = try inbox.stats("r1")["warnings"]
        #expect(warnings?.arrayCount == 1)
    }

    @Test func zstdIsReadAndOtherCompressionsAreNamed() throws {
        let inbox = Inbox()
        inbox.write("a.html.zst", try Self.zstd(Array(Self.page.utf8)))
        inbox.write("b.html.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2, 3])
        inbox.write("c.html", [0x42, 0x5A, 0x68, 0x39, 1, 2, 3])   // bzip2 bytes under a page name
        let s = try inbox.run(name: "r1")
        #expect(s.written == 1)
        #expect(s.rejected == 2)
        let reasons = try rejects(inbox.out + "/r1").compactMap { $0["reason"]?.stringValue }
        #expect(reasons.sorted() == ["unsupported compression: bzip2", "unsupported compression: xz"])
    }

    @Test func jsonlMetadataIsTakenAndBadValuesKeptRawWithAWarning() throws {
        let inbox = Inbox()
        inbox.write("feed.jsonl", """
        {"id": "m1", "url": "https://example.org/a", "text": "An article with a date and two authors, long enough to keep.", "published": "2023-02-17T18:52+01:00", "authors": ["Ann Lee", "Bo Kim"], "site": "Example", "language": "en", "fetched": "Fri, 17 Feb 2023 19:00:00 GMT", "metadata": {"crawl": "c7", "rank": [1, 2]}}
        {"id": "m2", "text": "Another article whose date cannot be read, which is kept raw, not rejected.", "published": "last Tuesday", "authors": 42}

        """)
        let s = try inbox.run(name: "r1")
        #expect(s.written == 2 && s.rejected == 0)
        #expect(s.warnings.count == 2)
        let recs = try inbox.records("r1")
        let m1 = recs.first { $0["id"] == .string("m1") }, m2 = recs.first { $0["id"] == .string("m2") }
        #expect(m1?["published"] == .string("2023-02-17T18:52:00+01:00"))
        #expect(m1?["fetched"] == .string("2023-02-17T19:00:00Z"))
        #expect(m1?["authors"] == .array([.string("Ann Lee"), .string("Bo Kim")]))
        #expect(m1?["site"] == .string("Example"))
        #expect(m1?["meta"]?["input"]?["rank"] == .array([.number(1), .number(2)]))
        #expect(m2?["published"] == .null)
        #expect(m2?["meta"]?["published_raw"] == .string("\"last Tuesday\""))
        #expect(m2?["meta"]?["authors_raw"] == .string("42"))
    }

    @Test func droppedDocumentsAreListedWithStageAndReason() throws {
        let inbox = Inbox()
        inbox.write("a.html", Self.page)
        inbox.write("tiny.html", "<html><body><p>Menu</p></body></html>")
        let s = try inbox.run(name: "r1") { $0.output.dropped = true }
        #expect(s.dropped == 1)
        let lines = String(decoding: FileManager.default.contents(atPath: inbox.out + "/r1/dropped.jsonl")!, as: UTF8.self)
            .split(separator: "\n").map { try! JSONValue.parse(String($0)) }
        #expect(lines.count == 1)
        #expect(lines.first?["stage"] == .string("strip_boilerplate"))
        #expect(lines.first?["source"]?.stringValue?.hasSuffix("tiny.html") == true)
        #expect(lines.first?["reason"]?.stringValue?.isEmpty == false)
    }

    @Test func theSameFileHasOneIdHoweverItsPathIsWritten() throws {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(InputScanner.displayPath(of: "samples/a.html", cwd: "/w") == "samples/a.html")
        #expect(InputScanner.displayPath(of: "./samples//x/../a.html", cwd: "/w") == "samples/a.html")
        #expect(InputScanner.displayPath(of: "/w/samples/a.html", cwd: "/w") == "samples/a.html")
        #expect(InputScanner.displayPath(of: "/srv/in/a.html", cwd: "/w") == "/srv/in/a.html")
        #expect(InputScanner.displayPath(of: "/srv/in/a.html", cwd: "/") == "/srv/in/a.html")
        // Through the scanner: a directory root, the file itself, an absolute path and a glob agree.
        let rel = "samples/html"
        func ids(_ input: String) throws -> [String] {
            let scan = try InputScanner().scan([input])
            return scan.files.filter { $0.displayPath.hasSuffix("000-putin-meets-lukashenko.html") }.map(\.displayPath)
        }
        guard cwd == packageRoot else { return }   // the relative forms need the package root as working directory
        let forms = [rel, rel + "/000-putin-meets-lukashenko.html", packageRoot + "/" + rel, rel + "/000-*.html"]
        let shown = try forms.map { try ids($0) }
        #expect(Set(shown.flatMap { $0 }).count == 1, "\(shown)")
    }

    @Test func twoRootsWithTheSameRelativeNameStayApart() throws {
        let a = tempDirectory("rootA"), b = tempDirectory("rootB"), out = tempDirectory("roots-out")
        FileManager.default.createFile(atPath: a + "/index.html", contents: Data(Self.page.utf8))
        FileManager.default.createFile(atPath: b + "/index.html", contents: Data(Self.otherPage.utf8))
        var o = RunOptions(); o.inputs = [a, b]; o.output = out
        let s = try PipelineRunner(config: try loadConfig("pipelines/news.json"), options: o).run()
        #expect(s.written == 2)
        let paths = try readRecords(out).compactMap { $0["source"]?["path"]?.stringValue }
        #expect(Set(paths).count == 2, "\(paths)")
    }

    @Test func anUnknownCharsetIsAConfigError() throws {
        var c = try loadConfig("pipelines/news.json")
        c.input.charset = "klingon-8"
        #expect(throws: ConfigError.self) { _ = try PipelineRunner.instantiate(c, registry: BuiltinStages.registry) }
        c.input.charset = "latin1"
        _ = try PipelineRunner.instantiate(c, registry: BuiltinStages.registry)
    }

    @Test func stateCommandsInspectPruneAndCompactUnderTheRunLock() throws {
        guard winnowBinary != nil else { return }
        let inbox = Inbox()
        inbox.write("a.html", Self.page)
        let pipeline = packageRoot + "/pipelines/news.json"
        func run(_ name: String) throws -> Int32 {
            try runWinnow(["run", pipeline, "--input", inbox.dir, "--output", inbox.out, "--state", inbox.state,
                           "--run-name", "2026-01-0\(name)T03-00-00Z", "--quiet"]).status
        }
        #expect(try run("1") == 0)
        inbox.write("b.html", Self.otherPage)
        #expect(try run("2") == 0)
        let stats = try runWinnow(["state", "stats", "--state", inbox.state])
        #expect(stats.status == 0, "\(stats.err)")
        #expect(stats.out.contains("runs 2"), "\(stats.out)")
        #expect(stats.out.contains("inputs remembered 2"), "\(stats.out)")
        #expect(stats.out.contains("2 documents"), "\(stats.out)")
        #expect(try runWinnow(["state", "compact", "--state", inbox.state]).status == 0)
        #expect(try runWinnow(["state", "stats", "--state", inbox.state]).out.contains("1 segments, 2 documents"))
        // Another run holds the lock: exit 3, nothing changed.
        let holder = try StateStore(directory: inbox.state)
        try holder.lock()
        #expect(try runWinnow(["state", "prune", "--state", inbox.state, "--older-than", "0"]).status == 3)
        holder.unlock()
        // Everything is older than 0 days: the index empties and, with --output, the run folders go.
        let pruned = try runWinnow(["state", "prune", "--state", inbox.state, "--older-than", "0", "--output", inbox.out])
        #expect(pruned.status == 0, "\(pruned.err)")
        #expect(!FileManager.default.fileExists(atPath: inbox.out + "/2026-01-01T03-00-00Z"))
        let after = try runWinnow(["state", "stats", "--state", inbox.state]).out
        #expect(after.contains("runs 0") && after.contains("inputs remembered 2"), "\(after)")
        // The inputs are still remembered: the next run has nothing new.
        #expect(try run("3") == 0)
        #expect(!FileManager.default.fileExists(atPath: inbox.out + "/2026-01-03T03-00-00Z"))
    }

    @Test func rejectLinesOnStderrStopAfterTwenty() throws {
        guard winnowBinary != nil else { return }
        let inbox = Inbox()
        for i in 0..<25 { inbox.write("empty-\(i).html", "") }
        inbox.write("good.html", Self.page)
        let r = try runWinnow(["run", packageRoot + "/pipelines/news.json", "--input", inbox.dir, "--output", inbox.out])
        #expect(r.status == 1)
        #expect(r.err.components(separatedBy: "winnow: rejected ").count - 1 == 20, "\(r.err)")
        #expect(r.err.contains("and 5 more rejects: see rejects.jsonl"))
        #expect(try rejects(inbox.out).count == 25)
        #expect(r.err.contains("1 written") && r.err.contains("25 rejected"), "\(r.err)")
    }

    // MARK: - Builders

    static func warc(html: String) -> [UInt8] {
        func record(_ type: String, _ block: String, uri: String) -> String {
            "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Record-ID: <urn:uuid:\(type)-1>\r\nWARC-Target-URI: \(uri)\r\n"
                + "WARC-Date: 2023-02-17T18:00:00Z\r\nContent-Type: application/http; msgtype=\(type)\r\n"
                + "Content-Length: \(block.utf8.count)\r\n\r\n\(block)\r\n\r\n"
        }
        let request = "GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n"
        let response = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
        return Array((record("request", request, uri: "https://example.org/a") + record("response", response, uri: "https://example.org/a")).utf8)
    }

    static func zstd(_ bytes: [UInt8]) throws -> [UInt8] {
        let dir = tempDirectory("zst")
        FileManager.default.createFile(atPath: dir + "/in", contents: Data(bytes))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["zstd", "-q", "-f", dir + "/in", "-o", dir + "/out.zst"]
        try p.run(); p.waitUntilExit()
        return Array(FileManager.default.contents(atPath: dir + "/out.zst") ?? Data())
    }
}

/// A minimal ustar writer for test archives.
struct TarBuilder {
    private(set) var bytes: [UInt8] = []

    func add(_ name: String, _ data: [UInt8]) -> TarBuilder {
        var t = self
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ s: String, _ at: Int) { for (i, b) in s.utf8.enumerated() { h[at + i] = b } }
        put(name, 0)
        put("0000644", 100); put("0000000", 108); put("0000000", 116)
        put(String(format: "%011o", data.count), 124)
        put("00000000000", 136)
        h[156] = UInt8(ascii: "0")
        put("ustar", 257); put("00", 263)
        for i in 148..<156 { h[i] = 0x20 }
        let sum = h.reduce(0) { $0 + Int($1) }
        put(String(format: "%06o", sum), 148); h[154] = 0; h[155] = 0x20
        t.bytes += h + data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
        return t
    }

    var archive: [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }
}

extension JSONValue {
    var arrayCount: Int? { if case let .array(a) = self { return a.count }; return nil }
}
