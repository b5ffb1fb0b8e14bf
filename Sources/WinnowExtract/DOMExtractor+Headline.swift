import WinnowHTML

// The headline: the heading that repeats the page title anchors the story (`titleContainer`) and, when it sits
// above the chosen container, starts the article text (`headlineAbove`).
extension DOMExtractor {

    /// Letters and digits only, ASCII lower-cased: "Video Trailer of “Honor Flight”" -> "videotrailerofhonorflight".
    /// Latin-1 punctuation (U+0080–U+00BF: no-break space, «, », ·, ¿) and general punctuation
    /// (U+2000–U+206F: ’ “ ” – — …) are left out too, so "This Cat’s" in a heading matches "This Cat's" in
    /// the title.
    static func titleKey<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        var out: [UInt8] = []
        var skip = 0
        var prev: UInt8 = 0
        for b in bytes {
            defer { prev = b }
            if skip > 0 { skip -= 1; continue }
            if b < 0x80 {
                if (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) { out.append(asciiLower(b)) }
                continue
            }
            if b >= 0x80 && b <= 0xBF && prev == 0xC2 { continue }   // continuation of C2: Latin-1 punctuation
            if (b == 0x80 || b == 0x81) && prev == 0xE2 { skip = 1; continue }   // E2 80/81 xx: U+2000–U+207F
            if b == 0xC2 || b == 0xE2 { continue }   // decided by the next byte
            if prev == 0xE2 { out.append(0xE2) }
            if prev == 0xC2 { out.append(0xC2) }
            out.append(b)
        }
        return out
    }

    /// Finds the h1–h3 whose text is contained in one of the page titles (<title>, og:title, …) or contains
    /// one, at least 12 letters long. Blog and news templates put the story right after its headline, while
    /// sidebars with "about" prose do not have one.
    mutating func findTitleHeading(titles: [String]) {
        let keys = titles.map { DOMExtractor.titleKey($0.utf8) }.filter { $0.count >= 12 }
        guard !keys.isEmpty, n > 0 else { return }
        let nodes = doc.nodes
        var i = body + 1
        var bestMatch = 0
        while i < bodyEnd {
            let nd = nodes[i]
            guard nd.kind == .element else { i += 1; continue }
            let t = nd.tag
            if t == .h1 || t == .h2 || t == .h3 {
                let len = rawLen[i]
                if len >= 12 && len <= 300 {
                    // Also the heading's own text without block children: a category kicker set in a <div>
                    // inside the heading ("<h2><div>News</div><a>Headline</a></h2>") is not the headline.
                    var text: [UInt8] = [], own: [UInt8] = []
                    var k = i
                    let end = Int(nd.subtreeEnd)
                    while k < end {
                        let nk = nodes[k]
                        if k > i && nk.kind == .element && (nk.tag == .div || nk.tag == .p || nk.tag == .ul || nk.tag == .ol) {
                            for j in k..<Int(nk.subtreeEnd) where nodes[j].kind == .text { text += DOMExtractor.titleKey(doc.textBytes(j)) }
                            k = Int(nk.subtreeEnd)
                            continue
                        }
                        if nk.kind == .text {
                            let tk = DOMExtractor.titleKey(doc.textBytes(k))
                            text += tk; own += tk
                        }
                        k += 1
                    }
                    // The longest match wins (the first on ties): in "Post title | Blog name" the post's
                    // headline beats the blog-name banner above it.
                    var match = 0
                    for cand in (own.count < text.count ? [text, own] : [text]) where cand.count >= 12 {
                        for key in keys {
                            if key.contains(bytes: cand) { match = max(match, cand.count) }
                            else if cand.contains(bytes: key) { match = max(match, key.count) }
                        }
                    }
                    if match > bestMatch { titleHeading = i; bestMatch = match }
                }
                i = Int(nd.subtreeEnd)
                continue
            }
            i += 1
        }
        if titleHeading >= 0 { return }
        // No h1–h3 repeats the title: older and table-laid-out pages style a plain block as the headline
        // (<div class="sh">, <td><b>…</b></td>). Such a block, without links or block children, whose text is
        // at least 15 letters of the title, is taken instead.
        // (Not much longer than the longest title: a headline block is mostly the title.)
        let maxLen = Int32(min(300, keys.map(\.count).max()! * 3 / 2 + 20))
        for i in (body + 1)..<bodyEnd where nodes[i].kind == .element {
            let nd = nodes[i]
            let len = rawLen[i]
            guard len >= 15 && len <= maxLen && rawLinkLen[i] == 0 else { continue }
            switch nd.tag {
            case .div, .span, .p, .td, .b, .strong, .font, .h4, .h5, .h6, .center: break
            default: continue
            }
            var c = i + 1
            var leaf = true
            let end = Int(nd.subtreeEnd)
            while c < end {
                if nodes[c].kind == .element && (DOMExtractor.isBlock(nodes[c].tag) || nodes[c].tag == .a) { leaf = false; break }
                c = nodes[c].kind == .element ? c + 1 : c + 1
            }
            guard leaf else { continue }
            var text: [UInt8] = []
            for k in i..<end where nodes[k].kind == .text { text += DOMExtractor.titleKey(doc.textBytes(k)) }
            guard text.count >= 15 else { continue }
            var match = 0
            for key in keys {
                if key.contains(bytes: text) { match = max(match, text.count) }
                else if text.contains(bytes: key) { match = max(match, key.count) }
            }
            // Strictly longer wins: an inline element inside a matching block says nothing new.
            if match > bestMatch { titleHeading = i; bestMatch = match }
        }
    }

    /// The container the title heading introduces: the nearest ancestor holding clearly more than the
    /// heading, but not nearly the whole page (a story can be 80 % of a page's text).
    func titleContainer(minExtra: Int32 = 150) -> Int? {
        guard titleHeading >= 0, !cur.dead[titleHeading] else { return nil }
        // A plain block styled as the headline (see `findTitleHeading`) names the story but says too little
        // about its container (it may sit in the first paragraph).
        switch doc.nodes[titleHeading].tag {
        case .h1, .h2, .h3: break
        default: return nil
        }
        let bodyText = max(cur.textLen[body], 1)
        let headLen = cur.textLen[titleHeading]
        var a = Int(doc.nodes[titleHeading].parent)
        var level = 0
        while a > body && level < 4 {
            if cur.dead[a] { return nil }
            if cur.textLen[a] >= headLen + minExtra {
                // Link density without the headline, which blogs make a permalink.
                let links = Float(cur.linkLen[a] - cur.linkLen[titleHeading]) / Float(cur.textLen[a] - headLen)
                if Double(cur.textLen[a]) > 0.9 * Double(bodyText) || links > 0.4 { return nil }
                return a
            }
            a = Int(doc.nodes[a].parent)
            level += 1
        }
        return nil
    }

    /// The last attempt's chosen container holds both the title heading and every top-scoring candidate: the
    /// content scoring and the headline point at the same block. That block is the story even when a big
    /// sidebar or footer makes it a small share of the page (a short blog post).
    /// Also when the chosen container is the body block right under the headline: it sits in the headline's
    /// parent or grandparent, which holds little else.
    var headlineAndScoreAgree: Bool {
        guard cur.chosen > body, titleHeading > body, !cur.bestCandidates.isEmpty else { return false }
        let nodes = doc.nodes
        let end = Int(nodes[cur.chosen].subtreeEnd)
        guard cur.bestCandidates.allSatisfy({ $0 >= cur.chosen && $0 < end }) else { return false }
        if titleHeading > cur.chosen && titleHeading < end { return true }
        var a = Int(nodes[titleHeading].parent)
        var level = 0
        while a > body && level < 2 {
            if cur.chosen > a && cur.chosen < Int(nodes[a].subtreeEnd) {
                // (The chosen block holds most of the ancestor's text: not a page wrapper with other stories.)
                return cur.textLen[cur.chosen] * 10 >= (cur.textLen[a] - cur.textLen[titleHeading]) * 7
            }
            a = Int(nodes[a].parent)
            level += 1
        }
        return false
    }

    /// The story's headline (the heading that repeats the page title) when it sits above the chosen
    /// container rather than in it (a <header> or title block before the body text): the article starts
    /// with it. Not when it was removed as hidden, or is mostly a link list.
    func headlineAbove(_ roots: [Int]) -> String? {
        let h = titleHeading
        guard h >= 0, let first = roots.first, h < first, !roots.contains(where: { h >= $0 && h < Int(doc.nodes[$0].subtreeEnd) }) else {
            return nil
        }
        let nodes = doc.nodes
        var a = h
        while a > body {
            if flags[a] & DOMExtractor.fHidden != 0 { return nil }
            a = Int(nodes[a].parent)
        }
        var buf = ParagraphBuffer()
        for k in h..<Int(nodes[h].subtreeEnd) where nodes[k].kind == .text {
            let pt = nodes[Int(nodes[k].parent)].tag
            if pt == .script || pt == .style { continue }
            buf.append(doc.textBytes(k))
        }
        return buf.take()
    }

    /// No heading repeats the page title: a heading (h1–h4) right before the story's first block (a post
    /// title over its "post-body", a section title over its text) is still its headline. Only blocks
    /// without text may sit between them; the first block itself may be the first of its parent's
    /// children, and then the heading is the parent's previous sibling.
    func headingBefore(_ roots: [Int]) -> String? {
        guard let first = roots.first, first > body else { return nil }
        let nodes = doc.nodes
        var at = first
        for _ in 0..<2 {
            let p = Int(nodes[at].parent)
            guard p >= body else { return nil }
            // The previous element sibling with text.
            var prev = -1
            var c = p + 1
            while c < at {
                if nodes[c].kind == .element && !cur.dead[c] && cur.textLen[c] > 0 { prev = c }
                else if nodes[c].kind == .text && cur.textLen[c] > 1 { prev = -2 }
                c = Int(nodes[c].subtreeEnd)
            }
            if prev == -2 { return nil }
            if prev >= 0 {
                switch nodes[prev].tag {
                case .h1, .h2, .h3, .h4: break
                default: return nil
                }
                guard cur.textLen[prev] >= 10 && cur.textLen[prev] <= 200 else { return nil }
                var buf = ParagraphBuffer()
                for k in prev..<Int(nodes[prev].subtreeEnd) where nodes[k].kind == .text && !cur.dead[k] {
                    let pt = nodes[Int(nodes[k].parent)].tag
                    if pt == .script || pt == .style { continue }
                    buf.append(doc.textBytes(k))
                }
                return buf.take()
            }
            if p == body { return nil }
            at = p
        }
        return nil
    }
}
