import WinnowCore
import WinnowHTML

/// Extracts the article text and metadata from HTML; strips noise lines from text.
///
/// HTML: libxml2 parse → arena → readability-style container scoring with sibling merging and
/// conditional cleaning → fallback ladder (relaxed attempt, JSON-LD articleBody, whole-body) → line rules.
/// Text: line rules only.
///
/// Options: `StripBoilerplateOptions` (`winnow stages strip_boilerplate`).
public final class StripBoilerplateStage: DocumentStage, StageCounting {
    public static let typeName = "strip_boilerplate"
    public static let summary = "Extracts the article text and metadata from HTML; strips noise lines from text."

    public let includeComments: Bool
    public let includeTables: Bool
    public let minTextLength: Int
    public let lineRules: Bool
    public let dropEmpty: Bool
    public let minWords: Int
    public let keepBylines: Bool
    /// How `text` is rendered from the kept blocks.
    public let textFormat: TextFormat
    /// Keep table cells and <pre> line breaks, and put the kept blocks on `Document.blocks` (`extract --format json`).
    public let keepBlocks: Bool
    public let includeTitle: Bool
    public let keepSocialPosts: Bool
    /// The rules switched on (`disable_rules`).
    let switches: ExtractionRuleSwitches
    /// Drops per rule over all documents processed (`stats.json`: `rules`).
    let tally = CounterTally(names: ExtractionRuleCounts.names)

    public convenience init(params: StageParams) throws { try self.init(params: params, keepBlocks: false) }

    public init(params: StageParams, keepBlocks: Bool) throws {
        let o = try params.decode(StripBoilerplateOptions.self)
        includeComments = o.includeComments
        includeTables = o.includeTables
        minTextLength = o.minTextLength
        lineRules = o.lineRules
        dropEmpty = o.dropEmpty
        minWords = o.minWords
        keepBylines = o.keepBylines
        textFormat = o.textFormat
        self.keepBlocks = keepBlocks
        includeTitle = o.includeTitle
        keepSocialPosts = o.keepSocialPosts
        switches = ExtractionRuleSwitches(disabling: o.disableRules.compactMap(ExtractionRuleName.init(rawValue:)))
    }

    public var counters: [String: [String: Int]] { [:] }
    /// `stats.json` only: `rules` → "line.footer" → lines dropped by that rule, and so on for every rule.
    public var detailCounters: [String: [String: Int]] { ["rules": tally.counts] }

    static let stage = "strip_boilerplate"


    public func process(_ document: inout Document) throws -> StageResult {
        var title: String? = document.title
        var extracted: [TextBlock] = []
        var counts = ExtractionRuleCounts()
        defer { tally.add(counts.flat) }
        if document.format == .html {
            guard let raw = document.raw else { throw StageError("no HTML bytes to extract from") }
            // The line rules compare lines with the given title, else the page's own (not the headline vote, so
            // the text does not depend on it).
            let lineTitle = try extractHTML(raw, &document, into: &extracted, counts: &counts)
            title = title ?? lineTitle
        } else {
            extracted = [.paragraph(document.text)]
        }
        document.raw = nil
        let kept: [TextBlock]
        if lineRules {
            let lines = Self.lines(of: extracted)
            let rules = LineRules(title: title, textInput: document.format == .text, tracing: document.tracing,
                                  keepBylines: keepBylines, switches: switches.line)
            let r = rules.apply(lines: lines.map(\.text))
            counts.line = r.counts
            for d in r.drops { document.note(Self.stage, "drop", rule: d.rule, d.text) }
            Self.addTextBylines(r.authors, site: document.site, to: &document)
            if document.published == nil, let p = r.published, let d = DateParsing.parseMachine(p), p.utf8.count >= 10 {
                document.published = d.value
                document.note(Self.stage, "metadata", rule: "published:" + MetaSource.text.rawValue, p)
            }
            kept = r.kept.map { lines[$0] }
            // Text input: the first kept line is the headline when it reads like one.
            if document.format == .text, document.title == nil, let t = r.lines.first,
               t.utf8.count < 200 && !LineRules.endsSentence(t) && LineRules.wordCount(t) >= 3 {
                title = t
            }
        } else {
            kept = Self.inlineCleaned(extracted)
        }
        // The drop decisions read the plain text, so that they do not depend on the format.
        let plain = BlockRenderer.plain(kept)
        document.text = textFormat == .text ? plain : BlockRenderer.render(kept, textFormat)
        if keepBlocks { document.blocks = kept }
        if document.title == nil, let t = title { document.title = t }
        if document.published == nil, let u = document.url, let d = DateParsing.fromURL(u) {
            document.published = d.value
            document.note(Self.stage, "metadata", rule: "published:" + MetaSource.url.rawValue, u)
        }
        if document.site == nil, let u = document.url { document.site = hostOf(u) }
        if document.hostname == nil, let u = document.url { document.hostname = hostOf(u) }
        if document.format == .html && minWords > 0 && !plain.isEmpty
            && Self.hasFewerWords(plain, than: minWords) {
            let fragment = plain
            document.note(Self.stage, "drop", rule: "too-few-words", fragment)
            document.text = ""
            document.blocks = []
            return dropEmpty ? .drop(reason: "no article found: fewer than \(minWords) words extracted") : .keep
        }
        if plain.isEmpty {
            return dropEmpty ? .drop(reason: "empty after extraction") : .keep
        }
        if minTextLength > 0 && plain.count < minTextLength {
            return .drop(reason: "text shorter than min_text_length")
        }
        return .keep
    }

