import Testing
@testable import WinnowDedup
import WinnowCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: Helpers

private let article = """
The city council voted on Tuesday to approve a new budget for the public library system after months of debate.

Council members said the plan adds twelve new branch librarians and extends weekend opening hours across the district.

The mayor praised the decision, calling libraries the backbone of a healthy neighbourhood and a refuge for students.

Critics argued that the money should have gone to road repairs, pointing to potholes on the main avenue near the river.

The budget takes effect in January and will be reviewed again at the end of next year by an independent panel.

Residents who attended the meeting applauded when the final vote was announced late in the evening session.
"""

private let other = """
A small technology company announced a partnership with a regional hospital to test software that schedules nurses.

The pilot will run for six months in two wards, and the company says early trials cut overtime by a fifth.

Union representatives said they welcomed any tool that reduces burnout but asked to see the scheduling rules.

The hospital board will decide next spring whether to roll the system out to its other sites in the province.
"""

private func makeStage(_ params: [(String, JSONValue)] = []) throws -> DedupStage {
    try DedupStage(params: StageParams(params))
}

private func run(_ stage: DedupStage, _ docs: [(String, String)]) throws -> [String: DedupInfo] {
    var out: [String: DedupInfo] = [:]
    for (id, text) in docs {
        var d = Document(id: id, source: SourceRef(path: "t/\(id)"), format: .text, text: text)
        _ = try stage.process(&d)
        out[id] = d.dedup
    }
    return out
}

private func tempDir() -> String {
    var template = Array("/tmp/winnow-dedup-test-XXXXXX".utf8CString)
    let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return String(cString: p!)
}

private func listDir(_ path: String) -> [String] {
    guard let d = opendir(path) else { return [] }
    defer { closedir(d) }
    var out: [String] = []
    while let e = readdir(d) {
        let name = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
        if name != "." && name != ".." { out.append(name) }
    }
    return out.sorted()
}

private func fileBytes(_ path: String) -> [UInt8] { DedupIndex.readFile(path) ?? [] }

/// Small deterministic word edits (every `every`-th word reversed).
private func edit(_ text: String, every: Int) -> String {
    var n = 0
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        line.split(separator: " ").map { w -> String in
            n += 1
            return n % every == 0 ? String(w.reversed()) : String(w)
        }.joined(separator: " ")
    }.joined(separator: "\n")
}

// MARK: Signatures

@Test func normalisationMakesExactHashIgnoreCaseAndPunctuation() {
    let b = SignatureBuilder(params: SignatureParams())
    let a = b.signature(of: "Hello,   World! It's  “new”.")
    let c = b.signature(of: "hello world it s new")
    #expect(a.contentHash == c.contentHash)
    #expect(b.signature(of: "hello world it is new").contentHash != a.contentHash)
    #expect(b.signature(of: "").isEmpty)
    #expect(b.signature(of: " .,;\n\n").isEmpty)
}

@Test func similarityEstimatesTrackTheTruth() {
    let b = SignatureBuilder(params: SignatureParams())
    let s1 = b.signature(of: article), s2 = b.signature(of: article), s3 = b.signature(of: other)
    let m12 = s1.packed.withUnsafeBytes { x in s2.packed.withUnsafeBytes { SignatureBuilder.matches(x.baseAddress!, $0.baseAddress!) } }
    let m13 = s1.packed.withUnsafeBytes { x in s3.packed.withUnsafeBytes { SignatureBuilder.matches(x.baseAddress!, $0.baseAddress!) } }
    #expect(m12 == 128)
    #expect(SignatureBuilder.jaccard(matches: m12) == 1)
    #expect(SignatureBuilder.jaccard(matches: m13) < 0.2)
    #expect(s1.keys.count == SignatureParams().bands + SignatureParams().anchors + 1)   // + the word-stream anchor
    // Containment of a set of 50 in one of 100 at Jaccard 0.5 is 1.
    #expect(abs(SignatureBuilder.containment(jaccard: 0.5, 50, 100) - 1) < 1e-9)
}

