import Foundation
import Testing
import WinnowCore
import WinnowHTML
@testable import WinnowExtract

/// Extraction regression cases as data: `Cases/<case>/page.html` (or `page.txt`) and `Cases/<case>/expected.json`.
/// Every key is documented in `Cases/README.md`; an unknown key or a value of the wrong type fails the case.
struct ExtractionCase: CustomTestStringConvertible, Sendable {
    let name: String
    var testDescription: String { name }

    static let root: URL? = Bundle.module.resourceURL?.appendingPathComponent("Cases")

    static let all: [ExtractionCase] = {
        guard let root else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted().map(ExtractionCase.init)
    }()

    func file(_ f: String) throws -> Data {
        let url = try #require(Self.root?.appendingPathComponent(name).appendingPathComponent(f))
        return try Data(contentsOf: url)
    }

    func expectation() throws -> JSONValue { try JSONValue.parse(Array(try file("expected.json"))) }
}

// MARK: - Vocabulary

/// The value type a key must have.
private enum Kind { case string, optionalString, strings, object, bool, array }

/// Keys of one run (the top level, or one entry of `variants`): how to run the stage, then what to check.
private let runKeys: [String: Kind] = [
    "about": .string, "params": .object, "url": .string, "charset": .string, "input": .string, "page": .string,
    "result": .string, "text": .string, "starts_with": .string, "paragraphs": .strings, "contains": .strings,
    "excludes": .strings, "excludes_derived": .strings, "title": .optionalString, "authors": .strings,
    "published": .optionalString, "updated": .optionalString, "site": .optionalString,
    "description": .optionalString, "resolved_url": .optionalString, "meta": .object, "trace": .array,
]
/// Keys only the top level may have.
private let topKeys: [String: Kind] = ["variants": .array, "title_probe": .object]
private let traceKeys: Set<String> = ["stage", "action", "rule", "detail_contains"]
private let probeKeys: [String: Kind] = ["titles": .strings, "heading_tag": .string, "container_class": .string]

private func conforms(_ v: JSONValue, _ k: Kind) -> Bool {
    switch (k, v) {
    case (.string, .string), (.optionalString, .string), (.optionalString, .null), (.object, .object), (.bool, .bool),
         (.array, .array): return true
    case let (.strings, .array(a)): return a.allSatisfy { $0.stringValue != nil }
    default: return false
    }
}

/// Problems with the shape of an expectation object (unknown keys, wrong types).
private func shapeErrors(_ v: JSONValue, allowed: [String: Kind], at path: String) -> [String] {
    guard let pairs = v.objectPairs else { return ["\(path): not an object"] }
    var errors: [String] = []
    for (k, x) in pairs {
        guard let kind = allowed[k] else { errors.append("\(path): unknown key \(k)"); continue }
        if !conforms(x, kind) { errors.append("\(path): \(k) has the wrong type (\(x.typeName))") }
    }
    for t in v["trace"].flatMap(arrayValue) ?? [] {
        for k in t.objectPairs?.map(\.0) ?? ["(not an object)"] where !traceKeys.contains(k) { errors.append("\(path): trace key \(k)") }
    }
    if let i = v["input"]?.stringValue, i != "html", i != "text" { errors.append("\(path): input is html or text, not \(i)") }
    return errors
}

private func arrayValue(_ v: JSONValue) -> [JSONValue]? { if case let .array(a) = v { return a }; return nil }
private func strings(_ v: JSONValue?) -> [String] { v.flatMap(arrayValue)?.compactMap(\.stringValue) ?? [] }

// MARK: - Checks

/// One trace expectation: some entry must match every given field (`rule` may list alternatives).
struct TraceMatch: Sendable {
    var stage: String?, action: String?, rules: [String]?, detailContains: String?

    init(_ v: JSONValue) {
        stage = v["stage"]?.stringValue
        action = v["action"]?.stringValue
        rules = v["rule"].map { $0.stringValue.map { [$0] } ?? strings($0) }
        detailContains = v["detail_contains"]?.stringValue
    }

    func matches(_ e: TraceEntry) -> Bool {
        (stage.map { $0 == e.stage } ?? true) && (action.map { $0 == e.action } ?? true)
            && (rules.map { $0.contains(e.rule) } ?? true) && (detailContains.map { e.detail.contains($0) } ?? true)
    }
}

/// One assertion of a case. `failure` is nil when the document satisfies it.
enum Check: Sendable {
    case result(String), text(String), startsWith(String), paragraph(String), contains(String), excludes(String)
    case field(String, String?), authors([String]), meta(String, String?), trace(TraceMatch)

