import Foundation
import Testing
import WinnowCore
@testable import WinnowExec

/// The exec stage against a misbehaving sh/awk plugin (Plugins/misbehave.sh): each case checks the
/// outcome of the document concerned and that the documents around it are unaffected.
@Suite struct ExecStageTests {
    let misbehave = command(["sh", testPlugin("misbehave.sh")])

    @Test func changedFieldsAreAppliedAndOthersKept() throws {
        let stage = try execStage([misbehave])
        defer { try? stage.close() }
        var batch = [doc("a", "plain text"), doc("b", "please RETITLE this")]
        let before = batch
        let out = stage.process(batch: &batch)
        #expect(out == [.keep, .keep])
        #expect(batch[1].title == "Retitled")
        #expect(DocumentRecord.encode(batch[0]) == DocumentRecord.encode(before[0]))
        #expect(batch[1].text == before[1].text)
    }

    @Test func dropAndErrorReplies() throws {
        let stage = try execStage([misbehave])
        defer { try? stage.close() }
        var batch = [doc("a", "DROPME"), doc("b", "ERRME"), doc("c", "fine")]
        let out = stage.process(batch: &batch)
        #expect(out[0] == .drop(reason: "dropped-by-plugin"))
        #expect(reason(out[1]) == "\(stage.options.label): document b: the program reported an error: plugin says no")
        #expect(out[2] == .keep)
    }

    @Test func crashMidBatchRejectsThatDocumentWithStderrAndTheRestContinue() throws {
        let stage = try execStage([misbehave])
        defer { try? stage.close() }
        var batch = [doc("a", "fine"), doc("b", "SIDE then CRASH"), doc("c", "fine"), doc("d", "RETITLE")]
        let firstPID = stage.runningPIDs
        let out = stage.process(batch: &batch)
        #expect(out[0] == .keep && out[2] == .keep && out[3] == .keep)
        let r = try #require(reason(out[1]))
        #expect(r.contains("document b: the program exited with status 3 before answering; restarted"), "\(r)")
        #expect(r.contains("stderr: side note for \"b\"\nboom: crashing on purpose at \"b\""), "\(r)")
        #expect(batch[3].title == "Retitled")
        #expect(stage.runningPIDs != firstPID, "a new program was started")
        #expect(kill(firstPID[0], 0) == -1 && errno == ESRCH, "the crashed program was reaped")
    }