// MARK: Exact / near / non-duplicates

@Test func exactDuplicateJoinsTheFirstDocument() throws {
    let s = try makeStage()
    let r = try run(s, [("a", article), ("b", article.uppercased().replacingOccurrences(of: "\n\n", with: "\n")), ("c", other)])
    #expect(r["a"]?.cluster == "a" && r["a"]?.duplicateOf == nil)
    #expect(r["b"]?.cluster == "a")
    #expect(r["b"]?.duplicateOf == "a")
    #expect(r["b"]?.similarity == 1.0)
    #expect(r["b"]?.contentHash == r["a"]?.contentHash)
    #expect(r["c"]?.cluster == "c" && r["c"]?.duplicateOf == nil)
}

@Test func nearDuplicatesAreFound() throws {
    let s = try makeStage()
    let lines = article.split(separator: "\n", omittingEmptySubsequences: false)
    let rescrape = "Skip to main content\nSubscribe\n\n" + article + "\n\nPrivacy Policy | Terms of Use"
    let edited = edit(article, every: 30)
    let shuffled = lines.reversed().joined(separator: "\n")
    let truncated = lines.prefix(6).joined(separator: "\n")
    let r = try run(s, [("orig", article), ("rescrape", rescrape), ("edited", edited), ("shuffled", shuffled),
                        ("truncated", truncated), ("other", other)])
    for id in ["rescrape", "edited", "shuffled", "truncated"] {
        #expect(r[id]?.cluster == "orig", "\(id)")
        #expect(r[id]?.duplicateOf != nil, "\(id)")
    }
    #expect(r["other"]?.cluster == "other")
    #expect(s.nearCount == 4 && s.exactCount == 0)
}

@Test func nonDuplicatesStayApart() throws {
    let s = try makeStage()
    let a = "The quick brown fox jumps over the lazy dog near the river bank every single morning."
    let b = "A completely different sentence about budget talks in parliament and the price of bread today."
    let c = "Stock markets fell sharply on Monday as investors worried about rising interest rates worldwide."
    let r = try run(s, [("a", a), ("b", b), ("c", c), ("empty", "")])
    #expect(Set(r.values.map(\.cluster)) == ["a", "b", "c", "empty"])
    #expect(r.values.allSatisfy { $0.duplicateOf == nil })
}

@Test func dropActionDropsWithReason() throws {
    let s = try DedupStage(params: StageParams([("action", .string("drop"))]))
    var d1 = Document(id: "x", source: SourceRef(path: "t/x"), format: .text, text: article)
    var d2 = Document(id: "y", source: SourceRef(path: "t/y"), format: .text, text: article)
    var d3 = Document(id: "z", source: SourceRef(path: "t/z"), format: .text, text: edit(article, every: 40))
    #expect(try s.process(&d1) == .keep)
    #expect(try s.process(&d2) == .drop(reason: "exact duplicate of x"))
    #expect(try s.process(&d3) == .drop(reason: "near-duplicate of x"))
}

@Test func boilerplateLinesAreIgnoredOnceSeenInManyClusters() throws {
    let footer = "Guidelines: fan feedback should stay within the community rules and comments may be removed from display."
    let s = try makeStage([("boilerplate_min_clusters", .number(2))])
    let t1 = "Short note about a football match result in the north.\n" + footer
    let t2 = "A different short note on a transfer rumour today.\n" + footer
    let t3 = "Yet another short item about injuries before the derby.\n" + footer
    let r = try run(s, [("1", t1), ("2", t2), ("3", t3)])
    #expect(Set([r["1"]!.cluster, r["2"]!.cluster, r["3"]!.cluster]).count == 3)
}

// MARK: Options