    static func all(in v: JSONValue) -> [Check] {
        var c: [Check] = []
        if let r = v["result"]?.stringValue { c.append(.result(r)) }
        if let t = v["text"]?.stringValue { c.append(.text(t)) }
        if let s = v["starts_with"]?.stringValue { c.append(.startsWith(s)) }
        c += strings(v["paragraphs"]).map(Check.paragraph) + strings(v["contains"]).map(Check.contains)
        c += (strings(v["excludes"]) + strings(v["excludes_derived"])).map(Check.excludes)
        for k in ["title", "published", "updated", "site", "description", "resolved_url"] {
            if let x = v[k] { c.append(.field(k, x.stringValue)) }
        }
        if v["authors"] != nil { c.append(.authors(strings(v["authors"]))) }
        for (k, x) in v["meta"]?.objectPairs ?? [] { c.append(.meta(k, x.stringValue)) }
        for t in v["trace"].flatMap(arrayValue) ?? [] { c.append(.trace(TraceMatch(t))) }
        return c
    }

    static func field(_ k: String, of d: Document) -> String? {
        switch k {
        case "title": d.title
        case "published": d.published
        case "updated": d.updated
        case "site": d.site
        case "description": d.description
        default: d.url   // resolved_url
        }
    }

    func failure(_ d: Document, _ r: StageResult) -> String? {
        let head = d.text.prefix(100)
        switch self {
        case let .result(x):
            return (x == "keep" ? StageResult.keep : .drop(reason: x)) == r ? nil : "result \(r), expected \(x)"
        case let .text(x): return d.text == x ? nil : "text is \(head)"
        case let .startsWith(x): return d.text.hasPrefix(x) ? nil : "text starts \(head)"
        case let .paragraph(x):
            return d.text.components(separatedBy: "\n\n").contains(x) ? nil : "paragraph missing: \(x.prefix(80))"
        case let .contains(x): return d.text.contains(x) ? nil : "missing: \(x.prefix(80))"
        case let .excludes(x): return d.text.contains(x) ? "kept: \(x.prefix(80))" : nil
        case let .field(k, x): return Check.field(k, of: d) == x ? nil : "\(k) is \(Check.field(k, of: d) ?? "nil")"
        case let .authors(x): return d.authors == x ? nil : "authors are \(d.authors)"
        case let .meta(k, x): return d.meta[k] == x ? nil : "meta.\(k) is \(d.meta[k] ?? "nil")"
        case let .trace(m): return d.trace.contains(where: m.matches) ? nil : "no trace entry like \(m)"
        }
    }

    /// The same check with its expected value broken, to show that it can fail.
    var broken: Check {
        let x = "\u{2603}"
        switch self {
        case let .result(v): return .result(v == "keep" ? "broken" : "keep")
        case let .text(v): return .text(v + x)
        case let .startsWith(v): return .startsWith(x + v)
        case let .paragraph(v): return .paragraph(v + x)
        case let .contains(v): return .contains(v + x)
        case .excludes: return self   // see excludedTextIsOnThePage: an excluded string must be on the page
        case let .field(k, v): return .field(k, (v ?? "") + x)
        case let .authors(v): return .authors(v + [x])
        case let .meta(k, v): return .meta(k, (v ?? "") + x)
        case var .trace(m): m.rules = [x]; return .trace(m)
        }
    }
}

// MARK: - Running a case

/// The runs of a case: the top level, then each variant (same page unless the variant names another). A case
/// that only probes the title search (`title_probe` and no stage check) has no run.
private func runs(_ exp: JSONValue) -> [JSONValue] {
    let top = exp["title_probe"] != nil && Check.all(in: exp).isEmpty ? [] : [exp]
    return top + (exp["variants"].flatMap(arrayValue) ?? [])
}

private func pageFile(_ run: JSONValue) -> String {
    run["page"]?.stringValue ?? (run["input"]?.stringValue == "text" ? "page.txt" : "page.html")
}

private func extract(_ c: ExtractionCase, _ run: JSONValue) throws -> (Document, StageResult) {
    let stage = try StripBoilerplateStage(params: StageParams(run["params"]?.objectPairs ?? []))
    let bytes = Array(try c.file(pageFile(run)))
    var d: Document
    if run["input"]?.stringValue == "text" {
        d = Document(id: "t", source: SourceRef(path: c.name + ".txt"), format: .text, text: String(decoding: bytes, as: UTF8.self))
    } else {
        d = Document(id: "t", source: SourceRef(path: c.name + ".html"), format: .html, raw: bytes)
        d.charsetHint = run["charset"]?.stringValue ?? "UTF-8"
    }
    d.url = run["url"]?.stringValue
    d.tracing = run["trace"] != nil
    let r = try stage.process(&d)
    return (d, r)
}

