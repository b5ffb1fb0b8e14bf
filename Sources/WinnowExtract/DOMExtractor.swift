import WinnowCore
import WinnowHTML

/// Options of one DOM extraction attempt.
struct DOMOptions {
    var includeComments = false
    var includeTables = true
    /// Remove blocks whose class/id/role says "chrome" before scoring (readability's "unlikely candidates").
    var stripUnlikely = true
    /// Use class/id weights in scoring.
    var weightClasses = true
    /// Clean lists, tables, forms, divs inside the chosen container by link density and counts.
    var cleanConditionally = true
    /// Keep what only Markdown and JSON show: table cell boundaries and the line breaks of <pre> text.
    var keepLayout = false
    /// Keep quoted posts (an embedded tweet's blockquote) whatever their class says.
    var keepQuotedPosts = false
    /// The prune and clean rules switched on (`disable_rules`: all by default). A rule switched off removes
    /// nothing: pruning goes on to the next rule and into the block's children; cleaning keeps the block.
    var prune = RuleSwitches<PruneRuleID>()
    var clean = RuleSwitches<CleanRuleID>()
}

/// One dropped DOM block, for the trace (the rule's name, node index).
struct DOMDrop: Equatable { var rule: String; var node: Int }

/// The extraction thresholds (`ExtractionKnobs`), by a short name.
private typealias K = ExtractionKnobs

/// Readability-style article extraction over the `HTMLDocument` arena, in a few linear passes.
///
/// Per-page state (the document, the class/id vocabulary flags and the raw text measures, computed once in
/// `init`, and the title heading) lives here; everything one attempt (strict, relaxed, uncleaned) computes
/// lives in `cur`, a `DOMAttempt`.
struct DOMExtractor {
    let doc: HTMLDocument
    let n: Int
    let tracing: Bool
    var body = 0
    var bodyEnd = 0

    // Per-node attributes of the class/id/role vocabulary.
    var classWeight: [Int16]
    var flags: [UInt8]
    static let fPositive: UInt8 = 1, fHard: UInt8 = 2, fSoft: UInt8 = 4, fComment: UInt8 = 8
    static let fNegRole: UInt8 = 16, fArticleBody: UInt8 = 32, fHidden: UInt8 = 64
    /// Any flag the class/role rules of pruning act on.
    static let fClassNegative: UInt8 = fHard | fSoft | fComment | fNegRole
    /// A named anchor (`<a name>` without href) is not a link; left unclosed, one can hold a whole page.
    static let fNamedAnchor: UInt8 = 128

    var rawLen: [Int32]
    var rawP: [Int32]
    var rawLinkLen: [Int32]
    /// Sentence ends per subtree, before any removal (prose is judged by its text, not by its <p> tags).
    var rawSent: [Int32]

    /// The heading that repeats the page title (the story's own headline), or -1. See `findTitleHeading`.
    var titleHeading = -1

    /// The state of the current (last) attempt: a value, so a caller can keep one attempt's result while
    /// running another (`StripBoilerplateStage`'s fallback ladder), and run the same attempt twice.
    var cur = DOMAttempt()

    init(doc: HTMLDocument, tracing: Bool) {
        self.doc = doc
        self.n = doc.nodes.count
        self.tracing = tracing
        classWeight = Array(repeating: 0, count: n)
        flags = Array(repeating: 0, count: n)
        rawLen = Array(repeating: 0, count: n)
        rawP = Array(repeating: 0, count: n)
        rawLinkLen = Array(repeating: 0, count: n)
        rawSent = Array(repeating: 0, count: n)
        if n == 0 { return }
        body = 0
        for i in 0..<n where doc.nodes[i].tag == .body { body = i; break }
        bodyEnd = Int(doc.nodes[body].subtreeEnd)
        classify()
        rawPass()
    }

    // MARK: - Static pre-passes

