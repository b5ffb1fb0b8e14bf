import WinnowCore

// The extraction rules as tables with typed ids (issue 19, "Rules you can see"). Each id's raw value is the
// rule name the trace has always used; `stats.json` counts drops per id under `rules` as "<family>.<id>"
// ("line.footer", "prune.class-negative", "clean.link-density"), and `disable_rules` / `--disable-rule`
// switch a rule off by that name to measure what it is worth (`scripts/rule-worth.sh`).
// The thresholds the rules use are in `ExtractionKnobs` (and next to the rule in older code).

/// A family of rule ids: a `String`-raw enum whose cases are its rules, in declaration order.
protocol RuleID: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String, AllCases == [Self] {
    /// The prefix of the family's names in `stats.json` and `disable_rules` ("line", "prune", "clean").
    static var family: String { get }
}

extension RuleID {
    /// The case's position in `allCases` (declaration order): the index into per-document counters and the
    /// bit in a `RuleSwitches` mask. A payload-free enum of 2...256 cases is stored as that one byte
    /// (`RuleTablesTests` checks it for every family, and that no family has more than 64 rules).
    @inline(__always) var index: Int { withUnsafeBytes(of: self) { Int($0[0]) } }
    @inline(__always) var bit: UInt64 { 1 << UInt64(index) }
    /// "line.footer".
    var qualifiedName: String { Self.family + "." + rawValue }
}

/// Text line rules (`LineRules`): what a dropped line was.
enum LineRuleID: String, RuleID {
    static let family = "line"
    /// A run of icon descriptions ("Calendar An icon of a desk calendar. Cancel An icon of ..."): screen-reader chrome.
    case icons
    /// An advertising or affiliate disclosure at the start of a line: a notice, not the article.
    case disclosure
    /// A page-furniture heading ("Inhaltsverzeichnis", "About the author:"): the page's frame, not the story.
    case furniture
    /// An advertising label ("Anzeige", "Werbung:"): marks an ad slot.
    case adLabel = "ad-label"
    /// A PHP error message printed into the page ("Warning: ... on line 407").
    case phpMessage = "php-message"
    /// Markup left in the text (HTML comments, conditional comments) with no text outside it.
    case markup
    /// A blog post's "|"-separated meta line with an action or counter ("Permalink | Comments (8)").
    case postMeta = "post-meta"
    /// A bare count ("25", "12 comments"): a widget counter (numbered-list runs are rescued).
    case count
    /// An exact repeat of the line above (captions shown twice, a duplicated headline).
    case duplicate
    /// A breadcrumb trail ("Home > News > ...", "Home News <headline>").
    case breadcrumb
    /// A "Related:" / "See also" link line.
    case relatedLink = "related-link"
    /// A page note ("This article was first published ...", print/reading-time notes) at the line start.
    case pageNote = "page-note"
    /// A comment form or an empty comment list ("Leave a reply", "No comments yet").
    case commentForm = "comment-form"
    /// A subscription or paywall prompt ("Sign up for our newsletter").
    case prompt
    /// A footer line: copyright, "All rights reserved", a row of footer links.
    case footer
    /// An image caption or photo credit ("Photo: AP", "EPA/Name/Sputnik", "© Name").
    case captionCredit = "caption-credit"
    /// A source trailer at the end of a report ("Quelle: dpa", "(Source: Reuters)").
    case sourceTrailer = "source-trailer"
    /// A byline ("By Jane Doe"): its names go to `authors` (`keep_bylines` keeps the line).
    case byline
    /// A date line ("Updated: February 17, 2023 3:05 pm"): the date goes to `published`.
    case date
    /// A short fragment starting with "," or ";": a leftover of removed inline chrome.
    case fragment
    /// A comment thread without comment markup (Movable Type "Posted by: Name | date" signatures).
    case commentThread = "comment-thread"
    /// A lone clock time at the top or next to a dropped date line or byline ("3:59 PM").
    case time
    /// Text input: a truncated teaser line ("Now you can see ...") among the first lines.
    case teaser
    /// Text input: the site name above such a teaser.
    case siteName = "site-name"
    /// Text input: a related-story headline between two body paragraphs.
    case interstitialHeadline = "interstitial-headline"
    /// Text input: a tag line between paragraphs ("Russia Belarus").
    case tagLine = "tag-line"
    /// Short unpunctuated lines after the last sentence (share bars, tag lists, menus).
    case tailChrome = "tail-chrome"
    /// A label that ends the text and introduces nothing ("More topics:", "Share this:").
    case tailLabel = "tail-label"
}

