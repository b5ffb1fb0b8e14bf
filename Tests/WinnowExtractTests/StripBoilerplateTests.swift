import Foundation
import Testing
import WinnowCore
import WinnowHTML
@testable import WinnowExtract

private func html(_ s: String, url: String? = nil, params: [(String, JSONValue)] = [], tracing: Bool = false) throws -> (Document, StageResult) {
    let stage = try StripBoilerplateStage(params: StageParams(params))
    var d = Document(id: "t", source: SourceRef(path: "t.html"), format: .html, raw: Array(s.utf8))
    d.charsetHint = "UTF-8"
    d.url = url
    d.tracing = tracing
    let r = try stage.process(&d)
    return (d, r)
}

/// `include_title`: the text starts with the headline (the default leaves it to `title`; see ExtractionV3Tests).
private let includeTitle: [(String, JSONValue)] = [("include_title", .bool(true))]

private func text(_ s: String) throws -> (Document, StageResult) {
    let stage = try StripBoilerplateStage(params: StageParams())
    var d = Document(id: "t", source: SourceRef(path: "t.txt"), format: .text, text: s)
    d.tracing = true
    let r = try stage.process(&d)
    return (d, r)
}

private let para1 = "The city council voted on Tuesday to approve the new budget, which includes funding for schools, roads and public transport, after a long debate that lasted well into the night."
private let para2 = "Opponents said the plan would raise taxes for families, while supporters argued that the investment was overdue and would pay for itself within a decade, according to the finance office."
private let para3 = "The mayor, who had campaigned on the issue, welcomed the result and said work on the first projects would begin in the spring, with more details to be published next month."

private let articlePage = """
<!DOCTYPE html><html lang="en-GB"><head><title>Council approves budget | The Daily Example</title>
<meta property="og:title" content="Council approves budget after long debate">
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2023-02-17T15:05:00Z">
<link rel="canonical" href="https://example.com/news/2023/02/17/council-budget">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Council approves budget","author":{"@type":"Person","name":"Jane Doe"},"datePublished":"2023-02-17T15:05:00Z"}</script>
<style>.x{color:red}</style></head>
<body>
<div id="cookie-consent">We use cookies to improve your experience. Accept all cookies</div>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<svg class="icon"><title>Calendar An icon of a desk calendar.</title></svg>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
<article class="article-body">
<h1>Council approves budget after long debate</h1>
<p>\(para1)</p>
<figure><img src="a.jpg"><figcaption>The council chamber. Photo: John Smith</figcaption></figure>
<p>\(para2)</p>
<div class="newsletter-signup">Sign up for our daily newsletter <form><input type="email"><button>Subscribe</button></form></div>
<p>\(para3)</p>
<div class="paywall">Subscribe to continue reading</div>
</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Mayor announces new park plans</a></li><li><a href="/b">Schools get new funding</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3><div class="comment"><p>I think this budget is a disaster for the people of this city, and I will not vote for the mayor again.</p></div></section>
<footer class="site-footer">© 2023 The Daily Example. All rights reserved. Privacy Policy</footer>
</body></html>
"""

@Test func extractsArticleAndDropsChrome() throws {
    let (d, r) = try html(articlePage)
    #expect(r == .keep)
    let paras = d.text.components(separatedBy: "\n\n")
    #expect(paras.contains(para1))
    #expect(paras.contains(para2))
    #expect(paras.contains(para3))
    for noise in ["cookies", "Home", "Share on", "icon", "newsletter", "Subscribe", "Mayor announces", "disaster",
                  "All rights reserved", "Photo: John Smith"] {
        #expect(!d.text.contains(noise), "noise survived: \(noise)")
    }
    #expect(d.raw == nil)
}

@Test func extractsMetadata() throws {
    let (d, _) = try html(articlePage)
    #expect(d.title == "Council approves budget after long debate")
    #expect(d.authors == ["Jane Doe"])
    #expect(d.published == "2023-02-17T15:05:00Z")
    #expect(d.site == "The Daily Example")
    #expect(d.url == "https://example.com/news/2023/02/17/council-budget")
    #expect(d.meta["language_hint"] == "en-gb")
}

@Test func givenURLIsKeptAndTitleSuffixStripped() throws {
    let page = "<html><head><title>Budget news - The Daily Example</title></head><body><div><p>\(para1)</p><p>\(para2)</p></div></body></html>"
    let (d, _) = try html(page, url: "https://example.com/2022/12/19/budget")
    #expect(d.url == "https://example.com/2022/12/19/budget")
    #expect(d.title == "Budget news")
    #expect(d.published == "2022-12-19")
    #expect(d.site == "example.com")
}

@Test func includeCommentsKeepsComments() throws {
    let (d, _) = try html(articlePage, params: [("include_comments", .bool(true))])
    #expect(d.text.contains(para1))
    let (d2, _) = try html(articlePage)
    #expect(!d2.text.contains("disaster"))
    _ = d
}

@Test func tracesDrops() throws {
    let (d, _) = try html(articlePage, tracing: true)
    #expect(d.trace.contains { $0.stage == "strip_boilerplate" && $0.action == "drop" })
    #expect(d.trace.contains { $0.rule == "chrome-tag" || $0.rule == "class-negative" })
}

@Test func emptyPageIsDropped() throws {
    let (_, r) = try html("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    #expect(r == .drop(reason: "empty after extraction"))
    let (_, r2) = try html("<html><body><nav><a href='/'>Home</a></nav></body></html>", params: [("drop_empty", .bool(false))])
    #expect(r2 == .keep)
}

@Test func minTextLengthDropsShortText() throws {
    let (_, r) = try html("<html><body><p>\(para1)</p></body></html>", params: [("min_text_length", .number(5000))])
    #expect(r == .drop(reason: "text shorter than min_text_length"))
}

@Test func fragmentOfFewerThanFiveWordsIsNoArticle() throws {
    // An error page whose only text is its heading: a fragment, not an article.
    let errorPage = "<html><body><div id='menu'><a href='/'>Home</a> <a href='/a'>About</a></div><h1>Board Message</h1></body></html>"
    let (d, r) = try html(errorPage, tracing: true)
    #expect(r == .drop(reason: "no article found: fewer than 5 words extracted"))
    #expect(d.text.isEmpty)
    #expect(d.trace.contains { $0.rule == "too-few-words" && $0.detail.contains("Board Message") })
    // min_words 0 keeps the fragment; a five-word headline is kept by default.
    let (d0, r0) = try html(errorPage, params: [("min_words", .number(0))])
    #expect(r0 == .keep && d0.text == "Board Message")
    let (d5, r5) = try html("<html><body><h1>Ten Photos From the Harbour</h1></body></html>")
    #expect(r5 == .keep && d5.text == "Ten Photos From the Harbour")
    // Plain-text input is not extraction output: a short line stays.
    let (dt, rt) = try text("Short note here")
    #expect(rt == .keep && dt.text == "Short note here")
}

@Test func wordCountForTheMinimumCountsCJKCharacters() {
    #expect(StripBoilerplateStage.hasFewerWords("404 : Page Not Found", than: 5))
    #expect(!StripBoilerplateStage.hasFewerWords("404 : Page Not Found, sorry", than: 5))
    #expect(StripBoilerplateStage.hasFewerWords("Comentários (sem censura)", than: 5))
    // Chinese and Japanese do not separate words by spaces: each character counts.
    #expect(!StripBoilerplateStage.hasFewerWords("市议会批准预算", than: 5))
    #expect(StripBoilerplateStage.hasFewerWords("東京都", than: 5))
    #expect(!StripBoilerplateStage.hasFewerWords("ニュース速報", than: 5))
}

@Test func unknownOptionThrowsNamingIt() throws {
    #expect(throws: ConfigError.self) { try StripBoilerplateStage(params: StageParams([("include_comment", .bool(true))])) }
    do {
        _ = try StripBoilerplateStage(params: StageParams([("include_comment", .bool(true))]))
    } catch let e as ConfigError {
        #expect(e.key == "include_comment")
    }
    #expect(throws: ConfigError.self) { try StripBoilerplateStage(params: StageParams([("line_rules", .string("yes"))])) }
    #expect(throws: ConfigError.self) { try StripBoilerplateStage(params: StageParams([("min_text_length", .number(-1))])) }
}

@Test func windows1252Page() throws {
    let stage = try StripBoilerplateStage(params: StageParams())
    var bytes = Array("<html><body><p>Caf".utf8) + [0xE9] + Array(" society, a long paragraph about the culture of the city, with enough words to count.</p></body></html>".utf8)
    bytes += []
    var d = Document(id: "t", source: SourceRef(path: "t.html"), format: .html, raw: bytes)
    d.charsetHint = "windows-1252"
    _ = try stage.process(&d)
    #expect(d.text.hasPrefix("Café society"))
}

// MARK: - Seeds (text input)

private func seed(_ prefix: String) throws -> String {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/seeds").standardized
    let name = try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasPrefix(prefix) }!
    return try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
}

