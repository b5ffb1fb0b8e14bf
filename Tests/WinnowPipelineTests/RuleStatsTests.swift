import Foundation
import Testing
import WinnowCore
@testable import WinnowPipeline

// strip_boilerplate's drops per extraction rule reach stats.json through the generic `StageCounting`
// `detailCounters` (the runner knows no stage), and `disable_rules` in a pipeline file switches a rule off.

private func runRules(disabling rules: [String]) throws -> (stats: JSONValue, summary: String) {
    let list = rules.map { "\"\($0)\"" }.joined(separator: ", ")
    let config = try configFromJSON("""
        {"name": "rules", "input": {"paths": ["samples"]},
         "stages": [{"type": "strip_boilerplate", "params": {"disable_rules": [\(list)]}}, {"type": "clean_text"}]}
        """)
    let dir = tempDirectory("rules")
    var options = RunOptions()
    options.inputs = [packageRoot + "/samples"]
    options.output = dir
    let stats = try PipelineRunner(config: config, options: options).run()
    let json = try JSONValue.parse(Array(try #require(FileManager.default.contents(atPath: dir + "/stats.json"))))
    return (json, stats.line() + "\n" + stats.summary())
}

private func ruleCounts(_ stats: JSONValue, stage: Int) -> [String: Int] {
    guard case let .array(stages)? = stats["stages"] else { return [:] }
    var out: [String: Int] = [:]
    for (k, v) in stages[stage]["rules"]?.objectPairs ?? [] { out[k] = intValue(v) }
    return out
}

@Test func ruleDropCountsAreInStatsJSONAndASwitchedOffRuleCountsNothing() throws {
    let on = try runRules(disabling: [])
    let counts = ruleCounts(on.stats, stage: 0)
    #expect(counts["line.footer"] != nil && counts["prune.class-negative"] != nil && counts["clean.link-density"] != nil)
    #expect(counts.count >= 40, "every rule has a key: \(counts.count)")
    #expect(counts.values.allSatisfy { $0 >= 0 })
    #expect(counts.keys.filter { $0.hasPrefix("line.") }.map { counts[$0]! }.reduce(0, +) > 0, "\(counts)")
    #expect(counts.keys.filter { $0.hasPrefix("prune.") }.map { counts[$0]! }.reduce(0, +) > 0, "\(counts)")
    // Only strip_boilerplate counts rules; they stay out of the one-line summary.
    #expect(ruleCounts(on.stats, stage: 1).isEmpty)
    #expect(!on.summary.contains("line.") && !on.summary.contains("prune."))

    // The rule that dropped most lines, switched off, drops none; the others still count.
    let top = try #require(counts.filter { $0.key.hasPrefix("line.") }.max { ($0.value, $1.key) < ($1.value, $0.key) })
    #expect(top.value > 0)
    let off = ruleCounts(try runRules(disabling: [top.key]).stats, stage: 0)
    #expect(off[top.key] == 0)
    #expect(off.values.reduce(0, +) > 0)
}

@Test func unknownRuleInAPipelineFileIsAnErrorNamingFileAndKey() throws {
    let c = try configFromJSON(#"{"stages":[{"type":"strip_boilerplate","params":{"disable_rules":["line.footers"]}}]}"#,
                               file: "bad-rules.json")
    do { _ = try PipelineRunner(config: c); Issue.record("an unknown rule name was accepted") } catch {
        let d = "\(error)"
        #expect(d.contains("bad-rules.json") && d.contains("stages[0] (strip_boilerplate)") && d.contains("'disable_rules'"), "\(d)")
        #expect(d.contains("unknown rule \"line.footers\"") && d.contains("line.footer,") && d.contains("clean.link-list"), "\(d)")
    }
}
