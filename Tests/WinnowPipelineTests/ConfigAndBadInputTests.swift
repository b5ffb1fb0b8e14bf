import Foundation
import Testing
import WinnowCore
import WinnowIO
@testable import WinnowPipeline

@Suite struct PipelineValidationTests {
    @Test func shippedPipelinesAreValid() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: packageRoot + "/pipelines") where name.hasSuffix(".json") {
            _ = try PipelineRunner.instantiate(try loadConfig("pipelines/" + name), registry: BuiltinStages.registry)
        }
    }

    @Test func unknownStageIsNamed() throws {
        let c = try configFromJSON(#"{"stages":[{"type":"strip_boilerplate"},{"type":"dedupe"}]}"#, file: "p.json")
        do { _ = try PipelineRunner(config: c); Issue.record("should throw") } catch {
            let d = "\(error)"
            #expect(d.contains("p.json") && d.contains("stages[1] (dedupe)") && d.contains("unknown stage type \"dedupe\""), "\(d)")
        }
    }

    @Test func unknownOptionIsNamedBeforeAnyInputIsRead() throws {
        for stage in BuiltinStages.registry.names {
            let c = try configFromJSON(#"{"stages":[{"type":"\#(stage)","params":{"no_such_option":1}}]}"#, file: "p.json")
            do { _ = try PipelineRunner(config: c); Issue.record("\(stage) accepted an unknown option") } catch {
                let d = "\(error)"
                #expect(d.contains("p.json") && d.contains("stages[0] (\(stage))") && d.contains("'no_such_option'"), "\(d)")
            }
        }
    }

    @Test func validateCommandReportsErrorsWithExitCode2() throws {
        guard winnowBinary != nil else { return }
        let d = tempDirectory("val")
        try #"{"stages":[{"type":"dedup","params":{"action":"explode"}}]}"#.write(toFile: d + "/p.json", atomically: true, encoding: .utf8)
        let r = try runWinnow(["validate", d + "/p.json"])
        #expect(r.status == 2)
        #expect(r.err.contains("'action'"), "\(r.err)")
        let ok = try runWinnow(["validate", packageRoot + "/pipelines/news.json"])
        #expect(ok.status == 0 && ok.out.contains("ok"))
    }
}

@Suite struct BadInputTests {
    /// A batch with one good page and bad ones: the good page is written, each bad one is in rejects.
    @Test func badInputsAreRejectedAndTheBatchCompletes() throws {
        let input = tempDirectory("bad-in"), out = tempDirectory("bad-out")
        let good = try String(contentsOfFile: packageRoot + "/samples/html/000-putin-meets-lukashenko.html", encoding: .utf8)
        try good.write(toFile: input + "/good.html", atomically: true, encoding: .utf8)
        let gz = Gzip.compress(Array(good.utf8))
        _ = FileManager.default.createFile(atPath: input + "/truncated.html.gz", contents: Data(gz.prefix(gz.count / 2)))
        _ = FileManager.default.createFile(atPath: input + "/empty.txt", contents: Data())
        _ = FileManager.default.createFile(atPath: input + "/binary.html", contents: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]))
        // Invalid UTF-8 is not an error: it is decoded (stray bytes replaced) and processed.
        _ = FileManager.default.createFile(atPath: input + "/latin1.txt", contents: Data(Array("Caf".utf8) + [0xE9] + Array(" in Minsk. The meeting went on for hours and ended without a statement.".utf8)))
        try "{\"id\":\"j1\",\"text\":\"A short note about Minsk and Moscow that is long enough to keep.\"}\n{broken\n".write(toFile: input + "/records.jsonl", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.inputs = [input]
        options.output = out
        let stats = try PipelineRunner(config: try loadConfig("pipelines/news.json"), options: options).run()
        #expect(stats.exitCode == ExitCode.partial)
        let rej = relativized(try rejects(out), root: input)
        func reason(_ path: String) -> String? { rej.first { $0["path"]?.stringValue == path }?["reason"]?.stringValue }
        #expect(reason("truncated.html.gz")?.contains("truncated gzip stream") == true, "\(rej)")
        #expect(reason("empty.txt") == "empty file")
        #expect(reason("binary.html")?.contains("binary content") == true)
        #expect(reason("records.jsonl")?.hasPrefix("not valid JSON") == true)
        #expect(rej.first { $0["path"]?.stringValue == "records.jsonl" }?["line"] == .number(2))
        let written = relativized(try readRecords(out), root: input).map { $0["source"]!["path"]!.stringValue! }
        #expect(written.contains("good.html") && written.contains("latin1.txt") && written.contains("records.jsonl"))
        #expect(stats.read == stats.written + stats.dropped + stats.rejected)
        #expect(stats.rejected == 4)
        let latin = relativized(try readRecords(out), root: input).first { $0["source"]!["path"]!.stringValue! == "latin1.txt" }!
        #expect(latin["text"]!.stringValue!.hasPrefix("Café in Minsk"))
    }

    @Test func failPolicyStopsAtTheFirstReject() throws {
        let input = tempDirectory("fail-in"), out = tempDirectory("fail-out")
        _ = FileManager.default.createFile(atPath: input + "/empty.txt", contents: Data())
        var config = try loadConfig("pipelines/news.json")
        config.errorPolicy = .fail
        var options = RunOptions()
        options.inputs = [input]
        options.output = out
        #expect(throws: RunError.self) { try PipelineRunner(config: config, options: options).run() }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("part-") || $0.contains(".tmp") }
        #expect(leftovers.isEmpty, "partial output left: \(leftovers)")
    }

    @Test func noInputsIsAFailure() throws {
        guard winnowBinary != nil else { return }
        let r = try runWinnow(["run", packageRoot + "/pipelines/news.json", "--input", "/nonexistent/inbox", "--output", tempDirectory("x")])
        #expect(r.status == 2)
        #expect(r.err.contains("/nonexistent/inbox"))
    }
}
