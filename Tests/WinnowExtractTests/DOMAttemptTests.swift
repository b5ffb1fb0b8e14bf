import Foundation
import Testing
import WinnowCore
import WinnowHTML
@testable import WinnowExtract

// DOMExtractor is split along its per-page state (the document, vocabulary flags, raw text measures, title
// heading: computed once) and its per-attempt state (`DOMAttempt`: pruning, measures, scores, chosen root,
// drops): an attempt is a value, and the same attempt run again gives the same value.

private func extractor(_ page: String) throws -> DOMExtractor {
    let url = try #require(Bundle.module.resourceURL?.appendingPathComponent("Fixtures/rules/" + page))
    let doc = try HTMLDocument.parse(Array(try Data(contentsOf: url)), encoding: "UTF-8", url: nil)
    var ex = DOMExtractor(doc: doc, tracing: true)
    ex.findTitleHeading(titles: ["Council votes to repair the river bridge - Example News"])
    return ex
}

@Test func anAttemptIsAValueThatRunsTheSameTwice() throws {
    var ex = try extractor("prune-class-negative.html")
    let strict = DOMOptions()
    var relaxed = strict
    relaxed.stripUnlikely = false
    let first = ex.attempt(strict)
    let a1 = ex.cur
    let other = ex.attempt(relaxed)
    let a2 = ex.cur
    let again = ex.attempt(strict)
    #expect(first == again)
    #expect(ex.cur == a1)
    // The relaxed attempt is another value (no class pruning: the share line stays), and the strict one kept
    // its own drops after it ran.
    #expect(a2 != a1)
    #expect(other.contains { $0.text.contains("Tell your friends") })
    #expect(!first.contains { $0.text.contains("Tell your friends") })
    #expect(a1.drops.contains { $0.rule == PruneRuleID.classNegative.rawValue })
    #expect(!a2.drops.contains { $0.rule == PruneRuleID.classNegative.rawValue })
    #expect(a1.ruleCounts.prune[.classNegative] == 1 && a2.ruleCounts.prune[.classNegative] == 0)
    #expect(a1.chosen >= 0 && a1.chosen == a2.chosen)
}
