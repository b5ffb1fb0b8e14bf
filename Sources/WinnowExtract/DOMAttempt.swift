/// What one DOM extraction attempt computed (`DOMExtractor.attempt`): which nodes pruning removed, the text
/// measures and scores of what is left, the chosen container and roots, and what was dropped. A value: the
/// fallback ladder keeps the attempt it takes while it runs others. The per-page state it is computed from
/// is `DOMExtractor`'s.
struct DOMAttempt: Equatable {
    /// Nodes removed by pruning (and everything outside <body>).
    var dead: [Bool] = []
    // Text measures per subtree after pruning (`measureAlive`).
    var textLen: [Int32] = []
    var linkLen: [Int32] = []
    var commas: [Int32] = []
    var pCount: [Int32] = []
    var imgCount: [Int32] = []
    var liCount: [Int32] = []
    var hasBlock: [Bool] = []
    // Content scores (`selectRoots`).
    var score: [Float] = []
    var isCand: [Bool] = []
    /// Dropped blocks with text, for the trace (tracing only).
    var drops: [DOMDrop] = []
    /// Dropped blocks with text per prune and clean rule (counted with tracing off too).
    var ruleCounts = ExtractionRuleCounts()
    /// Unlinked characters of the largest prose block that class pruning removed (for the
    /// self-check: one removed block longer than all the kept text is the story, many short ones are teasers).
    var prunedProse = 0
    /// That block (-1 when none).
    var prunedProseNode = -1
    /// The headline the attempt's text should start with (`headlineAbove`), kept apart so that the
    /// fallback ladder compares content lengths.
    var lastHeadline: String?
    /// The top-scoring candidate and its near-equal rivals, before walking up to their container.
    var bestCandidates: [Int] = []
    /// The container `selectRoots` chose (before sibling merging), or -1.
    var chosen = -1
    /// The container scoring chose before climbing to a parent of prose (`selectRoots`); conditional
    /// cleaning never removes it.
    var core = -1
    /// Paragraphs made of links that emission left out (for the trace).
    var linkParagraphs: [String] = []
    /// The roots the attempt emitted (for the trace).
    var lastRoots: [Int] = []
}
