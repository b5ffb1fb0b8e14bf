import Foundation
import Testing
import WinnowCore
@testable import WinnowFilters

func fixture(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
        throw ConfigError(reason: "missing fixture \(name)")
    }
    return try String(contentsOf: url, encoding: .utf8)
}

func document(_ text: String, url: String? = nil, language: String? = nil, score: Double? = nil) -> Document {
    var d = Document(id: "t", source: SourceRef(path: "t.txt"), format: .text, text: text)
    d.url = url; d.language = language; d.languageScore = score; d.tracing = true
    return d
}

func stage<F: DocumentFilter>(_ type: F.Type, _ json: String = "{}") throws -> FilterStage<F> {
    guard case let .object(pairs) = try JSONValue.parse(json) else { throw ConfigError(reason: "params") }
    return try FilterStage<F>(params: StageParams(pairs, location: "stages[0] (\(F.typeName))", file: "t.json"))
}

extension QualityFilter.Options {
    /// Every rule off: a test turns on the one it checks.
    static var off: Self {
        var o = Self()
        o.minDocWords = 0; o.maxDocWords = 0; o.minAvgWordLength = 0; o.maxAvgWordLength = 0; o.maxSymbolWordRatio = 0
        o.maxBulletLinesRatio = 0; o.maxEllipsisLinesRatio = 0; o.maxNonAlphaWordsRatio = 0; o.minStopWords = 0
        o.dupLineFrac = 0; o.dupParaFrac = 0; o.dupLineCharFrac = 0; o.dupParaCharFrac = 0
        o.top2GramFrac = 0; o.top3GramFrac = 0; o.top4GramFrac = 0
        o.dup5GramFrac = 0; o.dup6GramFrac = 0; o.dup7GramFrac = 0; o.dup8GramFrac = 0; o.dup9GramFrac = 0; o.dup10GramFrac = 0
        return o
    }
}

func quality(_ o: QualityFilter.Options, _ text: String) throws -> (FilterDecision, Document) {
    let f = try QualityFilter(options: o, params: StageParams())
    var d = document(text)
    return (f.filter(&d), d)
}

/// One Gopher rule, on with its datatrove default and every other rule off: `drop` must trip it, `keep` must not.
struct RuleCase: CustomTestStringConvertible, Sendable {
    let rule: QualityFilter.Rule
    let drop: String
    let keep: String
    let on: @Sendable (inout QualityFilter.Options) -> Void
    var testDescription: String { rule.rawValue }
}

