import Testing
@testable import WinnowDedup
import WinnowCore
#if canImport(Glibc)
import Glibc
#endif

// Dedup v2: cluster unions and aliases, fragments, story dates, revisions, marked counts.

// MARK: Helpers

/// Deterministic article-like text: `paragraphs` paragraphs of 40 words, drawn from a fixed vocabulary by
/// a linear congruential generator (no two articles with different seeds share many 3-word shingles).
private func synthetic(seed: UInt64, paragraphs: Int) -> [String] {
    let vocab = ("river council budget library mayor vote school teacher hospital nurse union road bridge "
        + "station train farmer harvest weather storm power grid market price company worker factory court "
        + "judge police report museum artist concert festival garden park street village harbour ferry "
        + "minister election campaign poll tax pension doctor patient study research science water energy")
        .split(separator: " ").map(String.init)
    var x = seed &* 6364136223846793005 &+ 1442695040888963407
    return (0..<paragraphs).map { _ in
        (0..<40).map { _ -> String in
            x = x &* 6364136223846793005 &+ 1442695040888963407
            return vocab[Int((x >> 33) % UInt64(vocab.count))]
        }.joined(separator: " ")
    }
}

private func doc(_ id: String, _ text: String, path: String? = nil, url: String? = nil,
                 published: String? = nil, fetched: String? = nil) -> Document {
    var d = Document(id: id, source: SourceRef(path: path ?? "v2/\(id)"), format: .text, text: text)
    d.url = url; d.published = published; d.fetched = fetched
    return d
}

private func process(_ s: DedupStage, _ docs: [Document]) throws -> [String: DedupInfo] {
    var out: [String: DedupInfo] = [:]
    for var d in docs { _ = try s.process(&d); out[d.id] = d.dedup }
    return out
}

private func tempDir() -> String {
    var template = Array("/tmp/winnow-dedup-v2-XXXXXX".utf8CString)
    let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return String(cString: p!)
}

private func stage(_ params: [(String, JSONValue)] = []) throws -> DedupStage {
    try DedupStage(params: StageParams(params))
}

// The original: 20 paragraphs. Two truncated copies: the first 12 and the last 12 paragraphs. The copies
// share 4 paragraphs (J 0.2): they do not match each other, and each is contained in the original.
private let original = synthetic(seed: 7, paragraphs: 20)
private let head12 = original.prefix(12).joined(separator: "\n\n")
private let tail12 = original.suffix(12).joined(separator: "\n\n")
private let full = original.joined(separator: "\n\n")

// MARK: Arrival order

@Test func originalArrivingAfterTwoCopiesUnitesTheirClusters() throws {
    let s = try stage()
    let r = try process(s, [doc("c1", head12), doc("c2", tail12), doc("o", full)])
    #expect(r["c1"]?.cluster == "c1" && r["c2"]?.cluster == "c2")   // no match between the copies
    #expect(r["o"]?.cluster == "c1")                                   // the earlier cluster survives
    #expect(r["o"]?.duplicateOf != nil)
    #expect(s.resolveCluster("c2") == "c1")
    #expect(s.clustersMerged == 1)
    // A later copy of c2 joins the surviving cluster directly.
    let r2 = try process(s, [doc("c2b", tail12 + "\n\nUpdated at noon.")])
    #expect(r2["c2b"]?.cluster == "c1")
    try s.close()
    #expect(s.clusterAliases.map { "\($0.old)->\($0.cluster)" } == ["c2->c1"])
}

