import WinnowHTML

// Sibling merging beyond plain siblings (used by `selectRoots`): old table layouts, whose story runs on in
// other rows' cells or in tables of its own, and multi-post pages, whose other posts are the chosen post's
// same-class siblings.
extension DOMExtractor {
    /// No class and no id: an old page's plain wrapper, not a modern page's named component.
    @inline(__always) func isUnnamed(_ i: Int) -> Bool {
        doc.attributeBytes(i, "class") == nil && doc.attributeBytes(i, "id") == nil
    }

    /// A table, or an unnamed wrapper (<div>, <center>, <blockquote> without class or id), of prose: 200+
    /// characters, link density under 0.2, two commas or more.
    func isProseWrapper(_ c: Int) -> Bool {
        let t = doc.nodes[c].tag
        let plainWrapper = (t == .div || t == .center || t == .blockquote) && isUnnamed(c)
        return (t == .table || plainWrapper) && cur.textLen[c] >= 200 && linkDensity(c) < 0.2 && cur.commas[c] >= 2
    }

    /// A story laid out in the rows of a table (an old site's page: one row per section, a row for a
    /// boxed note between them): the chosen container sits in one cell, and the rest of the story is in
    /// cells of the table's other rows, which sibling merging never sees. Those cells join the text when
    /// they are prose (mostly unlinked, some length) or score like a sibling would. Cells beside the
    /// chosen one in its own row are columns (navigation, sidebars) and stay out.
    func tableRowSections(_ roots: [Int], sibThreshold: Float) -> [Int] {
        let nodes = doc.nodes
        guard cur.chosen > body else { return roots }
        // The row holding the chosen container: the container itself, or the row of its cell (the cell
        // at most three levels up, with no table in between).
        var row = -1
        if nodes[cur.chosen].tag == .tr {
            row = cur.chosen
        } else {
            var a = cur.chosen, level = 0
            while a > body && level < 4 {
                let t = nodes[a].tag
                if t == .td || t == .th { let r = Int(nodes[a].parent); if r > body && nodes[r].tag == .tr { row = r }; break }
                if t == .table || t == .tr || t == .tbody { break }
                a = Int(nodes[a].parent); level += 1
            }
        }
        guard row > body else { return roots }
        var table = Int(nodes[row].parent)
        if table > body && (nodes[table].tag == .tbody || nodes[table].tag == .thead || nodes[table].tag == .tfoot) {
            table = Int(nodes[table].parent)
        }
        guard table > body, nodes[table].tag == .table else { return roots }
        var added: [Int] = []
        func consider(_ r: Int) {
            var c = r + 1
            let end = Int(nodes[r].subtreeEnd)
            while c < end {
                defer { c = Int(nodes[c].subtreeEnd) }
                guard !cur.dead[c], nodes[c].kind == .element, nodes[c].tag == .td || nodes[c].tag == .th else { continue }
                let len = cur.textLen[c], ld = linkDensity(c)
                if (cur.isCand[c] && cur.score[c] >= sibThreshold && ld < 0.25) || (len >= 150 && ld < 0.2 && cur.commas[c] >= 1) {
                    added.append(c)
                }
            }
        }
        var c = table + 1
        let end = Int(nodes[table].subtreeEnd)
        while c < end {
            defer { c = Int(nodes[c].subtreeEnd) }
            guard !cur.dead[c], nodes[c].kind == .element else { continue }
            switch nodes[c].tag {
            case .tr: if c != row { consider(c) }
            case .tbody, .thead, .tfoot:
                var r = c + 1
                let re = Int(nodes[c].subtreeEnd)
                while r < re {
                    if !cur.dead[r] && nodes[r].kind == .element && nodes[r].tag == .tr && r != row { consider(r) }
                    r = Int(nodes[r].subtreeEnd)
                }
            default: break
            }
        }
        // The table's own siblings: the next section set in a table of its own (or an unnamed wrapper).
        let tp = Int(nodes[table].parent)
        if tp >= body {
            var c = tp + 1
            let end = Int(nodes[tp].subtreeEnd)
            while c < end {
                defer { c = Int(nodes[c].subtreeEnd) }
                guard c != table, !cur.dead[c], nodes[c].kind == .element, isProseWrapper(c) else { continue }
                added.append(c)
            }
        }
        if added.isEmpty { return roots }
        // Roots in document order, none inside another.
        var all = roots
        for a in added where !roots.contains(where: { ($0 <= a && a < Int(nodes[$0].subtreeEnd)) || (a <= $0 && $0 < Int(nodes[a].subtreeEnd)) }) {
            all.append(a)
        }
        return all.sorted()
    }

    /// A block holding two or more list items that each start with their own heading (h2–h4): a list of other
    /// stories' teasers ("Latest news": headline, blurb, "Read more..."), not more of the story.
    func isHeadedItemList(_ i: Int) -> Bool {
        let nodes = doc.nodes
        var items = 0
        var k = i + 1
        let end = Int(nodes[i].subtreeEnd)
        while k < end {
            let nd = nodes[k]
            if nd.kind == .element && nd.tag == .li {
                // The first element child of the item.
                var c = k + 1
                while c < Int(nd.subtreeEnd) && nodes[c].kind != .element { c += 1 }
                if c < Int(nd.subtreeEnd) {
                    switch nodes[c].tag {
                    case .h2, .h3, .h4: items += 1
                    default: break
                    }
                }
                if items >= 2 { return true }
            }
            k += 1
        }
        return false
    }

    /// A blog or forum page of several posts: the chosen container sits in one post block, and the other
    /// posts are that block's siblings with the same class ("post", "entry"). They join the text when they
    /// are prose too (not teasers: mostly unlinked, some length).
    func repeatedPosts(around post: Int, _ roots: [Int]) -> [Int] {
        let nodes = doc.nodes
        guard post > body, let cls = doc.attributeBytes(post, "class"), !cls.isEmpty,
              flags[post] & (DOMExtractor.fHard | DOMExtractor.fSoft | DOMExtractor.fComment) == 0 else { return roots }
        let gp = Int(nodes[post].parent)
        guard gp >= body else { return roots }
        var before: [Int] = [], after: [Int] = []
        var c = gp + 1
        let end = Int(nodes[gp].subtreeEnd)
        while c < end {
            defer { c = Int(nodes[c].subtreeEnd) }
            if c == post || cur.dead[c] || nodes[c].kind != .element { continue }
            guard cur.textLen[c] >= 200 && linkDensity(c) < 0.25,
                  let cc = doc.attributeBytes(c, "class"), cc.elementsEqual(cls) else { continue }
            if c < post { before.append(c) } else { after.append(c) }
        }
        if before.isEmpty && after.isEmpty { return roots }
        return before + roots + after
    }
}
