// Thresholds of the article extractor added by Extraction v3 (issue 19), one place, each with its reason.
// (Older thresholds still sit next to the rule that uses them in DOMExtractor.swift.)

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
}