let d = QualityFilter.Options()
let gopherCases: [RuleCase] = [
    RuleCase(rule: .tooFewWords, drop: "short.txt", keep: "good-article.txt") { $0.minDocWords = d.minDocWords },
    RuleCase(rule: .tooManyWords, drop: "good-article.txt", keep: "short.txt") { $0.maxDocWords = 100 },
    RuleCase(rule: .shortWords, drop: "short-words.txt", keep: "good-article.txt") { $0.minAvgWordLength = d.minAvgWordLength },
    RuleCase(rule: .longWords, drop: "long-words.txt", keep: "good-article.txt") { $0.maxAvgWordLength = d.maxAvgWordLength },
    RuleCase(rule: .hashes, drop: "hashtags.txt", keep: "good-article.txt") { $0.maxSymbolWordRatio = d.maxSymbolWordRatio },
    RuleCase(rule: .ellipses, drop: "ellipses.txt", keep: "good-article.txt") { $0.maxSymbolWordRatio = d.maxSymbolWordRatio },
    RuleCase(rule: .bulletLines, drop: "bullets.txt", keep: "good-article.txt") { $0.maxBulletLinesRatio = d.maxBulletLinesRatio },
    RuleCase(rule: .ellipsisLines, drop: "ellipsis-lines.txt", keep: "good-article.txt") { $0.maxEllipsisLinesRatio = d.maxEllipsisLinesRatio },
    RuleCase(rule: .nonAlphaWords, drop: "numbers.txt", keep: "good-article.txt") { $0.maxNonAlphaWordsRatio = d.maxNonAlphaWordsRatio },
    RuleCase(rule: .stopWords, drop: "no-stop-words.txt", keep: "good-article.txt") { $0.minStopWords = d.minStopWords },
    RuleCase(rule: .dupParagraphs, drop: "repeated-paragraphs.txt", keep: "good-article.txt") { $0.dupParaFrac = d.dupParaFrac },
    RuleCase(rule: .dupParagraphChars, drop: "repeated-paragraphs.txt", keep: "good-article.txt") { $0.dupParaCharFrac = d.dupParaCharFrac },
    RuleCase(rule: .dupLines, drop: "repeated-paragraphs.txt", keep: "good-article.txt") { $0.dupLineFrac = d.dupLineFrac },
    RuleCase(rule: .dupLineChars, drop: "repeated-paragraphs.txt", keep: "good-article.txt") { $0.dupLineCharFrac = d.dupLineCharFrac },
    RuleCase(rule: .top2Gram, drop: "top-ngram.txt", keep: "good-article.txt") { $0.top2GramFrac = d.top2GramFrac },
    RuleCase(rule: .top3Gram, drop: "top-ngram.txt", keep: "good-article.txt") { $0.top3GramFrac = d.top3GramFrac },
    RuleCase(rule: .top4Gram, drop: "top-ngram.txt", keep: "good-article.txt") { $0.top4GramFrac = d.top4GramFrac },
    RuleCase(rule: .dup5Grams, drop: "dup-ngrams.txt", keep: "good-article.txt") { $0.dup5GramFrac = d.dup5GramFrac },
    RuleCase(rule: .dup6Grams, drop: "dup-ngrams.txt", keep: "good-article.txt") { $0.dup6GramFrac = d.dup6GramFrac },
    RuleCase(rule: .dup7Grams, drop: "dup-ngrams.txt", keep: "good-article.txt") { $0.dup7GramFrac = d.dup7GramFrac },
    RuleCase(rule: .dup8Grams, drop: "dup-ngrams.txt", keep: "good-article.txt") { $0.dup8GramFrac = d.dup8GramFrac },
    RuleCase(rule: .dup9Grams, drop: "dup-ngrams.txt", keep: "good-article.txt") { $0.dup9GramFrac = d.dup9GramFrac },
    RuleCase(rule: .dup10Grams, drop: "dup-ngrams.txt", keep: "good-article.txt") { $0.dup10GramFrac = d.dup10GramFrac },
]

@Suite struct QualityFilterTests {
    @Test(arguments: gopherCases)
    func eachGopherRuleDropsAndKeeps(_ c: RuleCase) throws {
        var o = QualityFilter.Options.off
        c.on(&o)
        let (dropped, _) = try quality(o, try fixture(c.drop))
        guard case let .drop(rule, _) = dropped else { Issue.record("\(c.drop) kept"); return }
        #expect(rule == FilterRuleID(c.rule))
        #expect(try quality(o, try fixture(c.keep)).0 == .keep)
    }

