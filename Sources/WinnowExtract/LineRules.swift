import WinnowCore

/// The extraction thresholds (`ExtractionKnobs`), by a short name.
private typealias K = ExtractionKnobs

/// What the line rules found besides the kept text.
struct LineRuleResult {
    var lines: [String] = []
    /// The index of each kept line among the lines given.
    var kept: [Int] = []
    var authors: [String] = []
    var published: String?
    /// With tracing: each dropped line and its rule's name (`LineRuleID.rawValue`).
    var drops: [(rule: String, text: String)] = []
    /// Dropped lines per rule (counted with tracing off too).
    var counts = RuleCounts<LineRuleID>()
}

/// Text line rules: drop page-chrome lines that survive extraction (or come with already-extracted text),
/// moving bylines and date lines to metadata.
///
/// Decisions: a contribution line ("X in Munich contributed to this report.") is part of the article as
/// published and is kept.
struct LineRules {
    var title: String?
    /// Text input (no DOM structure): enables the interstitial-headline and top-of-page rules.
    var textInput: Bool
    var tracing: Bool
    /// Keep byline lines in the text (their names still go to the authors). Off by default: bylines are
    /// metadata. Extraction golds (Dragnet, CleanEval, trafilatura's set) keep them, so this scores higher there.
    var keepBylines = false
    /// The rules switched on (`disable_rules`: all by default). A rule switched off drops nothing; the line
    /// goes on to the rules after it.
    var switches = RuleSwitches<LineRuleID>()

    func apply(_ text: String) -> LineRuleResult { apply(lines: LineRules.cleanLines(text)) }

