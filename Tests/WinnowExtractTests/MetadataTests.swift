import Foundation
import Testing
import WinnowCore
import WinnowHTML
@testable import WinnowExtract

// Metadata from real-page-like snippets stored as fixtures (Fixtures/metadata): each date form, byline form
// and the headline consensus.

private func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.resourceURL?.appendingPathComponent("Fixtures/metadata/" + name))
    return try String(contentsOf: url, encoding: .utf8)
}

private func extract(_ name: String, url: String? = nil, fetched: String? = nil) throws -> Document {
    let stage = try StripBoilerplateStage(params: StageParams())
    var d = Document(id: name, source: SourceRef(path: name), format: .html, raw: Array(try fixture(name).utf8))
    d.charsetHint = "UTF-8"
    d.url = url
    d.fetched = fetched
    d.tracing = true
    _ = try stage.process(&d)
    return d
}

/// Rows of a tab-separated fixture, without comments.
private func rows(_ name: String) throws -> [[String]] {
    try fixture(name).split(separator: "\n").filter { !$0.hasPrefix("#") }
        .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
}

private func provenance(_ d: Document, _ field: String) -> [String] {
    d.trace.filter { $0.action == "metadata" && $0.rule.hasPrefix(field + ":") }.map(\.rule)
}

// MARK: Dates

@Test func jsonLDGraphGivesDateAuthorAndExtrasWithTheirOffset() throws {
    let d = try extract("jsonld-graph.html")
    #expect(d.published == "2023-02-17T18:52:00+01:00")
    #expect(d.updated == "2023-02-18T09:00:00+01:00")
    #expect(d.authors == ["Anna Schmidt"])          // an @id reference to a Person elsewhere in the @graph
    #expect(d.publisher == "Beispiel-Zeitung")
    #expect(d.tags == ["Haushalt", "Stadtrat"])
    #expect(d.image == "https://beispiel.de/bild.jpg")
    #expect(d.license == "https://creativecommons.org/licenses/by/4.0/")
    #expect(provenance(d, "published") == ["published:json-ld"])
}

@Test func brokenJSONLDBlockStillGivesDateAndAuthor() throws {
    let d = try extract("jsonld-broken.html")
    #expect(d.published == "2021-06-03T07:15:00-04:00")
    #expect(d.authors == ["Maria Lopez"])
    #expect(d.title == "Harbour bridge reopens after repairs")
}

@Test func nonISOMetaDateKeepsItsOffsetAndAllCapsAuthorsAreSplitAndCased() throws {
    let d = try extract("meta-rfc822.html")
    #expect(d.published == "2023-02-17T18:52:00-05:00")
    #expect(d.authors == ["Rod Nordland", "Mayy El Sheikh"])
    #expect(d.description == "A winter storm left thousands without power.")
    #expect(d.tags == ["Weather", "Power outages"])
    #expect(d.image == "https://example.com/storm.jpg")
}

@Test func visibleGermanDateAndBylineBesideTheHeadlineNotTheMenuOrComments() throws {
    let d = try extract("visible-german.html")
    #expect(d.published == "2023-02-17")
    #expect(d.authors == ["Robin Tschöpe"])
    #expect(provenance(d, "published") == ["published:visible"])
}

@Test func localVisibleDayBeatsAUTCStampOnTheDayBefore() throws {
    let d = try extract("utc-vs-local.html")
    #expect(d.published == "2023-02-18")
    #expect(d.authors == ["Jane Doe", "John Smith"])
}

@Test func urlDateWhenNothingElseAndNeverTheCopyrightYear() throws {
    let d = try extract("url-date-only.html")
    #expect(d.published == "2019-07-04")
    #expect(d.hostname == "news.example.org")
    #expect(provenance(d, "published") == ["published:url"])
}

@Test func futureDatesAfterTheFetchDayAreRejected() throws {
    let d = try extract("jsonld-graph.html", fetched: "2022-12-01T00:00:00Z")
    // Both JSON-LD dates lie after the fetch day: the page has no usable date.
    #expect(d.published == nil)
    #expect(d.updated == nil)
}

@Test func writtenDateForms() throws {
    for r in try rows("written-dates.tsv") where r.count == 3 {
        let got = DateParsing.findWritten(in: r[0], dayFirst: r[1] == "true")?.dayString ?? "-"
        #expect(got == r[2], "\(r[0]) (dayFirst \(r[1]))")
    }
}

@Test func machineDateForms() {
    #expect(DateParsing.parseMachine("2023-02-17T18:52:00.123+0100")?.value == "2023-02-17T18:52:00+01:00")
    #expect(DateParsing.parseMachine("2023-02-17T18:52Z")?.value == "2023-02-17T18:52:00Z")
    #expect(DateParsing.parseMachine("2023-02-17 18:52:00")?.value == "2023-02-17")   // no zone: the day only
    #expect(DateParsing.parseMachine("20230217")?.value == "2023-02-17")
    #expect(DateParsing.parseMachine("Thu, 08 May 2014 14:04:53 -0400")?.value == "2014-05-08T14:04:53-04:00")
    #expect(DateParsing.parseMachine("0001-01-01") == nil)
    #expect(DateParsing.fromURL("https://x.de/meldungen/29-10-2021")?.dayString == "2021-10-29")
    #expect(DateParsing.fromURL("https://x.com/news/20230217/story")?.dayString == "2023-02-17")
    #expect(DateParsing.fromURL("https://x.com/2023/02/story") == nil)   // a month is not a day
}

