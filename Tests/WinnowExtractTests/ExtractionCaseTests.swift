import Foundation
import Testing
import WinnowCore
@testable import WinnowExtract

/// Extraction regression cases as data: `Cases/<case>/page.html` and `Cases/<case>/expected.json`.
///
/// expected.json (every key optional except `about`):
///
///     {
///       "about": "what the case checks, in one line",
///       "params": {"include_tables": false},   // strip_boilerplate options
///       "url": "https://…", "charset": "windows-1252",
///       "result": "keep",                       // or the drop reason
///       "text": "…",                            // the whole text, exactly
///       "starts_with": "…",
///       "paragraphs": ["…"],                    // each a whole paragraph of the text
///       "contains": ["…"], "excludes": ["…"],   // substrings that must (not) be in the text
///       "title": "…", "authors": ["…"], "published": "…", "site": "…", "meta": {"language_hint": "…"}
///     }
struct ExtractionCase: CustomTestStringConvertible, Sendable {
    let name: String
    var testDescription: String { name }

    static let root: URL? = Bundle.module.resourceURL?.appendingPathComponent("Cases")

    static let all: [ExtractionCase] = {
        guard let root else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map(ExtractionCase.init)
    }()

    func file(_ f: String) throws -> Data {
        let url = try #require(Self.root?.appendingPathComponent(name).appendingPathComponent(f))
        return try Data(contentsOf: url)
    }
}

/// Known expectation keys: a misspelt key must fail the case, not be skipped silently.
private let knownKeys: Set<String> = ["about", "params", "url", "charset", "result", "text", "starts_with", "paragraphs",
                                      "contains", "excludes", "title", "authors", "published", "site", "meta"]

private func strings(_ v: JSONValue?) -> [String] {
    guard case let .array(a)? = v else { return [] }
    return a.compactMap(\.stringValue)
}

@Test func extractionCasesArePresent() {
    #expect(ExtractionCase.all.count >= 7)
}

@Test(arguments: ExtractionCase.all)
func extractionCase(_ c: ExtractionCase) throws {
    let exp = try JSONValue.parse(Array(try c.file("expected.json")))
    let keys = try #require(exp.objectPairs).map(\.0)
    for k in keys { #expect(knownKeys.contains(k), "\(c.name): unknown key \(k)") }
    #expect(exp["about"]?.stringValue?.isEmpty == false, "\(c.name): say what the case checks")

    let stage = try StripBoilerplateStage(params: StageParams(exp["params"]?.objectPairs ?? []))
    var d = Document(id: "t", source: SourceRef(path: c.name + ".html"), format: .html, raw: Array(try c.file("page.html")))
    d.charsetHint = exp["charset"]?.stringValue ?? "UTF-8"
    d.url = exp["url"]?.stringValue
    let r = try stage.process(&d)

    let result = exp["result"]?.stringValue ?? "keep"
    #expect((result == "keep" ? StageResult.keep : .drop(reason: result)) == r, "\(c.name)")
    if let t = exp["text"]?.stringValue { #expect(d.text == t, "\(c.name)") }
    if let s = exp["starts_with"]?.stringValue { #expect(d.text.hasPrefix(s), "\(c.name): text starts \(d.text.prefix(80))") }
    let paras = Set(d.text.components(separatedBy: "\n\n"))
    for p in strings(exp["paragraphs"]) { #expect(paras.contains(p), "\(c.name): paragraph missing: \(p.prefix(80))") }
    for s in strings(exp["contains"]) { #expect(d.text.contains(s), "\(c.name): missing: \(s.prefix(80))") }
    for s in strings(exp["excludes"]) { #expect(!d.text.contains(s), "\(c.name): kept: \(s.prefix(80))") }
    if let t = exp["title"] { #expect(d.title == t.stringValue, "\(c.name)") }
    if exp["authors"] != nil { #expect(d.authors == strings(exp["authors"]), "\(c.name)") }
    if let p = exp["published"] { #expect(d.published == p.stringValue, "\(c.name)") }
    if let s = exp["site"] { #expect(d.site == s.stringValue, "\(c.name)") }
    for (k, v) in exp["meta"]?.objectPairs ?? [] { #expect(d.meta[k] == v.stringValue, "\(c.name): meta.\(k)") }
}
