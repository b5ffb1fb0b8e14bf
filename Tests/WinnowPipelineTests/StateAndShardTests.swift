import Foundation
import Testing
import WinnowCore
import WinnowIO
@testable import WinnowPipeline

/// A corpus big enough that a run takes a while: the samples, copied `copies` times into subfolders.
func makeCorpus(copies: Int) throws -> String {
    let d = tempDirectory("corpus")
    for i in 0..<copies {
        let sub = d + String(format: "/batch-%03d", i)
        try FileManager.default.copyItem(atPath: packageRoot + "/samples", toPath: sub)
    }
    backdate(d)
    return d
}

/// Output of every committed run under `out`, concatenated in commit order.
func committedOutput(state: String, out: String) throws -> [UInt8] {
    let current = try String(contentsOfFile: state + "/CURRENT", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    let runs = try StateStore.readRuns(state + "/" + current + "/runs.tsv")
    var all: [UInt8] = []
    for r in runs { all += try outputBytes(out + "/" + r.folder) }
    return all
}

/// Content of the stages' data files, independent of file names and of bookkeeping files (manifests
/// carry run names and timestamps, LOCK files a pid): two states holding the same index match.
func stateFingerprint(_ state: String) throws -> [UInt64] {
    let current = try String(contentsOfFile: state + "/CURRENT", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    let root = state + "/" + current
    var hashes: [UInt64] = []
    let e = FileManager.default.enumerator(atPath: root)!
    while let rel = e.nextObject() as? String {
        let name = (rel as NSString).lastPathComponent
        guard rel.hasPrefix("stage-"), !name.contains("manifest"), !name.contains("MANIFEST"), name != "LOCK" else { continue }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
            var bytes = Array(FileManager.default.contents(atPath: root + "/" + rel)!)
            // A dedup segment records when it was written (header bytes 32..<40) and ends with a
            // checksum over the whole file; both differ between runs with the same content.
            if name.hasSuffix(".wdx") && bytes.count > 48 {
                for i in 32..<40 { bytes[i] = 0 }
                bytes.removeLast(8)
            }
            hashes.append(StableHash.xxh64(bytes))
        }
    }
    return hashes.sorted()
}

@Suite(.serialized) struct StateTests {
    @Test func secondRunSkipsProcessedInputsAndSeesChanges() throws {
        let input = tempDirectory("inc-in"), out = tempDirectory("inc-out"), state = tempDirectory("inc-state")
        try FileManager.default.copyItem(atPath: packageRoot + "/samples/text", toPath: input + "/text")
        backdate(input)
        func run(_ name: String) throws -> RunStats {
            var o = RunOptions(); o.inputs = [input]; o.output = out; o.stateDirectory = state; o.runName = name
            return try PipelineRunner(config: try loadConfig("pipelines/news.json"), options: o).run()
        }
        #expect(try run("day1").read == 3)
        #expect(try run("day2").read == 0)
        try "A new article about Minsk, long enough to be kept by every stage of the pipeline.".write(toFile: input + "/text/new.txt", atomically: true, encoding: .utf8)
        backdate(input)
        let day3 = try run("day3")
        #expect(day3.read == 1)
        #expect(FileManager.default.fileExists(atPath: out + "/day3/part-00000.jsonl"))
        #expect(throws: RunError.self) { try run("day3") }   // a committed run name is never overwritten
    }

    @Test func aSecondRunOnTheSameStateExitsWithCode3() throws {
        guard winnowBinary != nil else { return }
        let state = tempDirectory("lock-state")
        let holder = try StateStore(directory: state)
        try holder.lock()
        let r = try runWinnow(["run", packageRoot + "/pipelines/news.json", "--input", packageRoot + "/samples/text",
                               "--output", tempDirectory("lock-out"), "--state", state])
        #expect(r.status == 3)
        #expect(r.err.contains("another winnow run holds the lock"), "\(r.err)")
        holder.unlock()
    }

    @Test func killedRunsLeaveNoTraceAndTheRerunMatchesAnUninterruptedRun() throws {
        guard winnowBinary != nil else { return }
        let corpus = try makeCorpus(copies: 3)
        let pipeline = packageRoot + "/pipelines/news.json"
        let baseOut = tempDirectory("crash-base-out"), baseState = tempDirectory("crash-base-state")
        let base = try runWinnow(["run", pipeline, "--input", corpus, "--output", baseOut, "--state", baseState, "--run-name", "r1", "--quiet"])
        #expect(base.status == 0, "\(base.err)")
        let expected = try committedOutput(state: baseState, out: baseOut)
        #expect(!expected.isEmpty)
        for point in ["mid-run", "after-stage-close", "after-output-rename", "after-commit"] {
            let out = tempDirectory("crash-out"), state = tempDirectory("crash-state")
            let killed = try runWinnow(["run", pipeline, "--input", corpus, "--output", out, "--state", state, "--run-name", "r1", "--quiet"],
                                       environment: ["WINNOW_CRASH_AT": point])
            #expect(killed.status == -SIGKILL, "\(point): \(killed.status) \(killed.err)")
            let rerun = try runWinnow(["run", pipeline, "--input", corpus, "--output", out, "--state", state, "--run-name", "r2", "--quiet"])
            #expect(rerun.status == 0, "\(point): \(rerun.err)")
            #expect(try committedOutput(state: state, out: out) == expected, "\(point): output differs after crash + rerun")
            #expect(try stateFingerprint(state) == (try stateFingerprint(baseState)), "\(point): dedup state differs")
            let stray = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".staging") || $0.contains(".tmp") }
            #expect(stray.isEmpty, "\(point): leftovers \(stray)")
        }
    }

    @Test func killMinus9AtRandomMomentsThenRerun() throws {
        guard let bin = winnowBinary else { return }
        let corpus = try makeCorpus(copies: 4)
        let pipeline = packageRoot + "/pipelines/news.json"
        let baseOut = tempDirectory("rk-base-out"), baseState = tempDirectory("rk-base-state")
        let t0 = Date()
        _ = try runWinnow(["run", pipeline, "--input", corpus, "--output", baseOut, "--state", baseState, "--run-name", "a", "--quiet"])
        let duration = Date().timeIntervalSince(t0)
        let expected = try committedOutput(state: baseState, out: baseOut)
        var rng = SystemRandomNumberGenerator()
        for k in 0..<20 {
            let out = tempDirectory("rk-out"), state = tempDirectory("rk-state")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: bin)
            p.arguments = ["run", pipeline, "--input", corpus, "--output", out, "--state", state, "--run-name", "a", "--quiet"]
            p.standardError = FileHandle.nullDevice
            try p.run()
            // Spread the kills over the whole run (and a little past its end).
            usleep(UInt32(Double.random(in: 0...(duration * 1.1), using: &rng) * 1e6))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let rerun = try runWinnow(["run", pipeline, "--input", corpus, "--output", out, "--state", state, "--run-name", "b", "--quiet"])
            #expect(rerun.status == 0, "kill \(k): \(rerun.err)")
            #expect(try committedOutput(state: state, out: out) == expected, "kill \(k): output differs")
            #expect(try stateFingerprint(state) == (try stateFingerprint(baseState)), "kill \(k): dedup state differs")
        }
    }
}