@Test func unionsAcrossRunsArePersistedAndWrittenAsAliases() throws {
    let dir = tempDir()
    let s1 = try stage()
    try s1.open(context: StageContext(stateDirectory: dir, runName: "2026-01-01T00-00-00Z"))
    _ = try process(s1, [doc("c1", head12), doc("c2", tail12)])
    try s1.close()
    #expect(s1.clusterAliases.isEmpty)

    let s2 = try stage()
    try s2.open(context: StageContext(stateDirectory: dir, runName: "2026-01-02T00-00-00Z"))
    let r2 = try process(s2, [doc("o", full)])
    #expect(r2["o"]?.cluster == "c1")
    try s2.close()
    let file = String(decoding: DedupIndex.readFile(dir + "/" + DedupStage.aliasesFileName) ?? [], as: UTF8.self)
    #expect(file == "{\"old\":\"c2\",\"cluster\":\"c1\"}\n")

    // A third run reads the merge from the state: an exact copy of c2 reports c2 in cluster c1.
    let s3 = try stage()
    try s3.open(context: StageContext(stateDirectory: dir, runName: "2026-01-03T00-00-00Z"))
    let r3 = try process(s3, [doc("c2-copy", tail12)])
    #expect(r3["c2-copy"]?.cluster == "c1")
    #expect(r3["c2-copy"]?.duplicateOf == "c2")
    try s3.close()
    // Nothing merged in run 3: its alias file is empty.
    #expect(DedupIndex.readFile(dir + "/" + DedupStage.aliasesFileName) == [])

    // Compaction keeps the merge.
    let idx = try DedupIndex(directory: dir, fingerprint: nil)
    _ = try idx.compact()
    #expect(idx.segments.count == 1 && idx.segments[0].aliases().count == 1)
}

// MARK: Fragments

@Test func aFragmentDoesNotBridgeTwoArticles() throws {
    // Article Y quotes article X's lead paragraph, then goes on about something else.
    let lead = synthetic(seed: 11, paragraphs: 1)[0]
    let xBody = synthetic(seed: 12, paragraphs: 10)
    let yBody = synthetic(seed: 13, paragraphs: 10)
    let y = ([lead] + yBody).joined(separator: "\n\n")
    let x = ([lead] + xBody).joined(separator: "\n\n")
    let xCopy = ([lead] + xBody.dropLast()).joined(separator: "\n\n") + "\n\nCopyright the agency."
    let s = try stage()
    // The fragment (X's lead only) is contained in Y and joins Y's cluster; X itself matches the fragment
    // (contained in X) but Y, the first member of that cluster, does not match X: X starts its own cluster,
    // and its later copy joins X, not Y.
    let r = try process(s, [doc("y", y), doc("frag", lead), doc("x", x), doc("x-copy", xCopy)])
    #expect(r["frag"]?.cluster == "y")
    #expect(r["x"]?.cluster == "x")
    #expect(r["x"]?.duplicateOf == nil)
    #expect(r["x-copy"]?.cluster == "x")
    #expect(s.clustersMerged == 0)
}

@Test func aPrefixWithOtherLineBreaksKeepsAnAnchor() {
    let b = SignatureBuilder(params: SignatureParams())
    let paras = synthetic(seed: 21, paragraphs: 6)
    let orig = "Short headline here\n\n" + paras.joined(separator: "\n\n")
    // The copy: headline and the first paragraph re-wrapped into lines of 5 words.
    let words = ("Short headline here " + paras[0]).split(separator: " ")
    let rewrapped = stride(from: 0, to: words.count, by: 5).map { words[$0..<min($0 + 5, words.count)].joined(separator: " ") }
    let copy = rewrapped.joined(separator: "\n")
    let a = b.signature(of: orig), c = b.signature(of: copy)
    // The first-line anchors differ (no line of >= 8 words in the copy); the word-stream anchor is shared.
    #expect(Set(a.keys.suffix(2)).intersection(c.keys.suffix(1)).count == 1)
}

@Test func truncatedCopiesWithASharedOpeningAreFound() throws {
    // A copy holding 30% of the original, starting with the same paragraph: true containment 1.0.
    let paras = synthetic(seed: 31, paragraphs: 20)
    let s = try stage()
    let r = try process(s, [doc("orig", paras.joined(separator: "\n\n")), doc("trunc", paras.prefix(6).joined(separator: "\n\n"))])
    #expect(r["trunc"]?.cluster == "orig")
    #expect(s.marked["near"] == 1)
}

// MARK: Story dates