/// Every line of the seed that is not listed as noise must survive; no noise line may.
private func checkSeed(_ prefix: String, noise: [String], file: String = #filePath) throws -> Document {
    let raw = try seed(prefix)
    let (d, _) = try text(raw)
    let kept = Set(d.text.components(separatedBy: "\n\n"))
    for line in raw.split(separator: "\n").map({ cleanInline(String($0)) }) where !line.isEmpty {
        let isNoise = noise.contains { line.hasPrefix($0) }
        if isNoise {
            #expect(!kept.contains(line), "noise kept: \(line.prefix(80))")
        }
    }
    for line in raw.split(separator: "\n").map({ cleanInline(String($0)) }) where !line.isEmpty && line.split(separator: " ").count >= 12 {
        if noise.contains(where: { line.hasPrefix($0) }) { continue }
        #expect(kept.contains(line), "content lost: \(line.prefix(80))")
    }
    return d
}

@Test func seed000() throws {
    let d = try checkSeed("000_", noise: ["02/17/2023 | Update", "Vladimir Putin and Alexander Lukashenko in Novo-Ogaryovo",
                                          "Military maneuvers of the Russian and Belarusian armies ©"])
    #expect(d.text.contains("Lukashenko: “War would be completely different”"))
    #expect(d.authors == ["Mareike Müller"])
    #expect(d.published == "2023-02-17")
}

@Test func seed001() throws {
    let d = try checkSeed("001_", noise: ["Home News At awkward", "25", "Lukashenko, before meeting Putin, says",
                                          "Russians abandon wartime Russia", "washingtonpost"])
    #expect(d.text.hasPrefix("At awkward meeting, Putin and Lukashenko avoid the war, stress economic ties\n\n"))
    #expect(d.text.contains("Loveday Morris in Munich contributed to this report."))
    #expect(d.title == "At awkward meeting, Putin and Lukashenko avoid the war, stress economic ties")
}

@Test func seed002() throws {
    let d = try checkSeed("002_", noise: ["date 2023-02-17 Calendar", "By Press Association", "February 17, 2023, 3:05 pm",
                                          "Russian President Vladimir Putin, right, and Belarusian President Alexander Lukashenko pose",
                                          "Russian President Vladimir Putin, right, and Belarusian President Alexander Lukashenko talk",
                                          "Russian President Vladimir Putin and Belarusian President Alexander Lukashenko talk"])
    #expect(d.authors.isEmpty)   // an agency credit, not a person
    #expect(d.publisher == "Press Association")
    #expect(d.published == "2023-02-17")
    #expect(d.text.hasPrefix("Russia and Belarus discuss closer military and economic ties"))
}

@Test func seed003() throws {
    let d = try checkSeed("003_", noise: ["Coverage Russia", "See also", "Putin and Lukashenka during the meeting EPA",
                                          "Minsk. Meeting between", "Main photo source", "Leave a Reply", "Your email address"])
    for sub in ["Economy and close integration", "After a gap of three years", "A joint body of troops",
                "Evaluation of the attack with the participation of Belarusian troops"] {
        #expect(d.text.contains(sub))
    }
}

@Test func seed004() throws {
    let d = try checkSeed("004_", noise: ["The Limited Times", "Now you can see non-English news", "Follow all the international",
                                          ", or in", "our weekly newsletter", "Subscribe to continue reading", "Read without limits",
                                          "Keep reading", "I'm already a subscriber", "Source: elparis", "All news articles on",
                                          "Trends 24h", "© Communities 2019", "The information on this site", "The inclusion of any links"])
    #expect(d.text.hasPrefix("Putin strengthens ties with Lukashenko"))
    #expect(d.text.contains("as well as the need to make a common front"))
}

@Test func dateParsing() {
    #expect(LineRules.parseDate("February 17, 2023, 3:05 pm") == "2023-02-17")
    #expect(LineRules.parseDate("17. Februar 2023") == "2023-02-17")
    #expect(LineRules.parseDate("Update: 02/17/2023 – 18:52") == "2023-02-17")
    #expect(LineRules.parseDate("The meeting was on February 17, 2023") == nil)
    #expect(DateParsing.parseMachine("2023-02-17T15:05:00+0100")?.value == "2023-02-17T15:05:00+01:00")
    #expect(DateParsing.fromURL("https://x.com/2023/02/17/story")?.value == "2023-02-17")
}

@Test func arenaTagsAndAttributes() throws {
    let doc = try HTMLDocument.parse(Array("<html><body><DIV Class='a b' id=x>hi<p>there</p></DIV></body></html>".utf8))
    let divs = doc.elements(named: "div")
    #expect(divs.count == 1)
    #expect(doc.nodes[divs[0]].tag == .div)
    #expect(doc.attribute(divs[0], "class") == "a b")
    #expect(doc.attribute(divs[0], "id") == "x")
    #expect(doc.subtreeText(divs[0]) == "hithere")
}

@Test func tagLineBetweenParagraphsIsDroppedSubheadingsStay() {
    let para = "Speaking at the start of his talks, the president proposed to discuss security issues and economic ties."
    let lines = [para, "Russia Belarus", para, "Economy and close integration", para, "A joint body of troops", para,
                 "offensive from the north", para, "Lukashenko: “War would be completely different”", para,
                 "The Road Ahead", para]
    let r = LineRules(title: nil, textInput: true, tracing: true).apply(lines.joined(separator: "\n"))
    #expect(!r.lines.contains("Russia Belarus"))
    for sub in ["Economy and close integration", "A joint body of troops", "offensive from the north",
                "Lukashenko: “War would be completely different”", "The Road Ahead"] {
        #expect(r.lines.contains(sub), "\(sub)")
    }
    #expect(LineRules.isTagLine("Russia Belarus"))
    #expect(!LineRules.isTagLine("Vladimir Putin, 70"))
    #expect(!LineRules.isTagLine("Ukraine"))
}

@Test func windowsAndOldMacLineEndsSplitLinesLikeLineFeeds() {
    let para = "Putin meets Lukashenko near Moscow on Friday, the Kremlin said in a statement."
    let text = [para, "Photo: EPA/Sputnik", "The two leaders discussed military cooperation for hours."]
    for sep in ["\n", "\r\n", "\r", "\r\n\r\n"] {
        let r = LineRules(title: nil, textInput: true, tracing: true).apply(text.joined(separator: sep))
        #expect(r.lines == [text[0], text[2]], "separator \(Array(sep.utf8))")
        #expect(r.drops.map(\.rule) == ["caption-credit"])
    }
    #expect(LineRules.cleanLines("a\r\nb\n\nc\rd\n") == ["a", "b", "c", "d"])
    #expect(LineRules.cleanLines("  x \u{00A0} y\u{200B}z \n\n \t\n") == ["x yz"])   // zero-width space dropped, no-break space is a space
}