    @Test func aGoodArticlePassesEveryDefaultRule() throws {
        #expect(try quality(QualityFilter.Options(), try fixture("good-article.txt")).0 == .keep)
        var c4 = QualityFilter.Options()
        c4.c4Lines = true
        let (decision, doc) = try quality(c4, try fixture("good-article.txt"))
        #expect(decision == .keep)
        #expect(doc.text == (try fixture("good-article.txt")).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(arguments: [("lorem.txt", QualityFilter.Rule.loremIpsum), ("curly.txt", .curlyBracket), ("short.txt", .tooFewSentences)])
    func c4DropsPages(_ name: String, _ rule: QualityFilter.Rule) throws {
        var o = QualityFilter.Options.off
        o.c4Lines = true
        guard case let .drop(r, _) = try quality(o, try fixture(name)).0 else { Issue.record("\(name) kept"); return }
        #expect(r == FilterRuleID(rule))
        o.c4Lines = false
        #expect(try quality(o, try fixture(name)).0 == .keep)
    }

    @Test func c4EditsLinesAndMovesEntities() throws {
        var o = QualityFilter.Options.off
        o.c4Lines = true
        let text = try fixture("c4-lines.txt")
        var doc = document(text)
        let bridge = "The bridge was first proposed"
        let start = text.distance(from: text.startIndex, to: text.range(of: bridge)!.lowerBound)   // ASCII before it
        let share = text.distance(from: text.startIndex, to: text.range(of: "Share this")!.lowerBound)
        doc.entities = [Entity(text: "bridge", type: "MISC", canonical: "bridge", start: start + 4, end: start + 10),
                        Entity(text: "Share", type: "MISC", canonical: "Share", start: share, end: share + 5)]
        let f = try QualityFilter(options: o, params: StageParams())
        #expect(f.filter(&doc) == .keep)
        #expect(!doc.text.contains("Share this article"))
        #expect(!doc.text.contains("JavaScript"))
        #expect(!doc.text.contains("cookie"))
        #expect(!doc.text.contains("Ok."))
        #expect(doc.text.contains("The bridge was first proposed in 1998 by a group of residents. Work began much later."))
        #expect(!doc.text.contains("[3]") && !doc.text.contains("[citation needed]"))
        #expect(doc.text.hasPrefix("Officials in the northern province"))
        #expect(doc.entities.count == 1)
        let e = doc.entities[0]
        let scalars = Array(doc.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[e.start..<e.end])) == "bridge")
        #expect(doc.trace.contains { $0.rule == "c4.line.javascript" })
        #expect(doc.trace.contains { $0.rule == "c4.line.policy" })
        #expect(doc.trace.contains { $0.rule == "c4.line.no_terminal_punct" })
        #expect(doc.trace.contains { $0.rule == "c4.line.too_few_words" })
    }

    @Test func theStageDropsWithTheRuleIDAsReason() throws {
        let s = try stage(QualityFilter.self)
        var doc = document(try fixture("short.txt"))
        #expect(try s.process(&doc) == .drop(reason: "gopher.word_count_low"))
        #expect(doc.trace.last?.rule == "gopher.word_count_low")
    }
}