    /// The rules over lines as `cleanLines` gives them; `kept` says which lines the result keeps.
    func apply(lines: [String]) -> LineRuleResult {
        var res = LineRuleResult()
        if lines.isEmpty { return res }
        // Only short lines are matched against the lower-case patterns (lower-casing runs at ~23 MB/s).
        let lower: [String] = lines.map { $0.utf8.count <= K.lineMaxRuleBytes ? LineRules.lowercased($0) : "" }
        var drop = [LineRuleID?](repeating: nil, count: lines.count)
        let off = switches.off
        func on(_ id: LineRuleID) -> Bool { off & id.bit == 0 }
        var bylines = Set<Int>()   // kept byline lines (a clock time next to one is still metadata)
        let titleLower = title.map { cleanInline($0).lowercased() }

        for (i, line) in lines.enumerated() {
            let l = lower[i]
            let bytes = line.utf8.count
            // Icon-description runs ("Calendar An icon of a desk calendar. Cancel An icon of ...").
            let icons = bytes <= K.lineMaxIconScanBytes ? line.occurrencesOf("icon", ignoringASCIICase: true) : 0
            if on(.icons), icons >= K.lineMinIcons && icons * K.lineIconDescriptionBytes > bytes / 10 {
                drop[i] = .icons; continue
            }
            if bytes > K.lineMaxRuleBytes { continue }
            // An advertising disclosure says so up front (not "... I don't have affiliate links" late in a post).
            if on(.disclosure), LineRules.isDisclosure(l) { drop[i] = .disclosure; continue }
            let words = LineRules.wordCount(line)
            // Page furniture headings ("Inhaltsverzeichnis", "About the author:"), a lone time stamp ("3:59 PM"),
            // a PHP error message left in the page.
            if bytes < K.lineMaxLabelBytes {
                var key = Substring(l)
                if key.hasSuffix(":") { key = key.dropLast(); if key.hasSuffix(" ") { key = key.dropLast() } }
                if on(.furniture), LinePatterns.furnitureLengths & (1 << UInt64(key.utf8.count)) != 0,
                   LinePatterns.furnitureLines.contains(String(key)) { drop[i] = .furniture; continue }
                if on(.adLabel), LineRules.isAdLabel(l) { drop[i] = .adLabel; continue }
            }
            if on(.phpMessage), LineRules.isPHPMessage(l) { drop[i] = .phpMessage; continue }
            // Markup left in the text: HTML comments and conditional comments ("<![if !supportEmptyParas]>").
            if on(.markup), l.utf8.first == 0x3C, l.utf8.dropFirst().first == 0x21, LineRules.isMarkupOnly(l) { drop[i] = .markup; continue }
            if on(.postMeta), bytes < K.lineMaxPostMetaBytes, LineRules.isPostMetaLine(l) { drop[i] = .postMeta; continue }
            // Bare counts ("25", "12 comments").
            if on(.count), let f = l.utf8.first, f >= 0x30 && f <= 0x39, LineRules.isCount(l) { drop[i] = .count; continue }
            // Exact repeat of the previous kept line (captions shown twice, duplicated headline).
            if on(.duplicate), i > 0, lines[i - 1] == line, drop[i - 1] == nil || drop[i - 1] == .duplicate { drop[i] = .duplicate; continue }
            // Breadcrumb: "Home News <headline>" where the headline follows or is the title.
            if on(.breadcrumb), words <= K.lineMaxBreadcrumbWords {
                var suffix: String? = nil
                if i + 1 < lines.count, lines[i + 1].utf8.count < bytes { suffix = lower[i + 1] }
                else if let t = titleLower, t.utf8.count < bytes { suffix = t }
                if let s = suffix, !s.isEmpty, l.hasSuffix(s) {
                    let prefix = String(l.dropLast(s.count))
                    let prefixWords = LineRules.wordCount(prefix)
                    if prefixWords >= 1 && prefixWords <= K.lineMaxCrumbPrefixWords && !LineRules.prefixJoinsPhrase(prefix) {
                        drop[i] = .breadcrumb; continue
                    }
                }
                if LineRules.occurrences(of: " > ", in: l) + LineRules.occurrences(of: " » ", in: l) + LineRules.occurrences(of: " / ", in: l) >= 2 && words <= K.lineMaxSeparatedCrumbWords {
                    drop[i] = .breadcrumb; continue
                }
            }
            if on(.relatedLink), bytes < K.lineMaxRelatedBytes, LinePatterns.relatedPrefixSet.prefixes(l) { drop[i] = .relatedLink; continue }
            if on(.pageNote), LinePatterns.pageNoteSet.prefixes(l) { drop[i] = .pageNote; continue }
            if on(.commentForm), bytes < K.lineMaxCommentFormBytes, LinePatterns.commentFormSet.occurs(in: l) { drop[i] = .commentForm; continue }
            if on(.prompt), bytes < K.lineMaxPromptBytes, LinePatterns.promptSet.occurs(in: l) { drop[i] = .prompt; continue }
            if on(.commentForm), bytes < K.lineMaxNoCommentBytes, LinePatterns.noCommentSet.prefixes(l) { drop[i] = .commentForm; continue }
            if on(.footer), bytes < K.lineMaxFooterBytes, LinePatterns.footerSet.occurs(in: l) { drop[i] = .footer; continue }
            if on(.footer), bytes < K.lineMaxFooterBytes, LineRules.isFooterLinkLine(line, words: words), LinePatterns.footerLinkSet.occurs(in: l) {
                drop[i] = .footer; continue
            }
            if on(.footer), (l.hasPrefix("©") || l.hasPrefix("(c) ") || l.hasPrefix("copyright ")) && bytes < K.lineMaxCopyrightBytes { drop[i] = .footer; continue }
            if on(.captionCredit), LineRules.isCaptionOrCredit(line, l) { drop[i] = .captionCredit; continue }
            if on(.sourceTrailer), bytes < K.lineMaxSourceTrailerBytes, LineRules.isSourceTrailer(l) {
                drop[i] = .sourceTrailer; continue
            }
            if on(.byline), words <= K.lineMaxBylineWords, let by = LineRules.byline(line, l) {
                // Its names go to the authors; the line itself stays only when asked for.
                res.authors.append(contentsOf: by)
                if keepBylines { bylines.insert(i) } else { drop[i] = .byline }
                continue
            }
            if on(.date), words <= K.lineMaxDateWords, LineRules.hasYearDigits(line), let meta = LineRules.dateLine(line) {
                if res.published == nil, let d = meta.date { res.published = d }
                res.authors.append(contentsOf: meta.authors)
                drop[i] = .date; continue
            }
            if on(.fragment), bytes < K.lineMaxFragmentBytes, l.hasPrefix(",") || l.hasPrefix(";") { drop[i] = .fragment; continue }
        }
        // A comment thread without comment markup (Movable Type / TypePad blogs): each comment ends in a
        // signature "Posted by: Name | March 26, 2007 2:00 PM", the post itself in "Posted by Name at ...".
        // With two or more comment signatures, everything after the post's signature (or after a "Comments"
        // heading) is the thread.
        let signatures = lower.indices.filter { k in
            lower[k].hasPrefix("posted by:") && lines[k].utf8.count < 200 && LineRules.hasYearDigits(lines[k])
        }
        if on(.commentThread), signatures.count >= 2 {
            var k = signatures[0] - 1
            while k >= 0 {
                let l = lower[k]
                if (l.hasPrefix("posted by ") && LineRules.hasYearDigits(lines[k]))
                    || (l.contains("comment") && LineRules.wordCount(l) <= 4 && !LineRules.endsSentence(lines[k])) {
                    break
                }
                k -= 1
            }
            // Between that line and the first signature there is one comment, not a whole post: a
            // "Posted by" byline at the top of the post is not where the thread starts.
            let between = k >= 0 ? lines[(k + 1)..<signatures[0]].reduce(0) { $0 + $1.utf8.count } : 0
            if k >= 0 && between <= 1500 {
                for j in k..<lines.count where drop[j] == nil { drop[j] = .commentThread }
            }
        }
        // Bare numbers that count up or down by one through the text ("10", <item>, "9", <item>, ...) number a
        // list's items (a countdown article), they are not widget counts: kept when three or more step by one.
        LineRules.keepEnumerators(lines, &drop)
        // A lone clock time above all kept text or next to a dropped date line or byline ("3:59 PM"); elsewhere a
        // time line may be content (a schedule, a transcript's time marks).
        for i in 0..<lines.count where on(.time) && drop[i] == nil && lines[i].utf8.count < 20
                && (lines[i].utf8.first ?? 0) >= 0x30 && (lines[i].utf8.first ?? 0) <= 0x39 && LineRules.isTimeStamp(lower[i]) {
            let metaNext = { (j: Int) -> Bool in j >= 0 && j < lines.count && (drop[j] == .date || drop[j] == .byline || bylines.contains(j)) }
            if !(0..<i).contains(where: { drop[$0] == nil }) || metaNext(i - 1) || metaNext(i + 1) { drop[i] = .time }
        }
        // Top of a text page: a site name followed by a truncated teaser ("Now you can see ...").
        if textInput {
            var k = 0
            while k < min(3, lines.count) {
                let l = lines[k]
                if on(.teaser) && drop[k] == nil && l.utf8.count < 100 && (l.hasSuffix("...") || l.hasSuffix("…")) {
                    drop[k] = .teaser
                    if on(.siteName) && k > 0 && drop[k - 1] == nil && LineRules.wordCount(lines[k - 1]) <= 5 && !LineRules.endsSentence(lines[k - 1]) {
                        drop[k - 1] = .siteName
                    }
                }
                k += 1
            }
        }
        // Interstitial related-story headlines between paragraphs (text input only).
        if textInput && on(.interstitialHeadline) {
            for i in 1..<max(1, lines.count - 1) where drop[i] == nil {
                let line = lines[i]
                let words = LineRules.wordCount(line)
                guard words >= 4 && words <= 16 && line.utf8.count < 160 && !LineRules.endsSentence(line) else { continue }
                guard let prev = (0..<i).reversed().first(where: { drop[$0] == nil }),
                      let next = ((i + 1)..<lines.count).first(where: { drop[$0] == nil }) else { continue }
                // Between two body paragraphs.
                guard LineRules.wordCount(lines[prev]) >= 12, LineRules.wordCount(lines[next]) >= 8 else { continue }
                let ws = LineRules.words(lower[i])
                let hasVerb = ws.contains { LinePatterns.headlineVerbs.contains($0) }
                let nextQuote = lines[next].hasPrefix("“") || lines[next].hasPrefix("\"") || lines[next].hasPrefix("„") || lines[next].hasPrefix("«")
                if hasVerb || (nextQuote && words >= 5) { drop[i] = .interstitialHeadline }
            }
        }
        // Tag lines between paragraphs (text input): 2-4 capitalised words, no function word, no verb-like
        // lowercase word, no punctuation or digits ("Russia Belarus"). Subheadings keep lowercase words,
        // function words or punctuation ("Economy and close integration", "Lukashenko: ...").
        if textInput && on(.tagLine) {
            for i in 1..<max(1, lines.count - 1) where drop[i] == nil {
                if LineRules.isTagLine(lines[i]),
                   let prev = (0..<i).reversed().first(where: { drop[$0] == nil }), LineRules.wordCount(lines[prev]) >= 12,
                   ((i + 1)..<lines.count).contains(where: { drop[$0] == nil }) {
                    drop[i] = .tagLine
                }
            }
        }
        // Trailing page chrome: short unpunctuated lines after the last sentence.
        var k = lines.count - 1
        while k > 0 {
            if drop[k] != nil { k -= 1; continue }
            let l = lines[k]
            let w = LineRules.wordCount(l)
            if on(.tailChrome) && w <= 6 && l.utf8.count < 60 && !LineRules.endsSentence(l) {
                // The last item of a numbered list ("100. Ray Gillen" under "99. ...") ends the text.
                if let n = LineRules.enumerator(l), n > 1,
                   let p = (0..<k).reversed().first(where: { drop[$0] == nil }), LineRules.enumerator(lines[p]) == n - 1 { break }
                drop[k] = .tailChrome; k -= 1; continue
            }
            // A label that ends the text, introducing nothing ("More topics:", "Share this:"). Only one: above
            // it may be "Key: value" lines that are content.
            if on(.tailLabel) && w <= 6 && l.utf8.count < 60 && l.hasSuffix(":") { drop[k] = .tailLabel }
            break
        }
        // A letter's sign-off is the author's, not the page's: a salutation ending in "," ("Cheers,", "Bleib'
        // nachhaltig,") and the name lines under it, or a dash-signed name ("– Jodi") right after the last
        // sentence, are kept.
        let run = (0..<lines.count).filter { drop[$0] == .tailChrome && $0 > k }
        if let first = run.first {
            if let sal = run.first(where: { LineRules.wordCount(lines[$0]) <= 5 && (lines[$0].hasSuffix(",") || LineRules.isSignOff(lines[$0])) }) {
                for j in run where j >= sal && j <= sal + 2 { drop[j] = nil }
            } else if LineRules.isDashSignature(lines[first]) {
                drop[first] = nil
            }
        }
        for (i, line) in lines.enumerated() {
            if let r = drop[i] {
                res.counts.add(r)
                if tracing { res.drops.append((r.rawValue, line)) }
            } else {
                res.lines.append(line)
                res.kept.append(i)
            }
        }
        return res
    }

