import Testing
@testable import WinnowExtract

// ClassMatcher matches all vocabulary words in one pass; these tests hold it to the plain definition:
// a class name that is a hiding class sets `hidden`; taxonomy names ("tag-foo") are skipped; every other
// name is split into lowercase letter/digit tokens, and a category matches when one of its words occurs
// inside a token (substring lists) or equals a token (exact lists).

private func tokensOf(_ value: String) -> (tokens: [String], hidden: Bool) {
    var out: [String] = [], hidden = false
    let skipped = ["tag-", "category-", "status-", "format-", "type-", "postid-", "author-",
                   "tags-", "categories-", "topic-", "section-"]
    let lowered = String(decoding: value.utf8.map { asciiLower($0) }, as: UTF8.self)
    let names = lowered.utf8.split(whereSeparator: isASCIISpace).map({ String(decoding: $0, as: UTF8.self) })
    // Skipped only in a list of several class names.
    let listed = names.count >= 2 ? ["entry-author-"] : []
    for name in names {
        if ClassVocabulary.hiddenClassNames.contains(name) { hidden = true; continue }
        if (skipped + listed).contains(where: { name.utf8.count > $0.utf8.count && name.hasPrefix($0) }) { continue }
        // "post-" only before a number (a post id): "post-author" is a component.
        if name.hasPrefix("post-"), let c = name.dropFirst(5).first, c.isASCII && c.isNumber { continue }
        var cur: [UInt8] = []
        for b in name.utf8 {
            if isAlnumByte(b) { cur.append(b) } else if !cur.isEmpty { out.append(String(decoding: cur, as: UTF8.self)); cur = [] }
        }
        if !cur.isEmpty { out.append(String(decoding: cur, as: UTF8.self)) }
    }
    return (out, hidden)
}

private func reference(_ value: String) -> ClassInfo {
    let (toks, hidden) = tokensOf(value)
    func any(_ words: [String]) -> Bool { toks.contains { t in words.contains { t.contains($0) } } }
    func exact(_ words: [String]) -> Bool { toks.contains { words.contains($0) } }
    var info = ClassInfo()
    info.hidden = hidden
    info.positive = any(ClassVocabulary.positiveSub)
    // (Continuation words, "read" and "paywall", are hard negatives that a long unlinked block overrules; media
    // words, "video" and "player", are soft negatives that sentences of prose overrule.)
    info.hardNegative = any(ClassVocabulary.hardNegativeSub) || exact(ClassVocabulary.hardNegativeExact)
        || exact(ClassVocabulary.continuationExact) || any(ClassVocabulary.continuationSub)
    info.softNegative = any(ClassVocabulary.softNegativeSub) || exact(ClassVocabulary.softNegativeExact)
        || any(ClassVocabulary.mediaSub)
    info.comment = any(["comment", "disqus", "replies"])
    if info.hardNegative || info.softNegative || any(ClassVocabulary.weightOnlyNegativeSub) { info.weight -= 25 }
    if info.positive { info.weight += 25 }
    return info
}

private func same(_ a: ClassInfo, _ b: ClassInfo) -> Bool {
    a.weight == b.weight && a.positive == b.positive && a.hardNegative == b.hardNegative
        && a.softNegative == b.softNegative && a.comment == b.comment && a.hidden == b.hidden
}

@Test(arguments: ["article-body", "post-content entry-content", "sidebar widget", "SocialShareBar", "ad",
                  "ads-wrapper", "tag-politics category-news", "hidden", "d-none article", "post-123",
                  "comments-area", "nav", "navbar", "meta", "Story__Body", "shareCommentBox", "  ", "",
                  "main-content sr-only", "x", "readmore", "read", "artikel-text", "noticia_cuerpo", "é-share",
                  "entry-author-info", "entry entry-author-jdoe", "entry-author-x  entry-type-post",
                  "post-author", "post-12 post type-post", "post-content", "video-player", "article-paywall"])
func classMatcherAgreesOnKnownValues(value: String) {
    let got = ClassMatcher.classify(Array(value.utf8)[...])
    #expect(same(got, reference(value)), "\(value): \(got) vs \(reference(value))")
}

@Test func classMatcherAgreesOnGeneratedValues() {
    // Values assembled from vocabulary words, fragments of them, separators and case changes.
    let words = ClassVocabulary.positiveSub + ClassVocabulary.hardNegativeSub + ClassVocabulary.hardNegativeExact
        + ClassVocabulary.softNegativeSub + ClassVocabulary.softNegativeExact + ClassVocabulary.weightOnlyNegativeSub
        + Array(ClassVocabulary.hiddenClassNames) + ["tag-", "post-", "entry-author-", "x", "q1", "é", "ü", "wrap", "col"]
    let seps = ["", "", "-", "_", " ", "\t", "--", "2", "."]
    var rng: UInt64 = 0x9E3779B97F4A7C15
    func next(_ n: Int) -> Int { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Int((rng >> 33) % UInt64(n)) }
    var disagreements: [String] = []
    for _ in 0..<20_000 {
        var v = ""
        for _ in 0..<(1 + next(4)) {
            var w = words[next(words.count)]
            switch next(5) {
            case 0: w = w.uppercased()
            case 1 where w.count > 3: w = String(w.dropFirst(next(2) + 1))
            case 2 where w.count > 3: w = String(w.dropLast(next(2) + 1))
            default: break
            }
            v += w + seps[next(seps.count)]
        }
        if !same(ClassMatcher.classify(Array(v.utf8)[...]), reference(v)) { disagreements.append(v) }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
}