@Test func optionsAreValidated() {
    #expect(throws: ConfigError.self) { try DedupStage(params: StageParams([("nope", .number(1))])) }
    #expect(throws: ConfigError.self) { try DedupStage(params: StageParams([("action", .string("delete"))])) }
    #expect(throws: ConfigError.self) { try DedupStage(params: StageParams([("bands", .number(40)), ("rows", .number(4))])) }
    #expect(throws: ConfigError.self) { try DedupStage(params: StageParams([("jaccard_threshold", .number(1.5))])) }
    #expect(throws: ConfigError.self) { try DedupStage(params: StageParams([("story", .string("yes"))])) }
    do {
        _ = try DedupStage(params: StageParams([("action", .string("drop")), ("story", .bool(true)), ("shingle_size", .number(2))]))
    } catch { Issue.record("valid options rejected: \(error)") }
}

// MARK: Persistence

@Test func secondRunReportsFirstRunsClusterAndDocument() throws {
    let dir = tempDir()
    let s1 = try makeStage()
    try s1.open(context: StageContext(stateDirectory: dir, runName: "day1"))
    let r1 = try run(s1, [("a", article), ("a2", edit(article, every: 35)), ("b", other)])
    #expect(r1["a2"]?.cluster == "a")
    try s1.close()

    let s2 = try makeStage()
    try s2.open(context: StageContext(stateDirectory: dir, runName: "day2"))
    let r2 = try run(s2, [("c", article), ("d", edit(other, every: 25)), ("e", "Nothing like the others at all, a fresh story about a bridge."),
                          ("f", edit(article, every: 35))])
    #expect(r2["c"]?.cluster == "a")
    #expect(r2["c"]?.duplicateOf == "a")
    #expect(r2["c"]?.similarity == 1.0)
    #expect(r2["d"]?.cluster == "b")
    #expect(r2["d"]?.duplicateOf == "b")
    #expect(r2["e"]?.cluster == "e")
    // An exact copy of a first-run near-duplicate reports that document, in the first run's cluster.
    #expect(r2["f"]?.cluster == "a")
    #expect(r2["f"]?.duplicateOf == "a2")
    try s2.close()

    let idx = try DedupIndex(directory: dir, fingerprint: nil, readOnly: true)
    #expect(idx.manifest.map(\.runName) == ["day1", "day2"])
    #expect(idx.documentCount == 7)
    #expect(idx.segments.allSatisfy { $0.verify() })
}

@Test func stateIsUnchangedWhenCloseIsNeverCalled() throws {
    let dir = tempDir()
    let s1 = try makeStage()
    try s1.open(context: StageContext(stateDirectory: dir, runName: "ok"))
    _ = try run(s1, [("a", article)])
    try s1.close()
    let before = listDir(dir).filter { $0 != "LOCK" }.map { ($0, fileBytes(dir + "/" + $0)) }

    // A run that "crashes": processed documents but never closed. Simulate a crash mid-commit too:
    // a half-written temporary file and an orphan segment that the manifest does not list.
    do {
        let s2 = try makeStage()
        try s2.open(context: StageContext(stateDirectory: dir, runName: "crashed"))
        _ = try run(s2, [("b", other), ("c", article)])
    }
    _ = fileBytes(dir + "/MANIFEST")
    let junk: [UInt8] = [1, 2, 3]
    try DedupIndex.writeAtomically(junk, to: dir + "/seg-000099.wdx")
    try DedupIndex.writeAtomically(junk, to: dir + "/MANIFEST.tmp.partial")
    let fd = open(dir + "/seg-000100.wdx.tmp", O_WRONLY | O_CREAT, 0o644); close(fd)

    let after = listDir(dir).filter { $0 != "LOCK" && !$0.contains("000099") && !$0.contains("000100") && !$0.contains("partial") }
        .map { ($0, fileBytes(dir + "/" + $0)) }
    #expect(before.map(\.0) == after.map(\.0))
    #expect(zip(before, after).allSatisfy { $0.1 == $1.1 })

    // The next run sees only the committed document and cleans the leftovers.
    let s3 = try makeStage()
    try s3.open(context: StageContext(stateDirectory: dir, runName: "rerun"))
    let r = try run(s3, [("b", other), ("c", article)])
    #expect(r["b"]?.cluster == "b")
    #expect(r["c"]?.cluster == "a")
    try s3.close()
    #expect(!listDir(dir).contains("seg-000099.wdx"))
    #expect(!listDir(dir).contains("seg-000100.wdx.tmp"))
}