@Test func iconRunsAreCountedWithoutRegardToCase() {
    let run = "Calendar An ICON of a desk calendar. Cancel An icon of a circle with a diagonal line. Caret An Icon of a caret."
    let para = "The talks between the two presidents lasted for several hours, officials in Minsk said on Saturday."
    let r = LineRules(title: nil, textInput: true, tracing: true).apply([para, run, para + " More."].joined(separator: "\n"))
    #expect(r.drops.map(\.rule) == ["icons"])
    #expect("An ICON, an icon, an İcon".occurrencesOf("icon", ignoringASCIICase: true) == 2)
}

@Test func bytePatternsMatchLikeOneSearchPerPattern() {
    let list = ["read more", "read the", "©", "sign up", "źródło:"]
    let ps = BytePatterns(list)
    for text in ["please read more here", "read the rest", "photo © reuters", "to sign up today", "źródło: pap",
                 "nothing to see", "read mor", "sign u", "", "r", "ź"] {
        #expect(ps.occurs(in: text) == list.contains { text.has($0) }, "\(text)")
        #expect(ps.prefixes(text) == list.contains { text.utf8.starts(with: $0.utf8) }, "\(text)")
    }
}

private let sidebarProse = "This blog is written by a retired teacher who lives in the hills and writes about gardening and travel and cooking and everything else that comes to mind on a quiet afternoon."

@Test func permalinkHeadlineDoesNotCountAsLinks() throws {
    // A short post whose headline and text are partly links still has a title container: the headline's
    // own link does not count against it (with it, link density here is about 0.45).
    let head = "Panasonic new lens in stock in the US for the first time"
    let page = """
    <html><head><title>\(head) | Rumors</title></head><body>
    <div class="main"><div class="entry"><h3><a href="/p/1">\(head)</a></h3>
    <p>This is the very first time the new lens is in stock via <a href="/x">Norman Camera on Amazon, click here</a>. Only two of them are left!</p>
    <p>A long list of cameras is sold by <a href="/y">Cameta on Amazon and on eBay</a>, with prices dropping this week.</p>
    </div></div><div><p>\(sidebarProse)</p></div></body></html>
    """
    let doc = try HTMLDocument.parse(Array(page.utf8), encoding: "UTF-8", url: nil)
    var ex = DOMExtractor(doc: doc, tracing: false)
    ex.findTitleHeading(titles: [head + " | Rumors"])
    ex.prune(DOMOptions())
    ex.measureAlive()
    let tc = try #require(ex.titleContainer())
    #expect(doc.attribute(tc, "class") == "entry")
}

private func titleExtractor(_ page: String, titles: [String]) throws -> (HTMLDocument, DOMExtractor) {
    let doc = try HTMLDocument.parse(Array(page.utf8), encoding: "UTF-8", url: nil)
    var ex = DOMExtractor(doc: doc, tracing: false)
    ex.findTitleHeading(titles: titles)
    ex.prune(DOMOptions())
    ex.measureAlive()
    return (doc, ex)
}

@Test func titleHeadingPrefersThePostHeadlineOverTheBlogBanner() throws {
    let page = """
    <html><body><h1>Kitchen Stories Blog</h1><div class="post"><h3>Autumn soup recipes for cold days</h3>
    <p>\(para1)</p></div></body></html>
    """
    let (doc, ex) = try titleExtractor(page, titles: ["Autumn soup recipes for cold days - Kitchen Stories Blog"])
    #expect(ex.titleHeading >= 0 && doc.nodes[ex.titleHeading].tag == .h3)
}

@Test func titleContainerMayHoldMostOfThePage() throws {
    // The story is 80 % of the page text; a short sidebar does not make its container a page wrapper.
    let page = """
    <html><body><div class="post"><h2>Council approves budget after long debate</h2>
    <p>\(para1)</p><p>\(para2)</p><p>\(para3)</p></div>
    <div class="about"><p>\(sidebarProse)</p></div></body></html>
    """
    let (doc, ex) = try titleExtractor(page, titles: ["Council approves budget after long debate"])
    let tc = try #require(ex.titleContainer())
    #expect(doc.attribute(tc, "class") == "post")
}

@Test func closingLabelIsDroppedButOnlyOne() {
    // A text that ends on "Share this:" (its buttons gone) drops it; only one label, since the lines above
    // may be "Key: value" facts of the article.
    let share = LineRules(title: nil, textInput: false, tracing: true).apply([para1, para2, "Share this:", "Facebook"].joined(separator: "\n"))
    #expect(share.lines == [para1, para2])
    let facts = [para1, "Camera: Canon EOS 60D", "Exposure: 60 x 3 minutes", "Other photographers:"]
    let r = LineRules(title: nil, textInput: false, tracing: true).apply(facts.joined(separator: "\n"))
    #expect(r.lines == [para1, "Camera: Canon EOS 60D", "Exposure: 60 x 3 minutes"])
}

@Test func forumPostsWithIconButtonsAreKept() throws {
    // Forum posts are tables with no <p> and a few small icons ("quote", "print", a 1×1 spacer). Icon-sized
    // images are not pictures: the "more images than paragraphs" rule (meant for galleries) must not drop
    // the posts.
    let bodies = [para1, para2, para3]
    let posts = bodies.enumerated().map { k, b in
        """
        <tr><td class="row1"><b>member\(k)</b><br>Posts: \(k * 40 + 3)</td><td class="row1"><table width="100%"><tr>
        <td><img src="icon_minipost.gif" width="12" height="9" alt="Post">Posted: Wed Feb 02, 2005 10:0\(k) pm</td>
        <td align="right"><a href="/reply?p=\(k)"><img src="icon_quote.gif" style="width: 16px; height:16px" alt="Reply with quote"></a>
        <img src="spacer.gif" width="1" height="1" alt=""></td></tr>
        <tr><td colspan="2"><hr>\(b)</td></tr></table></td></tr>
        """
    }.joined()
    let page = """
    <html><head><title>Budget debate - City Forum</title></head><body>
    <table class="nav"><tr><td><a href="/">Forum Index</a> <a href="/faq">FAQ</a> <a href="/search">Search</a></td></tr></table>
    <table class="forumline">\(posts)</table>
    </body></html>
    """
    let (d, _) = try html(page)
    for b in bodies { #expect(d.text.contains(b)) }
}

@Test func iconSizeIsReadFromAttributesAndStyle() {
    #expect(DOMExtractor.pixels(Array("16".utf8)[...]) == 16)
    #expect(DOMExtractor.pixels(Array("16px".utf8)[...]) == 16)
    #expect(DOMExtractor.pixels(Array("50%".utf8)[...]) == nil)
    #expect(DOMExtractor.pixels(Array("2em".utf8)[...], needPx: true) == nil)
}

@Test func postRemovedByCleaningFallsBackToItsContainerNotTheWholeBody() throws {
    // A short post that is mostly links (a deals or link-roundup post) is removed by link-density cleaning;
    // the fallback is its container without cleaning, not the whole page with its sidebar widgets.
    let post = """
    <div class="entry"><div>The new <a href="/lens">Panasonic 35-100mm X lens</a> is in stock for the first time in the US,
    via <a href="/norman">Norman Camera</a> and <a href="/amazon">Amazon</a>. Shipping starts today for the first customers who
    ordered last month.</div><div>Check also <a href="/bh">B&amp;H</a> and <a href="/adorama">Adorama</a> for the bundle with the
    <a href="/gh3">GH3 body</a> later this week.</div></div>
    """
    let widget = (1...8).map { "<li><a href=\"/w\($0)\">Random post number \($0) about cameras and lenses</a></li>" }.joined()
    let page = """
    <html><head><title>First time in stock in US: Panasonic 35-100mm X lens!</title></head><body>
    <div class="wrap"><div class="post"><h2>First time in stock in US: Panasonic 35-100mm X lens!</h2>\(post)</div></div>
    <div class="sidebar"><h3>Random posts</h3><ul>\(widget)</ul></div>
    <div class="sidebar"><h3>Disclaimer</h3><div>Disclaimer: this site has no affiliation with any of the equipment manufacturers mentioned.</div></div>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("is in stock for the first time"))
    #expect(!d.text.contains("Random post number"))
    #expect(!d.text.contains("no affiliation"))
}

@Test func recipeIngredientListIsKept() throws {
    // A recipe's ingredient table is short lines without prose; a chrome word in its class ("table-header")
    // must not remove it when the class also names it as ingredients.
    let steps = "Mehl, Zucker, Margarine und Ei mit dem Backpulver zu einem glatten Mürbeteig verkneten, in eine gefettete Springform drücken und dabei einen Rand von etwa drei Zentimetern hochziehen. Den Teig eine halbe Stunde kalt stellen."
    let steps2 = "Für den Belag den Schmand mit dem Pudding verrühren, die abgetropften Mandarinen unterheben und alles auf dem Boden verteilen. Den Kuchen bei 180 Grad etwa eine Stunde backen und über Nacht im Kühlschrank auskühlen lassen."
    let page = """
    <html lang="de"><head><title>Mandarinen-Schmand-Kuchen | Rezepte</title></head><body>
    <div class="recipe"><h1>Mandarinen-Schmand-Kuchen</h1>
    <table class="ingredients table-header"><tr><th colspan="2">Für den Mürbeteig:</th></tr>
    <tr><td>125 g</td><td>Mehl</td></tr><tr><td>65 g</td><td>Margarine oder Butter</td></tr>
    <tr><td>1</td><td>Ei(er)</td></tr><tr><td>1 TL</td><td>Backpulver</td></tr></table>
    <p>\(steps)</p><p>\(steps2)</p></div>
    <div class="footer"><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a></div>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("Margarine oder Butter"))
    #expect(d.text.contains("Backpulver"))
    #expect(d.text.contains("Springform"))
}

