import WinnowCore

/// Options of `strip_boilerplate`.
public struct StripBoilerplateOptions: StageOptions {
    public var includeComments = false
    public var includeTables = true
    public var minTextLength = 0
    public var lineRules = true
    public var dropEmpty = true
    public var minWords = 5
    public var keepBylines = false
    public var includeTitle = false
    public var keepSocialPosts = false
    public var textFormat = TextFormat.text
    /// Rule names (`ExtractionRuleName`), checked when read.
    public var disableRules: [String] = []
    public init() {}

    public static let spec = OptionSpec<Self> {
        $0.bool("include_comments", \.includeComments, "keep comment sections")
        $0.bool("include_tables", \.includeTables, "keep data tables inside the article")
        $0.int("min_text_length", \.minTextLength, in: 0...1_000_000, "drop documents whose extracted text has fewer characters")
        $0.bool("line_rules", \.lineRules, "run the text line rules (menus, share bars, datelines, bylines, ...)")
        $0.bool("drop_empty", \.dropEmpty, "drop documents with no text left")
        $0.int("min_words", \.minWords, in: 0...1_000,
               "an HTML page with fewer extracted words has no article (a 404 text, a lone menu label): emptied and dropped; 0 keeps every fragment")
        $0.bool("keep_bylines", \.keepBylines, "keep \"By ...\" lines in the text (their names go to the authors either way)")
        $0.bool("include_title", \.includeTitle,
                "start the text with the headline (the form of most older extraction golds); off: the text is the article body, the headline only in title (a standfirst under it also fills an empty description)")
        $0.bool("keep_social_posts", \.keepSocialPosts,
                "keep the text of embedded social posts (tweet blockquotes) whatever their class says; modern-news golds keep it, older ones do not")
        $0.choice("text_format", \.textFormat,
                  "how text is rendered from the extracted blocks: text (plain paragraphs) or markdown; in a pipeline file set by output.text_format")
        $0.strings("disable_rules", \.disableRules, check: {
            ExtractionRuleName(rawValue: $0) == nil
                ? "unknown rule \"\($0)\" (valid: \(ExtractionRuleName.names.joined(separator: ", ")))" : nil
        }, ruleHelp)
    }
}

/// `disable_rules`' help: what it does and every rule name, by family.
private let ruleHelp = "extraction rules switched off, by the names stats.json counts their drops under (rules); for measuring what a rule is worth (scripts/rule-worth.sh). "
    + ruleFamily(LineRuleID.self, "text line rules") + "; " + ruleFamily(PruneRuleID.self, "DOM blocks removed before scoring") + "; "
    + ruleFamily(CleanRuleID.self, "blocks left out of the chosen container")

private func ruleFamily<ID: RuleID>(_: ID.Type, _ what: String) -> String {
    ID.family + ".* (" + what + "): " + ID.allCases.map(\.rawValue).joined(separator: ", ")
}

extension StripBoilerplateStage: DescribedStage {
    public static var optionTable: OptionTable { StripBoilerplateOptions.spec.table }
}
