import Foundation
import Testing
import WinnowCore
import WinnowHTML
@testable import WinnowExtract

// The extraction rules as tables with typed ids (issue 19, "Rules you can see"): every id is switchable by its
// name, a switched-off rule drops nothing (its fixture line or block is kept), the drops are counted per rule
// with tracing off too, and an unknown rule name is a configuration error. Fixtures in Fixtures/rules.

private func fixture(_ name: String) throws -> Data {
    let url = try #require(Bundle.module.resourceURL?.appendingPathComponent("Fixtures/rules/" + name))
    return try Data(contentsOf: url)
}

private struct LineCase: Decodable { var rule: String; var drop: String; var lines: [String] }
private struct DOMCase: Decodable { var rule: String; var page: String; var marker: String; var also_off: [String] }
private struct Cases<C: Decodable>: Decodable { var cases: [C] }

private func lineCases() throws -> [LineCase] { try JSONDecoder().decode(Cases<LineCase>.self, from: fixture("line-cases.json")).cases }
private func domCases() throws -> [DOMCase] { try JSONDecoder().decode(Cases<DOMCase>.self, from: fixture("dom-cases.json")).cases }

private func stage(disabling rules: [String] = []) throws -> StripBoilerplateStage {
    let params: [(String, JSONValue)] = rules.isEmpty ? [] : [("disable_rules", .array(rules.map { .string($0) }))]
    return try StripBoilerplateStage(params: StageParams(params))
}

private func extract(_ page: String, with stage: StripBoilerplateStage, tracing: Bool = true) throws -> Document {
    var d = Document(id: page, source: SourceRef(path: page), format: .html, raw: Array(try fixture(page)))
    d.charsetHint = "UTF-8"
    d.tracing = tracing
    _ = try stage.process(&d)
    return d
}

private func rules(_ s: StripBoilerplateStage) -> [String: Int] { s.detailCounters["rules"] ?? [:] }

// MARK: - The tables

@Test func ruleIndexesAreDeclarationOrderInOneByte() {
    func check<ID: RuleID>(_: ID.Type) {
        #expect(MemoryLayout<ID>.size == 1)
        #expect(ID.allCases.count >= 2 && ID.allCases.count <= 64, "\(ID.family): a switch mask holds 64 rules")
        for (k, id) in ID.allCases.enumerated() { #expect(id.index == k, "\(id.qualifiedName)") }
    }
    check(LineRuleID.self)
    check(PruneRuleID.self)
    check(CleanRuleID.self)
}

/// Each name switches off exactly its own rule, in its own family (so every id is reachable by its switch).
@Test func everyRuleNameSwitchesOffExactlyItsRule() throws {
    #expect(Set(ExtractionRuleName.names).count == ExtractionRuleName.names.count)
    for name in ExtractionRuleName.allCases {
        let s = ExtractionRuleSwitches(disabling: [name])
        let off = [s.line.off, s.prune.off, s.clean.off]
        #expect(off.map(\.nonzeroBitCount).reduce(0, +) == 1, "\(name.rawValue)")
        if let id = LineRuleID.allCases.first(where: { $0.qualifiedName == name.rawValue }) {
            #expect(!s.line.on(id) && s.line.off == id.bit)
        } else if let id = PruneRuleID.allCases.first(where: { $0.qualifiedName == name.rawValue }) {
            #expect(!s.prune.on(id) && s.prune.off == id.bit)
        } else {
            let id = try #require(CleanRuleID.allCases.first(where: { $0.qualifiedName == name.rawValue }))
            #expect(!s.clean.on(id) && s.clean.off == id.bit)
        }
    }
    #expect(ExtractionRuleSwitches() == ExtractionRuleSwitches(disabling: []))
}

/// The names the trace has always used (tests and trace readers match on them).
@Test func rawValuesAreTheTraceNames() {
    #expect(LineRuleID.captionCredit.rawValue == "caption-credit")
    #expect(LineRuleID.commentThread.rawValue == "comment-thread")
    #expect(LineRuleID.tailChrome.rawValue == "tail-chrome")
    #expect(PruneRuleID.classNegative.rawValue == "class-negative")
    #expect(PruneRuleID.chromeTag.rawValue == "chrome-tag")
    #expect(CleanRuleID.linkDensity.rawValue == "link-density")
    #expect(CleanRuleID.linkParagraph.rawValue == "link-paragraph")
    #expect(LineRuleID.footer.qualifiedName == "line.footer")
}

// MARK: - Switches: a rule on drops its fixture line or block, off keeps it

@Test func lineRuleSwitchesKeepTheLineTheyDrop() throws {
    let cases = try lineCases()
    #expect(cases.count >= 8)
    for c in cases {
        let id = try #require(LineRuleID(rawValue: c.rule), "\(c.rule)")
        let on = LineRules(title: nil, textInput: false, tracing: true).apply(lines: c.lines)
        #expect(on.drops.contains { $0.rule == c.rule && $0.text == c.drop }, "\(c.rule) on: \(on.drops)")
        #expect(!on.lines.contains(c.drop), "\(c.rule) on")
        #expect(on.counts[id] == on.drops.filter { $0.rule == c.rule }.count, "\(c.rule) count")
        var sw = RuleSwitches<LineRuleID>()
        sw.disable(id)
        let off = LineRules(title: nil, textInput: false, tracing: true, switches: sw).apply(lines: c.lines)
        #expect(off.lines.contains(c.drop), "\(c.rule) off: \(off.drops)")
        #expect(!off.drops.contains { $0.rule == c.rule }, "\(c.rule) off")
        #expect(off.counts[id] == 0)
    }
}

@Test func domRuleSwitchesKeepTheBlockTheyDrop() throws {
    let cases = try domCases()
    #expect(cases.count >= 5)
    for c in cases {
        let name = try #require(c.rule.split(separator: ".", maxSplits: 1).last.map(String.init))
        let on = try extract(c.page, with: try stage(disabling: c.also_off))
        #expect(!on.text.contains(c.marker), "\(c.rule) on: \(on.text)")
        #expect(on.trace.contains { $0.action == "drop" && $0.rule == name && $0.detail.contains(c.marker) },
                "\(c.rule) on: \(on.trace.map { $0.rule + " " + $0.detail })")
        let off = try extract(c.page, with: try stage(disabling: [c.rule] + c.also_off))
        #expect(off.text.contains(c.marker), "\(c.rule) off: \(off.trace.map { $0.rule + " " + $0.detail })")
        #expect(!off.trace.contains { $0.action == "drop" && $0.rule == name }, "\(c.rule) off")
    }
}