@Test func rubyReadingsAreDropped() throws {
    // Furigana over kanji (<ruby>子<rt>こ</rt></ruby>) must not be interleaved with the text it annotates.
    let s1 = "<ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby>をなくすための<ruby>法律<rt>ほうりつ</rt></ruby>ができて、<ruby>親<rt>おや</rt></ruby>が<ruby>子<rt>こ</rt></ruby>どもを<ruby>教育<rt>きょういく</rt></ruby>するために、たたいたり<ruby>蹴<rt>け</rt></ruby>ったりする<ruby>体罰<rt>たいばつ</rt></ruby>を<ruby>禁止<rt>きんし</rt></ruby>することになりました。"
    let page = """
    <html lang="ja"><head><title>法律ができました</title></head><body>
    <div class="nav"><a href="/">ニュース</a> <a href="/a">天気</a></div>
    <div id="article"><p>\(s1)</p><p>\(s1)</p><p>\(s1)</p></div>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("子どもへの虐待をなくすための法律ができて、親が子どもを教育するために"))
    #expect(!d.text.contains("こども"))
    #expect(!d.text.contains("("))
}

@Test func pageBuilderWidgetHoldingTheStoryIsKept() throws {
    // Page builders wrap each text block in "...-widget-container" divs: the component word "widget" must not
    // remove the story's own blocks inside the chosen container; a sidebar widget stays out.
    func section(_ p: String) -> String {
        """
        <section class="builder-section"><div class="builder-column-wrap"><div class="builder-widget-wrap">
        <div class="builder-element builder-widget builder-widget-text-editor"><div class="builder-widget-container">
        <div class="builder-text-editor"><p>\(p)</p></div></div></div></div></div></section>
        """
    }
    let page = """
    <html><head><title>Budget approved</title></head><body>
    <div class="entry"><h2>Budget</h2>
    \(section(para1 + " " + para2 + " First, the bridge on the ring road will be repaired."))
    \(section(para2 + " " + para3 + " Second, new bus lanes will be painted in the centre."))
    \(section(para3 + " " + para1 + " Third, the school roofs will be replaced by autumn."))
    </div>
    <div class="sidebar-widget"><p>Our sponsor sells the finest garden furniture in the region, with free delivery on all orders over fifty pounds and a two-year guarantee on every chair, table and parasol in the current catalogue.</p></div>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("the bridge on the ring road"))
    #expect(d.text.contains("new bus lanes"))
    #expect(d.text.contains("the school roofs"))
    #expect(!d.text.contains("garden furniture"))
}

@Test func wrapperHoldingTheHeadlineIsNotPrunedByItsClass() throws {
    // A page wrapper whose id names a navigation ("left-navigation_page-wrapper") but that holds the story's
    // headline and its paragraphs is descended into, not removed; the menu inside it still goes.
    let links = (1...40).map { "<li><a href=\"/s\($0)\">Service area number \($0)</a></li>" }.joined()
    let page = """
    <html><head><title>Council approves budget after long debate</title></head><body>
    <div class="page-wrapper" id="left-navigation_page-wrapper">
    <div class="menu"><ul>\(links)</ul></div>
    <div class="content-col"><h1>Council approves budget after long debate</h1>
    <p>\(para1)</p><p>\(para2)</p><p>\(para3)</p></div>
    </div>
    <footer><ul>\(links)</ul><ul>\(links)</ul></footer>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("The city council voted on Tuesday"))
    #expect(d.text.contains("The mayor, who had campaigned"))
    #expect(!d.text.contains("Service area number"))
    // Found by the first (strict) attempt, not by a fallback.
    #expect(d.meta["extract_source"] == "dom")
}

@Test func shortPostBeatsSidebarWidgetProse() throws {
    // A photo post with one line of text, beside a sidebar widget of "about me" prose that outscores it: the
    // winner's class says it is a widget, so the container of the post's headline is taken even though it
    // holds little text.
    let about = "I am a designer and illustrator living in Leeds, writing about logos, type, posters and everything else that catches my eye. I have been collecting good design from around the web since 2006, and every day I share a few of the best finds here, with credit to the people who made them. Drop me a line if you have made something you would like to see on the blog, or follow along on the usual social networks."
    let page = """
    <html><head><title>Logos re-imagined for the zombie apocalypse | Curious Brain</title></head><body>
    <div class="col-a"><div class="box"><h2>Logos re-imagined for the zombie apocalypse</h2>
    <div class="inner"><img src="zombie.jpg" width="600" height="400"><p>Created by a UK-based designer. More zombies here.</p></div></div></div>
    <ul class="col-b"><li class="widget widget_text"><div class="textwidget"><p>\(about)</p></div></li></ul>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("Created by a UK-based designer"))
    #expect(!d.text.contains("designer and illustrator living in Leeds"))
}

@Test func headlineAboveTheBodyStartsTheText() throws {
    // The headline sits in a header block above the chosen container: the article starts with it.
    let page = """
    <html><head><title>Council approves budget after long debate - The Daily Example</title></head><body>
    <div class="top"><a href="/">Home</a> <a href="/news">News</a></div>
    <div class="story-header"><h1>Council approves budget after long debate</h1><span>By Jane Doe</span></div>
    <div class="story-text"><p>\(para1)</p><p>\(para2)</p><p>\(para3)</p></div>
    </body></html>
    """
    let (d, _) = try html(page, params: includeTitle)
    #expect(d.text.hasPrefix("Council approves budget after long debate\n\nThe city council voted on Tuesday"))
    // By default the headline is the title only.
    let (plain, _) = try html(page)
    #expect(plain.text.hasPrefix("The city council voted on Tuesday"))
    #expect(plain.title == "Council approves budget after long debate")
}