@Test func otherParametersAreRefusedOnAnExistingIndex() throws {
    let dir = tempDir()
    let s1 = try makeStage()
    try s1.open(context: StageContext(stateDirectory: dir, runName: "a"))
    _ = try run(s1, [("a", article)])
    try s1.close()
    let s2 = try makeStage([("shingle_size", .number(2))])
    #expect(throws: DedupIndexError.self) { try s2.open(context: StageContext(stateDirectory: dir, runName: "b")) }
}

@Test func compactAndPruneKeepResults() throws {
    let dir = tempDir()
    for (n, docs) in [[("a", article)], [("b", other)], [("x", "A third unrelated text about weather over the mountains this weekend and snow.")]].enumerated() {
        let s = try makeStage()
        try s.open(context: StageContext(stateDirectory: dir, runName: "r\(n)"))
        _ = try run(s, docs)
        try s.close()
    }
    do {
        let idx = try DedupIndex(directory: dir, fingerprint: nil)
        #expect(idx.manifest.count == 3)
        let (before, after) = try idx.compact()
        #expect(before == 3 && after == 1)
        #expect(idx.segments.allSatisfy { $0.verify() })
    }
    let s = try makeStage()
    try s.open(context: StageContext(stateDirectory: dir, runName: "check"))
    let r = try run(s, [("a2", edit(article, every: 33)), ("b2", other)])
    #expect(r["a2"]?.cluster == "a")
    #expect(r["b2"]?.cluster == "b" && r["b2"]?.duplicateOf == "b")
    try s.close()
    let idx = try DedupIndex(directory: dir, fingerprint: nil)
    let (segs, docs) = try idx.prune(olderThan: Int64(time(nil)) + 10)
    #expect(segs == 2 && docs == 5)
    #expect(idx.documentCount == 0)
    #expect(listDir(dir).filter { $0.hasSuffix(".wdx") }.isEmpty)
}

@Test func segmentRoundTripsLargeKeyTables() throws {
    // Enough entries for the compact 16-bit key layout (>= 2^18 entries).
    let b = SignatureBuilder(params: SignatureParams())
    var docs: [IndexedDoc] = []
    for i in 0..<16_000 {
        let sig = b.signature(of: "document number \(i) talks about item \(i * 7) and topic \(i % 97) in line")
        docs.append(IndexedDoc(id: "d\(i)", cluster: i % 5 == 0 ? "c\(i)" : nil, story: nil, packed: sig.packed,
                               size: UInt16(sig.shingleCount), hash32: UInt32(truncatingIfNeeded: sig.contentHash),
                               day: 0, keys: sig.keys, storyFeatures: []))
    }
    let bytes = try SegmentFormat.encode(docs: docs, fingerprint: 7, created: 1)
    let dir = tempDir()
    try DedupIndex.writeAtomically(bytes, to: dir + "/s.wdx")
    let seg = try Segment(path: dir + "/s.wdx")
    #expect(seg.dirBits >= 16)
    #expect(seg.verify())
    let keys = seg.keysByDoc()
    for i in stride(from: 0, to: 16_000, by: 997) {
        #expect(keys[i].sorted() == docs[i].keys.sorted())
        var hits: [Int] = []
        seg.lookup(docs[i].keys[0]) { hits.append($0) }
        #expect(hits.contains(i))
        #expect(seg.strings(i).id == "d\(i)")
        #expect(seg.strings(i).cluster == docs[i].cluster)
    }
}

// MARK: Same story

private let seedsDir: String = {
    // Tests/WinnowDedupTests/DedupTests.swift -> repo root -> ../shared/seeds
    var parts = #filePath.split(separator: "/").map(String.init)
    parts.removeLast(3)
    return "/" + parts.joined(separator: "/") + "/../shared/seeds"
}()