/// `title_probe`: which heading and container the title search picks (before the rest of extraction).
private func probeFailures(_ c: ExtractionCase, _ p: JSONValue) throws -> [String] {
    let doc = try HTMLDocument.parse(Array(try c.file("page.html")), encoding: "UTF-8", url: nil)
    var ex = DOMExtractor(doc: doc, tracing: false)
    ex.findTitleHeading(titles: strings(p["titles"]))
    ex.prune(DOMOptions())
    ex.measureAlive()
    var f: [String] = []
    if let tag = p["heading_tag"]?.stringValue {
        let got = ex.titleHeading >= 0 ? "\(doc.nodes[ex.titleHeading].tag)" : "none"
        if got != tag { f.append("title heading is \(got), expected \(tag)") }
    }
    if let cls = p["container_class"]?.stringValue {
        let got = ex.titleContainer().flatMap { doc.attribute($0, "class") } ?? "none"
        if got != cls { f.append("title container class is \(got), expected \(cls)") }
    }
    return f
}

private func probeChecks(_ p: JSONValue) -> Int { (p["heading_tag"] != nil ? 1 : 0) + (p["container_class"] != nil ? 1 : 0) }

@Test func extractionCasesArePresent() {
    #expect(ExtractionCase.all.count >= 50)
}

@Test(arguments: ExtractionCase.all)
func extractionCase(_ c: ExtractionCase) throws {
    let exp = try c.expectation()
    #expect(shapeErrors(exp, allowed: runKeys.merging(topKeys) { a, _ in a }, at: c.name) == [])
    #expect(exp["about"]?.stringValue?.isEmpty == false, "\(c.name): say what the case checks")
    var checked = 0
    for (i, run) in runs(exp).enumerated() {
        if i > 0 || exp["title_probe"] != nil && Check.all(in: exp).isEmpty {
            #expect(shapeErrors(run, allowed: runKeys, at: "\(c.name) variant \(i)") == [])
        }
        let (d, r) = try extract(c, run)
        let checks = Check.all(in: run)
        checked += checks.count
        for f in checks.compactMap({ $0.failure(d, r) }) { Issue.record("\(c.name) run \(i): \(f)") }
        // Without any check the run would only prove that extraction does not throw.
        #expect(!checks.isEmpty, "\(c.name) run \(i): nothing checked")
    }
    if let p = exp["title_probe"] {
        #expect(shapeErrors(p, allowed: probeKeys, at: "\(c.name) title_probe") == [])
        for f in try probeFailures(c, p) { Issue.record("\(c.name): \(f)") }
        checked += probeChecks(p)
    }
    #expect(checked > 0)
}

/// Every check of every case fails when its expected value is broken (so none is vacuous through the runner).
@Test(arguments: ExtractionCase.all)
func everyCheckCanFail(_ c: ExtractionCase) throws {
    for (i, run) in runs(try c.expectation()).enumerated() {
        let (d, r) = try extract(c, run)
        for check in Check.all(in: run) {
            guard case .excludes = check else {
                #expect(check.broken.failure(d, r) != nil, "\(c.name) run \(i): \(check) cannot fail")
                continue
            }
        }
    }
    if case let .object(pairs)? = try c.expectation()["title_probe"] {
        let broken = JSONValue.object(pairs.map { k, v in k == "titles" ? (k, v) : (k, .string("\u{2603}")) })
        #expect(try probeFailures(c, broken).count == probeChecks(broken), "\(c.name): a title_probe check cannot fail")
    }
}

/// An excluded string must occur on the page (markup aside), or the check could never fail. Strings that only
/// a faulty assembly could produce (a ruby reading run into its base text) are listed as `excludes_derived`.
@Test(arguments: ExtractionCase.all)
func excludedTextIsOnThePage(_ c: ExtractionCase) throws {
    for run in runs(try c.expectation()) {
        let page = String(decoding: try c.file(pageFile(run)), as: UTF8.self)
        let visible = page.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        for x in strings(run["excludes"]) {
            #expect(visible.contains(x) || page.contains(x), "\(c.name): excluded \(x) is not on the page")
        }
    }
}
