// Thresholds of the article extractor, one place, each with its reason: those added by Extraction v3
// (issue 19) and those of the prune and clean rules (`ExtractionRules.swift`). (Scoring thresholds still sit
// next to the code that uses them in DOMExtractor.swift.)

enum ExtractionKnobs {
    // MARK: Head of the text (headline, kicker, standfirst)

    /// The headline is looked for among the first few paragraphs only: above it sit at most a kicker label,
    /// a date or a byline line.
    static let maxHeadParagraphs = 3
    /// A title key (letters and digits) shorter than this says too little to call a paragraph the headline.
    static let minHeadlineKey = 12
    /// A paragraph contained in a title is the headline when it holds at least this share of it (the title
    /// adds a site name or a kicker at most).
    static let headlineShareOfTitle = 0.66
    /// A kicker label above the headline ("Politics", "Breaking news"): at most this many words, no digits
    /// (a date line is the line rules' business, they move it to metadata).
    static let maxKickerWords = 3
    /// A standfirst is one or two sentences, never a body's worth of text.
    static let maxStandfirstChars = 600
    /// ...and the body after it is at least this many times longer (a teaser page is all standfirst).
    static let minBodyPerStandfirst = 2

    // MARK: Never prune prose (judged by the text: unlinked characters and sentence ends)

    /// Long prose overrules a hard class word: this many characters...
    static let longProseChars: Int32 = 2000
    /// ...in at least this many <p> elements, or with this many sentence ends (bodies of <div> paragraphs).
    static let longProseParagraphs: Int32 = 4
    static let longProseSentences: Int32 = 12
    /// ...of which links are at most 1/8 (share bars and related lists are mostly links).
    static let longProseLinkDivisor: Int32 = 8
    /// A block named by a media or component word ("video", "player", "gallery", "header") that holds at least
    /// this many unlinked characters in at least `mediaProseSentences` sentences is text (a quote in an embed
    /// wrapper, a section card's intro), not a player.
    static let mediaProseChars: Int32 = 120
    static let mediaProseSentences: Int32 = 2
    /// An inline element (a link with an "icon" class) is part of running text when its parent holds at least
    /// this many unlinked characters besides it: class words never cut a hole in a sentence.
    static let inlineRunningTextChars: Int32 = 40
    /// A blockquote (an embedded tweet or post) with this many unlinked characters keeps its text whatever
    /// its class says: golds and peers keep quoted posts.
    static let quoteProseChars: Int32 = 40
    /// Inside the chosen container, a block without a hard class word and with this many unlinked characters
    /// in two or more sentences is part of the story (negative class weight does not remove it).
    static let storyBlockProseChars: Int32 = 200
    /// Self-check: when class pruning removed a prose block longer than all the attempt kept, the relaxed
    /// attempt (no class pruning) is taken if its text is at least this share unlinked.
    static let relaxedProseShare: Float = 0.75
    /// A pruned block counts as prose for the self-check with this many unlinked characters and sentences.
    static let prunedProseChars: Int32 = 200
    static let prunedProseSentences: Int32 = 2

    // MARK: Prune rules (`PruneRuleID`): a share of the body's text that is never chrome

    /// A hidden block, a <nav>/<footer>/<aside> or a <form> holding at least half the page's text is the page
    /// (a misused element, a parse accident), not chrome; the same for a block with a negative class word.
    static let chromeMaxShare = 0.5
    /// ...and for an <article>/<main> with a negative class word, a quarter (they are the story's own elements).
    static let articleChromeMaxShare = 0.25
    /// A comments section (by class/id) holding this share of the page is the page (a forum thread).
    static let commentsMaxShare = 0.9
    /// A <noscript> holding half the page is a parse accident (an unclosed element swallowed the body): kept.
    static let noscriptMaxShare = 0.5
    /// A form (or a block with a positive class word) with this many <p> is text, not a search or login form.
    static let formTextParagraphs: Int32 = 3

    // MARK: Clean rules (`CleanRuleID`): conditional cleaning inside the chosen container

    /// A heading whose text is more than this share link text is a teaser headline.
    static let headingMaxLinkDensity: Float = 0.33
    /// A block with this many commas is prose: no count rule removes it.
    static let proseCommas: Int32 = 10
    /// Plenty of unlinked text is content whatever the counts say: this many characters...
    static let contentChars: Int32 = 500
    /// ...with less than this share of link text (also the limit for a page builder's component block of
    /// `componentProseChars` characters that holds the story).
    static let contentMaxLinkDensity: Float = 0.25
    static let componentProseChars: Int32 = 400
    /// A gallery: fewer paragraphs than half its images (more than one image).
    static let minParagraphsPerImage: Float = 0.5
    /// A block shorter than this with any link text is a link widget.
    static let shortLinksChars: Int32 = 25
    /// A class weight this high is a content container: it needs more link text to go.
    static let contentClassWeight = 25
    /// Link-text share above which a block goes: normal weight, content-class weight.
    static let maxLinkDensity: Float = 0.2
    static let maxLinkDensityContentClass: Float = 0.5
    /// A data table in the story keeps its linked names up to this link-text share.
    static let dataTableMaxLinkDensity: Float = 0.7
    /// A list whose text is more than this share link text is a link list...
    static let listMaxLinkDensity: Float = 0.4
    /// ...unless a lead-in sentence introduces it and it is not more than this share links.
    static let introducedListMaxLinkDensity: Float = 0.9

    // MARK: Line rules (`LineRuleID`): line lengths in bytes (UTF-8) and words

    /// Only lines up to this long are matched against the patterns (lowercased): longer lines are prose;
    /// only the icon-run rule reads them.
    static let lineMaxRuleBytes = 400
    /// Icon-description runs are looked for in lines up to this long...
    static let lineMaxIconScanBytes = 20_000
    /// ...with at least this many "icon" words, each standing for about `lineIconDescriptionBytes` bytes of
    /// description, together more than a tenth of the line.
    static let lineMinIcons = 3
    static let lineIconDescriptionBytes = 40
    /// A furniture heading or an advertising label is a short label.
    static let lineMaxLabelBytes = 60
    /// A blog post's meta line, a copyright line.
    static let lineMaxPostMetaBytes = 200
    static let lineMaxCopyrightBytes = 200
    /// A breadcrumb trail: at most this many words, the crumbs before a repeated headline 1 to
    /// `lineMaxCrumbPrefixWords` words; a trail of separators (" > ", " » ", " / ") at most
    /// `lineMaxSeparatedCrumbWords` words.
    static let lineMaxBreadcrumbWords = 30
    static let lineMaxCrumbPrefixWords = 5
    static let lineMaxSeparatedCrumbWords = 15
    /// A related-link line, a comment-form or footer line, a paywall prompt, an empty comment list, a source
    /// trailer, a leftover fragment: at most this long (longer lines with the phrase are prose about it).
    static let lineMaxRelatedBytes = 220
    static let lineMaxCommentFormBytes = 300
    static let lineMaxFooterBytes = 300
    static let lineMaxPromptBytes = 140
    static let lineMaxNoCommentBytes = 80
    static let lineMaxSourceTrailerBytes = 80
    static let lineMaxFragmentBytes = 40
    /// A byline and a date line are short: at most this many words.
    static let lineMaxBylineWords = 12
    static let lineMaxDateWords = 16
}