@Test func plainBlockHeadlineIsFoundWithoutHeadings() throws {
    // A table-laid-out page styles a plain <div> as the headline; no h1–h3 repeats the title.
    let page = """
    <html><head><title>NEWS | World | Council approves budget after long debate</title></head><body>
    <table><tr><td><a href="/">Home</a><br><a href="/world">World</a><br><a href="/sport">Sport</a></td>
    <td><div class="sh">Council approves budget after long debate</div>
    <div class="byline">Jane Doe</div></td></tr>
    <tr><td></td><td><p>\(para1)</p><p>\(para2)</p><p>\(para3)</p></td></tr></table>
    </body></html>
    """
    let (d, _) = try html(page, params: includeTitle)
    #expect(d.text.hasPrefix("Council approves budget after long debate"))
    #expect(d.text.contains("The mayor, who had campaigned"))
}

@Test func permalinkHeadlineIsKept() throws {
    // Blogs make the post's headline a link to the post itself: it is still the headline, not a link list.
    let page = """
    <html><head><title>Council approves budget after long debate | My Blog</title></head><body>
    <div class="post"><h2 class="post-title"><a href="/2023/02/council-budget">Council approves budget after long debate</a></h2>
    <p>\(para1)</p><p>\(para2)</p><p>\(para3)</p></div>
    </body></html>
    """
    let (d, _) = try html(page, params: includeTitle)
    #expect(d.text.hasPrefix("Council approves budget after long debate\n\nThe city council voted on Tuesday"))
    // By default the headline inside the post leaves the text.
    let (plain, _) = try html(page)
    #expect(plain.text.hasPrefix("The city council voted on Tuesday"))
}

@Test func titleKeyIgnoresTypographicPunctuation() throws {
    #expect(DOMExtractor.titleKey("This Cat’s “Costume” – Way Better…".utf8) == DOMExtractor.titleKey("This Cat's \"Costume\" - Way Better...".utf8))
    #expect(DOMExtractor.titleKey("«Żółć» €5".utf8) == Array("Żółć€5".utf8))
    #expect(DOMExtractor.titleKey("子どもへの虐待".utf8) == Array("子どもへの虐待".utf8))
}

@Test func metadataHeadlineStartsTheTextWhenTheBodyHasNone() throws {
    // The page draws its headline by script: og:title, repeated by <title>, starts the article.
    let page = """
    <html><head><title>Council approves budget after long debate — The Daily Example</title>
    <meta property="og:title" content="Council approves budget after long debate"></head><body>
    <div class="story"><p>\(para1)</p><p>\(para2)</p><p>\(para3)</p></div>
    </body></html>
    """
    let (d, _) = try html(page, params: includeTitle)
    #expect(d.text.hasPrefix("Council approves budget after long debate\n\nThe city council voted on Tuesday"))
    // A site-name og:title is not a headline.
    let page2 = page.replacingOccurrences(of: "content=\"Council approves budget after long debate\"", with: "content=\"The Daily Example\"")
    let (d2, _) = try html(page2, params: includeTitle)
    #expect(d2.text.hasPrefix("The city council voted on Tuesday"))
}

@Test func repeatedPostBlocksAreAllKept() throws {
    // A blog's front page: each post is an "item" block holding a title and a "post-body"; the text is all
    // of them, while a teaser list with the same look but made of links is not.
    func post(_ title: String, _ paras: [String]) -> String {
        "<div class=\"item\"><h3>\(title)</h3><div class=\"post-body\">" + paras.map { "<p>\($0)</p>" }.joined() + "</div></div>"
    }
    let page = """
    <html><head><title>My Blog</title></head><body>
    <div id="main">
    \(post("Budget day", Array(repeating: para1, count: 12)))
    \(post("Taxes", [para2 + " " + para2]))
    \(post("The mayor speaks", [para3 + " " + para3]))
    <div>\((1...30).map { "<a href=\"/archive/\($0)\">Archive page number \($0) of this blog</a>" }.joined(separator: " "))</div>
    </div>
    <div id="side"><div class="item"><a href="/a">Older post one about something else entirely, with a long link text here</a> <a href="/b">Older post two about something else entirely, with a long link text here</a> <a href="/c">Older post three about another thing, with a long link text here</a></div></div>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("The city council voted on Tuesday"))
    #expect(d.text.contains("Opponents said the plan"))
    #expect(d.text.contains("The mayor, who had campaigned"))
    #expect(!d.text.contains("Older post one"))
}

@Test func signedCommentThreadWithoutMarkupIsCut() {
    // Movable Type / TypePad: the post ends with "Posted by Name at <date>", each comment with
    // "Posted by: Name | <date>". The thread goes; the post stays.
    let lines = [para1, para2, "Posted by Menzie Chinn at October 29, 2012 05:10 PM",
                 "Great post, thanks for writing it.", "Posted by: jonathan at October 29, 2012 05:23 PM",
                 "I disagree with every word of this.", "Posted by: Ann | Oct 29, 2012 6:01:10 PM"]
    let r = LineRules(title: nil, textInput: false, tracing: true).apply(lines.joined(separator: "\n"))
    #expect(r.lines == [para1, para2])
    // One "Posted by:" line alone is not a thread.
    let one = [para1, "Posted by: Jane Doe | March 26, 2007 2:00 PM", para2]
    let r1 = LineRules(title: nil, textInput: false, tracing: true).apply(one.joined(separator: "\n"))
    #expect(r1.lines.contains(para2))
    // A "Posted by" byline on top of a long post is not where the thread starts: nothing is cut.
    let top = ["Posted by Menzie Chinn at October 29, 2012 05:10 PM"] + Array(repeating: [para1, para2, para3], count: 4).flatMap { $0 }
        + ["Great post.", "Posted by: jonathan at October 29, 2012 05:23 PM", "No.", "Posted by: Ann | Oct 29, 2012 6:01:10 PM"]
    let r2 = LineRules(title: nil, textInput: false, tracing: true).apply(top.joined(separator: "\n"))
    #expect(r2.lines.filter { $0 == para3 }.count == 4)
}

@Test func linklessTeaserIsTheLead() throws {
    // German news templates call the standfirst "teaser-text"; a teaser box of links to other stories
    // still goes.
    let lead = "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen, nach einer langen Debatte bis in die Nacht."
    let page = """
    <html><head><title>Stadtrat beschließt Haushalt</title></head><body>
    <div class="article"><h1>Stadtrat beschließt Haushalt</h1>
    <div class="teaser-text"><p>\(lead)</p></div>
    <p>\(para1)</p><p>\(para2)</p><p>\(para3)</p>
    <div class="teaser"><a href="/b">Bürgermeister kündigt neue Parkanlagen für die Innenstadt an</a> <a href="/c">Schulen erhalten mehr Geld</a></div>
    </div></body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("Der Stadtrat hat am Dienstag"))
    #expect(d.text.contains("The city council voted"))
    #expect(!d.text.contains("neue Parkanlagen"))
}

@Test func germanClosingQuoteEndsASentence() {
    #expect(LineRules.endsSentence("– „Ok.“"))
    #expect(LineRules.endsSentence("Er sagte: ‚Nein.‘"))
    // The last line of a dialogue is not trailing page chrome.
    let r = LineRules(title: nil, textInput: false, tracing: true).apply([para1, "– „Ok.“"].joined(separator: "\n"))
    #expect(r.lines == [para1, "– „Ok.“"])
}