private func storyDoc(_ id: String, _ names: [String], published: String? = nil, fetched: String? = nil) -> Document {
    // Different wording per document (not near-duplicates), the same names.
    let words = synthetic(seed: 100 + UInt64(id.utf8.first!), paragraphs: 2).joined(separator: "\n\n")
    var d = doc(id, words + "\n\n" + names.joined(separator: " met ") + ".", published: published, fetched: fetched)
    d.entities = names.map { Entity(text: $0, type: "ORG", canonical: $0, start: 0, end: 1) }
    return d
}

@Test func undatedDocumentsFormStoriesOnTheRunDateAndWarn() throws {
    let s = try stage([("story", .bool(true)), ("run_date", .string("2026-03-01"))])
    try s.open(context: StageContext())
    let r = try process(s, [storyDoc("1", ["Acme Corp", "Jane Roe", "Globex", "Springfield"]),
                            storyDoc("2", ["Globex", "Acme Corp", "Jane Roe", "Shelbyville"]),
                            storyDoc("3", ["Initech", "Bill Lumbergh", "Austin"])])
    #expect(r["1"]?.story == "1" && r["2"]?.story == "1" && r["3"]?.story == "3")
    try s.close()
    #expect(s.undatedDocuments == 3)
    #expect(s.warnings.count == 1)
}

@Test func fetchedIsTheFallbackForPublished() throws {
    let s = try stage([("story", .bool(true)), ("run_date", .string("2026-03-01"))])
    try s.open(context: StageContext())
    let names = ["Acme Corp", "Jane Roe", "Globex", "Springfield"]
    let r = try process(s, [storyDoc("1", names, published: "2024-05-02T10:00:00+02:00"),
                            storyDoc("2", names, fetched: "2024-05-03T08:00:00Z"),          // within the window
                            storyDoc("3", names, fetched: "2024-09-01T08:00:00Z"),          // months later
                            storyDoc("4", names)])                                          // run date: 2026
    #expect(r["2"]?.story == "1")
    #expect(r["3"]?.story == "3")
    #expect(r["4"]?.story == "4")
    try s.close()
    #expect(s.undatedDocuments == 1)
    #expect(s.warnings.isEmpty)   // some documents have dates
}

@Test func runDateComesFromTheRunNameOrTheOption() throws {
    #expect(throws: ConfigError.self) { try DedupStage(params: StageParams([("run_date", .string("March 1"))])) }
    let s = try stage([("story", .bool(true))])
    try s.open(context: StageContext(runName: "2024-05-03T03-00-00Z"))
    let names = ["Acme Corp", "Jane Roe", "Globex", "Springfield"]
    let r = try process(s, [storyDoc("1", names, published: "2024-05-02"), storyDoc("2", names)])
    #expect(r["2"]?.story == "1")   // undated, run on 2024-05-03: within 3 days of 2024-05-02
    try s.close()
}

// MARK: Revisions

@Test func revisionsAcrossTwoRunsSharingState() throws {
    let dir = tempDir()
    let paras = synthetic(seed: 41, paragraphs: 10)
    let v1 = paras.joined(separator: "\n\n")
    let v2 = paras.joined(separator: "\n\n") + "\n\nCorrection: an earlier version misstated the date of the vote."
    let s1 = try stage()
    try s1.open(context: StageContext(stateDirectory: dir, runName: "r1"))
    let r1 = try process(s1, [doc("a1", v1, url: "https://news.example/a#top"),
                              doc("p1", "Loading the article, please wait while the page completes.", path: "inbox/page.html")])
    #expect(r1["a1"]?.revisionOf == nil)
    try s1.close()

    let s2 = try stage()
    try s2.open(context: StageContext(stateDirectory: dir, runName: "r2"))
    let pageFull = synthetic(seed: 42, paragraphs: 8).joined(separator: "\n\n")
    let r2 = try process(s2, [
        doc("a2", v2, url: "https://news.example/a"),            // changed content, same url: a revision
        doc("p2", pageFull, path: "inbox/page.html"),             // the complete page at the same path
        doc("a3", v2, url: "https://news.example/a"),             // unchanged since a2: an exact duplicate
    ])
    #expect(r2["a2"]?.revisionOf == "a1")
    #expect(r2["a2"]?.duplicateOf == nil)          // never a duplicate of its own earlier revision
    #expect(r2["a2"]?.cluster == "a1")             // still the same article's cluster
    #expect(r2["p2"]?.revisionOf == "p1")
    #expect(r2["p2"]?.duplicateOf == nil)
    #expect(r2["a3"]?.revisionOf == nil)
    #expect(r2["a3"]?.duplicateOf == "a2")
    #expect(s2.marked == ["exact": 1, "near": 0, "revision": 2])
    try s2.close()
    // What the runner puts in stats.json (read after close).
    #expect(s2.counters["marked"] == ["exact": 1, "near": 0, "revision": 2])
    #expect(s2.counters["clusters"] == ["merged": 0])

    // Run 3: the latest revision of the url is a2 (a3 was unchanged).
    let s3 = try stage()
    try s3.open(context: StageContext(stateDirectory: dir, runName: "r3"))
    let r3 = try process(s3, [doc("a4", v2 + "\n\nUpdate: the council will meet again next week.", url: "https://news.example/a")])
    #expect(r3["a4"]?.revisionOf == "a2")
    #expect(r3["a4"]?.duplicateOf == nil)
    try s3.close()
}