    private static func fnv(_ s: ArraySlice<UInt8>, seed: UInt64) -> UInt64 {
        var h = seed
        for b in s { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    private mutating func classify() {
        var cache: [UInt64: ClassInfo] = [:]
        let nodes = doc.nodes
        for i in body..<bodyEnd where nodes[i].kind == .element {
            let nd = nodes[i]
            if nd.attrStart == nd.attrEnd { continue }
            var w: Int32 = 0
            var f: UInt8 = 0
            for k in Int(nd.attrStart)..<Int(nd.attrEnd) {
                let name = doc.attributeNames[k]
                switch name {
                case "class", "id":
                    let v = doc.attributeValueBytes(k)
                    if v.isEmpty { continue }
                    let key = DOMExtractor.fnv(v, seed: name == "id" ? 0xcbf29ce484222325 : 0x84222325cbf29ce4)
                    let info: ClassInfo
                    if let c = cache[key] { info = c } else { info = ClassMatcher.classify(v); cache[key] = info }
                    w += info.weight
                    if info.positive { f |= DOMExtractor.fPositive }
                    if info.hardNegative { f |= DOMExtractor.fHard }
                    if info.softNegative { f |= DOMExtractor.fSoft }
                    if info.comment { f |= DOMExtractor.fComment }
                    if info.hidden { f |= DOMExtractor.fHidden }
                case "role":
                    let r = String(decoding: doc.attributeValueBytes(k), as: UTF8.self)
                    if ClassVocabulary.negativeRoles.contains(r) { f |= DOMExtractor.fNegRole }
                    else if ClassVocabulary.positiveRoles.contains(r) { w += 25; f |= DOMExtractor.fPositive }
                case "itemprop":
                    let v = doc.attributeValueBytes(k)
                    if v.elementsEqual("articleBody".utf8) || v.elementsEqual("articlebody".utf8) {
                        w += 50; f |= DOMExtractor.fArticleBody | DOMExtractor.fPositive
                    }
                case "hidden":
                    f |= DOMExtractor.fHidden
                case "aria-hidden":
                    if doc.attributeValueBytes(k).elementsEqual("true".utf8) { f |= DOMExtractor.fHidden }
                case "style":
                    if DOMExtractor.styleHides(doc.attributeValueBytes(k)) { f |= DOMExtractor.fHidden }
                default:
                    break
                }
            }
            if nd.tag == .a && doc.attributeBytes(i, "name") != nil && doc.attributeBytes(i, "href") == nil {
                f |= DOMExtractor.fNamedAnchor
            }
            classWeight[i] = Int16(clamping: w)
            flags[i] = f
        }
    }

    private static let displayNone = Array("display:none".utf8)
    private static let visibilityHidden = Array("visibility:hidden".utf8)

    static func styleHides(_ v: ArraySlice<UInt8>) -> Bool {
        var s: [UInt8] = []
        s.reserveCapacity(v.count)
        for b in v where !isASCIISpace(b) { s.append(asciiLower(b)) }
        return s.contains(bytes: displayNone) || s.contains(bytes: visibilityHidden)
    }

    /// Raw visible text length and <p> count per subtree, before any removal.
    private mutating func rawPass() {
        let nodes = doc.nodes
        var i = n - 1
        while i >= 0 {
            let nd = nodes[i]
            if nd.kind == .text {
                let ptag = nd.parent >= 0 ? nodes[Int(nd.parent)].tag : .other
                if ptag != .script && ptag != .style && ptag != .noscript && ptag != .template {
                    let m = measure(doc.textBytes(i), sentences: true)
                    rawLen[i] = m.chars
                    rawSent[i] = m.sentences
                }
            } else if nd.tag == .p {
                rawP[i] += 1
            } else if isLink(i, nd.tag) {
                rawLinkLen[i] = rawLen[i]
            }
            if nd.parent >= 0 {
                rawLen[Int(nd.parent)] += rawLen[i]
                rawP[Int(nd.parent)] += rawP[i]
                rawLinkLen[Int(nd.parent)] += rawLinkLen[i]
                rawSent[Int(nd.parent)] += rawSent[i]
            }
            i -= 1
        }
    }

    // MARK: - Attempt

    static func alwaysRemoved(_ t: HTMLTag) -> Bool {
        switch t {
        case .script, .style, .noscript, .template, .svg, .math, .iframe, .object, .embed, .button, .select,
             .input, .textarea, .canvas, .video, .audio, .dialog, .head, .link, .meta, .option, .figcaption,
             .source, .label, .title:
            return true
        default:
            return false
        }
    }

    /// <rt> (the reading) and <rp> (fallback parentheses) of a <ruby> annotation.
    static func isRubyAnnotation(_ name: String) -> Bool {
        name.utf8.count == 2 && (name == "rt" || name == "rp" || name == "RT" || name == "RP")
    }

    static func isBlock(_ t: HTMLTag) -> Bool {
        switch t {
        case .p, .div, .section, .article, .main, .header, .footer, .aside, .nav, .h1, .h2, .h3, .h4, .h5, .h6,
             .ul, .ol, .li, .dl, .dt, .dd, .table, .thead, .tbody, .tfoot, .tr, .blockquote, .pre, .form,
             .fieldset, .figure, .figcaption, .address, .center, .details, .summary, .dialog, .menu, .caption,
             .body, .html, .hr:
            return true
        default:
            return false
        }
    }

    /// Elements that old table-layout pages wrap a story's parts in.
    static func isLayoutWrapper(_ t: HTMLTag) -> Bool {
        switch t {
        case .td, .tbody, .table, .center, .font, .blockquote: return true
        default: return false
        }
    }

    /// Block elements that make a div "not a paragraph" (readability's DIV_TO_P_ELEMS, roughly).
    static func isStructural(_ t: HTMLTag) -> Bool {
        switch t {
        case .p, .div, .section, .article, .main, .ul, .ol, .dl, .table, .blockquote, .pre, .h1, .h2, .h3,
             .h4, .h5, .h6, .form, .figure, .header, .footer, .aside, .nav, .address, .center:
            return true
        default:
            return false
        }
    }

    mutating func prune(_ opts: DOMOptions) {
        cur.dead = Array(repeating: false, count: n)
        cur.prunedProse = 0
        cur.prunedProseNode = -1
        if n == 0 { return }
        let nodes = doc.nodes
        // Everything outside <body> is dead for extraction.
        for k in 0..<body { cur.dead[k] = true }
        for k in bodyEnd..<n { cur.dead[k] = true }
        var i = body + 1
        while i < bodyEnd {
            let nd = nodes[i]
            guard nd.kind == .element else {
                if nd.kind == .comment { cur.dead[i] = true }
                i += 1; continue
            }
            let end = Int(nd.subtreeEnd)
            let rule = pruneRule(i, end, opts)
            if let rule {
                if rule == .classNegative || rule == .classUnlikely || rule == .role, isPrunedProse(i) {
                    let unlinked = Int(rawLen[i] - rawLinkLen[i])
                    if unlinked > cur.prunedProse { cur.prunedProse = unlinked; cur.prunedProseNode = i }
                }
                for k in i..<end { cur.dead[k] = true }
                if rawLen[i] > 0 {
                    cur.ruleCounts.prune.add(rule)
                    if tracing { cur.drops.append(DOMDrop(rule: rule.rawValue, node: i)) }
                }
                i = end
            } else {
                i += 1
            }
        }
    }

    /// The prune rule that removes element `i` (subtree end `end`) whole, or nil: the first rule switched on
    /// whose test holds.
    private func pruneRule(_ i: Int, _ end: Int, _ opts: DOMOptions) -> PruneRuleID? {
        let nd = doc.nodes[i]
        let t = nd.tag
        let share = Double(rawLen[i]) / Double(max(rawLen[body], 1))
        let f = flags[i]
        let on = opts.prune
        if on.on(.ruby) && t == .other && DOMExtractor.isRubyAnnotation(nd.name) {
            // Ruby annotations (furigana readings over Japanese kanji) would be interleaved with the
            // text they annotate: "子こども".
            return .ruby
        }
        if DOMExtractor.alwaysRemoved(t) && !(t == .noscript && share >= K.noscriptMaxShare) && on.on(t == .figcaption ? .caption : .tag) {
            // (A <noscript> holding most of the page is a parse accident: an unclosed element inside it
            // swallowed the rest of the body.)
            return t == .figcaption ? .caption : .tag
        }
        if on.on(.hidden) && f & DOMExtractor.fHidden != 0 && share < K.chromeMaxShare { return .hidden }
        if on.on(.chromeTag) && (t == .nav || t == .footer || t == .aside) && share < K.chromeMaxShare && !holdsStory(i, end) { return .chromeTag }
        if on.on(.form) && t == .form && share < K.chromeMaxShare && rawP[i] < K.formTextParagraphs && !isLongProse(i) && !holdsTitleHeading(i, end) { return .form }
        if on.on(.comments) && f & DOMExtractor.fComment != 0 && !opts.includeComments && f & DOMExtractor.fArticleBody == 0
                && f & DOMExtractor.fPositive == 0 && share < K.commentsMaxShare && t != .body && t != .article && t != .main {
            // A comments section: on blogs it often outweighs the post itself.
            return .comments
        }
        guard opts.stripUnlikely && t != .body && f & DOMExtractor.fClassNegative != 0 && !isTextByItsWords(i, t, opts) else { return nil }
        return classRule(i, end, t, share, f, opts)
    }

    /// The class/id/role rules (readability's "unlikely candidates"), for a block with a negative word.
    private func classRule(_ i: Int, _ end: Int, _ t: HTMLTag, _ share: Double, _ f: UInt8, _ opts: DOMOptions) -> PruneRuleID? {
        let guardShare = (t == .article || t == .main) ? K.articleChromeMaxShare : K.chromeMaxShare
        let isComment = f & DOMExtractor.fComment != 0
        guard share < guardShare && f & DOMExtractor.fArticleBody == 0 else { return nil }
        let on = opts.prune
        if on.on(.comments) && isComment && !opts.includeComments { return .comments }
        if on.on(.classNegative) && f & DOMExtractor.fHard != 0 && !(isComment && opts.includeComments)
            && !(f & DOMExtractor.fPositive != 0 && rawP[i] >= K.formTextParagraphs) && !isLongProse(i)
            && !holdsHeadlineAndParagraphs(i, end) && !isLinklessLead(i, rawLen[i], rawLinkLen[i]) {
            return .classNegative
        }
        if on.on(.classUnlikely) && f & DOMExtractor.fSoft != 0 && f & DOMExtractor.fPositive == 0 && !isProse(i)
            && !holdsPostHeadline(i, end) && !holdsHeadlineAndParagraphs(i, end) && !isMediaNamedProse(i) {
            return .classUnlikely
        }
        if on.on(.role) && f & DOMExtractor.fNegRole != 0 { return .role }
        return nil
    }

    /// A short blog post inside a block with a soft class word (Blogger's "date-outer") is the story when
    /// the block holds its headline. An h1 there is rather the blog-name banner in the page header.
    func holdsPostHeadline(_ i: Int, _ end: Int) -> Bool {
        titleHeading > i && titleHeading < end && doc.nodes[titleHeading].tag != .h1
    }

    /// A wrapper that holds the story's headline and several paragraphs is not chrome, whatever its class or
    /// id says ("left-navigation_page-wrapper" around the whole page): pruning descends into it instead, so
    /// the chrome blocks inside it still go by their own classes.
    func holdsHeadlineAndParagraphs(_ i: Int, _ end: Int) -> Bool {
        titleHeading > i && titleHeading < end && rawP[i] >= 3
    }

    /// An <aside>/<nav>/<footer> that holds the story's own headline followed by prose is the story in a
    /// misused HTML5 element (`<aside class="blogPost">`), not a sidebar: sidebars never carry the headline.
    func holdsStory(_ i: Int, _ end: Int) -> Bool {
        titleHeading > i && titleHeading < end && isProse(i)
    }

    /// A block with a lot of unlinked text is not page chrome, whatever its class says ("date-outer"
    /// around a blog post, "gallery" around a photo story's text): soft class words do not remove it.
    func isProse(_ i: Int) -> Bool {
        rawLen[i] >= 400 && rawLinkLen[i] * 4 < rawLen[i]
    }

    /// Stronger evidence, enough to overrule a hard class word ("socialicons-sticky" wrapped around a whole
    /// story): several paragraphs and thousands of characters of mostly unlinked text. Share bars, cookie
    /// notices, newsletter boxes and related-link lists never look like this.
    /// Paragraphs count as <p> elements or as sentence ends (bodies of <div> paragraphs).
    func isLongProse(_ i: Int) -> Bool {
        rawLen[i] >= ExtractionKnobs.longProseChars
            && (rawP[i] >= ExtractionKnobs.longProseParagraphs || rawSent[i] >= ExtractionKnobs.longProseSentences)
            && rawLinkLen[i] * ExtractionKnobs.longProseLinkDivisor < rawLen[i]
    }

    /// Whether `i` holds the story's headline (a page-wide <form> wrapper does).
    func holdsTitleHeading(_ i: Int, _ end: Int) -> Bool { titleHeading > i && titleHeading < end }

    /// Class words do not remove text that is text by its own evidence: an inline element inside running
    /// text (a link with an "icon" class mid-sentence) or a quoted post (an embedded tweet's blockquote).
    func isTextByItsWords(_ i: Int, _ t: HTMLTag, _ opts: DOMOptions) -> Bool {
        let own = rawLen[i] - rawLinkLen[i]
        if t == .blockquote { return opts.keepQuotedPosts && own >= ExtractionKnobs.quoteProseChars }
        guard DOMExtractor.isInline(t) else { return false }
        // The paragraph it sits in (through other inline elements): a line of text, not a wrapper of blocks
        // (a quote box's "credit" span beside its blockquote is not inside a sentence).
        var p = Int(doc.nodes[i].parent)
        while p > body && DOMExtractor.isInline(doc.nodes[p].tag) { p = Int(doc.nodes[p].parent) }
        switch doc.nodes[p].tag {
        case .p, .li, .dd, .dt, .td, .th, .pre, .h2, .h3, .h4, .h5, .h6: break
        default: return false
        }
        return (rawLen[p] - rawLinkLen[p]) - own >= ExtractionKnobs.inlineRunningTextChars
    }

    /// Phrasing elements that sit inside a line of text.
    static func isInline(_ t: HTMLTag) -> Bool {
        switch t {
        case .a, .span, .em, .strong, .b, .i, .u, .small, .sup, .sub, .abbr, .cite, .code, .mark, .q, .time, .font: return true
        default: return false
        }
    }

    /// A block named only by media or card words ("video-embed", "card-header") that holds sentences of
    /// unlinked text, or a table row named by them ("player-row" in a line-up: a data row, not a player).
    func isMediaNamedProse(_ i: Int) -> Bool {
        guard doc.nodes[i].tag == .tr || (rawLen[i] - rawLinkLen[i] >= ExtractionKnobs.mediaProseChars
              && rawSent[i] >= ExtractionKnobs.mediaProseSentences) else { return false }
        var media = false
        for name in ["class", "id"] {
            guard let v = doc.attributeBytes(i, name), !v.isEmpty else { continue }
            let info = ClassMatcher.classify(v)
            if info.mediaOnly { media = true } else if info.softNegative || info.hardNegative { return false }
        }
        return media
    }

    /// A pruned block that was prose (for the self-check).
    func isPrunedProse(_ i: Int) -> Bool {
        rawLen[i] - rawLinkLen[i] >= ExtractionKnobs.prunedProseChars && rawSent[i] >= ExtractionKnobs.prunedProseSentences
            && rawLinkLen[i] * 4 < rawLen[i]
    }

    mutating func measureAlive() {
        cur.textLen = Array(repeating: 0, count: n)
        cur.linkLen = Array(repeating: 0, count: n)
        cur.commas = Array(repeating: 0, count: n)
        cur.pCount = Array(repeating: 0, count: n)
        cur.imgCount = Array(repeating: 0, count: n)
        cur.liCount = Array(repeating: 0, count: n)
        cur.hasBlock = Array(repeating: false, count: n)
        if n == 0 { return }
        let nodes = doc.nodes
        var i = bodyEnd - 1
        while i >= body {
            if cur.dead[i] { i -= 1; continue }
            let nd = nodes[i]
            if nd.kind == .text {
                let m = measure(doc.textBytes(i))
                cur.textLen[i] = m.chars
                cur.commas[i] = m.commas
            } else if nd.kind == .element {
                switch nd.tag {
                case .a: if isLink(i, .a) { cur.linkLen[i] = cur.textLen[i] }
                case .p: cur.pCount[i] += 1
                case .img: if !isIconSized(i) { cur.imgCount[i] += 1 }
                case .li: cur.liCount[i] += 1
                default: break
                }
            }
            let p = Int(nd.parent)
            if p >= 0 && i != body {
                cur.textLen[p] += cur.textLen[i]
                cur.linkLen[p] += cur.linkLen[i]
                cur.commas[p] += cur.commas[i]
                cur.pCount[p] += cur.pCount[i]
                cur.imgCount[p] += cur.imgCount[i]
                cur.liCount[p] += cur.liCount[i]
                if cur.hasBlock[i] || (nd.kind == .element && DOMExtractor.isStructural(nd.tag)) { cur.hasBlock[p] = true }
            }
            i -= 1
        }
    }

    /// An <img> declared at most 32 px wide or high (width/height attributes or inline style) is an icon,
    /// spacer or bar (a forum post's "quote" and "print" buttons, a 1×1 tracker), not a picture: it does not
    /// count toward the "more images than paragraphs" rule, which is meant for galleries.
    func isIconSized(_ i: Int) -> Bool {
        if let w = doc.attributeBytes(i, "width"), let v = DOMExtractor.pixels(w[...]), v <= 32 { return true }
        if let h = doc.attributeBytes(i, "height"), let v = DOMExtractor.pixels(h[...]), v <= 32 { return true }
        guard let st = doc.attributeBytes(i, "style") else { return false }
        var s: [UInt8] = []
        for b in st where !isASCIISpace(b) { s.append(asciiLower(b)) }
        for key in [DOMExtractor.styleWidth, DOMExtractor.styleHeight] {
            var k = 0
            while k + key.count <= s.count {
                if s[k..<(k + key.count)].elementsEqual(key) {
                    // Not "max-width:" / "line-height:".
                    let standalone = k == 0 || s[k - 1] == 0x3B || s[k - 1] == 0x22 || s[k - 1] == 0x7B
                    if standalone, let v = DOMExtractor.pixels(s[(k + key.count)...], needPx: true), v <= 32 { return true }
                }
                k += 1
            }
        }
        return false
    }

    private static let styleWidth = Array("width:".utf8)
    private static let styleHeight = Array("height:".utf8)

    /// A length in pixels at the start of `v` ("16", "16px"); nil for percentages, other units or no digits.
    static func pixels(_ v: ArraySlice<UInt8>, needPx: Bool = false) -> Int? {
        var n = 0, digits = 0
        var k = v.startIndex
        while k < v.endIndex, isASCIISpace(v[k]) { k += 1 }
        while k < v.endIndex, v[k] >= 0x30 && v[k] <= 0x39, digits < 6 { n = n * 10 + Int(v[k] - 0x30); digits += 1; k += 1 }
        guard digits > 0 else { return nil }
        if k == v.endIndex || v[k] == 0x3B || isASCIISpace(v[k]) { return needPx ? nil : n }
        if k + 1 < v.endIndex, asciiLower(v[k]) == 0x70, asciiLower(v[k + 1]) == 0x78 { return n }
        return nil
    }

    @inline(__always) func isLink(_ i: Int, _ tag: HTMLTag) -> Bool {
        tag == .a && flags[i] & DOMExtractor.fNamedAnchor == 0
    }

    @inline(__always) func linkDensity(_ i: Int) -> Float {
        let t = cur.textLen[i]
        return t > 0 ? Float(cur.linkLen[i]) / Float(t) : 0
    }

    private func tagBase(_ t: HTMLTag) -> Float {
        switch t {
        case .div: return 5
        case .article: return 8
        case .main: return 5
        case .pre, .td, .blockquote: return 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: return -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: return -5
        default: return 0
        }
    }

    private mutating func addScore(_ start: Int, _ contentScore: Float, _ opts: DOMOptions) {
        var a = start
        var level = 0
        while a >= body && level < 5 {
            if !cur.isCand[a] {
                cur.isCand[a] = true
                cur.score[a] = tagBase(doc.nodes[a].tag) + (opts.weightClasses ? Float(classWeight[a]) : 0)
            }
            let divider: Float = level == 0 ? 1 : (level == 1 ? 2 : Float(level * 3))
            cur.score[a] += contentScore / divider
            if a == body { break }
            a = Int(doc.nodes[a].parent)
            level += 1
        }
    }

    /// Scores candidates and returns the roots of the article (top candidate plus merged siblings).
    mutating func selectRoots(_ opts: DOMOptions) -> [Int] {
        cur.score = Array(repeating: 0, count: n)
        cur.isCand = Array(repeating: false, count: n)
        guard n > 0 else { return [] }
        let nodes = doc.nodes
        // Loose inline text directly inside containers that also hold blocks: an implicit paragraph.
        var looseLen = [Int32](repeating: 0, count: n)
        var looseCommas = [Int32](repeating: 0, count: n)
        for i in (body + 1)..<bodyEnd where !cur.dead[i] {
            let nd = nodes[i]
            let p = Int(nd.parent)
            guard cur.hasBlock[p] else { continue }
            if nd.kind == .text || (nd.kind == .element && !DOMExtractor.isBlock(nd.tag) && !cur.hasBlock[i]) {
                looseLen[p] += cur.textLen[i]; looseCommas[p] += cur.commas[i]
            }
        }
        for i in body..<bodyEnd where !cur.dead[i] && nodes[i].kind == .element {
            let t = nodes[i].tag
            var para = false
            switch t {
            case .p, .pre, .td: para = !cur.hasBlock[i] || t != .td
            case .div, .section, .article, .center, .main, .font, .dd, .blockquote, .other: para = !cur.hasBlock[i]
            default: para = false
            }
            if para && cur.textLen[i] >= 25 && i != body {
                let cs = 1 + Float(cur.commas[i]) + min(Float(cur.textLen[i] / 100), 3)
                addScore(Int(nodes[i].parent), cs, opts)
            }
            if cur.hasBlock[i] && looseLen[i] >= 25 {
                let cs = 1 + Float(looseCommas[i]) + min(Float(looseLen[i] / 100), 3)
                addScore(i, cs, opts)
            }
        }
        var top = -1
        var best: Float = -Float.infinity
        var anchoredScore: Float? = nil
        var leaders: [Int] = []   // the five best candidates, best first
        for i in body..<bodyEnd where cur.isCand[i] {
            cur.score[i] *= (1 - linkDensity(i))
            if cur.score[i] > best { best = cur.score[i]; top = i }
            if leaders.count < 5 || cur.score[i] > cur.score[leaders[4]] {
                var k = min(leaders.count, 4)
                if leaders.count < 5 { leaders.append(i) } else { leaders[4] = i }
                while k > 0 && cur.score[leaders[k - 1]] < cur.score[i] { leaders.swapAt(k, k - 1); k -= 1 }
            }
        }
        cur.bestCandidates = top >= 0 ? [top] : []
        cur.chosen = -1
        cur.core = -1
        // Three near-equal rivals under one ancestor: the story is split into sibling blocks (one per
        // paragraph or section), so that ancestor is the article (readability.js).
        if top >= 0 {
            let topEnd = Int(nodes[top].subtreeEnd)
            let rivals = leaders.filter { $0 != top && cur.score[$0] >= 0.75 * best && !($0 > top && $0 < topEnd) }
            if rivals.count >= 3 {
                var a = Int(nodes[top].parent)
                while a > body {
                    let end = Int(nodes[a].subtreeEnd)
                    if rivals.filter({ $0 > a && $0 < end }).count >= 3 {
                        // (Not a page wrapper full of navigation and teasers.)
                        if linkDensity(a) < 0.25 { top = a; cur.bestCandidates += rivals }
                        break
                    }
                    a = Int(nodes[a].parent)
                }
            }
        }
        // The headline's container is the story unless something inside it already won.
        // A short post (a photo with a line of text) beside a sidebar widget of "about me" prose: the widget
        // outscores the post, but its class says it is a widget. The headline's container then needs less.
        let minExtra: Int32 = top >= 0 && flags[top] & (DOMExtractor.fSoft | DOMExtractor.fHard) != 0 ? 1 : 150
        if let tc = titleContainer(minExtra: minExtra), top >= 0, !(top >= tc && top < Int(nodes[tc].subtreeEnd)) {
            if !cur.isCand[tc] { cur.isCand[tc] = true; cur.score[tc] = tagBase(nodes[tc].tag) }
            // It wins; siblings are still judged against the best content score, not the bonus.
            anchoredScore = max(cur.score[tc], best)
            cur.score[tc] = best + 10 + max(cur.score[tc], 0)
            best = cur.score[tc]; top = tc
        }
        if top < 0 { return [body] }
        // Walk up while a parent scores better (readability.js).
        var lastScore = cur.score[top]
        let threshold = lastScore / 3
        var parent = Int(nodes[top].parent)
        while parent > body {
            if !cur.isCand[parent] { parent = Int(nodes[parent].parent); continue }
            let ps = cur.score[parent]
            if ps < threshold { break }
            if ps > lastScore { top = parent; break }
            lastScore = ps
            parent = Int(nodes[parent].parent)
        }
        // An only child says nothing: take its parent.
        while top > body {
            let p = Int(nodes[top].parent)
            if p <= body { break }
            var elementChildren = 0
            var c = p + 1
            let end = Int(nodes[p].subtreeEnd)
            while c < end {
                if !cur.dead[c] && nodes[c].kind == .element { elementChildren += 1 }
                else if !cur.dead[c] && nodes[c].kind == .text && cur.textLen[c] > 1 { elementChildren += 2 }
                c = Int(nodes[c].subtreeEnd)
            }
            if elementChildren != 1 { break }
            top = p
        }
        // A table-layout parent (cell, table, <center>, <font>, <blockquote>; not a row, whose other cells
        // are columns: navigation and sidebars) whose other text is prose
        // too (a section's intro, a boxed list of facts, a note after a quote) holds the story: climb to it
        // while its extra text is mostly unlinked and no more than what is already chosen. The container
        // scoring chose stays exempt from conditional cleaning (`core`). Through a <div> only when it is
        // unnamed: on modern pages a story's named wrapper also holds captions, teasers and widgets that
        // read as prose.
        cur.core = top
        var climbs = 0
        while climbs < 3 && top > body {
            let p = Int(nodes[top].parent)
            guard p > body, DOMExtractor.isLayoutWrapper(nodes[p].tag) || (nodes[p].tag == .div && isUnnamed(p)) else { break }
            let extra = cur.textLen[p] - cur.textLen[top], extraLinks = cur.linkLen[p] - cur.linkLen[top]
            guard extra >= 25, extraLinks * 5 < extra, extra <= cur.textLen[top] else { break }
            top = p; climbs += 1
        }
        cur.chosen = top
        if top == body { return [body] }
        // Sibling merging.
        let topScore = max(anchoredScore ?? cur.score[top], 0)
        let sibThreshold = max(10, topScore * 0.2)
        let p = Int(nodes[top].parent)
        var roots: [Int] = []
        let topClass = doc.attributeBytes(top, "class")
        var c = p + 1
        let end = Int(nodes[p].subtreeEnd)
        while c < end {
            defer { c = Int(nodes[c].subtreeEnd) }
            if cur.dead[c] { continue }
            if c == top { roots.append(c); continue }
            let nd = nodes[c]
            if nd.kind == .text {
                if cur.textLen[c] > 80 { roots.append(c) }
                continue
            }
            guard nd.kind == .element else { continue }
            var append = false
            var bonus: Float = 0
            if let tc = topClass, !tc.isEmpty, let cc = doc.attributeBytes(c, "class"), cc.elementsEqual(tc) {
                bonus = topScore * 0.2
            }
            if cur.isCand[c] && cur.score[c] + bonus >= sibThreshold {
                append = !isHeadedItemList(c)
            } else if nd.tag == .p || (!cur.hasBlock[c] && !DOMExtractor.isBlock(nd.tag)) || (nd.tag == .div && !cur.hasBlock[c]) {
                let ld = linkDensity(c)
                let len = cur.textLen[c]
                if len > 80 && ld < 0.25 { append = true }
                else if len > 0 && len <= 80 && ld == 0 && endsSentence(c) { append = true }
            }
            // A sibling table of prose: an old page that sets each section of its story in a table of its
            // own. Its scores sit in its cells, out of reach of the sibling threshold. Likewise an unnamed
            // wrapper (<div>, <center>, <blockquote> without class or id) of prose: an old page's next
            // section. (Named ones stay with the score: on modern pages they are teasers, bios, promos.)
            if !append && isProseWrapper(c) { append = true }
            if append { roots.append(c) }
        }
        roots = tableRowSections(roots, sibThreshold: sibThreshold)
        let withPosts = repeatedPosts(around: p, roots)
        if withPosts.count > roots.count || p <= body { return withPosts }
        return repeatedPosts(around: Int(nodes[p].parent), roots)
    }

    private func endsSentence(_ i: Int) -> Bool {
        let last = lastTextByte(i, skippingDead: true)
        return last == 0x2E || last == 0x21 || last == 0x3F
    }

    /// The last non-space byte of `i`'s text (0 when it has none).
    func lastTextByte(_ i: Int, skippingDead: Bool) -> UInt8 {
        var last: UInt8 = 0
        for k in i..<Int(doc.nodes[i].subtreeEnd) where doc.nodes[k].kind == .text && !(skippingDead && cur.dead[k]) {
            for b in doc.textBytes(k) where !isASCIISpace(b) { last = b }
        }
        return last
    }

    /// Whether `i` lies strictly inside the container `selectRoots` chose.
    @inline(__always) func isInsideChosen(_ i: Int) -> Bool {
        cur.chosen >= 0 && i > cur.chosen && i < Int(doc.nodes[cur.chosen].subtreeEnd)
    }

    // MARK: - Conditional cleaning

    /// The clean rule that leaves element `i` out, or nil: the first rule switched on whose test holds.
    private func keep(_ i: Int, _ opts: DOMOptions) -> CleanRuleID? {
        let nd = doc.nodes[i]
        let t = nd.tag
        let on = opts.clean
        if on.on(.table) && !opts.includeTables && t == .table && cur.pCount[i] == 0 { return .table }
        guard opts.cleanConditionally else { return nil }
        let weight = opts.weightClasses ? Int(classWeight[i]) : 0
        switch t {
        case .h1, .h2, .h3, .h4, .h5, .h6:
            // (The story's own headline is often a permalink.)
            if on.on(.headingLinks) && i != titleHeading && (weight < 0 || linkDensity(i) > K.headingMaxLinkDensity) { return .headingLinks }
            return nil
        case .form, .fieldset, .table, .ul, .ol, .div, .section, .aside, .figure, .dl, .header, .center:
            break
        default:
            return nil
        }
        let cs = cur.isCand[i] ? Int(cur.score[i]) : 0
        let ld = linkDensity(i)
        let len = cur.textLen[i]
        // A soft class word ("widget" in a page builder's "elementor-widget-container") does not remove the
        // block of unlinked prose that won the scoring: that is the story, not a sidebar widget.
        if on.on(.negativeWeight) && weight + cs < 0 && !isProseList(i, weight) && !isLinklessLead(i, len, cur.linkLen[i]) && !(flags[i] & DOMExtractor.fHard == 0 && len >= K.componentProseChars && ld < K.contentMaxLinkDensity && isComponentOfStory(i))
            && !isProseOfStory(i) {
            return .negativeWeight
        }
        if cur.commas[i] >= K.proseCommas { return nil }
        let isList = t == .ul || t == .ol
        let p = Float(cur.pCount[i]), img = Float(cur.imgCount[i]), li = Float(cur.liCount[i] - 100)
        if len >= K.contentChars && ld < K.contentMaxLinkDensity { return nil }   // plenty of unlinked text: content, whatever the counts say
        if on.on(.images) && img > 1 && p / img < K.minParagraphsPerImage && t != .figure { return .images }
        if on.on(.listItems) && !isList && li > p { return .listItems }
        if on.on(.shortLinks) && !isList && len < K.shortLinksChars && (img == 0 || img > 2) && ld > 0 { return .shortLinks }
        // A data table in the story (a header row over rows of cells: line-ups, results) keeps its linked names.
        let dataTable = t == .table && ld <= K.dataTableMaxLinkDensity && isDataTableInStory(i)
        if on.on(.linkDensity) && !isList && weight < K.contentClassWeight && ld > K.maxLinkDensity && !dataTable { return .linkDensity }
        if on.on(.linkDensity) && weight >= K.contentClassWeight && ld > K.maxLinkDensityContentClass && !dataTable && !holdsProseParagraph(i) { return .linkDensity }
        if on.on(.linkList) && isList && ld > K.listMaxLinkDensity && !(ld <= K.introducedListMaxLinkDensity && isIntroducedItemList(i)) { return .linkList }
        return nil
    }

    /// A list of prose items (tips, steps, notes: each item a sentence or more, hardly any links) is story
    /// text when it is part of the chosen container. Its negative score comes only from the list tag's base (readability scores <ul> down to sink
    /// navigation lists), not from its class: the score is negative exactly when its items hold paragraphs
    /// or font blocks that added a little content score, while the same list with bare items is kept.
    func isProseList(_ i: Int, _ weight: Int) -> Bool {
        let t = doc.nodes[i].tag
        guard weight >= 0, t == .ul || t == .ol || t == .dl else { return false }
        // (Part of the chosen story, not all of it: a widget holding one blurb list is not a story.)
        guard isInsideChosen(i), cur.textLen[i] * 2 < cur.textLen[cur.chosen] else { return false }
        return cur.textLen[i] >= 25 && cur.linkLen[i] * 5 < cur.textLen[i]
    }

    /// A content block ("entry-content") inside the chosen container that holds a paragraph of at least 100
    /// characters of unlinked text: the post's own text next to its image links and related-post lists. Cleaning
    /// descends into it instead of dropping it whole for its link density.
    func holdsProseParagraph(_ i: Int) -> Bool {
        guard isInsideChosen(i) else { return false }
        let end = Int(doc.nodes[i].subtreeEnd)
        var k = i + 1
        while k < end {
            if cur.dead[k] { k = Int(doc.nodes[k].subtreeEnd); continue }
            if doc.nodes[k].kind == .element && doc.nodes[k].tag == .p {
                if cur.textLen[k] - cur.linkLen[k] >= 100 { return true }
                k = Int(doc.nodes[k].subtreeEnd); continue
            }
            k += 1
        }
        return false
    }

    /// A table inside the chosen container with a header cell (<th>), at least 3 rows of 2+ cells, and no
    /// nested table or block structure (a data table, not a layout or navigation grid).
    func isDataTableInStory(_ i: Int) -> Bool {
        guard isInsideChosen(i) else { return false }
        let nodes = doc.nodes
        var th = 0, rows = 0, cellsInRow = 0
        let end = Int(nodes[i].subtreeEnd)
        for k in (i + 1)..<end where nodes[k].kind == .element {
            switch nodes[k].tag {
            case .table, .ul, .ol, .form, .div, .p, .h1, .h2, .h3, .img: return false
            case .tr:
                if cellsInRow >= 2 { rows += 1 }
                cellsInRow = 0
            case .th: th += 1; cellsInRow += 1
            case .td: cellsInRow += 1
            default: break
            }
        }
        if cellsInRow >= 2 { rows += 1 }
        return th >= 1 && rows >= 3
    }

    /// A list in the story introduced by a short label paragraph ending in a colon ("Other deals:") whose
    /// every item adds some unlinked text to its link (a price, a note): the story's own list of links.
    func isIntroducedItemList(_ i: Int) -> Bool {
        guard isInsideChosen(i) else { return false }
        let nodes = doc.nodes
        let p = Int(nodes[i].parent)
        guard p >= 0 else { return false }
        // The element just before the list (only whitespace between).
        var prev = -1
        var c = p + 1
        while c < i {
            if nodes[c].kind == .element { prev = c; c = Int(nodes[c].subtreeEnd); continue }
            if nodes[c].kind == .text && !doc.textBytes(c).allSatisfy({ isASCIISpace($0) }) { prev = -1 }
            c += 1
        }
        guard prev >= 0, nodes[prev].tag == .p, cur.textLen[prev] > 0, cur.textLen[prev] <= 80, cur.linkLen[prev] == 0 else { return false }
        guard lastTextByte(prev, skippingDead: false) == 0x3A else { return false }
        var items = 0
        c = i + 1
        let end = Int(nodes[i].subtreeEnd)
        while c < end {
            defer { c = Int(nodes[c].subtreeEnd) }
            guard nodes[c].kind == .element, !cur.dead[c] else { continue }
            guard nodes[c].tag == .li, cur.textLen[c] - cur.linkLen[c] >= 8 else { return false }
            items += 1
        }
        return items >= 1
    }

    /// A "teaser" block (and no other negative word) of one or a few sentences without any link: the story's
    /// lead, not a box of links to other stories. A "more" block (and no other negative word) of 300+ chars
    /// of mostly unlinked text: the rest of the entry after the jump, not a "read more" link.
    func isLinklessLead(_ i: Int, _ len: Int32, _ links: Int32) -> Bool {
        guard len >= 60 && links * 4 < len else { return false }
        var part = false
        for name in ["class", "id"] {
            guard let v = doc.attributeBytes(i, name), !v.isEmpty else { continue }
            let info = ClassMatcher.classify(v)
            if info.leadOnly && links == 0 && len <= 1500 { part = true }
            else if info.continuationOnly && len >= 300 { part = true }
            else if info.hardNegative || info.softNegative { return false }
        }
        return part
    }

    /// A block inside the chosen container that holds sentences of unlinked text and whose class names at
    /// most a media or card part ("video-embed", "card-header"): part of the story, whatever its weight says.
    /// (Region and component words, "sidebar" or "widget", keep their say: a text widget holds sentences too.)
    func isProseOfStory(_ i: Int) -> Bool {
        guard flags[i] & DOMExtractor.fHard == 0, isInsideChosen(i) else { return false }
        guard cur.textLen[i] - cur.linkLen[i] >= ExtractionKnobs.storyBlockProseChars && cur.linkLen[i] * 4 < cur.textLen[i]
            && rawSent[i] >= ExtractionKnobs.mediaProseSentences else { return false }
        for name in ["class", "id"] {
            guard let v = doc.attributeBytes(i, name), !v.isEmpty else { continue }
            let info = ClassMatcher.classify(v)
            if info.softNegative && !info.mediaOnly { return false }
        }
        return true
    }

    /// A page-builder component ("elementor-widget-container") inside the chosen container that holds at
    /// least a quarter of its text. Only inside the chosen container: when the whole body is emitted, the
    /// wrappers around it keep their weights.
    func isComponentOfStory(_ i: Int) -> Bool {
        guard isInsideChosen(i) else { return false }
        guard cur.textLen[i] * 4 >= cur.textLen[cur.chosen] else { return false }
        // Only component words ("widget"), no region word ("sidebar"), in the class and id.
        for name in ["class", "id"] {
            guard let v = doc.attributeBytes(i, name), !v.isEmpty else { continue }
            let info = ClassMatcher.classify(v)
            if info.hardNegative || (info.softNegative && !info.componentOnly) { return false }
        }
        return true
    }

    // MARK: - Emission

    /// Emits the text blocks of the roots, cleaning conditionally: one block per paragraph, typed by the
    /// block elements around it (`BlockState`).
    mutating func emit(_ roots: [Int], _ opts: DOMOptions, minLinkBlock: Bool = true) -> [TextBlock] {
        var out: [TextBlock] = []
        var buf = ParagraphBuffer()
        var linkBytes = 0
        var linkDepth = 0
        let layout = opts.keepLayout
        let linkParagraphOn = opts.clean.on(.linkParagraph)
        var cells: [Int32] = []   // with `layout`: where each cell of the current row starts in `buf`
        var pre: [UInt8] = []     // with `layout`: the current <pre> text as written
        var rowCells = 0          // table cells opened in the current paragraph
        let nodes = doc.nodes
        func flush(_ st: BlockState) {
            let total = buf.bytes.count
            let lb = linkBytes
            let cellCount = rowCells
            linkBytes = 0
            rowCells = 0
            guard let s = buf.take() else {
                if layout { cells = []; pre = [] }
                return
            }
            if minLinkBlock && linkParagraphOn && total > 0 && lb * 10 >= total * 6 {
                cur.ruleCounts.clean.add(.linkParagraph)
                if tracing { cur.linkParagraphs.append(s) }
                if layout { cells = []; pre = [] }
                return   // a paragraph made of links: navigation or related links
            }
            let kind = BlockState.kind(st, cells: cellCount, bytes: total)
            var block = TextBlock(kind, level: kind == st.kind ? st.level : 0, number: kind == st.kind ? st.number : 0, s)
            if layout {
                if kind == .tableRow { block.cells = cells }
                if st.kind == .preformatted && !pre.isEmpty { block.raw = String(decoding: pre, as: UTF8.self) }
                cells = []; pre = []
            }
            out.append(block)
        }
        let headlineEnd = titleHeading >= 0 ? Int(nodes[titleHeading].subtreeEnd) : -1
        for root in roots {
            var i = root
            let end = Int(nodes[root].subtreeEnd)
            var open: [OpenElement] = []
            while i < end {
                while let last = open.last, last.end <= i {
                    open.removeLast()
                    switch last.role {
                    case .block: flush(last.state)
                    case .link: linkDepth -= 1
                    case .cell: buf.space()
                    }
                }
                if cur.dead[i] { i = Int(nodes[i].subtreeEnd); continue }
                let nd = nodes[i]
                if nd.kind == .text {
                    let before = buf.bytes.count
                    let text = doc.textBytes(i)
                    buf.append(text)
                    if linkDepth > 0 { linkBytes += buf.bytes.count - before }
                    if layout && open.last?.state.kind == .preformatted { pre.append(contentsOf: text) }
                    i += 1; continue
                }
                if nd.kind != .element { i += 1; continue }
                if i != root && i != cur.core, let rule = keep(i, opts) {
                    if cur.textLen[i] > 0 {
                        cur.ruleCounts.clean.add(rule)
                        if tracing { cur.drops.append(DOMDrop(rule: rule.rawValue, node: i)) }
                    }
                    i = Int(nd.subtreeEnd); continue
                }
                let t = nd.tag
                let subEnd = Int(nd.subtreeEnd)
                if t == .br || t == .hr {
                    flush(open.last?.state ?? .root)
                } else if DOMExtractor.isBlock(t) {
                    flush(open.last?.state ?? .root)
                    let st = enter(i, t, &open)
                    open.append(OpenElement(end: subEnd, role: .block, state: st))
                } else if isLink(i, t) && !(i > titleHeading && i < headlineEnd) {
                    // (A permalink headline is not a paragraph made of links.)
                    linkDepth += 1
                    open.append(OpenElement(end: subEnd, role: .link, state: open.last?.state ?? .root))
                } else if t == .td || t == .th {
                    buf.space()
                    rowCells += 1
                    if layout { cells.append(Int32(buf.bytes.count)) }
                    open.append(OpenElement(end: subEnd, role: .cell, state: open.last?.state ?? .root))
                }
                i += 1
            }
            while let last = open.popLast() {
                if last.role == .block { flush(last.state) } else if last.role == .link { linkDepth -= 1 }
            }
            flush(.root)
            linkDepth = 0
        }
        return out
    }

    /// Text of a subtree for tracing (dead parts included).
    func traceText(_ i: Int) -> String {
        var buf = ParagraphBuffer()
        for k in i..<Int(doc.nodes[i].subtreeEnd) where doc.nodes[k].kind == .text { buf.append(doc.textBytes(k)); buf.space() }
        var head = "<" + doc.nodes[i].name
        if let c = doc.attribute(i, "class") { head += " class=\"" + c + "\"" }
        if let c = doc.attribute(i, "id") { head += " id=\"" + c + "\"" }
        return head + "> " + (buf.take() ?? "")
    }

    // MARK: - Driver

    /// Runs one attempt: prune, measure, select, emit.
    mutating func attempt(_ opts: DOMOptions) -> [TextBlock] {
        guard n > 0 else { return [] }
        cur.drops.removeAll()
        cur.ruleCounts = ExtractionRuleCounts()
        cur.linkParagraphs.removeAll()
        prune(opts)
        measureAlive()
        let roots = selectRoots(opts)
        cur.lastRoots = roots
        let paras = emit(roots, opts)
        cur.lastHeadline = paras.isEmpty ? nil : (headlineAbove(roots) ?? (titleHeading < 0 ? headingBefore(roots) : nil))
        return paras
    }

    /// Whether the last attempt's chosen container is `node` or lies inside it: the story is that block, not
    /// a wider region that merely takes it in with its neighbours.
    func choseWithin(_ node: Int) -> Bool {
        node >= 0 && cur.chosen >= node && cur.chosen < Int(doc.nodes[node].subtreeEnd)
    }

    /// The unlinked share of the last attempt's roots' text (the self-check takes a relaxed attempt that is
    /// mostly prose).
    var rootsProseShare: Float {
        var text: Int32 = 0, links: Int32 = 0
        for r in cur.lastRoots { text += cur.textLen[r]; links += cur.linkLen[r] }
        return text > 0 ? Float(text - links) / Float(text) : 0
    }

    /// Total visible text after pruning (for the fallback ladder).
    var aliveBodyText: Int { n > 0 ? Int(cur.textLen[body]) : 0 }
}

func charCount(_ paras: [TextBlock]) -> Int {
    var c = 0
    for p in paras { c += p.text.utf8.count }
    return c
}