    /// The lines the line rules read, each with its block's kind: a block's lines as `LineRules.cleanLines`
    /// gives them. (An emitted block is one clean line already; a headline from metadata, a JSON-LD body or a
    /// text input may hold several.) The same lines as `cleanLines` of the blocks joined by line breaks.
    static func lines(of blocks: [TextBlock]) -> [TextBlock] {
        split(blocks) { LineRules.cleanLines($0) }
    }

    /// Without the line rules: each block's non-empty lines, whitespace collapsed (`cleanInline`), as the
    /// text without blocks was split.
    static func inlineCleaned(_ blocks: [TextBlock]) -> [TextBlock] {
        split(blocks) { $0.split(separator: "\n", omittingEmptySubsequences: true).map { cleanInline(String($0)) }.filter { !$0.isEmpty } }
    }

    /// Each block split into `lines(text)`, every piece keeping the block's kind (a block that is one line
    /// as it is stays as it is; the pieces of a split one lose cell boundaries, and all but the first the raw text).
    static func split(_ blocks: [TextBlock], _ lines: (String) -> [String]) -> [TextBlock] {
        var out: [TextBlock] = []
        out.reserveCapacity(blocks.count)
        for b in blocks {
            let ls = lines(b.text)
            if ls.count == 1 && ls[0] == b.text { out.append(b); continue }
            for (k, l) in ls.enumerated() {
                var c = b
                c.text = l
                c.cells = []
                if k > 0 { c.raw = nil }
                out.append(c)
            }
        }
        return out
    }

    /// Whether `text` has fewer than `limit` words: runs of letters and digits, each CJK ideograph, kana or
    /// Hangul syllable counting as a word of its own (those scripts do not separate words by spaces).
    static func hasFewerWords(_ text: String, than limit: Int) -> Bool {
        // 40 bytes a word is beyond any real word, so longer texts need no counting.
        if text.utf8.count >= limit * 40 { return false }
        var words = 0, inWord = false
        for u in text.unicodeScalars {
            let p = u.properties
            if p.isIdeographic || (0x3040...0x30FF).contains(u.value) || (0xAC00...0xD7A3).contains(u.value) {
                words += 1; inWord = false
            } else if p.isAlphabetic || p.numericType != nil {
                if !inWord { words += 1; inWord = true }
            } else {
                inWord = false
            }
            if words >= limit { return false }
        }
        return true
    }

    /// Whether the <title> holds `t` and little else (a site name at most): "Headline — Site".
    static func titleRepeats(_ t: String, in htmlTitle: String) -> Bool {
        let k = DOMExtractor.titleKey(t.utf8), h = DOMExtractor.titleKey(htmlTitle.utf8)
        return k.count >= 12 && k.count * 3 >= h.count * 2 && h.contains(bytes: k)
    }