@Suite struct ShardTests {
    @Test func shardsPlusReduceEqualASingleRun() throws {
        guard winnowBinary != nil else { return }
        let pipeline = packageRoot + "/pipelines/news.json"
        let single = tempDirectory("single")
        #expect(try runWinnow(["run", pipeline, "--input", packageRoot + "/samples", "--output", single, "--quiet"]).status == 0)
        let shards = tempDirectory("shards"), final = tempDirectory("final")
        for i in 0..<3 {
            let r = try runWinnow(["run", pipeline, "--input", packageRoot + "/samples", "--output", shards, "--quiet"],
                                  environment: ["SLURM_ARRAY_TASK_ID": "\(i + 1)", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "3"])
            #expect(r.status == 0, "\(r.err)")
            #expect(FileManager.default.fileExists(atPath: shards + "/" + PipelineRunner.shardFolderName(i, 3) + "/_SUCCESS"))
        }
        let incomplete = try runWinnow(["reduce", pipeline, "--input", shards + "/missing", "--output", final])
        #expect(incomplete.status == 2)
        let r = try runWinnow(["reduce", pipeline, "--input", shards, "--output", final, "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        #expect(try outputBytes(final) == (try outputBytes(single)))
    }

    @Test func shardAssignmentIsAPartition() {
        let paths = (0..<500).map { "inbox/page-\($0).html" }
        var seen = 0
        for i in 0..<7 { seen += paths.filter { PipelineRunner.shard(of: $0, count: 7) == i }.count }
        #expect(seen == paths.count)
        #expect(PipelineRunner.shard(of: "inbox/a.html", count: 7) == PipelineRunner.shard(of: "inbox/a.html", count: 7))
    }
}
