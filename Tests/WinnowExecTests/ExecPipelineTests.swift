import Foundation
import Testing
import WinnowCore
@testable import WinnowPipeline

/// Whole runs with exec stages: the sample plugins of samples/plugins and the misbehaving test plugin,
/// between built-in stages.
@Suite struct ExecPipelineTests {
    static let words = ["river", "council", "market", "harbour", "station", "bridge", "school", "garden", "festival", "museum"]

    /// `n` JSONL records whose texts carry the test plugin's markers at fixed positions.
    static func writeInput(_ dir: String, count n: Int) throws {
        var lines = ""
        for i in 0..<n {
            var text = "Report \(i): the \(words[i % 10]) and the \(words[(i * 7 + 3) % 10]) were discussed for \(i * 3 + 1) minutes in town \(i)."
            if i % 7 == 3 { text += " DROPME" }
            if i % 11 == 5 { text += " CRASH" }
            if i % 13 == 4 { text += " RETITLE" }
            if i % 17 == 2 { text += " ERRME" }
            if i % 5 == 0 { text += " Visit the casino tonight." }
            lines += "{\"id\":\"r\(i)\",\"title\":\"Record \(i)\",\"text\":\"\(text)\"}\n"
        }
        try lines.write(toFile: dir + "/records.jsonl", atomically: true, encoding: .utf8)
    }

    static func pipeline(workers: Int, python: Bool) -> String {
        let misbehave = testPlugin("misbehave.sh"), grep = packageRoot + "/samples/plugins/drop_by_grep.sh"
        let wordCount = python ? ",{\"type\": \"exec\", \"params\": {\"command\": [\"python3\", \"\(packageRoot)/samples/plugins/word_count.py\"], \"fields\": [\"text\"], \"workers\": \(workers), \"batch_size\": 5}}" : ""
        return """
        {"name": "exec-test", "batch_size": 40, "input": {"format": "jsonl"},
         "stages": [
           {"type": "clean_text", "params": {}},
           {"type": "exec", "params": {"command": ["sh", "\(misbehave)"], "workers": \(workers), "batch_size": 7}},
           {"type": "exec", "params": {"command": ["sh", "\(grep)", "casino"], "fields": ["text"], "workers": \(workers), "batch_size": 3}}\(wordCount),
           {"type": "dedup", "params": {"action": "mark"}}
         ]}
        """
    }

    static func run(input: String, threads: Int, workers: Int, python: Bool) throws -> (RunStats, [UInt8], [JSONValue]) {
        let out = tempDirectory("exec-run-out")
        defer { try? FileManager.default.removeItem(atPath: out) }
        var options = RunOptions()
        options.inputs = [input]; options.output = out; options.threads = threads
        let config = try PipelineConfig.parse(Array(pipeline(workers: workers, python: python).utf8), file: "exec-test.json")
        let stats = try PipelineRunner(config: config, options: options).run()
        let rejects = (FileManager.default.contents(atPath: out + "/rejects.jsonl").map(Array.init) ?? [])
            .split(separator: 0x0A).compactMap { try? JSONValue.parse(Array($0)) }
        var bytes: [UInt8] = []
        for n in try FileManager.default.contentsOfDirectory(atPath: out).filter({ $0.hasPrefix("part-") }).sorted() {
            bytes += Array(FileManager.default.contents(atPath: out + "/" + n)!)
        }
        return (stats, bytes, rejects)
    }

    @Test func samplePluginsInAPipelineAndTheSameBytesWhateverThreadsAndWorkers() throws {
        let input = tempDirectory("exec-run-in")
        defer { try? FileManager.default.removeItem(atPath: input) }
        let n = 120
        try Self.writeInput(input, count: n)
        let python = onPath("python3")
        let (stats, bytes, rejects) = try Self.run(input: input, threads: 1, workers: 1, python: python)

        // Who was rejected, dropped or changed follows from the markers alone.
        // (The plugin checks CRASH first, then DROPME before ERRME.)
        let crash = Set((0..<n).filter { $0 % 11 == 5 })
        let dropped = Set((0..<n).filter { $0 % 7 == 3 && !crash.contains($0) })
        let error = Set((0..<n).filter { $0 % 17 == 2 && !crash.contains($0) && !dropped.contains($0) })
        let casino = Set((0..<n).filter { $0 % 5 == 0 && !crash.contains($0) && !error.contains($0) && !dropped.contains($0) })
        let rejectedIDs = Set(rejects.compactMap { $0["id"]?.stringValue })
        #expect(rejectedIDs == Set(crash.union(error).map { "r\($0)" }))
        for r in rejects where crash.contains(Int(r["id"]!.stringValue!.dropFirst())!) {
            #expect(r["stage"] == .string("exec"))
            #expect(r["reason"]?.stringValue?.contains("exited with status 3 before answering; restarted; stderr: boom: crashing on purpose at \"\(r["id"]!.stringValue!)\"") == true, "\(r)")
        }
        #expect(stats.stages[1].droppedByReason["dropped-by-plugin"] == dropped.count)
        #expect(stats.stages[2].droppedByReason.values.reduce(0, +) == casino.count)
        #expect(stats.written == n - crash.union(error).count - dropped.count - casino.count)

        let records = bytes.split(separator: 0x0A).map { try! JSONValue.parse(Array($0)) }
        #expect(records.count == stats.written)
        for r in records {
            let i = Int(r["id"]!.stringValue!.dropFirst())!
            #expect(r["title"] == .string(i % 13 == 4 ? "Retitled" : "Record \(i)"))
            if python {
                let words = r["text"]!.stringValue!.split(whereSeparator: \.isWhitespace).count
                #expect(r["meta"]?["words"] == .string(String(words)))
            }
        }

        // Byte-identical output (and the same rejects) with 2 threads, and with 3 workers per exec stage.
        for (threads, workers) in [(2, 1), (1, 3), (2, 3)] {
            let (_, other, otherRejects) = try Self.run(input: input, threads: threads, workers: workers, python: python)
            #expect(other == bytes, "threads \(threads), workers \(workers)")
            #expect(otherRejects.map { $0["id"]! } == rejects.map { $0["id"]! })
        }
    }
}
