import Foundation
import Testing
import WinnowCore
@testable import WinnowPipeline

/// Each `winnow run` with dedup writes its cluster merges to `cluster_aliases.jsonl` in its own output
/// folder (past runs' output is never rewritten), as the README's DuckDB query expects.
@Suite struct ClusterAliasFileTests {
    /// Deterministic prose: `paragraphs` paragraphs of 40 words from a small vocabulary.
    static func synthetic(seed: UInt64, paragraphs: Int) -> [String] {
        let vocab = "river council budget library mayor vote school teacher hospital nurse union road bridge station train farmer harvest weather storm power grid market price company worker factory court judge police report museum artist concert festival garden park street village harbour ferry"
            .split(separator: " ").map(String.init)
        var x = seed &* 6364136223846793005 &+ 1442695040888963407
        return (0..<paragraphs).map { _ in
            (0..<40).map { _ -> String in
                x = x &* 6364136223846793005 &+ 1442695040888963407
                return vocab[Int((x >> 33) % UInt64(vocab.count))]
            }.joined(separator: " ")
        }
    }

    func record(_ id: String, _ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\n", with: "\\n")
        return #"{"id": "\#(id)", "text": "\#(escaped)"}"# + "\n"
    }

    @Test func twoCopiesUnitedByTheirOriginalAreListedInTheRunThatUnitedThem() throws {
        // The copies (first 12 and last 12 of 20 paragraphs) do not match each other; the original matches both.
        let original = Self.synthetic(seed: 7, paragraphs: 20)
        let head = original.prefix(12).joined(separator: "\n\n"), tail = original.suffix(12).joined(separator: "\n\n")
        let inbox = tempDirectory("alias-in"), out = tempDirectory("alias-out"), state = tempDirectory("alias-state")
        let config = try configFromJSON(#"{"input": {"min_age_seconds": 0}, "stages": [{"type": "dedup"}]}"#)
        func run(_ name: String) throws -> String {
            var o = RunOptions()
            o.inputs = [inbox]; o.output = out; o.stateDirectory = state; o.runName = name
            _ = try PipelineRunner(config: config, options: o).run()
            return String(decoding: FileManager.default.contents(atPath: "\(out)/\(name)/cluster_aliases.jsonl") ?? Data([0xFF]),
                          as: UTF8.self)
        }
        try record("c1", head).write(toFile: inbox + "/copies-1.jsonl", atomically: true, encoding: .utf8)
        try record("c2", tail).write(toFile: inbox + "/copies-2.jsonl", atomically: true, encoding: .utf8)
        #expect(try run("2026-01-01T00-00-00Z") == "", "nothing merged: an empty file")
        try record("o", original.joined(separator: "\n\n")).write(toFile: inbox + "/original.jsonl", atomically: true, encoding: .utf8)
        let merges = try run("2026-01-02T00-00-00Z").split(separator: "\n").map { try JSONValue.parse(Array($0.utf8)) }
        #expect(merges.count == 1)
        let pair = Set([merges.first?["old"]?.stringValue, merges.first?["cluster"]?.stringValue].compactMap { $0 })
        let firstRun = try readRecords("\(out)/2026-01-01T00-00-00Z").compactMap { $0["id"]?.stringValue }
        #expect(pair.count == 2 && pair == Set(firstRun), "the two first-run clusters are united: \(pair) vs \(firstRun)")
    }
}

/// The summary line names each counter's parts: a cron mail reads "marked: exact 5, near 1".
@Test func summaryLineNamesCounterParts() {
    var stats = RunStats()
    stats.read = 11; stats.written = 11
    var dedup = StageStats(type: "dedup")
    dedup.counters = ["marked": ["exact": 5, "near": 1, "revision": 0], "story_dates": ["run_date_fallback": 3]]
    stats.stages = [dedup]
    #expect(stats.line() == "winnow: 11 read, 11 written, 0 dropped, 0 rejected; marked: exact 5, near 1, revision 0; story dates: run date fallback 3")
}