    @Test func timeoutKillsTheProgramAndRejectsOnlyThatDocument() throws {
        let stage = try execStage([misbehave, ("timeout_seconds", .number(0.5))])
        defer { try? stage.close() }
        var batch = [doc("a", "fine"), doc("b", "SLEEP"), doc("c", "RETITLE")]
        let t0 = Date()
        let out = stage.process(batch: &batch)
        #expect(Date().timeIntervalSince(t0) < 4, "did not wait for the 5 s sleep")
        #expect(out[0] == .keep && out[2] == .keep)
        #expect(reason(out[1])?.contains("document b: the program gave no answer within 0.5 s (timeout_seconds); it was killed; restarted") == true,
                "\(out[1])")
        #expect(batch[2].title == "Retitled")
    }

    @Test func protocolErrorsNameTheStageAndTheDocument() throws {
        let stage = try execStage([misbehave])
        defer { try? stage.close() }
        var batch = [doc("a", "WRONGID"), doc("b", "BADJSON"), doc("c", "BADTYPE"), doc("d", "SOURCE"), doc("e", "RETITLE")]
        let out = stage.process(batch: &batch)
        let label = stage.options.label
        #expect(label.hasPrefix("exec [sh /") && label.hasSuffix("...]"), "long commands are shortened")
        #expect(reason(out[0]) == "\(label): document a: reply is for id \"wrong\", expected \"a\" (replies must come one per document, in order)")
        #expect(reason(out[1]) == "\(label): document b: reply is not valid JSON (invalid JSON at byte 1: expected 'true'): this is not json", "\(out[1])")
        #expect(reason(out[2]) == "\(label): document c: field \"title\": must be a string or null, got number")
        #expect(reason(out[3]) == "\(label): document d: field \"source\": cannot be changed (it says where the document came from)")
        #expect(out[4] == .keep && batch[4].title == "Retitled")
        #expect(batch[2].title == "Title c", "a rejected reply changes nothing")
    }

    @Test func passThroughOfTheWholeRecordChangesNothing() throws {
        let stage = try execStage([command(["cat"])])
        defer { try? stage.close() }
        var d = doc("x\"1", "Zürich und Genf.\n\nZweiter Absatz mit \\ und \t.")
        d.url = "https://example.com/a"; d.authors = ["Anna Muster"]; d.language = "de"; d.languageScore = 0.875
        d.entities = [Entity(text: "Zürich", type: "LOC", canonical: "Zürich", start: 0, end: 6)]
        d.dedup = DedupInfo(contentHash: "ab12", cluster: "x\"1", similarity: 1.0)
        d.meta = ["charset": "utf-8"]
        var batch = [d]
        #expect(stage.process(batch: &batch) == [.keep])
        #expect(DocumentRecord.encode(batch[0]) == DocumentRecord.encode(d))
    }

    @Test func onlyTheFieldsAskedForAreSentWithTheID() throws {
        let dir = tempDirectory("fields")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stage = try execStage([command(["sh", "-c", "exec tee \(dir)/sent.jsonl"]), ("fields", .array([.string("title"), .string("text")]))])
        var batch = [doc("a", "one"), doc("b", "two")]
        #expect(stage.process(batch: &batch) == [.keep, .keep])
        try stage.close()
        let sent = try String(contentsOfFile: dir + "/sent.jsonl", encoding: .utf8)
        #expect(sent == "{\"id\":\"a\",\"title\":\"Title a\",\"text\":\"one\"}\n{\"id\":\"b\",\"title\":\"Title b\",\"text\":\"two\"}\n")
    }

    @Test func aProgramThatStopsReadingDoesNotKillWinnow() throws {
        // The program exits at once: writes to its stdin fail with EPIPE (SIGPIPE is ignored), every
        // document is rejected after a restart, and this process is still alive to check it.
        let stage = try execStage([command(["sh", "-c", "exit 0"])])
        defer { try? stage.close() }
        let big = String(repeating: "word ", count: 40_000)
        var batch = (0..<4).map { doc("d\($0)", big) }
        let out = stage.process(batch: &batch)
        #expect(out.allSatisfy { reason($0)?.contains("the program exited with status 0 before answering; restarted (stderr empty)") == true }, "\(out)")
    }

    @Test func closeReapsEveryWorker() throws {
        let stage = try execStage([misbehave, ("workers", .number(3)), ("batch_size", .number(1))])
        var batch = (0..<6).map { doc("d\($0)", "fine") }
        #expect(stage.process(batch: &batch) == Array(repeating: .keep, count: 6))
        let pids = stage.runningPIDs
        #expect(pids.count == 3 && Set(pids).count == 3)
        try stage.close()
        #expect(stage.runningPIDs.isEmpty)
        for pid in pids { #expect(kill(pid, 0) == -1 && errno == ESRCH) }
    }

    @Test func droppingTheStageWithoutCloseReapsItsPrograms() throws {
        var pids: [pid_t] = []
        do {
            let stage = try execStage([misbehave, ("workers", .number(2))])
            pids = stage.runningPIDs
            var batch = [doc("a", "fine")]
            _ = stage.process(batch: &batch)
        }
        #expect(pids.count == 2)
        for pid in pids { #expect(kill(pid, 0) == -1 && errno == ESRCH, "program \(pid) was killed and reaped") }
    }

    @Test func singleDocumentEntryPoint() throws {
        let stage = try execStage([misbehave])
        defer { try? stage.close() }
        var d = doc("a", "RETITLE")
        #expect(try stage.process(&d) == .keep && d.title == "Retitled")
        var e = doc("b", "ERRME")
        #expect(throws: StageError.self) { try stage.process(&e) }
    }
}

@Suite struct ExecOptionsTests {
    func parse(_ params: [(String, JSONValue)]) throws -> ExecOptions {
        try StageParams(params, location: "stages[0] (exec)", file: "p.json").decode(ExecOptions.self)
    }

    @Test func defaults() throws {
        let o = try parse([command(["python3", "x.py"])])
        #expect(o.command == ["python3", "x.py"] && o.workers == 1 && o.batchSize == 64 && o.timeoutSeconds == 30)
        #expect(o.fields == nil && o.environment.isEmpty)
    }

    @Test func errorsNameTheKey() throws {
        #expect(throws: ConfigError(file: "p.json", location: "stages[0] (exec)", key: "command",
                                    reason: "required: the program and its arguments, e.g. [\"python3\", \"my_stage.py\"]")) { try parse([]) }
        #expect(throws: ConfigError(file: "p.json", location: "stages[0] (exec)", key: "command",
                                    reason: "must be a non-empty list whose first item is the program")) { try parse([command([])]) }
        #expect(throws: ConfigError.self) { try parse([command(["x"]), ("workers", .number(0))]) }
        #expect(throws: ConfigError.self) { try parse([command(["x"]), ("timeout_seconds", .number(0))]) }
        #expect(throws: ConfigError(file: "p.json", location: "stages[0] (exec)", key: "env", reason: "entries are NAME=value, got \"=x\"")) {
            try parse([command(["x"]), ("env", .array([.string("=x")]))])
        }
        let unknownField = #expect(throws: ConfigError.self) { try parse([command(["x"]), ("fields", .array([.string("body")]))]) }
        #expect(unknownField?.reason.hasPrefix("unknown output field \"body\" (known: schema, id, source,") == true)
        let unknownKey = #expect(throws: ConfigError.self) { try parse([command(["x"]), ("cmd", .string("x"))]) }
        #expect(unknownKey?.key == "cmd")
    }

    @Test func missingProgramFailsWhenTheStageOpens() throws {
        let stage = try ExecStage(params: StageParams([command(["/nonexistent/winnow-plugin"])]))
        let e = #expect(throws: StageError.self) { try stage.open(context: StageContext()) }
        #expect(e?.reason == "exec [/nonexistent/winnow-plugin]: cannot start /nonexistent/winnow-plugin: No such file or directory")
    }

    @Test func envEntriesReachTheProgram() throws {
        let stage = try execStage([command(["sh", "-c", "while read -r l; do echo \"{\\\"id\\\":\\\"a\\\",\\\"meta\\\":{\\\"v\\\":\\\"$WINNOW_TEST_VAR\\\"}}\"; done"]),
                                   ("env", .array([.string("WINNOW_TEST_VAR=hello=world")]))])
        defer { try? stage.close() }
        var batch = [doc("a", "x")]
        #expect(stage.process(batch: &batch) == [.keep])
        #expect(batch[0].meta["v"] == "hello=world")
    }
}
