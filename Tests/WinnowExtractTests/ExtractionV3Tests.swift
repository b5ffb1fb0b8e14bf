import Foundation
import Testing
import WinnowCore
import WinnowHTML
@testable import WinnowExtract

// Extraction v3 (issue 19), quality rules: the head of the text (headline, kicker, standfirst) and the
// pruning rules that must never remove prose. Pages are fixtures in Fixtures/v3; each rule has a case it
// must keep and one it must drop.

private func page(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.resourceURL?.appendingPathComponent("Fixtures/v3/" + name))
    return Array(try Data(contentsOf: url))
}

private func extract(_ name: String, _ params: [(String, JSONValue)] = []) throws -> Document {
    let stage = try StripBoilerplateStage(params: StageParams(params))
    var d = Document(id: name, source: SourceRef(path: name), format: .html, raw: try page(name))
    d.charsetHint = "UTF-8"
    d.tracing = true
    _ = try stage.process(&d)
    return d
}

private func dropRules(_ d: Document) -> [String] {
    d.trace.filter { $0.action == "drop" }.map(\.rule)
}

// MARK: - Head of the text

@Test func headlineAndKickerLeaveTheTextStandfirstIsTheDescription() throws {
    let d = try extract("head-standfirst.html")
    #expect(d.title == "Council approves the new river bridge")
    #expect(d.text.hasPrefix("After two years of debate the town votes"))
    #expect(!d.text.contains("Council approves the new river bridge"))
    #expect(!d.text.contains("Local politics"))
    // The page has no meta description: the standfirst is the description (and stays the first paragraph).
    #expect(d.description == "After two years of debate the town votes for a crossing that opens in 2028.")
    #expect(dropRules(d).contains(ArticleHeadRule.headline.rawValue))
    #expect(d.trace.contains { $0.rule == ArticleHeadRule.standfirst.rawValue })
}

@Test func metaDescriptionWinsOverTheStandfirst() throws {
    let d = try extract("head-standfirst-meta.html")
    #expect(d.description == "The river bridge vote, explained.")
    #expect(d.text.hasPrefix("After two years of debate"))
}

@Test func includeTitleRestoresTheHeadline() throws {
    let d = try extract("head-standfirst.html", [("include_title", .bool(true))])
    #expect(d.text.contains("Council approves the new river bridge\n\nAfter two years of debate"))
    #expect(d.text.contains("After two years of debate"))
    #expect(d.title == "Council approves the new river bridge")
}

@Test func leadSentenceThatQuotesTheTitleStays() throws {
    // The first paragraph starts with the title's words but is a sentence of the story, not the headline.
    let d = try extract("head-lead-quotes-title.html")
    #expect(d.text.hasPrefix("Storm closes the harbour, the port authority announced"))
    #expect(!dropRules(d).contains(ArticleHeadRule.headline.rawValue))
}

@Test func headlineMatchingIsByTitleKey() {
    let head = ArticleHead(titles: ["Council approves the new river bridge | Riverside Gazette", nil])
    #expect(head.isHeadline("Council approves the new river bridge"))
    #expect(!head.isHeadline("Council approves"))   // too little of the title
    #expect(head.headlineIndices(["Local politics", "Council approves the new river bridge", "Body."]) == [0, 1])
    // A page whose only text is its headline keeps it.
    #expect(head.headlineIndices(["Council approves the new river bridge"]).isEmpty)
    // A date line above the headline is not a kicker (the line rules move it to metadata).
    #expect(head.headlineIndices(["12 May 2024", "Council approves the new river bridge", "Body."]) == [1])
}

// MARK: - Never prune prose

private let quayLead = "The harbour authority said on Monday that the new quay would be finished by the end of the year"

/// The extractor over a fixture page and the first node whose class is `cls`.
private func extractor(_ name: String, node cls: String) throws -> (DOMExtractor, Int) {
    let doc = try HTMLDocument.parse(try page(name), encoding: "UTF-8", url: nil)
    let ex = DOMExtractor(doc: doc, tracing: false)
    let i = try #require(doc.nodes.indices.first { doc.attribute($0, "class") == cls })
    return (ex, i)
}

@Test func longProseOfDivParagraphsOverrulesAHardClassWord() throws {
    // Keep: ten <div> paragraphs (no <p>) in a "share-tools-wrapper" are long prose by their sentences.
    // Drop: the share box itself is not.
    let (ex, wrapper) = try extractor("prose-div-paragraphs.html", node: "share-tools-wrapper")
    #expect(ex.rawP[wrapper] == 0 && ex.isLongProse(wrapper))
    let (ex2, box) = try extractor("prose-div-paragraphs.html", node: "share-tools")
    #expect(!ex2.isLongProse(box))
    let d = try extract("prose-div-paragraphs.html")
    #expect(d.text.contains(quayLead))
    #expect(d.text.contains("the authority added. The project cost has risen"))
    #expect(!d.text.contains("Share this story"))
}

