import Foundation
import Testing
import WinnowCore
@testable import WinnowTag

// Entity hygiene (issue 20). The rules are tested on the tagger's raw spans, one fixture line per case
// (`Fixtures/hygiene-spans.jsonl`: a page-like snippet, the span the tagger proposed, its type, what must
// remain and the rule that must fire), and end to end on page-like snippets (`Fixtures/hygiene-pages.jsonl`:
// strings that must never be an entity's text or canonical name, canonical names that must not appear
// (`neverCanonical`), and canonical names that must be found).

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

private func jsonLines(_ name: String) throws -> [[String: Any]] {
    let text = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    return try text.split(separator: "\n").map {
        try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
}

/// Runs the hygiene rules on one proposed span of `text`; returns the remaining spans (text, type) and the
/// rules that fired.
private func clean(_ text: String, span: String, type: String) throws -> ([[String]], Set<String>) {
    var bytes = Array(text.utf8)
    return try bytes.withUnsafeMutableBufferPointer { mp -> ([[String]], Set<String>) in
        let p = UnsafeBufferPointer(mp)
        let s = TagScratch()
        TaggerModel.prepare(p, s, gazetteer: nil)
        let toks = s.toks
        func tokText(_ k: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: p[Int(toks[k].byteStart)..<Int(toks[k].byteEnd)]), as: UTF8.self)
        }
        // the span: the first token run whose text (tokens joined as in the text) equals `span`
        var found: (Int, Int)? = nil
        outer: for a in toks.indices {
            for b in (a + 1)...toks.count {
                let t = String(decoding: UnsafeBufferPointer(rebasing: p[Int(toks[a].byteStart)..<Int(toks[b - 1].byteEnd)]), as: UTF8.self)
                if t == span { found = (a, b); break outer }
                if t.count > span.count { break }
            }
        }
        let (a, b) = try #require(found, "span \(span) not in \(toks.indices.map(tokText))")
        var events: [HygieneEvent] = []
        let cand = TagEntitiesStage.Cand(start: a, end: b, type: type, canonical: nil, fromAlias: false)
        let out = EntityHygiene.apply([cand], p, toks, s.infos, events: &events)
        let spans = out.map { c in
            [String(decoding: UnsafeBufferPointer(rebasing: p[Int(toks[c.start].byteStart)..<Int(toks[c.end - 1].byteEnd)]), as: UTF8.self), c.type]
        }
        return (spans, Set(events.map { $0.rule.rawValue }))
    }
}