@Test func entryMoreAfterTheJumpIsKept() throws {
    // Movable Type/TypePad put the rest of the entry after the jump in "asset-more"; a "more" link box stays out.
    let page = """
    <html><head><title>Council approves budget after long debate</title></head><body>
    <div class="entry"><h2>Council approves budget after long debate</h2>
    <div class="entry-body"><p>\(para1)</p></div>
    <div class="asset-more" id="more"><p>\(para2)</p><p>\(para3)</p></div>
    <div class="more"><a href="/archive">More stories from the city council and the mayor's office</a></div>
    </div></body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("The city council voted"))
    #expect(d.text.contains("Opponents said the plan"))
    #expect(d.text.contains("The mayor, who had campaigned"))
    #expect(!d.text.contains("More stories from"))
}

@Test func typePadEntryWithAuthorTaxonomyClassIsKept() throws {
    // TypePad lists taxonomy classes on the entry ("entry-author-jdoe"): "author" there names no author box, so
    // a short entry is not pruned as chrome. A lone "entry-author-info" is the author box and still goes.
    let about = "This weblog is written by the staff of the city desk. We post short notes on council meetings, planning decisions, road works and anything else that changes how the town lives, usually several times a week, and we read every message our readers send us, even the angry ones about parking."
    let archives = (1...40).map { "<li><a href=\"/archive/\($0)\">Archive page \($0)</a></li>" }.joined()
    let bio = "Jane Doe has covered the city council for the paper since 2009 and writes about transport, housing and local politics. Before that she reported on courts and crime for a regional weekly."
    let page = """
    <html><head><title>Council approves budget after long debate</title></head><body>
    <div id="alpha"><div class="entry-category-news entry-author-jdoe entry-type-post entry" id="entry-42">
    <h3 class="entry-header">Council approves budget after long debate</h3>
    <div class="entry-content"><div class="entry-body"><p>\(para1)</p><p>\(para2)</p></div></div>
    <div id="entry-author-info">\(bio)</div>
    </div></div>
    <div id="beta"><div class="module-about"><p>\(about)</p></div><div class="module-archives"><ul>\(archives)</ul></div></div>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("The city council voted"))
    #expect(!d.text.contains("has covered the city council"))
    #expect(!d.text.contains("This weblog is written"))
    let listed = ClassMatcher.classify(Array("entry-category-news entry-author-jdoe entry-type-post entry".utf8)[...])
    #expect(listed.positive && !listed.hardNegative)
    #expect(ClassMatcher.classify(Array("entry-author-info".utf8)[...]).hardNegative)
}

@Test func postAuthorBoxIsDroppedButPostIdClassSaysNothing() throws {
    // "post-author" names the about-the-author box under a post (its words count: "author"), while "post-42"
    // is the post's id and is skipped like other taxonomy classes.
    let bio = "Mary is a scientist who works on drugs you have hopefully never heard of. She enjoys cooking, messing with her cats, and hosting the monthly book club downtown."
    let page = """
    <html><head><title>Council approves budget after long debate</title></head><body>
    <div id="content"><div class="post-42 post"><h2>Council approves budget after long debate</h2>
    <p>\(para1)</p><p>\(para2)</p>
    <div class="post-author"><h3>About the author</h3><p>\(bio)</p></div></div></div>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("Opponents said the plan"))
    #expect(!d.text.contains("works on drugs"))
    #expect(ClassMatcher.classify(Array("post-author".utf8)[...]).hardNegative)
    #expect(ClassMatcher.classify(Array("post-42".utf8)[...]).weight == 0)
}

@Test func containerWithAQuarterOfTheTextFallsBackToTheBody() throws {
    // The chosen container holds under a quarter of the page's visible text (a list page whose entries do not
    // score as paragraphs): the whole cleaned body is the text.
    let entries = (1...9).map { "<li>Entry \($0): the committee heard evidence from residents about the new bus lanes and the repairs to the old bridge on the ring road.</li>" }.joined()
    let page = """
    <html><head><title>Minutes</title></head><body>
    <div class="intro"><p>\(para1)</p><p>\(para2)</p></div>
    <ul class="minutes">\(entries)</ul>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("The city council voted"))
    #expect(d.text.contains("Entry 7: the committee heard evidence"))
}

@Test func shortPostChosenByHeadlineAndScoringDoesNotFallBackToTheBody() throws {
    // A short post whose container both the headline and the content scoring chose, on a page whose sidebar
    // text (not scored as paragraphs) is over three times longer: the post is the text, not the whole body.
    // Without a heading that repeats the title, the same page still falls back to the whole body.
    let notes = (1...12).map { "<li>Reading note \($0): a long description of a book about town planning, bridges, buses and the history of the ring road.</li>" }.joined()
    let page = { (heading: String) in """
    <html><head><title>Council approves budget after long debate | City Notes</title></head><body>
    <div id="main"><div class="post"><h2>\(heading)</h2><div class="post-body"><p>\(para1)</p><p>\(para2)</p></div></div></div>
    <div id="side"><ul class="notes">\(notes)</ul></div>
    </body></html>
    """ }
    let (d, _) = try html(page("Council approves budget after long debate"))
    #expect(d.text.contains("The city council voted"))
    #expect(!d.text.contains("Reading note 7"))
    let (d2, _) = try html(page("Latest from the city desk"))
    #expect(d2.text.contains("The city council voted"))
    #expect(d2.text.contains("Reading note 7"))
}

@Test func shortLinkListPostChosenByHeadlineIsKeptUncleaned() throws {
    // A weekly round-up whose text is a table of days and linked news items: cleaning drops the table for its
    // links and leaves under 200 characters. The container, which both the headline and the scoring chose, is
    // then taken without cleaning rather than the whole body with the sidebar. Without a heading that repeats
    // the title, the whole body is taken as before.
    let rows = [("Monday", "storage gateway", "is now available to all"), ("Wednesday", "two more regions", "opened in Asia"),
                ("Friday", "smaller instances", "cost less from today")]
        .map { "<tr><td>\($0.0)</td><td><a href=\"/n\">The \($0.1)</a> \($0.2)</td></tr>" }.joined()
    let side = (1...12).map { "<li>Reading note \($0): a long description of a book about town planning, bridges and buses.</li>" }.joined()
    let page = { (heading: String) in """
    <html><head><title>Week in review: what we shipped | Cloud Notes</title></head><body>
    <div id="main"><div class="post"><h2>\(heading)</h2><div class="post-body">
    <p>Here is a quick look at what happened last week, day by day, for everyone who missed it.</p>
    <table>\(rows)</table></div></div></div>
    <div id="side"><ul class="notes">\(side)</ul></div>
    </body></html>
    """ }
    let (d, _) = try html(page("Week in review: what we shipped"))
    #expect(d.text.contains("two more regions opened in Asia"))
    #expect(!d.text.contains("Reading note 7"))
    let (d2, _) = try html(page("Latest from the cloud desk"))
    #expect(d2.text.contains("Reading note 7"))
}

@Test func oneLinkedSentencePostChosenByHeadlineIsKept() throws {
    // A one-sentence announcement that is mostly a link: cleaning drops it, and its container (chosen by both
    // the headline and the scoring) holds under 200 characters. It is still the text, not the whole page.
    let side = (1...6).map { "<li><a href=\"/a/\($0)\">Archive page \($0)</a></li>" }.joined()
    let page = """
    <html><head><title>Issue one is out | Monthly Notes</title></head><body>
    <div id="wrapper"><div class="container"><div id="home"><div id="post"><h2>Issue one is out</h2>
    <p>We have finally released issue one (<a href="/issue-1">along with a newly revamped website</a>).</p></div></div></div>
    <div class="sidebar"><p>Monthly Notes is a print magazine made from the best posts of the month, sent to your door.</p><ul>\(side)</ul></div>
    </div></body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("We have finally released issue one"))
    #expect(!d.text.contains("print magazine made from"))
}

@Test func siblingListOfHeadedTeasersIsNotMerged() throws {
    // Beside the story, a block of other stories' teasers (each item a headline, a blurb of prose and a "Read
    // more" link) scores well enough to join as a sibling; a list whose items start with their own headings is
    // not more of the story. A sibling block of plain paragraphs still joins.
    let teaser = { (t: String) in "<li><h3>\(t)</h3><p class=\"text\">The first consoles go on sale in the city at midnight, with a launch event, games, prizes, music, food, drinks, and long, slow, cold queues expected. <a href=\"/n\">Read more...</a></p></li>" }
    let page = """
    <html><head><title>Council approves budget after long debate</title></head><body><div id="wrap">
    <div id="story"><h1>Council approves budget after long debate</h1><p>\(para1)</p><p>\(para2)</p></div>
    <p>\(para3)</p>
    <div id="secondary"><ul>\(teaser("Launch party at the flagship store"))\((1...7).map { teaser("New downloads arrive in week \($0)") }.joined())</ul></div>
    </div></body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("The city council voted"))
    #expect(d.text.contains("The mayor, who had campaigned"))
    #expect(!d.text.contains("Launch party at the flagship store"))
}