@Test func jsonlLinesAndRecordsHaveNoPathKey() {
    var d = doc("x", "text", path: "feed.jsonl")
    d.source.line = 3
    #expect(RevisionTracker.keys(of: d).isEmpty)
    d.url = " https://a.example/x#frag "
    #expect(RevisionTracker.keys(of: d) == RevisionTracker.keys(of: doc("y", "t", path: "<stdin>", url: "https://a.example/x")))
}

// MARK: Different outlets' versions of one story (labelled pairs)

private let fixturesDir: String = {
    var parts = #filePath.split(separator: "/").map(String.init)
    parts.removeLast()
    return "/" + parts.joined(separator: "/") + "/Fixtures"
}()

private let repoRoot: String = {
    var parts = #filePath.split(separator: "/").map(String.init)
    parts.removeLast(3)
    return "/" + parts.joined(separator: "/")
}()

/// Text of a fixture reference: `seed:NNN` (../shared/seeds) or `sample:PATH` (the `<p>` text of a repo sample).
private func pairText(_ ref: String) -> String? {
    if ref.hasPrefix("seed:") {
        let dir = repoRoot + "/../shared/seeds"
        guard let d = opendir(dir) else { return nil }
        defer { closedir(d) }
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name.hasPrefix(String(ref.dropFirst(5))) {
                return DedupIndex.readFile(dir + "/" + name).map { String(decoding: $0, as: UTF8.self) }
            }
        }
        return nil
    }
    guard ref.hasPrefix("sample:"), let html = DedupIndex.readFile(repoRoot + "/" + ref.dropFirst(7)) else { return nil }
    // Paragraph text only (a stand-in for strip_boilerplate, which this target does not link).
    var out: [String] = []
    var rest = Substring(String(decoding: html, as: UTF8.self))
    while let open = rest.range(of: "<p>"), let close = rest.range(of: "</p>", range: open.upperBound..<rest.endIndex) {
        out.append(String(rest[open.upperBound..<close.lowerBound]))
        rest = rest[close.upperBound...]
    }
    return out.joined(separator: "\n\n")
}

@Test(.enabled(if: opendir(repoRoot + "/../shared/seeds") != nil, "needs ../shared/seeds"))
func outletVersionsFollowTheREADMEDefinition() throws {
    let tsv = String(decoding: DedupIndex.readFile(fixturesDir + "/outlet-pairs.tsv") ?? [], as: UTF8.self)
    let rows = tsv.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst().map { $0.split(separator: "\t").map(String.init) }
    #expect(rows.count >= 5)
    for row in rows {
        let (a, b, label) = (row[0], row[1], row[3])
        let s = try stage()
        let r = try process(s, [doc("a", try #require(pairText(a))), doc("b", try #require(pairText(b)))])
        let dup = r["b"]?.duplicateOf == "a"
        #expect(dup == (label == "near-duplicate"), "\(a) vs \(b): expected \(label)")
    }
}