/// DOM pruning before scoring (`DOMExtractor.prune`): why a block was removed whole.
enum PruneRuleID: String, RuleID {
    static let family = "prune"
    /// Ruby annotations (furigana): they would interleave with the text they annotate.
    case ruby
    /// A <figcaption>: a caption, not article prose.
    case caption
    /// An element never read as text (script, style, noscript, svg, button, ...).
    case tag
    /// A block hidden by its attributes (hidden, aria-hidden, display:none), under half the page.
    case hidden
    /// A <nav>, <footer> or <aside> under half the page that does not hold the story's headline and prose.
    case chromeTag = "chrome-tag"
    /// A <form> with little paragraph text (search, login, newsletter forms).
    case form
    /// A comments section (by class/id), unless `include_comments`.
    case comments
    /// A hard negative class/id word ("sidebar", "share", "footer") on a block that is not long prose.
    case classNegative = "class-negative"
    /// A soft negative class/id word ("widget", "meta") on a block that is not prose.
    case classUnlikely = "class-unlikely"
    /// A negative ARIA role (navigation, complementary, banner, ...).
    case role
}

/// Conditional cleaning inside the chosen container (`DOMExtractor.keep`, `emit`): why a block was left out.
enum CleanRuleID: String, RuleID {
    static let family = "clean"
    /// A table without paragraphs, when `include_tables` is off.
    case table
    /// A heading that is mostly a link or has a negative class weight (teaser headlines).
    case headingLinks = "heading-links"
    /// A block whose class weight plus content score is negative and is not the story's prose.
    case negativeWeight = "negative-weight"
    /// A block with more images than half its paragraphs (galleries, image grids).
    case images
    /// A non-list block with more list items than paragraphs (link lists in a div).
    case listItems = "list-items"
    /// A short block that holds links (under 25 characters).
    case shortLinks = "short-links"
    /// A block whose text is mostly link text (related links, tag clouds).
    case linkDensity = "link-density"
    /// A <ul>/<ol> whose items are mostly links (navigation, related stories).
    case linkList = "link-list"
    /// A paragraph whose text is at least 60 % link text, left out at emission.
    case linkParagraph = "link-paragraph"
}

/// Which rules of a family are on: a bit per id, all on by default.
struct RuleSwitches<ID: RuleID>: Sendable, Equatable {
    /// Bits of the rules switched off.
    var off: UInt64 = 0
    @inline(__always) func on(_ id: ID) -> Bool { off & id.bit == 0 }
    mutating func disable(_ id: ID) { off |= id.bit }
}

/// Drops per rule of one family for one document (or one attempt): a fixed array indexed by the id.
struct RuleCounts<ID: RuleID>: Sendable, Equatable {
    var counts = [Int32](repeating: 0, count: ID.allCases.count)
    @inline(__always) mutating func add(_ id: ID) { counts[id.index] += 1 }
    subscript(_ id: ID) -> Int { Int(counts[id.index]) }
}

/// The name of an extraction rule as `disable_rules` and `stats.json` spell it: "<family>.<id>".
public struct ExtractionRuleName: RawRepresentable, CaseIterable, Sendable, Hashable {
    public let rawValue: String
    public init?(rawValue: String) {
        guard Self.names.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    private init(known: String) { rawValue = known }

    static let names: [String] = LineRuleID.allCases.map(\.qualifiedName) + PruneRuleID.allCases.map(\.qualifiedName)
        + CleanRuleID.allCases.map(\.qualifiedName)
    public static var allCases: [ExtractionRuleName] { names.map { ExtractionRuleName(known: $0) } }
}

/// The rule switches of all families, from the names switched off.
struct ExtractionRuleSwitches: Sendable, Equatable {
    var line = RuleSwitches<LineRuleID>()
    var prune = RuleSwitches<PruneRuleID>()
    var clean = RuleSwitches<CleanRuleID>()

    init(disabling names: [ExtractionRuleName] = []) {
        for n in names {
            if let id = Self.id(LineRuleID.self, n) { line.disable(id) }
            else if let id = Self.id(PruneRuleID.self, n) { prune.disable(id) }
            else if let id = Self.id(CleanRuleID.self, n) { clean.disable(id) }
        }
    }

    private static func id<ID: RuleID>(_: ID.Type, _ n: ExtractionRuleName) -> ID? {
        let prefix = ID.family + "."
        guard n.rawValue.hasPrefix(prefix) else { return nil }
        return ID(rawValue: String(n.rawValue.dropFirst(prefix.count)))
    }
}

/// The drops of one document per rule, all families.
struct ExtractionRuleCounts: Sendable, Equatable {
    var line = RuleCounts<LineRuleID>()
    var prune = RuleCounts<PruneRuleID>()
    var clean = RuleCounts<CleanRuleID>()
}

/// The `stats.json` counter names of all rules ("line.footer", ...), in the order `flat` lists the counts.
extension ExtractionRuleCounts {
    static var names: [String] { ExtractionRuleName.names }
    /// The counts of all families in `names` order.
    var flat: [Int32] { line.counts + prune.counts + clean.counts }
}