    /// Extracts the text and metadata; returns the title the line rules compare lines against.
    private func extractHTML(_ raw: [UInt8], _ document: inout Document, into blocks: inout [TextBlock],
                             counts: inout ExtractionRuleCounts) throws -> String? {
        let doc: HTMLDocument
        do {
            doc = try HTMLDocument.parse(raw, encoding: document.charsetHint ?? "UTF-8", url: document.url)
        } catch {
            throw StageError("HTML could not be parsed: \(error)")
        }
        if doc.nodes.isEmpty {
            // A blank page has no text to extract (the empty-document rule then applies); anything
            // else that yields no elements could not be parsed.
            if raw.allSatisfy({ isASCIISpace($0) }) { document.text = ""; blocks = []; return nil }
            throw StageError("HTML could not be parsed: no elements")
        }
        let meta = MetadataExtractor.extract(doc)
        var opts = DOMOptions()
        opts.includeComments = includeComments
        opts.includeTables = includeTables
        opts.keepLayout = keepBlocks || textFormat != .text
        opts.keepQuotedPosts = keepSocialPosts
        opts.prune = switches.prune
        opts.clean = switches.clean
        var uncleaned = opts   // the chosen container as it stands, for the two uncleaned fallbacks below
        uncleaned.cleanConditionally = false
        var ex = DOMExtractor(doc: doc, tracing: document.tracing)
        ex.findTitleHeading(titles: [meta.title, meta.htmlTitle].compactMap { $0 })
        var paras = ex.attempt(opts)
        if document.tracing {
            for r in ex.cur.lastRoots { document.note(Self.stage, "root", rule: r == ex.cur.chosen ? "chosen" : "sibling", ex.traceText(r)) }
        }
        var headline = ex.cur.lastHeadline
        var anchored = ex.headlineAndScoreAgree
        var taken = ex.cur   // the attempt whose text is taken: its drops go to the trace, its rule counts to stats
        var len = charCount(paras)
        let alive = ex.aliveBodyText
        var source = "dom"
        // Self-check: class pruning removed a block of prose longer than all the attempt kept. The attempt
        // without class pruning is taken when it is longer and mostly prose.
        if ex.cur.prunedProse > len {
            let removed = ex.cur.prunedProseNode
            var relaxed = opts
            relaxed.stripUnlikely = false
            let p2 = ex.attempt(relaxed)
            let l2 = charCount(p2)
            // (Its story must be that block: a relaxed attempt that picks a wider region is no repair.)
            if l2 > len && ex.choseWithin(removed) && ex.rootsProseShare >= ExtractionKnobs.relaxedProseShare {
                paras = p2; len = l2; taken = ex.cur; source = "dom-selfcheck"; headline = ex.cur.lastHeadline
                anchored = ex.headlineAndScoreAgree
            }
        }
        // Fallback ladder.
        if len < 500 {
            var relaxed = opts
            relaxed.stripUnlikely = false
            let p2 = ex.attempt(relaxed)
            let l2 = charCount(p2)
            if l2 > len * 2 && (l2 > 200 || len == 0) {
                paras = p2; len = l2; taken = ex.cur; source = "dom-relaxed"; headline = ex.cur.lastHeadline
                anchored = ex.headlineAndScoreAgree
            }
        }
        if let body = meta.articleBody, body.utf8.count > max(len * 3 / 2, 400) {
            paras = body.split(separator: "\n", omittingEmptySubsequences: true).map { cleanInline(String($0)) }.filter { !$0.isEmpty }
                .map(TextBlock.paragraph)
            len = charCount(paras)
            source = "json-ld"
            headline = nil
            anchored = false
        }
        // (Not for a short story whose container both the headline and the scoring chose: the rest of the page
        // is then sidebars and footers, however long.)
        if len < 200 && anchored {
            // A short story that cleaning cut down (a list of linked items is its text): the same container
            // without conditional cleaning, rather than the whole body. A one-sentence post will do here, since
            // the headline vouches for the container.
            let p4 = ex.attempt(uncleaned)
            let l4 = charCount(p4)
            if l4 > len * 2 && l4 >= 80 {
                paras = p4; len = l4; taken = ex.cur; source = "dom-uncleaned"; headline = ex.cur.lastHeadline
            }
        }
        if len < 200 || (len * 4 < alive && !anchored) {
            // Whole-body extraction with conditional cleaning.
            _ = ex.attempt(opts)
            let p3 = ex.emit([ex.body], opts)
            let l3 = charCount(p3)
            if l3 > len * 2 && l3 > 200 { paras = p3; len = l3; source = "body"; headline = nil }
        }
        if paras.isEmpty {
            // Cleaning removed everything (a short post that is mostly a link, a photo post): the chosen
            // container without conditional cleaning, before giving up on the DOM scoring altogether.
            let p4 = ex.attempt(uncleaned)
            if charCount(p4) >= 200 {
                paras = p4; taken = ex.cur; source = "dom-uncleaned"; headline = ex.cur.lastHeadline
            }
        }
        if paras.isEmpty {
            // Last resort: the whole body without cleaning.
            var bare = opts
            bare.cleanConditionally = false
            bare.stripUnlikely = false
            _ = ex.attempt(bare)
            paras = ex.emit([ex.body], bare)
            source = "body-bare"
            headline = nil
        }
        var standfirst: String? = nil
        if includeTitle {
            Self.prependHeadline(&paras, headline: headline, ex: ex, meta: meta, source: source)
        } else {
            standfirst = stripHead(&paras, ex: ex, meta: meta, &document)
        }
        if document.tracing {
            for d in taken.drops { document.note(Self.stage, "drop", rule: d.rule, ex.traceText(d.node)) }
            for t in ex.cur.linkParagraphs { document.note(Self.stage, "drop", rule: "link-paragraph", t) }
        }
        counts.prune = taken.ruleCounts.prune
        counts.clean = taken.ruleCounts.clean
        document.meta["extract_source"] = source
        blocks = paras
        let resolved = ResolvedMetadata(meta, doc: doc, headingNode: ex.titleHeading, url: document.url ?? meta.canonical,
                                        fetched: document.fetched)
        Self.apply(resolved, meta: meta, to: &document)
        if document.description == nil, let sf = standfirst { document.description = sf }
        return meta.bestTitle
    }

