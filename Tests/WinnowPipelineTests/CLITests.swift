import Foundation
import Testing
import WinnowCore
@testable import WinnowPipeline

/// The command line, run as a binary: `winnow filter` over every stage, the compact filters (`langid`, `tag`,
/// `dedup`, `extract`) on the same path, the shell pipeline they make, and the exit codes.
/// Fixtures: `Fixtures/cli/` (records as `winnow run` reads JSONL, lines that are not records, pages).
@Suite("CLI filters and exit codes") struct CLITests {
    static let fixtures = packageRoot + "/Tests/WinnowPipelineTests/Fixtures/cli"
    static let records = fixtures + "/records.jsonl"
    static let inputIDs = ["long-1", "short-2", "spam-3", "pii-4", "copy-5", "german-6"]

    /// Options some stages need to do something visible on the fixtures; every other stage runs with `{}`.
    static let params: [String: String] = [
        "exec": #"{"command": ["python3", "\#(packageRoot)/samples/plugins/word_count.py", "50"], "fields": ["text"]}"#,
        "filter_url": #"{"deny_domains": ["spam.example.org"]}"#,
        "filter_language": #"{"languages": ["en"], "min_score": 0}"#,
        "dedup": #"{"action": "drop"}"#,
    ]

    func file(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func lines(_ out: String) throws -> [JSONValue] {
        try out.split(separator: "\n").map { try JSONValue.parse(Array($0.utf8)) }
    }

    func ids(_ records: [JSONValue]) -> [String] { records.compactMap { $0["id"]?.stringValue } }

    func keys(_ v: JSONValue) -> [String] { v.objectPairs?.map(\.0) ?? [] }

    func array(_ v: JSONValue?) -> [JSONValue] { if case let .array(a)? = v { return a }; return [] }

    func filter(_ type: String, _ extra: [String] = [], stdin: String) throws -> (status: Int32, out: String, err: String) {
        var args = ["filter", type] + extra
        if let p = Self.params[type] { args += ["--params", p] }
        return try runWinnow(args, stdin: stdin)
    }

    // MARK: winnow filter TYPE

    @Test func everyRegisteredStageRunsAsAStdinFilter() throws {
        try #require(winnowBinary != nil)
        let input = try file(Self.records)
        #expect(BuiltinStages.registry.names.count >= 9)
        for type in BuiltinStages.registry.names {
            let r = try filter(type, stdin: input)
            #expect(r.status == 0, "\(type): \(r.err)")
            let out = try lines(r.out)
            #expect(!out.isEmpty, "\(type) kept nothing")
            for rec in out { #expect(rec["schema"]?.stringValue == DocumentRecord.schemaVersion, "\(type)") }
            // Kept documents come out in input order; the summary accounts for every input line.
            #expect(ids(out) == Self.inputIDs.filter(ids(out).contains), "\(type): \(ids(out))")
            #expect(r.err.contains("winnow filter \(type): 6 read, \(out.count) kept"), "\(type): \(r.err)")
        }
    }

    @Test func droppedDocumentsAreCountedByReasonAndListed() throws {
        try #require(winnowBinary != nil)
        let dropped = tempDirectory("cli-dropped") + "/dropped.jsonl"
        let r = try filter("filter_quality", ["--dropped", dropped], stdin: try file(Self.records))
        #expect(r.status == 0)
        #expect(!ids(try lines(r.out)).contains("short-2"))
        #expect(r.err.contains("filter_quality: gopher.word_count_low 1"), "\(r.err)")
        let list = try lines(try file(dropped))
        let short = try #require(list.first { $0["id"]?.stringValue == "short-2" })
        #expect(short["stage"]?.stringValue == "filter_quality")
        #expect(short["reason"]?.stringValue == "gopher.word_count_low")
        #expect(short["source"]?.stringValue == "<stdin>:2")
    }

    @Test func badLinesAreNamedWithTheirLineAndTheRestGoOn() throws {
        try #require(winnowBinary != nil)
        let r = try runWinnow(["filter", "clean_text"], stdin: try file(Self.fixtures + "/bad-lines.jsonl"))
        #expect(r.status == 1)
        #expect(ids(try lines(r.out)) == ["ok-1", "ok-4"])
        #expect(r.err.contains("<stdin>:2: not valid JSON"), "\(r.err)")
        #expect(r.err.contains(#"<stdin>:3: record has neither a string "html" nor a string "text" field"#), "\(r.err)")
        #expect(r.err.contains("4 read, 2 kept, 0 dropped, 2 rejected"), "\(r.err)")
        // The compact commands read and report lines the same way.
        for command in ["langid", "tag", "dedup"] {
            let c = try runWinnow([command], stdin: try file(Self.fixtures + "/bad-lines.jsonl"))
            #expect(c.status == 1, "\(command)")
            #expect(ids(try lines(c.out)) == ["ok-1", "ok-4"], "\(command)")
            #expect(c.err.contains("<stdin>:2: not valid JSON") && c.err.contains("<stdin>:3: record has neither"), "\(command): \(c.err)")
        }
    }

    @Test func inputRecordsAreReadAsRunReadsJSONL() throws {
        try #require(winnowBinary != nil)
        let r = try runWinnow(["filter", "filter_url"], stdin: try file(Self.records))
        let out = try lines(r.out)
        let first = try #require(out.first)
        #expect(first["id"]?.stringValue == "long-1")
        #expect(first["url"]?.stringValue == "https://news.example.com/a/1")
        #expect(first["title"]?.stringValue == "Article one")
        #expect(first["published"]?.stringValue?.hasPrefix("2024-03-01") == true)
        #expect(first["language"]?.stringValue == "en")
        #expect(first["source"]?["line"] == .number(1))
    }

    @Test func batchStagesAreFedThroughTheSamePath() throws {
        try #require(winnowBinary != nil)
        let r = try filter("exec", stdin: try file(Self.records))
        #expect(r.status == 0, "\(r.err)")
        let out = try lines(r.out)
        #expect(ids(out) == ["long-1", "spam-3", "pii-4", "copy-5", "german-6"])   // short-2 has < 50 words
        #expect(out.allSatisfy { $0["meta"]?["words"]?.stringValue != nil })
        #expect(r.err.contains("exec: too-few-words 1"), "\(r.err)")
    }

    @Test func sequentialStagesRunInInputOrder() throws {
        try #require(winnowBinary != nil)
        let r = try runWinnow(["filter", "dedup"], stdin: try file(Self.records))
        let out = try lines(r.out)
        #expect(ids(out) == Self.inputIDs)
        let copy = try #require(out.first { $0["id"]?.stringValue == "copy-5" })
        #expect(copy["dedup"]?["duplicate_of"]?.stringValue == "long-1")
    }

    @Test func outputIsTheSameForAnyThreadCount() throws {
        try #require(winnowBinary != nil)
        let input = try file(Self.records)
        let one = try runWinnow(["filter", "tag_entities", "--threads", "1"], stdin: input)
        let four = try runWinnow(["filter", "tag_entities", "--threads", "4"], stdin: input)
        #expect(one.status == 0 && !one.out.isEmpty)
        #expect(one.out == four.out)
    }

    // MARK: langid, tag, dedup: compact answers on the same path

    @Test func compactCommandsKeepTheEvaluationFormat() throws {
        try #require(winnowBinary != nil)
        let input = try file(Self.fixtures + "/eval-format.jsonl")
        let lid = try lines(try runWinnow(["langid"], stdin: input).out)
        #expect(lid.map(keys(_:)).allSatisfy { $0 == ["id", "lang", "score"] })
        #expect(lid.first?["lang"]?.stringValue == "en")
        #expect(lid.last?["lang"]?.stringValue == "de")
        let tag = try lines(try runWinnow(["tag"], stdin: input).out)
        #expect(ids(tag) == Self.inputIDs)
        #expect(tag.map(keys(_:)).allSatisfy { $0 == ["id", "entities"] })
        let entities = array(tag.first?["entities"])
        let entity = try #require(entities.first)
        #expect(keys(entity) == ["start", "end", "type", "text", "canonical"])
        let dedup = try lines(try runWinnow(["dedup"], stdin: input).out)
        // similarity comes only with a duplicate (revision_of, story only with those options)
        let plain = ["id", "cluster", "duplicate_of"]
        #expect(dedup.map(keys(_:)) == Array(repeating: plain, count: 4) + [plain + ["similarity"], plain])
        #expect(dedup[4]["duplicate_of"]?.stringValue == "long-1")
        #expect(dedup[4]["cluster"] == dedup[0]["cluster"])
    }

    @Test func tagAnswersWhatTheGenericFilterFinds() throws {
        try #require(winnowBinary != nil)
        let input = try file(Self.fixtures + "/eval-format.jsonl")
        let compact = try lines(try runWinnow(["tag"], stdin: input).out)
        let full = try lines(try runWinnow(["filter", "tag_entities"], stdin: input).out)
        #expect(compact.count == full.count)
        for (c, f) in zip(compact, full) {
            let spans = { (v: JSONValue?) in self.array(v).map { "\($0["start"] ?? .null)-\($0["end"] ?? .null)-\($0["type"] ?? .null)" } }
            #expect(spans(c["entities"]) == spans(f["entities"]))
            #expect(!spans(c["entities"]).isEmpty || c["id"]?.stringValue == "short-2")
        }
    }

    @Test func recordsWithOtherKeysArePassedOnWithTheAnswerAdded() throws {
        try #require(winnowBinary != nil)
        let out = try lines(try runWinnow(["tag"], stdin: try file(Self.records)).out)
        let first = try #require(out.first)
        #expect(keys(first) == ["id", "url", "title", "published", "language", "text", "entities"])
        #expect(first["url"]?.stringValue == "https://news.example.com/a/1")
    }

    // MARK: extract

    @Test func extractReadsOnePageFromStdin() throws {
        try #require(winnowBinary != nil)
        let page = Self.fixtures + "/pages/a-putin.html"
        let fromFile = try runWinnow(["extract", page])
        let fromStdin = try runWinnow(["extract", "-"], stdin: try file(page))
        #expect(fromStdin.status == 0, "\(fromStdin.err)")
        #expect(fromStdin.out == fromFile.out)
        #expect(fromFile.out.contains("Lukashenko"))
    }

    @Test func extractReadsJSONLRecordsFromStdinAndItsRecordsCarryTheirIDs() throws {
        try #require(winnowBinary != nil)
        let pages = ["a-putin", "b-awkward"]
        var input = ""
        for p in pages {
            var w = JSONWriter()
            w.beginObject(); w.key("id"); w.string(p); w.key("html"); w.string(try file(Self.fixtures + "/pages/\(p).html")); w.endObject()
            input += String(decoding: w.bytes, as: UTF8.self) + "\n"
        }
        let r = try runWinnow(["extract", "--input-format", "jsonl", "--jsonl", "-"], stdin: input)
        #expect(r.status == 0, "\(r.err)")
        let out = try lines(r.out)
        #expect(ids(out) == pages)
        #expect(out.first?["path"]?.stringValue == "<stdin>:1")
        let single = try lines(try runWinnow(["extract", "--jsonl", Self.fixtures + "/pages/a-putin.html"]).out)
        #expect(out.first?["text"] == single.first?["text"])
        #expect(out.first?["title"] == single.first?["title"])
    }

    /// The issue's pipeline, exactly as a user types it.
    @Test func extractLangidTagDedupPipelineWorksAsWritten() throws {
        let bin = try #require(winnowBinary)
        let pages = Self.fixtures + "/pages"
        let script = "set -o pipefail; \(bin) extract --jsonl \(pages)/*.html | \(bin) langid | \(bin) tag | \(bin) dedup"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let records = try lines(String(decoding: data, as: UTF8.self))
        let extracted = try lines(try runWinnow(["extract", "--jsonl", pages + "/a-putin.html", pages + "/b-awkward.html",
                                                 pages + "/c-putin-copy.html"]).out)
        #expect(records.count == 3)
        #expect(ids(records) == ids(extracted))
        for r in records {
            #expect(r["lang"]?.stringValue == "en")
            #expect(!array(r["entities"]).isEmpty)
            #expect(r["cluster"]?.stringValue != nil)
            #expect(r["text"]?.stringValue?.isEmpty == false)
        }
        // The third page is a copy of the first: same cluster, marked as its duplicate.
        #expect(records[2]["duplicate_of"]?.stringValue == records[0]["id"]?.stringValue)
        #expect(records[2]["cluster"] == records[0]["cluster"])
        #expect(records[1]["duplicate_of"] == .null)
    }

    // MARK: exit codes

    @Test func exitCodesAreTheDocumentedOnes() throws {
        try #require(winnowBinary != nil)
        #expect(try runWinnow(["validate", packageRoot + "/pipelines/news.json"]).status == 0)
        #expect(try runWinnow(["filter", "clean_text"], stdin: try file(Self.fixtures + "/bad-lines.jsonl")).status == 1)
        let missing = try runWinnow(["run", "/nonexistent/pipeline.json"])
        #expect(missing.status == 2)
        #expect(missing.err == "winnow: error: /nonexistent/pipeline.json: cannot read pipeline file\n")
        let badParams = try runWinnow(["tag", "--params", "[1]"], stdin: "")
        #expect(badParams.status == 2)
        #expect(badParams.err.contains("--params must be a JSON object"))
        let unknownKey = try runWinnow(["filter", "filter_quality", "--params", #"{"no_such_key": 1}"#], stdin: "")
        #expect(unknownKey.status == 2)
        #expect(unknownKey.err.contains("no_such_key"))
        #expect(try runWinnow(["run"]).status == 64)
        #expect(try runWinnow(["--no-such-option"]).status == 64)
        let unknownType = try runWinnow(["filter", "no_such_stage"])
        #expect(unknownType.status == 64)
        #expect(unknownType.err.contains("unknown stage type \"no_such_stage\""))
    }

    @Test func aHeldLockExitsWithCode3() throws {
        try #require(winnowBinary != nil)
        let state = tempDirectory("cli-lock")
        let first = try runWinnow(["run", packageRoot + "/pipelines/news.json", "--input", packageRoot + "/samples/text",
                                   "--output", tempDirectory("cli-lock-out"), "--state", state, "--quiet"])
        #expect(first.status == 0, "\(first.err)")
        let holder = try StateStore(directory: state)
        try holder.lock()
        defer { holder.unlock() }
        let r = try runWinnow(["state", "compact", "--state", state])
        #expect(r.status == 3)
        #expect(r.err.hasPrefix("winnow: error: "), "\(r.err)")
    }

    @Test func helpAndVersionDocumentThemselves() throws {
        try #require(winnowBinary != nil)
        let help = try runWinnow(["--help"])
        #expect(help.status == 0)
        for code in ["0 success", "1 partial", "2 failure", "3 another run holds the state lock", "64 usage error"] {
            #expect(help.out.replacingOccurrences(of: "\n", with: " ").contains(code), "\(code)")
        }
        let version = try runWinnow(["--version"])
        #expect(version.status == 0)
        #expect(version.out.hasPrefix("winnow "))
        #expect(version.out.contains("output schema \(DocumentRecord.schemaVersion)"))
    }
}