    // MARK: - Helpers

    /// The lines of `text` (split at LF, CR LF or a lone CR) as `cleanInline` gives them (whitespace runs
    /// collapsed, no-break and zero-width spaces handled), empty ones left out: one pass over the bytes.
    static func cleanLines(_ text: String) -> [String] {
        var out: [String] = []
        var text = text
        var buf = ParagraphBuffer()
        text.withUTF8 { p in
            var start = 0
            for i in 0...p.count where i == p.count || p[i] == 0x0A || p[i] == 0x0D {
                if i > start {
                    buf.append(UnsafeBufferPointer(rebasing: p[start..<i]))
                    if let t = buf.take() { out.append(t) }
                }
                start = i + 1
            }
        }
        return out
    }

    /// `s.lowercased()`, with ASCII lines (most lines of most pages) lowered byte by byte.
    static func lowercased(_ s: String) -> String {
        var s = s
        return s.withUTF8 { p in
            // Byte by byte for ASCII and the common European letters (`lowerScalar`); a line with any other
            // character goes to `String.lowercased()` (~23 MB/s), which the byte path must equal.
            var failed = false
            let out = String(unsafeUninitializedCapacity: p.count) { out in
                var k = 0
                while k < p.count {
                    let b = p[k]
                    if b < 0x80 { out[k] = asciiLower(b); k += 1; continue }
                    guard b >= 0xC2 && b < 0xE0, k + 1 < p.count else {
                        // 3-byte punctuation and CJK that have no case; anything else falls back
                        if b >= 0xE2 && b <= 0xE9, k + 2 < p.count, threeByteCaseless(b, p[k + 1], p[k + 2]) {
                            out[k] = b; out[k + 1] = p[k + 1]; out[k + 2] = p[k + 2]; k += 3; continue
                        }
                        failed = true; return 0
                    }
                    let v = UInt32(b & 0x1F) << 6 | UInt32(p[k + 1] & 0x3F)
                    guard let l = lowerScalar(v) else { failed = true; return 0 }
                    // every mapping stays within 2-byte UTF-8 (U+0080 ..< U+0800)
                    out[k] = UInt8(0xC0 | (l >> 6)); out[k + 1] = UInt8(0x80 | (l & 0x3F)); k += 2
                }
                return p.count
            }
            return failed ? String(decoding: p, as: UTF8.self).lowercased() : out
        }
    }