@Test func mediaWordsKeepQuotedProseAndDropPlayers() throws {
    let d = try extract("prose-media-word.html")
    #expect(d.text.contains("We found timbers that are three hundred years old."))
    #expect(!d.text.contains("Play video"))
    #expect(!d.text.contains("Watch: the divers at work"))
}

@Test func iconClassOnAnInlineLinkLeavesNoHole() throws {
    let d = try extract("prose-inline-icon.html")
    #expect(d.text.contains("The plans are on the port authority website and in the town hall"))
    #expect(!d.text.contains("Facebook"))
}

@Test func pageWideFormIsNotAForm() throws {
    let d = try extract("prose-page-form.html")
    #expect(d.text.contains(quayLead))
    #expect(!d.text.contains("Search the site archive"))
}

@Test func embeddedTweetKeepsItsTextWithKeepSocialPosts() throws {
    let d = try extract("prose-tweet.html", [("keep_social_posts", .bool(true))])
    #expect(d.text.contains("The divers found timbers three hundred years old under the quay."))
    #expect(!d.text.contains("Follow us on Twitter"))
    // Default: the tweet goes by its class, as before (older golds leave embedded posts out).
    let plain = try extract("prose-tweet.html")
    #expect(!plain.text.contains("The divers found timbers"))
    #expect(plain.text.contains(quayLead))
}

@Test func classWordGroups() {
    // Media words are soft and named as such; "read" and "paywall" are continuation words (kept when long
    // and unlinked), still negative on their own.
    let player = ClassMatcher.classify(Array("video-player".utf8)[...])
    #expect(player.softNegative && player.mediaOnly)
    let sidebarVideo = ClassMatcher.classify(Array("sidebar video".utf8)[...])
    #expect(sidebarVideo.softNegative && !sidebarVideo.mediaOnly)
    let read = ClassMatcher.classify(Array("read".utf8)[...])
    #expect(read.hardNegative && read.continuationOnly)
    let paywall = ClassMatcher.classify(Array("article-paywall".utf8)[...])
    #expect(paywall.hardNegative && paywall.continuationOnly)
}

@Test func sentenceEndsAreCounted() {
    #expect(measure(Array("One. Two! Three? 3.5 e.g.x".utf8)[...], sentences: true).sentences == 3)
    #expect(measure(Array("一。二！三？".utf8)[...], sentences: true).sentences == 3)
    #expect(measure(Array("One. Two!".utf8)[...]).sentences == 0)   // not counted unless asked
}

// MARK: - Self-check

@Test func selfCheckTakesTheRelaxedAttemptWhenPruningRemovedTheStory() throws {
    // The story (five paragraphs, under the long-prose length) sits in a "modal" wrapper; a teaser column of
    // prose survives pruning. Pruning removed more prose than it kept: the relaxed attempt is the story.
    let d = try extract("selfcheck-story-in-modal.html")
    #expect(d.meta["extract_source"] == "dom-selfcheck")
    #expect(d.text.contains(quayLead))
}

@Test func selfCheckLeavesAStoryThatOutweighsWhatWasPruned() throws {
    // A newsletter appeal of prose is pruned, but the story kept is longer: no second attempt.
    let d = try extract("selfcheck-newsletter.html")
    #expect(d.meta["extract_source"] == "dom")
    #expect(d.text.contains(quayLead))
    #expect(!d.text.contains("Sign up for our morning briefing"))
}

// MARK: - End of the article

@Test func advertLabelsAreDroppedAdvertisingProseIsKept() {
    let body = "The harbour authority said on Monday that the new quay would be finished by the end of the year."
    let r = LineRules(title: nil, textInput: false, tracing: true)
        .apply([body, "Advert", "Advertising revenue at the port rose by five percent this year.", "ADVERTISEMENT"].joined(separator: "\n"))
    #expect(r.lines == [body, "Advertising revenue at the port rose by five percent this year."])
    #expect(r.drops.map(\.rule) == ["ad-label", "ad-label"])
}

/// Class/id words that name a lead-in: whole tokens from the exact list, or tokens containing a longer word.
@Test func standfirstVocabularyMatchesTokensAndSubwords() {
    #expect(StandfirstVocabulary.matches("article__dek"))
    #expect(StandfirstVocabulary.matches("c-Subheadline--large"))        // "subheadline" inside a token, any case
    #expect(StandfirstVocabulary.matches("storyLeadText"))               // "storylead" inside "storyleadtext"
    #expect(StandfirstVocabulary.matches("x introtextblock"))
    #expect(!StandfirstVocabulary.matches("leaderboard ad-slot"))        // "lead" only as a whole token
    #expect(!StandfirstVocabulary.matches("article-body"))
    #expect(!StandfirstVocabulary.matches(""))
}
