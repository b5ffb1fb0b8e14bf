import Foundation
import Testing
import WinnowCore
import WinnowHTML
@testable import WinnowExtract

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

// Page-level extraction checks are data: Cases/<case>/{page.html,expected.json}, run by ExtractionCaseTests.

@Test func stageReleasesTheRawBytes() throws {
    let stage = try StripBoilerplateStage(params: StageParams())
    var d = Document(id: "t", source: SourceRef(path: "t.html"), format: .html, raw: Array("<html><body><p>\(para1)</p></body></html>".utf8))
    _ = try stage.process(&d)
    #expect(d.raw == nil)
}

/// The class words behind the cases typepad-entry-author-taxonomy-class, post-author-box-dropped and
/// recent-posts-box-after-story.
@Test func classWordsOfAuthorAndRecentPostBoxes() {
    let listed = ClassMatcher.classify(Array("entry-category-news entry-author-jdoe entry-type-post entry".utf8)[...])
    #expect(listed.positive && !listed.hardNegative)
    #expect(ClassMatcher.classify(Array("entry-author-info".utf8)[...]).hardNegative)
    #expect(ClassMatcher.classify(Array("post-author".utf8)[...]).hardNegative)
    #expect(ClassMatcher.classify(Array("post-42".utf8)[...]).weight == 0)
    #expect(ClassMatcher.classify(Array("recent_posts grid_12".utf8)[...]).hardNegative)
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

@Test func closingLabelIsDroppedButOnlyOne() {
    // A text that ends on "Share this:" (its buttons gone) drops it; only one label, since the lines above
    // may be "Key: value" facts of the article.
    let share = LineRules(title: nil, textInput: false, tracing: true).apply([para1, para2, "Share this:", "Facebook"].joined(separator: "\n"))
    #expect(share.lines == [para1, para2])
    let facts = [para1, "Camera: Canon EOS 60D", "Exposure: 60 x 3 minutes", "Other photographers:"]
    let r = LineRules(title: nil, textInput: false, tracing: true).apply(facts.joined(separator: "\n"))
    #expect(r.lines == [para1, "Camera: Canon EOS 60D", "Exposure: 60 x 3 minutes"])
}

@Test func iconSizeIsReadFromAttributesAndStyle() {
    #expect(DOMExtractor.pixels(Array("16".utf8)[...]) == 16)
    #expect(DOMExtractor.pixels(Array("16px".utf8)[...]) == 16)
    #expect(DOMExtractor.pixels(Array("50%".utf8)[...]) == nil)
    #expect(DOMExtractor.pixels(Array("2em".utf8)[...], needPx: true) == nil)
}

@Test func titleKeyIgnoresTypographicPunctuation() throws {
    #expect(DOMExtractor.titleKey("This Cat’s “Costume” – Way Better…".utf8) == DOMExtractor.titleKey("This Cat's \"Costume\" - Way Better...".utf8))
    #expect(DOMExtractor.titleKey("«Żółć» €5".utf8) == Array("Żółć€5".utf8))
    #expect(DOMExtractor.titleKey("子どもへの虐待".utf8) == Array("子どもへの虐待".utf8))
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

@Test func germanClosingQuoteEndsASentence() {
    #expect(LineRules.endsSentence("– „Ok.“"))
    #expect(LineRules.endsSentence("Er sagte: ‚Nein.‘"))
    // The last line of a dialogue is not trailing page chrome.
    let r = LineRules(title: nil, textInput: false, tracing: true).apply([para1, "– „Ok.“"].joined(separator: "\n"))
    #expect(r.lines == [para1, "– „Ok.“"])
}