private func seedText(_ prefix: String) -> String? {
    guard let name = listDir(seedsDir).first(where: { $0.hasPrefix(prefix) }) else { return nil }
    return String(decoding: fileBytes(seedsDir + "/" + name), as: UTF8.self)
}

@Test(.enabled(if: !listDir(seedsDir).isEmpty, "needs ../shared/seeds"))
func seedsFormTwoStories() throws {
    let s = try makeStage([("story", .bool(true))])
    let dates = ["000": "2023-02-17", "001": "2023-02-17", "002": "2023-02-17", "003": "2022-12-19", "004": "2022-12-19"]
    var story: [String: String] = [:]
    var cluster: [String: String] = [:]
    for id in ["000", "001", "002", "003", "004"] {
        var d = Document(id: id, source: SourceRef(path: "seed/\(id)"), format: .text, text: try #require(seedText(id)))
        d.published = dates[id]
        _ = try s.process(&d)
        story[id] = d.dedup?.story
        cluster[id] = d.dedup?.cluster
    }
    #expect(story["000"] == "000" && story["001"] == "000" && story["002"] == "000")
    #expect(story["003"] == "003" && story["004"] == "003")
    // Different articles: no near-duplicate clusters are merged.
    #expect(Set(cluster.values).count == 5)
}

@Test func storyUsesEntitiesAndDates() throws {
    let s = try makeStage([("story", .bool(true))])
    func doc(_ id: String, _ day: String, _ names: [String], _ text: String) -> Document {
        var d = Document(id: id, source: SourceRef(path: "t/\(id)"), format: .text, text: text)
        d.published = day
        d.entities = names.map { Entity(text: $0, type: "ORG", canonical: $0, start: 0, end: 1) }
        return d
    }
    var docs = [
        doc("1", "2024-03-01", ["Acme Corp", "Jane Roe", "Springfield", "Globex"], "Acme buys Globex, Jane Roe says."),
        doc("2", "2024-03-02", ["Acme Corp", "Globex", "Jane Roe", "Shelbyville"], "Globex deal: Roe comments on the sale to Acme."),
        doc("3", "2024-05-20", ["Acme Corp", "Globex", "Jane Roe", "Springfield"], "Months later, Acme and Globex again."),
        doc("4", "2024-03-01", ["Initech", "Bill Lumbergh", "Austin"], "Initech moves staplers."),
    ]
    var stories: [String] = []
    for i in docs.indices { _ = try s.process(&docs[i]); stories.append(docs[i].dedup?.story ?? "") }
    #expect(stories == ["1", "1", "3", "4"])
}

@Test func epochDaysParse() {
    #expect(epochDay("1970-01-02") == 1)
    #expect(epochDay("2023-02-17T10:00:00Z") - epochDay("2022-12-19") == 60)
    #expect(epochDay("17/02/2023") == 0)
    #expect(epochDay(nil) == 0)
}

@Test func undatedDocumentsDoNotBridgeStoriesMonthsApart() throws {
    let s = try makeStage([("story", .bool(true))])
    func doc(_ id: String, _ day: String?, _ text: String) -> Document {
        var d = Document(id: id, source: SourceRef(path: "t/\(id)"), format: .text, text: text)
        d.published = day
        d.entities = ["Acme Corp", "Jane Roe", "Globex", "Springfield"].map { Entity(text: $0, type: "ORG", canonical: $0, start: 0, end: 1) }
        return d
    }
    var docs = [
        doc("feb", "2024-02-17", "Acme and Globex met in Springfield in February, Jane Roe said."),
        doc("undated", nil, "An undated piece on Acme, Globex, Jane Roe and Springfield with other words entirely."),
        doc("dec", "2023-12-19", "In December Acme, Globex and Jane Roe gathered in Springfield for a different event."),
    ]
    var stories: [String] = []
    for i in docs.indices { _ = try s.process(&docs[i]); stories.append(docs[i].dedup?.story ?? "") }
    // The undated piece starts its own story; December cannot join February's through it.
    #expect(stories[0] == "feb")
    #expect(stories[1] == "undated")
    #expect(stories[2] != "feb")
}