    /// The lower case of a 2-byte-UTF-8 scalar where it is a fixed offset (Latin-1, Latin Extended-A, basic
    /// Greek and Cyrillic); nil where the mapping needs the full tables (İ, accented Greek capitals, Σ, ...).
    @inline(__always) static func lowerScalar(_ v: UInt32) -> UInt32? {
        switch v {
        case 0x80...0xBF, 0xD7, 0xDF...0xFF: return v          // symbols, ×, ß and the lower-case letters
        case 0xC0...0xDE: return v + 0x20                       // À..Þ
        case 0x100...0x12F, 0x132...0x137, 0x14A...0x177: return v | 1   // even upper, odd lower
        case 0x139...0x148, 0x179...0x17E: return v & 1 == 1 ? v + 1 : v // odd upper, even lower
        case 0x131, 0x138, 0x149, 0x17F: return v                // ı ĸ ŉ ſ have no upper/lower pair here
        case 0x178: return 0xFF                                  // Ÿ
        case 0x391...0x3A1, 0x3A4...0x3AB: return v + 0x20       // Α..Ρ, Τ..Ϋ (Σ left to the tables)
        case 0x3AC...0x3CE: return v                             // lower-case Greek
        case 0x400...0x40F: return v + 0x50                      // Ѐ..Џ
        case 0x410...0x42F: return v + 0x20                      // А..Я
        case 0x430...0x45F: return v                             // а..џ
        default: return nil
        }
    }