/// The stage option reaches the line rules too (a fixture page whose footer line survives the DOM rules).
@Test func disableRulesReachesTheLineRulesThroughTheStage() throws {
    let c = try #require(try lineCases().first { $0.rule == "footer" })
    func run(_ s: StripBoilerplateStage) throws -> Document {
        var d = Document(id: "t", source: SourceRef(path: "t.txt"), format: .text, raw: nil)
        d.text = c.lines.joined(separator: "\n")
        d.tracing = true
        _ = try s.process(&d)
        return d
    }
    #expect(!(try run(try stage())).text.contains(c.drop))
    #expect((try run(try stage(disabling: ["line.footer"]))).text.contains(c.drop))
}

// MARK: - Counts

/// Counts are kept with tracing off, and equal the drops the trace names, per rule.
@Test func ruleCountsMatchTheTraceWithTracingOff() throws {
    let traced = try stage(), quiet = try stage()
    var fromTrace: [String: Int] = [:]
    for c in try domCases() {   // (all rules on)
        let d = try extract(c.page, with: traced)
        _ = try extract(c.page, with: quiet, tracing: false)
        for t in d.trace where t.action == "drop" {
            if let id = LineRuleID(rawValue: t.rule) { fromTrace[id.qualifiedName, default: 0] += 1 }
            else if let id = PruneRuleID(rawValue: t.rule) { fromTrace[id.qualifiedName, default: 0] += 1 }
            else if let id = CleanRuleID(rawValue: t.rule) { fromTrace[id.qualifiedName, default: 0] += 1 }
        }
    }
    let counted = rules(quiet)
    #expect(Set(counted.keys) == Set(ExtractionRuleName.names))
    #expect(counted == rules(traced))
    #expect(counted["prune.chrome-tag"] == 1 && counted["prune.form"] == 1 && counted["prune.hidden"] == 1)
    for (k, v) in counted where v > 0 || fromTrace[k] != nil { #expect(fromTrace[k] == v, "\(k)") }
    #expect(counted.values.reduce(0, +) == fromTrace.values.reduce(0, +))
    #expect(quiet.counters.isEmpty)   // nothing in the one-line summary
}

// MARK: - Errors

@Test func unknownRuleNameIsAnErrorNamingFileKeyAndValidNames() throws {
    let params = StageParams([("disable_rules", .array([.string("line.footer"), .string("line.no-such-rule")]))],
                             location: "stages[0] (strip_boilerplate)", file: "pipelines/news.json")
    do {
        _ = try StripBoilerplateStage(params: params)
        Issue.record("an unknown rule name was accepted")
    } catch {
        let m = String(describing: error)
        #expect(m.contains("pipelines/news.json"), "\(m)")
        #expect(m.contains("disable_rules"), "\(m)")
        #expect(m.contains("line.no-such-rule"), "\(m)")
        #expect(m.contains("line.footer") && m.contains("prune.class-negative") && m.contains("clean.link-density"), "\(m)")
    }
    #expect(throws: (any Error).self) { try StripBoilerplateStage(params: StageParams([("disable_rules", .string("line.footer"))])) }
}