@Test func dayMonthOrderFollowsThePageLanguage() {
    #expect(DateParsing.dayFirst(language: "en-us", host: "example.com") == false)
    #expect(DateParsing.dayFirst(language: "en", host: "bbc.co.uk") == true)
    #expect(DateParsing.dayFirst(language: "de", host: nil) == true)
    #expect(DateParsing.dayFirst(language: "en-gb", host: nil) == true)
}

// MARK: Bylines

@Test func bylineForms() throws {
    for r in try rows("bylines.tsv") where r.count == 3 {
        let c = Bylines.parse(r[0])
        let people = r[1].isEmpty ? [] : r[1].components(separatedBy: ";")
        let orgs = r[2].isEmpty ? [] : r[2].components(separatedBy: ";")
        #expect(c.people == people, "people of \(r[0])")
        #expect(c.organisations == orgs, "organisations of \(r[0])")
    }
}

@Test func siteAndHostNamesAreOrganisations() {
    #expect(Bylines.parse("Automobilwoche", host: "automobilwoche.de").people.isEmpty)
    #expect(Bylines.parse("El Colombiano", host: "elcolombiano.com").organisations == ["El Colombiano"])
    #expect(Bylines.parse("TheWashingtonPost").people.isEmpty)
    #expect(Bylines.parse("Jane Doe", host: "example.com").people == ["Jane Doe"])
}

@Test func textBylineRemovedFromTheTextReachesAuthors() throws {
    let stage = try StripBoilerplateStage(params: StageParams())
    var d = Document(id: "t", source: SourceRef(path: "t.txt"), format: .text,
                     text: "Council approves budget\n\nBy Glen Owen And Brendan Carlin For The Mail On Sunday\n\n"
                         + "The city council voted on Tuesday to approve the new budget, which includes funding for schools and roads.")
    _ = try stage.process(&d)
    #expect(d.authors == ["Glen Owen", "Brendan Carlin"])
    #expect(!d.text.contains("Glen Owen"))
}

// MARK: Headline

@Test func headlineDropsSiteAndSectionAffixes() throws {
    let d = try extract("headline-site-affixes.html")
    #expect(d.title == "Wielka wyprzedaż pamięci")
    #expect(d.hostname == "dwutygodnik.com")
}

@Test func headlineIsTheVisibleHeadingNotTheSiteName() throws {
    let d = try extract("headline-section-title.html")
    #expect(d.title == "What I learned from 100 days of rejection")
}

@Test func headlineConsensusPrefersTheVisibleHeading() {
    var c = HeadlineCandidates()
    c.h1s = ["Politics | St. Louis Park elects a new mayor"]
    c.ogTitle = "St. Louis Park elects a new mayor"
    c.htmlTitle = "St. Louis Park elects a new mayor – Star Tribune"
    #expect(Headline.choose(c)?.text == "St. Louis Park elects a new mayor")
    var t = HeadlineCandidates()
    t.h1s = ["Dishonored video shows off plenty of creative ways to kill"]
    t.htmlTitle = "Dishonored video shows off plenty of creative - Video Game News at Shacknews.com"
    #expect(Headline.choose(t)?.text == "Dishonored video shows off plenty of creative ways to kill")
    var r = HeadlineCandidates()   // a rewritten social title beside the page's only headline
    r.h1s = ["The royal split, racism and family struggles: 11 things we learned from the interview"]
    r.ogTitle = "What we learned from the explosive interview"
    r.htmlTitle = "What we learned from the explosive interview | Example"
    #expect(Headline.choose(r)?.text == r.h1s[0])
    var k = HeadlineCandidates()
    k.ogTitle = "A headline – with an internal dash"
    k.site = "Example"
    #expect(Headline.choose(k)?.text == "A headline – with an internal dash")
}

/// The shortcut before tokenizing never turns away a line holding a date of the forms in written-dates.tsv.
@Test func theDatePrefilterKeepsEveryWrittenDateForm() throws {
    for r in try rows("written-dates.tsv") where r.count == 3 && r[2] != "-" {
        #expect(DateParsing.mayHoldWrittenDate(r[0].utf8), "\(r[0])")
    }
    for line in ["Updated 5 min ago", "3 comments", "Photo 1 of 12", "Share 7", "12:45 GMT"] {
        #expect(!DateParsing.mayHoldWrittenDate(line.utf8), "\(line)")
        #expect(DateParsing.findWritten(in: line, dayFirst: true) == nil)
    }
    #expect(DateParsing.mayHoldWrittenDate("17.02.23".utf8) && DateParsing.mayHoldWrittenDate("17/2/23".utf8))
}