    /// Whether a 3-byte UTF-8 character is in a block without case: General Punctuation (U+2000–U+206F:
    /// quotes, dashes, …), currency signs, CJK punctuation, kana and CJK ideographs.
    @inline(__always) static func threeByteCaseless(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) -> Bool {
        guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return false }
        let v = UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
        switch v {
        case 0x2000...0x206F, 0x20A0...0x20C0, 0x3000...0x30FF, 0x4E00...0x9FFF: return true
        default: return false
        }
    }

    static func wordCount(_ s: String) -> Int {
        var n = 0, inWord = false
        for b in s.utf8 {
            if isASCIISpace(b) { inWord = false } else if !inWord { inWord = true; n += 1 }
        }
        return n
    }

    static func words(_ s: String) -> [String] {
        s.split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
    }

    static func occurrences(of needle: String, in hay: String) -> Int {
        hay.occurrencesOf(needle)
    }

    /// Whether `s` has four ASCII digits in a row: `parseDate` finds no date without a year (≥ 1990).
    static func hasYearDigits(_ s: String) -> Bool {
        var run = 0
        for b in s.utf8 {
            if b >= 0x30 && b <= 0x39 { run += 1; if run == 4 { return true } } else { run = 0 }
        }
        return false
    }

    static func endsSentence(_ s: String) -> Bool {
        guard let last = s.unicodeScalars.last else { return false }
        // (German quotes close with “ and ‘: „Ok.“)
        return ".!?:;\"”’»)…。！？“‘›".unicodeScalars.contains(last)
    }

    static let functionWords: Set<String> = ["The", "A", "An", "And", "Or", "But", "Of", "In", "On", "For", "To", "With",
                                             "From", "At", "By", "As", "Is", "Are", "Was", "How", "Why", "What", "Who",
                                             "When", "Where", "Not", "No", "Its", "His", "Her", "Their", "Our", "We",
                                             "I", "You", "He", "She", "It", "They", "This", "That", "After", "Before"]

    /// 2-4 capitalised words of letters only (hyphens and apostrophes inside words), none a function word.
    static func isTagLine(_ line: String) -> Bool {
        guard line.utf8.count <= 60 else { return false }
        let ws = line.split(separator: " ")
        guard ws.count >= 2 && ws.count <= 4 else { return false }
        for w in ws {
            guard let f = w.unicodeScalars.first, f.properties.isUppercase else { return false }
            if functionWords.contains(String(w)) { return false }
            for u in w.unicodeScalars where !(u.properties.isAlphabetic || u == "-" || u == "'" || u == "’") { return false }
        }
        return true
    }

    /// A line naming legal pages that is a link row or label rather than a sentence: at most 12 words
    /// and no sentence end, or a run of links separated by "|", "·" or "•".
    static func isFooterLinkLine(_ line: String, words: Int) -> Bool {
        if words <= 12 && !endsSentence(line) { return true }
        var seps = 0
        for b in line.utf8 where b == 0x7C { seps += 1 }   // "|"
        seps += line.occurrencesOf("·") + line.occurrencesOf("•")
        return seps >= 2
    }

    /// A line that is only a clock time: "3:59 PM", "15:21", "2.44 pm", "19:49 Uhr", "9h30" (lowercased).
    static func isTimeStamp(_ l: String) -> Bool {
        let b = Array(l.utf8)
        guard b.count >= 4 && b.count <= 16 else { return false }
        var k = 0
        func digits() -> Int { var n = 0; while k < b.count, b[k] >= 0x30 && b[k] <= 0x39 { k += 1; n += 1 }; return n }
        let h = digits()
        guard h >= 1 && h <= 2, k < b.count else { return false }
        let sep = b[k]
        guard sep == 0x3A || sep == 0x2E || sep == 0x68 else { return false }   // ":" "." "h"
        k += 1
        guard digits() == 2 else { return false }
        if k < b.count && b[k] == 0x3A { k += 1; guard digits() == 2 else { return false } }   // seconds
        while k < b.count && b[k] == 0x20 { k += 1 }
        let rest = String(decoding: b[k...], as: UTF8.self)
        if rest.isEmpty { return sep == 0x3A || sep == 0x68 }   // "15.30" alone may be a number
        return ["am", "pm", "a.m.", "p.m.", "uhr", "h", "utc", "gmt", "cet", "cest", "et", "est", "edt", "pt",
                "am et", "pm et", "am est", "pm est", "am edt", "pm edt", "am cet", "pm cet"].contains(rest)
    }

    /// An advertising or affiliate-link disclosure phrase starting in the first 160 bytes of the line.
    static func isDisclosure(_ l: String) -> Bool {
        LinePatterns.disclosureSet.occurs(in: l, startingBefore: 160)
    }

    static func keepEnumerators(_ lines: [String], _ drop: inout [LineRuleID?]) {
        var nums: [(line: Int, value: Int)] = []
        for (i, r) in drop.enumerated() where r == .count {
            if let v = Int(lines[i]), lines[i].utf8.count <= 3 { nums.append((i, v)) }
        }
        guard nums.count >= 3 else { return }
        var start = 0
        while start < nums.count {
            var end = start
            let step = start + 1 < nums.count ? nums[start + 1].value - nums[start].value : 0
            if step == 1 || step == -1 {
                while end + 1 < nums.count && nums[end + 1].value - nums[end].value == step
                        && nums[end + 1].line - nums[end].line <= 12 && nums[end + 1].line - nums[end].line >= 2 { end += 1 }
            }
            if end - start >= 2 { for k in start...end { drop[nums[k].line] = nil } }
            start = end + 1
        }
    }

    /// The number of a numbered-list line ("12. Name", "3) Name"), or nil.
    static func enumerator(_ line: String) -> Int? {
        var n = 0, digits = 0
        var it = line.utf8.makeIterator()
        while let b = it.next() {
            if b >= 0x30 && b <= 0x39 && digits < 4 { n = n * 10 + Int(b - 0x30); digits += 1; continue }
            guard digits > 0, b == 0x2E || b == 0x29, it.next() == 0x20 else { return nil }
            return n
        }
        return nil
    }

    /// Whether the words before a repeated headline make a phrase with it rather than a breadcrumb: they end
    /// in a label colon ("Composer: Philip Glass") or a function word ("Causes of diastolic heart failure",
    /// "led by Paul Hatch").
    static func prefixJoinsPhrase(_ prefix: String) -> Bool {
        guard let last = prefix.split(separator: " ").last else { return false }
        return LinePatterns.joiningWords.contains(String(last))
    }

    /// A closing formula without its comma: "Euer HansEhrlich", "x Franzi", "Cheers", "Liebe Grüße".
    static func isSignOff(_ line: String) -> Bool {
        guard wordCount(line) <= 4 else { return false }
        let l = lowercased(line)
        var first = l.split(separator: " ").first.map(String.init) ?? ""
        while let c = first.last, c == "," || c == "!" || c == "." { first.removeLast() }
        if LinePatterns.signOffWords.contains(first) { return true }
        return LinePatterns.signOffPhrases.contains(where: { l.hasPrefix($0) })
    }

    /// A name signed with a leading dash or tilde: "-Jodi", "– Glenn Reynolds", "~Anna" (at most 3 words).
    static func isDashSignature(_ line: String) -> Bool {
        var s = Substring(line)
        guard let f = s.first, f == "-" || f == "–" || f == "—" || f == "~" else { return false }
        s = s.dropFirst()
        if s.hasPrefix(" ") { s = s.dropFirst() }
        guard let c = s.unicodeScalars.first, c.properties.isUppercase,
              let e = s.unicodeScalars.last, e.properties.isAlphabetic else { return false }
        return wordCount(String(s)) <= 3 && !isAdLabel(lowercased(String(s)))
    }

    /// An advertising label: "Anzeige", "ANZEIGE - ...", "Werbung:" (lowercased line under 60 bytes).
    static func isAdLabel(_ l: String) -> Bool {
        guard let n = LinePatterns.adLabelSet.prefixLength(l) else { return false }
        let u = l.utf8
        if u.count == n { return true }
        let rest = u.dropFirst(n)
        let b0 = rest.first!
        if b0 == 0x3A { return true }   // ":"
        guard b0 == 0x20, rest.count >= 2 else { return false }
        let b1 = rest[rest.index(after: rest.startIndex)]
        if b1 == 0x2D || b1 == 0x7C { return true }   // " -", " |"
        return rest.dropFirst().starts(with: "–".utf8)
    }

    /// Whether the line is only "<!...>" comments and spaces (no letter or digit outside them): the text in
    /// "<![if !supportLists]>1.0 <![endif]>The club is ..." is kept.
    static func isMarkupOnly(_ l: String) -> Bool {
        var depth = 0
        for b in l.utf8 {
            if b == 0x3C { depth += 1 }
            else if b == 0x3E { if depth > 0 { depth -= 1 } }
            else if depth == 0 && isAlnumByte(b) { return false }
        }
        return true
    }

    /// A blog post's meta line: "|"-separated segments, one of them an action or counter ("Permalink",
    /// "Comments (8)", "334 comments", "TrackBack").
    static func isPostMetaLine(_ l: String) -> Bool {
        guard l.utf8.contains(0x7C) else { return false }
        for seg in l.split(separator: "|") {
            var t = ""
            for c in seg.unicodeScalars where !(c.value >= 0x30 && c.value <= 0x39) && c != "(" && c != ")" { t.unicodeScalars.append(c) }
            let key = cleanInline(t)
            if !key.isEmpty && LinePatterns.postActions.contains(key) { return true }
        }
        return false
    }

    /// A PHP error message printed into the page ("Warning: ... in /var/www/x.php on line 407").
    static func isPHPMessage(_ l: String) -> Bool {
        guard LinePatterns.phpPrefixSet.prefixes(l) else { return false }
        return l.has(" on line ") && l.has(".php")
    }

    /// A source line at the end of a report ("Quelle: dpa", "(Source: Reuters)").
    static func isSourceTrailer(_ l: String) -> Bool {
        // A bare "Sources:" label introduces a list that is kept.
        guard let n = LinePatterns.sourceLabelSet.prefixLength(l) else { return false }
        return l.utf8.count > n + 1
    }

    static func isCount(_ l: String) -> Bool {
        let parts = l.split(separator: " ")
        guard let first = parts.first, first.count <= 6, first.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        if parts.count == 1 { return true }
        if parts.count == 2 {
            let w = parts[1]
            return ["comment", "comments", "kommentare", "commentaires", "comentarios", "commenti", "komentarzy",
                    "reacties", "shares", "views", "replies", "likes"].contains(String(w))
        }
        return false
    }

    static func isCaptionOrCredit(_ line: String, _ l: String) -> Bool {
        let bytes = line.utf8.count
        guard bytes < 320 else { return false }
        // A caption glued to its zoom button's text ("Vergrößern Eine kleine runde Aussparung ...").
        if let n = LinePatterns.zoomSet.prefixLength(l) {
            let rest = line.utf8.dropFirst(n)
            if let c = String(rest)?.unicodeScalars.first, c.properties.isUppercase { return true }
        }
        if l.has("©") && !hasGluedCopyright(line) { return true }
        if LinePatterns.creditPhraseSet.occurs(in: l) {
            // A sentence that merely mentions a photo ("... it ran an AP photo of Obama leaving ...") or starts
            // with a dateline ("GENEVA (Reuters) -- Human rights ...") is not a credit line: a credit has no
            // sentence end, ends in ")", or is short.
            if !endsSentence(line) || line.hasSuffix(")") || (bytes < 160 && wordCount(line) < 12) { return true }
        }
        // "EPA/Konstantin Zavrajin/Sputnik" — an agency followed by a slash. The agency names are ASCII, so
        // byte-wise tests answer as String's (and the line's bytes are read once, not once per agency).
        let openEnd = !endsSentence(line) || line.utf8.last == 0x29 /* ) */
        var text = line
        return text.withUTF8 { u in
            let slash = u.contains(0x2F)
            for agency in LinePatterns.agencyBytes {
                if slash && openEnd && (u.contains(bytes: agency.withSlash) || u.hasSuffix(bytes: agency.slashFirst)) {
                    return true
                }
                // "...Alexander LukashenkoReuters": a credit glued to the end of a caption.
                if u.count > agency.name.count && u.hasSuffix(bytes: agency.name) {
                    let before = line.unicodeScalars.dropLast(agency.name.count).last
                    if let b = before, b.properties.isLowercase { return true }
                }
            }
            return false
        }
    }

    /// Whether every "©" in the line is glued to the word before it, as in a product or trademark name
    /// ("SPECweb©2005", "Directory© contains"), rather than a credit ("Photo © Name", "©2012 AP").
    /// A credit glued to a caption ("... wissen muss© Rike/pixelio.de") has a capitalised name after it.
    static func hasGluedCopyright(_ line: String) -> Bool {
        let us = Array(line.unicodeScalars)
        var glued = false
        for (k, u) in us.enumerated() where u == "©" {
            guard k > 0, us[k - 1].properties.isAlphabetic || (us[k - 1].value >= 0x30 && us[k - 1].value <= 0x39) else { return false }
            if k + 2 < us.count, us[k + 1] == " ", us[k + 2].properties.isUppercase { return false }
            glued = true
        }
        return glued
    }

    static func byline(_ line: String, _ l: String) -> [String]? {
        guard let p = LinePatterns.bylinePrefixes.first(where: { l.hasPrefix($0) }) else { return nil }
        if endsSentence(line) && !line.hasSuffix(")") { return nil }
        let rest = String(line.dropFirst(p.count))
        guard let first = rest.unicodeScalars.first, first.properties.isUppercase else { return nil }
        // The whole credit: the metadata's byline parser splits and normalises it ("A And B For The Outlet").
        return [cleanInline(rest)]
    }

    /// A line made of dates, times, "Update:" labels and bylines, split on "|".
    static func dateLine(_ line: String) -> (date: String?, authors: [String])? {
        var date: String? = nil
        var authors: [String] = []
        let segs = line.components(separatedBy: "|")
        // "24. April 2020 | Pressemitteilungen", "2021-10-16 | Botschaft": one short section or author name
        // beside the date.
        var extra = segs.count >= 2 && line.utf8.count < 80 ? 1 : 0
        for seg in segs {
            let s = cleanInline(seg)
            if s.isEmpty { continue }
            let l = s.lowercased()
            if let by = byline(s, l) { authors += by; continue }
            guard let d = parseDate(s) else {
                if extra > 0 && wordCount(s) <= 3 && s.utf8.count < 40 && s.utf8.count >= 3
                    && s.unicodeScalars.contains(where: { $0.properties.isAlphabetic })
                    && !s.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { extra -= 1; continue }
                return nil
            }
            if date == nil { date = d }
        }
        guard date != nil else { return nil }
        return (date, authors)
    }

    /// Words a date line may have besides the date ("Updated: ... 3:05 pm CET").
    static let dateFillers: Set<String> = [
        "updated", "update", "published", "am", "pm", "a.m.", "p.m.", "on", "at", "de", "del", "um", "à", "le",
        "utc", "gmt", "cet", "et", "est", "edt", "pst", "bst", "–", "—", "-", "uhr", "h", "last", "posted",
        "aktualisiert", "veröffentlicht", "publié", "mis", "jour", "actualizado", "publicado", "el", "aggiornato",
        "pubblicato", "il", "gepubliceerd", "bijgewerkt", "op", "opublikowano", "zaktualizowano", "обновлено",
        "опубликовано", "atualizado", "em"]

    /// Parses a date-ish segment ("February 17, 2023, 3:05 pm", "02/17/2023", "Update: 02/17/2023 – 18:52",
    /// "17. Februar 2023"). Returns nil if the segment has other words.
    static func parseDate(_ s: String) -> String? {
        let toks = s.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "–" || $0 == "-" && false })
        var year: Int?, month: Int?, day: Int?
        var other = 0
        for t0 in toks {
            var t = String(t0)
            if t.hasSuffix(":") && t.count > 1 && !t.dropLast().allSatisfy({ $0.isNumber }) {   // "update:" label
                // An event's date ("Termin: 29.02.2020, 19 Uhr", "Deadline: 15. März") is content, not metadata.
                if LinePatterns.eventLabels.contains(String(t.dropLast())) { return nil }
                continue
            }
            if LineRules.dateFillers.contains(t) { continue }
            if t.hasSuffix(".") && t.count <= 3 { t = String(t.dropLast()) }   // "17." German day
            if let m = LinePatterns.months[t] ?? LinePatterns.months[String(t.prefix(3))].flatMap({ t.count <= 4 ? $0 : nil }) {
                if month == nil { month = m }; continue
            }
            if t.allSatisfy({ $0.isNumber }) {
                if let v = Int(t) {
                    if t.count == 4 && (1990...2100).contains(v) { if year == nil { year = v } }
                    else if v >= 1 && v <= 31 && day == nil { day = v }
                }
                continue
            }
            // (Byte tests: `String.contains(String)` would go through Foundation's NSString search.)
            let u = t.utf8
            if u.contains(0x3A) && t.allSatisfy({ $0.isNumber || $0 == ":" }) { continue }   // time
            let sep: Character? = u.contains(0x2F) ? "/" : (u.contains(0x2E) ? "." : (u.contains(0x2D) ? "-" : nil))
            if let sep {
                let p = t.split(separator: sep).compactMap { Int($0) }
                if p.count == 3 && t.split(separator: sep).count == 3 {
                    if p[0] >= 1990 { year = year ?? p[0]; month = month ?? p[1]; day = day ?? p[2]; continue }
                    if p[2] >= 1990 {
                        year = year ?? p[2]
                        if sep == "/" && p[0] <= 12 { month = month ?? p[0]; day = day ?? p[1] }
                        else { day = day ?? p[0]; month = month ?? p[1] }
                        continue
                    }
                }
            }
            other += 1
        }
        guard let y = year, let m = month, (1...12).contains(m), other == 0 else { return nil }
        if let d = day, (1...31).contains(d) { return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) }
        return pad(y, 4) + "-" + pad(m, 2)
    }
}