@Test func hygieneRulesOnProposedSpans() throws {
    let cases = try jsonLines("hygiene-spans.jsonl")
    #expect(cases.count >= 20)
    var rulesSeen = Set<String>()
    for c in cases {
        let text = c["text"] as! String, span = c["span"] as! String, type = c["type"] as! String
        let rule = c["rule"] as! String
        let expect = c["expect"] as! [[String]]
        let (got, fired) = try clean(text, span: span, type: type)
        #expect(got == expect, "\(span) (\(type)) in \"\(text)\"")
        if rule == "none" {
            #expect(fired.isEmpty, "\(span): no rule may fire, got \(fired)")
        } else {
            let id = try #require(HygieneRule.allCases.first { "\($0)" == rule }, "unknown rule \(rule)").rawValue
            #expect(fired.contains(id), "\(span): rule \(rule) did not fire (fired: \(fired))")
            rulesSeen.insert(rule)
        }
    }
    // every rule has at least one fixture
    for r in HygieneRule.allCases { #expect(rulesSeen.contains("\(r)"), "no fixture for rule \(r)") }
}

private func stage(_ params: [(String, JSONValue)] = []) throws -> TagEntitiesStage {
    let s = try TagEntitiesStage(params: StageParams(params))
    try s.open(context: StageContext())
    return s
}

@Test func hygieneOnPageSnippetsEndToEnd() throws {
    let s = try stage()
    for c in try jsonLines("hygiene-pages.jsonl") {
        let text = c["text"] as! String
        let ents = s.tag(text)
        let names = ents.filter { ["PER", "LOC", "ORG", "MISC"].contains($0.type) }
        for bad in c["never"] as? [String] ?? [] {
            #expect(!names.contains { $0.text == bad || $0.canonical == bad }, "\"\(bad)\" tagged in \"\(text.prefix(60))\": \(names.map(\.text))")
        }
        for bad in c["neverCanonical"] as? [String] ?? [] {
            #expect(!names.contains { $0.canonical == bad }, "canonical \"\(bad)\" in \"\(text.prefix(60))\"")
        }
        for want in c["canonical"] as? [String] ?? [] {
            #expect(names.contains { $0.canonical == want }, "canonical \"\(want)\" missing in \"\(text.prefix(60))\": \(names.map(\.canonical))")
        }
        // no entity name starts or ends with a quote, bracket, number or lower-case word
        for e in names {
            let first = e.text.unicodeScalars.first!, last = e.text.unicodeScalars.last!
            #expect(!"\"“”‘’([{;".unicodeScalars.contains(first) && !"\"“”([{;)]}".unicodeScalars.contains(last), "\(e.text)")
            #expect(!CharacterSet.decimalDigits.contains(first) || e.text.contains("-"), "\(e.text)")
            let lastWord = e.text.split(separator: " ").last!
            #expect(lastWord.first!.isUppercase || lastWord.first!.isNumber || lastWord.count < 2 || lastWord.contains(where: \.isUppercase), "\(e.text)")
        }
    }
}

@Test func hygieneOptionSwitchesRulesOff() throws {
    let on = try stage(), off = try stage([("hygiene", .bool(false))])
    let text = "Mr Putin met Mr Lukashenko in Minsk. The US said nothing."
    let canonOn = Set(on.tag(text).map(\.canonical))
    #expect(canonOn.contains("Vladimir Putin") && canonOn.contains("United States"))
    #expect(!canonOn.contains("Mr"))
    #expect(!Set(off.tag(text).map(\.canonical)).contains("United States"))
}

@Test func countryNamesAreCanonical() throws {
    let s = try stage()
    let text = "The U.S. and the Russian Federation met in Geneva. US officials and UK diplomats said the United States would reply."
    let byText = Dictionary(s.tag(text).map { ($0.text, $0.canonical) }, uniquingKeysWith: { a, _ in a })
    for t in ["U.S.", "US", "United States"] where byText[t] != nil { #expect(byText[t] == "United States", "\(t)") }
    if let r = byText["Russian Federation"] { #expect(r == "Russia") }
    if let u = byText["UK"] { #expect(u == "United Kingdom") }
    #expect(byText.values.contains("United States"))
    #expect(byText.values.contains("Russia"))
}

@Test func dateWithoutYearTakesItFromPublished() throws {
    #expect(DateYear.fill("--02-17", published: "2023-02-20") == "2023-02-17")
    #expect(DateYear.fill("--02-17", published: "2023-02-17T18:52:00+01:00") == "2023-02-17")
    #expect(DateYear.fill("--12-30", published: "2023-01-05") == "2022-12-30")   // last week, last year
    #expect(DateYear.fill("--01-12", published: "2022-12-28") == "2023-01-12")   // an announced event
    #expect(DateYear.fill("--06-01", published: "2023-03-01") == nil)            // 3 months ahead or 9 back: unsure
    #expect(DateYear.fill("--09-01", published: "2023-12-01") == "2023-09-01")
    #expect(DateYear.fill("--02-29", published: "2023-03-01") == nil)            // no such day in 2023 or 2022
    #expect(DateYear.fill("--02-29", published: "2024-03-01") == "2024-02-29")
    #expect(DateYear.fill("--02-17", published: "2023") == nil)
    #expect(DateYear.fill("2023-02-17", published: "2023-02-20") == nil)

    let s = try stage()
    var d = Document(id: "t", source: SourceRef(path: "t"), format: .text, text: "The talks on February 17 ended without a deal.")
    d.published = "2023-02-20"
    _ = try s.process(&d)
    #expect(d.entities.first { $0.type == "DATE" }?.canonical == "2023-02-17")
    var u = Document(id: "u", source: SourceRef(path: "u"), format: .text, text: "The talks on February 17 ended without a deal.")
    _ = try s.process(&u)
    #expect(u.entities.first { $0.type == "DATE" }?.canonical == "--02-17")
}