@Test func keepsLinkedDataTableInsideStory() throws {
    // A line-up table whose player names are links: a data table in the story, not a navigation grid.
    let row = { (n: Int, a: String, b: String) in
        "<tr><td>\(n). <a href=\"/p/\(a)\">\(a)</a> (R) left field</td><td>\(n). <a href=\"/p/\(b)\">\(b)</a> (L) shortstop</td></tr>"
    }
    let rows = (1...5).map { row($0, "Alpha\($0)", "Bravo\($0)") }.joined()
    let page = """
    <html><head><title>Game thread: Visitors at Hosts</title></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
    <div class="entry-body"><h1>Game thread: Visitors at Hosts</h1>
    <p>\(para1)</p>
    <table><tr><th>Visitors</th><th>Hosts</th></tr>\(rows)</table>
    <p>\(para2)</p></div>
    <div class="sidebar"><table><tr><td><a href="/a">Other story one</a></td><td><a href="/b">Other story two</a></td></tr></table></div>
    </body></html>
    """
    let (d, r) = try html(page)
    #expect(r == .keep)
    #expect(d.text.contains("Alpha3 (R) left field"))
    #expect(d.text.contains(para2))
    #expect(!d.text.contains("Other story one"))
}

@Test func linkDenseContentBlockWithAProseParagraphIsCleanedNotDropped() throws {
    // The post's "entry-content" holds its one paragraph among many image links: cleaning descends into it
    // (the paragraph stays) instead of dropping it whole. A link-dense content block without such a paragraph
    // still goes.
    let photos = (1...12).map { "<a href=\"/photos/\($0)\">Sample photo number \($0) taken with the new lens</a> " }.joined()
    let page = """
    <html><head><title>More sample images from the new zoom lens</title></head><body>
    <div class="post hentry"><h1 class="entry-title">More sample images from the new zoom lens</h1>
    <div class="entry-content"><p>\(para1)</p><p>\(photos)</p></div>
    <div class="text-links"><a href="/a">Older sample images</a> <a href="/b">Lens reviews and more sample galleries</a> <a href="/c">All the lens rumors</a></div>
    <p>\(para2)</p></div>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("The city council voted"))
    #expect(!d.text.contains("Lens reviews and more sample galleries"))
}

@Test func dropsLinkTableWithoutHeaderInsideStory() throws {
    // Without a header row the same grid of links is treated as a link block.
    let rows = (1...5).map { "<tr><td><a href=\"/s/\($0)\">Another story number \($0)</a></td><td><a href=\"/t/\($0)\">Yet another story \($0)</a></td></tr>" }.joined()
    let page = """
    <html><head><title>Council approves budget</title></head><body>
    <div class="entry-body"><h1>Council approves budget</h1>
    <p>\(para1)</p>
    <table>\(rows)</table>
    <p>\(para2)</p><p>\(para3)</p></div>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains(para2))
    #expect(!d.text.contains("Yet another story 3"))
}

@Test func titleHeadingIgnoresACategoryKickerBlockInsideIt() throws {
    // "<h2><div>News</div><a>Headline</a></h2>": the kicker block is not part of the headline.
    let page = """
    <html><body><h1>Team Blog</h1><div class="post"><h2><div class="cat"><a href="/c/news">News</a></div>
    <a href="/2012/11/01/fans-show-pride">Fans show their team pride on Halloween</a></h2>
    <p>\(para1)</p></div></body></html>
    """
    let (doc, ex) = try titleExtractor(page, titles: ["Fans show their team pride on Halloween - Team Blog"])
    #expect(ex.titleHeading >= 0 && doc.nodes[ex.titleHeading].tag == .h2)
}

@Test func listIntroducedByALabelWithNotesPerItemIsKept() throws {
    // "Other deals:" then items of a link plus a note: the story's own list. A bare list of links after
    // "Related:" is still dropped.
    let deals = (1...4).map { "<li><a href=\"/d/\($0)\">Portable drive model \($0) with free shipping at a store</a> (normally $\($0)99 - use coupon code: SAVE\($0)0NOW)</li>" }.joined()
    let related = (1...4).map { "<li><a href=\"/r/\($0)\">Another story about something number \($0)</a></li>" }.joined()
    let page = """
    <html><head><title>The weekend deals list</title></head><body>
    <div class="entry-body"><h1>The weekend deals list</h1>
    <p>\(para1)</p><p>\(para2)</p>
    <p><strong>Other deals:</strong></p>
    <ul>\(deals)</ul>
    <p>\(para3)</p>
    <p>Related:</p>
    <ul>\(related)</ul>
    </div></body></html>
    """
    let (d, r) = try html(page)
    #expect(r == .keep)
    #expect(d.text.contains("Portable drive model 3 with free shipping at a store (normally $399 - use coupon code: SAVE30NOW)"))
    #expect(!d.text.contains("Another story about something number 2"))
}

@Test func recentPostsBoxAfterTheStoryIsDropped() throws {
    // "recent_posts" holds "post" (positive) but names a box of other stories' teasers.
    let teaser = "So I would be on the street, desperately asking anyone who came by for a second of their time, and I was ignored."
    let page = """
    <html><head><title>Council approves budget</title></head><body>
    <div class="entry"><h1>Council approves budget</h1><p>\(para1)</p><p>\(para2)</p><p>\(para3)</p></div>
    <div class="recent_posts grid_12"><h4>Recently Cataloged</h4><ul>
    <li><h3><a href="/a">A list of the worst jobs</a></h3><div class="excerpt"><p>\(teaser)</p></div></li>
    </ul></div>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains(para3))
    #expect(!d.text.contains("desperately asking anyone"))
    #expect(ClassMatcher.classify(Array("recent_posts grid_12".utf8)[...]).hardNegative)
}

@Test func storyInTheRowsOfALayoutTableIsKeptWhole() throws {
    // An old table-layout page: the story runs over several rows of one table (a boxed note between two
    // sections); the cell beside the story in its own row is a side column, and the last row is a footer.
    let para4 = "Residents who spoke at the meeting, many of them parents, asked for more details on the school projects, the timing of the road works, and the cost of the new bus lines."
    let page = """
    <html><head><title>Budget</title></head><body>
    <table width="100%">
    <tr><td colspan="2"><a href="/">Home</a> | <a href="/news">News</a> | <a href="/about">About</a></td></tr>
    <tr><td width="150"><p>\(sidebarProse)</p></td>
    <td><font size="3"><p><b>The vote</b></p><p>\(para1)</p><p>\(para2)</p><p>\(para1)</p></font></td></tr>
    <tr><td colspan="2"><font size="2"><p><b>Note:</b> \(para4)</p></font></td></tr>
    <tr><td colspan="2"><font size="3"><p><b>What comes next</b></p><p>\(para3)</p></font></td></tr>
    <tr><td colspan="2"><a href="/contact">Contact us</a> | <a href="/privacy">Privacy</a> | <a href="/terms">Terms of use</a></td></tr>
    </table>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("The city council voted on Tuesday"))
    #expect(d.text.contains("Residents who spoke at the meeting"))
    #expect(d.text.contains("The mayor, who had campaigned"))
    #expect(!d.text.contains("retired teacher"))
    #expect(!d.text.contains("Terms of use"))
}