@Suite struct LanguageFilterTests {
    @Test func keepsListedLanguagesAboveTheScore() throws {
        let s = try stage(LanguageFilter.self, #"{"languages":["en","de"],"min_score":0.7}"#)
        var en = document("x", language: "en", score: 0.9)
        var fr = document("x", language: "fr", score: 0.99)
        var low = document("x", language: "de", score: 0.5)
        var none = document("x")
        #expect(try s.process(&en) == .keep)
        #expect(try s.process(&fr) == .drop(reason: "language.not_listed"))
        #expect(try s.process(&low) == .drop(reason: "language.low_score"))
        #expect(try s.process(&none) == .drop(reason: "language.not_listed"))
        #expect(s.requires == [.language])
    }

    @Test func emptyListKeepsAnyConfidentLanguage() throws {
        let s = try stage(LanguageFilter.self, #"{"languages":[]}"#)
        var fr = document("x", language: "fr", score: 0.9)
        var unsure = document("x", language: "fr", score: 0.3)
        #expect(try s.process(&fr) == .keep)
        #expect(try s.process(&unsure) == .drop(reason: "language.low_score"))
    }

    @Test func badCodesAreConfigErrors() {
        #expect(throws: ConfigError.self) { try stage(LanguageFilter.self, #"{"languages":["English"]}"#) }
        #expect(throws: ConfigError.self) { try stage(LanguageFilter.self, #"{"min_score":2}"#) }
    }
}

@Suite struct URLFilterTests {
    @Test func domainsCoverTheirSubdomains() throws {
        let s = try stage(URLFilter.self, #"{"deny_domains":["spam.com"],"allow_domains":["example.com"]}"#)
        func run(_ url: String?) throws -> StageResult { var doc = document("x", url: url); return try s.process(&doc) }
        #expect(try run("https://example.com/a") == .keep)
        #expect(try run("https://news.example.com:8080/a?b=c") == .keep)
        #expect(try run("https://user@NEWS.Example.COM./a") == .keep)
        #expect(try run("https://badexample.com/a") == .drop(reason: "url.domain_not_allowed"))
        #expect(try run("https://a.spam.com/x") == .drop(reason: "url.denied_domain"))
        #expect(try run(nil) == .drop(reason: "url.missing"))
    }

    @Test func patternsAreSearchedInTheURL() throws {
        let s = try stage(URLFilter.self, #"{"deny_patterns":["/tag/","\\.pdf$"],"allow_patterns":["/20[0-9]{2}/"]}"#)
        func run(_ url: String) throws -> StageResult { var doc = document("x", url: url); return try s.process(&doc) }
        #expect(try run("https://x.org/2023/02/story") == .keep)
        #expect(try run("https://x.org/2023/tag/story") == .drop(reason: "url.denied_pattern"))
        #expect(try run("https://x.org/2023/file.pdf") == .drop(reason: "url.denied_pattern"))
        #expect(try run("https://x.org/about") == .drop(reason: "url.pattern_not_allowed"))
        var none = document("x")
        #expect(try s.process(&none) == .drop(reason: "url.missing"))
        let open = try stage(URLFilter.self, #"{"deny_patterns":["/tag/"]}"#)
        #expect(try open.process(&none) == .keep)
    }

    @Test func badPatternsAndDomainsNameTheKey() {
        do { _ = try stage(URLFilter.self, #"{"deny_patterns":["(unclosed"]}"#); Issue.record("accepted") } catch let e as ConfigError {
            #expect(e.key == "deny_patterns" && e.file == "t.json" && e.location == "stages[0] (filter_url)")
        } catch { Issue.record("\(error)") }
        do { _ = try stage(URLFilter.self, #"{"allow_domains":["https://x.com/"]}"#); Issue.record("accepted") } catch let e as ConfigError {
            #expect(e.key == "allow_domains")
        } catch { Issue.record("\(error)") }
    }
}

@Suite struct PIIRedactorTests {
    @Test func replacesEachKindAndCountsThem() throws {
        let s = try stage(PIIRedactor.self)
        var doc = document(try fixture("pii.txt"))
        #expect(try s.process(&doc) == .keep)
        let t = doc.text
        #expect(!t.contains("jane.doe@example.com") && t.contains("<EMAIL>"))
        #expect(!t.contains("7946 0958") && !t.contains("123-4567"))
        #expect(!t.contains("192.168.10.25") && !t.contains("10.0.0.1"))
        #expect(!t.contains("4111 1111 1111 1111") && t.contains("<CARD_NUMBER>"))
        // what must stay: a number failing Luhn, a date, a dotted run that is no address
        #expect(t.contains("1234 5678 9012 3456") && t.contains("2023-02-17") && t.contains("1.2.3.4.5"))
        #expect(doc.meta["pii_email"] == "1" && doc.meta["pii_phone"] == "2" && doc.meta["pii_ip"] == "2" && doc.meta["pii_card"] == "1")
    }

    @Test func entityOffsetsStayCorrect() throws {
        let s = try stage(PIIRedactor.self)
        let text = "Écrivez à Zoë <zoe@exämple.fr> or zoe@example.org, then call Zoë Martin at +33 1 42 68 53 00 today."
        var doc = document(text)
        func span(_ needle: String, _ from: String.Index? = nil) -> (Int, Int) {
            let r = text.range(of: needle, range: (from ?? text.startIndex)..<text.endIndex)!
            let a = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: r.lowerBound)
            return (a, a + needle.unicodeScalars.count)
        }
        let z1 = span("Zoë"), mail = span("zoe@example.org"), z2 = span("Zoë Martin")
        doc.entities = [Entity(text: "Zoë", type: "PER", canonical: "Zoë", start: z1.0, end: z1.1),
                        Entity(text: "example.org", type: "ORG", canonical: "example.org", start: mail.0 + 4, end: mail.1),
                        Entity(text: "Zoë Martin", type: "PER", canonical: "Zoë Martin", start: z2.0, end: z2.1)]
        _ = try s.process(&doc)
        #expect(doc.entities.map(\.text) == ["Zoë", "Zoë Martin"])
        let scalars = Array(doc.text.unicodeScalars)
        for e in doc.entities { #expect(String(String.UnicodeScalarView(scalars[e.start..<e.end])) == e.text) }
        #expect(doc.text.contains("<PHONE> today"))
    }

    @Test func kindsCanBeChosen() throws {
        let s = try stage(PIIRedactor.self, #"{"kinds":["email"]}"#)
        var doc = document("mail a@b.com from 10.0.0.1")
        _ = try s.process(&doc)
        #expect(doc.text == "mail <EMAIL> from 10.0.0.1")
        #expect(throws: ConfigError.self) { try stage(PIIRedactor.self, #"{"kinds":["ssn"]}"#) }
    }

    @Test func luhn() {
        #expect(PIIRedactor.luhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
        #expect(!PIIRedactor.luhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]))
    }
}