    /// `include_title`: the text starts with the headline, as older extraction golds have it.
    private static func prependHeadline(_ paras: inout [TextBlock], headline: String?, ex: DOMExtractor, meta: PageMetadata,
                                        source: String) {
        var insertedHeading = false
        if let h = headline, !paras.isEmpty, paras[0].text != h { paras.insert(TextBlock(.heading, level: 1, h), at: 0); insertedHeading = true }
        // No heading in the body repeats the title (the page draws its headline by script, or as an image):
        // the article still starts with its headline, from the page's own metadata (og/twitter/JSON-LD).
        // Only when the <title> says the same (metadata titles can be a site name or a rewritten headline).
        if ex.titleHeading < 0, source.hasPrefix("dom"), let t = meta.title, t.utf8.count <= 200,
           LineRules.wordCount(t) >= 3, let first = paras.first, !first.text.hasPrefix(t),
           let ht = meta.htmlTitle, Self.titleRepeats(t, in: ht) {
            // (It stands in for a heading found above the story: that one is only a guess.)
            if insertedHeading { paras[0] = TextBlock(.heading, level: 1, t) } else { paras.insert(TextBlock(.heading, level: 1, t), at: 0) }
        }
    }

    /// Default: the text is the article body. The headline (and a kicker label above it) leaves the head of
    /// the text; a standfirst right under it is returned (for `description` when the page has none).
    private func stripHead(_ paras: inout [TextBlock], ex: DOMExtractor, meta: PageMetadata, _ document: inout Document) -> String? {
        let headingText = ex.titleHeading >= 0 ? cleanInline(ex.doc.subtreeText(ex.titleHeading)) : nil
        let head = ArticleHead(titles: [headingText, meta.title, meta.bestTitle])
        let removed = head.stripHeadline(&paras)
        if document.tracing { for r in removed { document.note(Self.stage, "drop", rule: ArticleHeadRule.headline.rawValue, r) } }
        guard !removed.isEmpty || headingText != nil else { return nil }
        guard let sf = ArticleHead.standfirst(paras, standfirst: ex.standfirstAfterHeadline()) else { return nil }
        if document.tracing { document.note(Self.stage, "metadata", rule: ArticleHeadRule.standfirst.rawValue, sf) }
        return sf
    }
}