@Test func listOfProseItemsInTheStoryIsKept() throws {
    // Tips in list items whose text sits in <font>/<p> blocks (which gives the list a little content
    // score on top of the list tag's negative base): story text. A list of links in the story still goes.
    let tip1 = "Start a compost pile at your school, and ask each class to bring the peels and cores from their lunch, so that the garden has rich soil by the spring."
    let tip2 = "Build a bird feeder from an old carton, hang it near a classroom window, and keep a journal of the birds that visit it over the winter months."
    let page = """
    <html><head><title>Tips</title></head><body>
    <div id="main"><p>\(para1)</p><p>\(para2)</p>
    <ul><li><font size="2">\(tip1)</font></li></ul>
    <ul><li><font size="2">\(tip2)</font></li></ul>
    <p>\(para3)</p>
    <ul><li><p><a href="/a">Mayor announces new park plans for the city centre</a></p></li><li><p><a href="/b">Schools get new funding from the regional government</a></p></li></ul>
    </div>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("Start a compost pile"))
    #expect(d.text.contains("Build a bird feeder"))
    #expect(d.text.contains("The mayor, who had campaigned"))
    #expect(!d.text.contains("Mayor announces new park plans"))
}

@Test func proseAroundTheChosenBlockInItsTableCellIsKept() throws {
    // An old table-layout page: the story's body is a quoted block, and the same cell holds a boxed
    // "background" section (a heading over a list of facts) that scoring does not see as prose. The
    // cell's other text is unlinked, so the cell is the story; the side column of links stays out.
    let page = """
    <html><head><title>Budget</title></head><body>
    <table width="100%"><tr>
    <td width="150"><a href="/">Home</a><br><a href="/news">News</a><br><a href="/about">About us</a><br><a href="/contact">Contact</a></td>
    <td><div><h3>Background</h3><ul><li>The budget year starts in April</li><li>The council has 48 members</li><li>The last budget passed in 2019</li></ul></div>
    <blockquote><p>\(para1)</p><p>\(para2)</p><p>\(para3)</p></blockquote></td>
    </tr></table>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("The council has 48 members"))
    #expect(d.text.contains("The city council voted on Tuesday"))
    #expect(d.text.contains("The mayor, who had campaigned"))
    #expect(!d.text.contains("About us"))
}

@Test func siblingTableOfProseIsKept() throws {
    // An old page that sets each section of its story in a table of its own: the next section's table
    // is prose (commas, hardly any links) and joins the text; a sibling table of links does not.
    let page = """
    <html><head><title>Budget</title></head><body>
    <table><tr><td><p>\(para1)</p><p>\(para2)</p><p>\(para1)</p></td></tr></table>
    <table><tr><td><font size="2">\(para3) \(para2)</font></td></tr></table>
    <table><tr><td><a href="/a">Mayor announces new park plans for the city centre</a><br><a href="/b">Schools get new funding from the regional government</a><br><a href="/c">Bus lines to change, the transport office says</a></td></tr></table>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("The city council voted on Tuesday"))
    #expect(d.text.contains("The mayor, who had campaigned"))
    #expect(!d.text.contains("Mayor announces new park plans"))
}

@Test func headingRightBeforeTheStoryStartsTheTextWhenNoneRepeatsTheTitle() throws {
    // A blog post's title heading sits right before its "post-body" and does not repeat the <title> (the
    // blog's name): the article still starts with it. A heading with a block of text between it and the
    // story is a section label of the page, not the story's headline.
    func page(_ between: String) -> String {
        """
        <html><head><title>A Gardener's Notebook</title></head><body>
        <div id="side"><a href="/">Home</a> <a href="/archive">Archive</a></div>
        <h3 class="post-title">Notes from the council meeting</h3>\(between)
        <div class="post-body"><p>\(para1)</p><p>\(para2)</p><p>\(para3)</p></div>
        </body></html>
        """
    }
    let (d, _) = try html(page("<img src=\"a.jpg\">"), params: includeTitle)
    #expect(d.text.hasPrefix("Notes from the council meeting\n\nThe city council voted on Tuesday"))
    let (d2, _) = try html(page("<div class=\"filed\">Filed under local politics and gardening</div>"), params: includeTitle)
    #expect(!d2.text.contains("Notes from the council meeting"))
}

@Test func plainSiblingWrapperOfProseIsKept() throws {
    // An old FAQ page: each section is an unnamed <div> of paragraphs beside the chosen one; an unnamed
    // wrapper of prose joins the text, an unnamed wrapper of links does not.
    let faq = "If you do not find an answer to your question here, write to the office and a member of the staff will reply within a few days by email or by telephone. Volunteers who have been before are glad to help, and many of them stay in touch."
    func page(_ inner: String) -> String {
        """
        <html><head><title>Questions</title></head><body>
        <div id="wrap">
        <div>\(String(repeating: "<p>\(para1)</p><p>\(para2)</p><p>\(para3)</p>", count: 5))</div>
        <div>\(inner)</div>
        </div>
        </body></html>
        """
    }
    let (d, _) = try html(page("<p>\(faq)</p>"))
    #expect(d.text.contains("If you do not find an answer"))
    let (d2, _) = try html(page("<p><a href=\"/a\">Travel, visas and insurance for volunteers</a></p><p><a href=\"/b\">Work projects, schedules and the daily routine</a></p><p><a href=\"/c\">Food, lodging and free time, with photos</a></p><p>See also, for more, the other pages.</p>"))
    #expect(!d2.text.contains("Travel, visas and insurance"))
}

@Test func proseTableBesideTheChosenCellsTableIsKept() throws {
    // An old blog laid out in tables: each post is a table of its own, and the chosen container is a cell
    // of the first one (a date column beside it). The next post's table joins the text; a table of links
    // beside them does not.
    let page = """
    <html><head><title>Notebook</title></head><body>
    <table><tr><td width="60">Jan 20</td><td><p>\(para1)</p><p>\(para2)</p><p>\(para1)</p></td></tr></table>
    <table><tr><td width="60">Jan 19</td><td>\(para3) \(para2)</td></tr></table>
    <table><tr><td><a href="/a">Mayor announces new park plans for the city centre</a><br><a href="/b">Schools get new funding from the regional government</a><br><a href="/c">Bus lines to change, the transport office says</a></td></tr></table>
    </body></html>
    """
    let (d, _) = try html(page)
    #expect(d.text.contains("The city council voted on Tuesday"))
    #expect(d.text.contains("The mayor, who had campaigned"))
    #expect(!d.text.contains("Mayor announces new park plans"))
}

@Test func proseAroundTheChosenBlockInAnUnnamedDivIsKept() throws {
    // The same climb through an unnamed <div> (an old page's plain wrapper) when its other text is prose;
    // not when it is links.
    func page(_ box: String) -> String {
        """
        <html><head><title>Budget</title></head><body>
        <div class="nav"><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About us</a></div>
        <div><div>\(box)</div>
        <blockquote><p>\(para1)</p><p>\(para2)</p><p>\(para3)</p></blockquote></div>
        </body></html>
        """
    }
    let (d, _) = try html(page("<h3>Background</h3><ul><li>The budget year starts in April</li><li>The council has 48 members</li><li>The last budget passed in 2019</li></ul>"))
    #expect(d.text.contains("The council has 48 members"))
    #expect(d.text.contains("The city council voted on Tuesday"))
    let (d2, _) = try html(page("<h3>More</h3><ul><li><a href=\"/a\">The budget year starts in April</a></li><li><a href=\"/b\">The council has 48 members</a></li><li><a href=\"/c\">The last budget passed in 2019</a></li></ul>"))
    #expect(!d2.text.contains("The council has 48 members"))
    #expect(d2.text.contains("The city council voted on Tuesday"))
}
