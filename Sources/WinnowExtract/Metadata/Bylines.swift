import WinnowHTML

// Author credits → person names. A credit ("By Glen Owen And Brendan Carlin For The Mail On Sunday",
// "ROD NORDLAND;MAYY EL SHEIKH", "Von FOCUS-Online-Experte Robin Tschöpe") loses its prefix, roles, e-mails,
// outlet and photo credits, is split into names, and organisations are set apart.

/// The names of one credit: people, and organisations (agencies, desks, outlets).
struct Credit: Equatable {
    var people: [String] = []
    var organisations: [String] = []
}

enum Bylines {
    /// Normalises one author credit. `site` (the outlet's name) is removed where it follows a name.
    static func parse(_ raw: String, site: String? = nil, host: String? = nil) -> Credit {
        var out = Credit()
        var s = cleanInline(raw)
        guard !s.isEmpty, s.utf8.count < 400 else { return out }
        if isPhotoCredit(s) { return out }
        s = stripPrefix(s)
        s = removeBracketed(s)
        // "For The Mail On Sunday", "für SPIEGEL ONLINE": the outlet after the names.
        for cut in MetadataRules.outletCutBytes {
            if let off = firstCharacterOffset(of: cut, in: s.lowercased()), off > 0 {
                let head = String(s.prefix(off))
                if LineRules.wordCount(head) >= 1 { s = head }
            }
        }
        for part in namesOf(s) {
            var p = cleanInline(part)
            p = stripPrefix(p)
            p = trimPunctuation(p)
            guard !p.isEmpty else { continue }
            if let org = organisation(p, site: site, host: host) { out.organisations.append(org); continue }
            p = fixCase(p)
            p = dropRoles(p)
            p = dropOutletTail(p, site: site)
            p = trimPunctuation(p)
            guard isPlausibleName(p) else {
                if !p.isEmpty, organisation(p, site: site, host: host) != nil { out.organisations.append(p) }
                continue
            }
            out.people.append(fixCase(p))
        }
        return out
    }

    static func stripPrefix(_ s0: String) -> String {
        var s = s0
        // A prefix glued to the name by the page's markup ("ByAlex Bozarjian", "AuthorAndreas Kalt").
        for g in MetadataRules.gluedBylinePrefixes where s.hasPrefix(g) {
            let rest = s.dropFirst(g.count)
            if let f = rest.first, f.isUppercase, rest.dropFirst().first?.isLowercase == true { s = String(rest); break }
        }
        var changed = true
        while changed {
            changed = false
            let l = s.lowercased()
            for p in MetadataRules.bylinePrefixes where l.hasPrefix(p) {
                s = String(s.dropFirst(p.count)); changed = true; break
            }
        }
        return cleanInline(s)
    }

    /// "(dpa)", "[Reuters]", e-mail addresses, @handles, URLs.
    static func removeBracketed(_ s: String) -> String {
        var out = ""
        var depth = 0
        for ch in s {
            if ch == "(" || ch == "[" { depth += 1; continue }
            if ch == ")" || ch == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 { out.append(ch) }
        }
        let words = out.split(separator: " ").filter { w in
            !(w.utf8.contains(0x40) || w.hasPrefix("http") || w.hasPrefix("www."))   // "@"
        }
        return words.joined(separator: " ")
    }

    /// The name parts of a credit. After a comma, one-word parts are places and roles ("Jane O'Brien, BBC News,
    /// Washington"), except for "Last, First" ("Harm, Robert").
    static func namesOf(_ s: String) -> [String] {
        let commas = s.components(separatedBy: ",").map(cleanInline).filter { !$0.isEmpty }
        if commas.count == 2, !s.has(" and "), commas.allSatisfy({ !$0.utf8.contains(0x20) && ($0.first?.isUppercase ?? false) }),
           commas.allSatisfy({ $0.count > 2 }) {
            return [commas[1] + " " + commas[0]]
        }
        var parts: [String] = []
        for (k, c) in commas.enumerated() {
            if k > 0 && !c.utf8.contains(0x20) && !c.utf8.contains(0x26) { continue }   // no space, no "&"
            // A role after the name ("Evan Rapoport, Product Manager, Google Maps"): the rest is affiliation.
            if k > 0 && c.split(separator: " ").contains(where: { MetadataRules.roleWords.contains($0.lowercased()) }) { break }
            parts += split(c)
        }
        return parts
    }

    static func split(_ s: String) -> [String] {
        var parts = [s]
        for (sep, sepBytes) in zip(MetadataRules.authorSeparators, MetadataRules.authorSeparatorBytes) {
            parts = parts.flatMap { p -> [String] in
                // Case-insensitive for word separators ("And").
                var out: [String] = []
                var rest = p
                while let off = firstCharacterOffset(of: sepBytes, in: rest.lowercased()) {
                    out.append(String(rest.prefix(off)))
                    rest = String(rest.dropFirst(off + sep.count))
                }
                out.append(rest)
                return out
            }
        }
        return parts
    }

    static func trimPunctuation(_ s: String) -> String {
        var t = Substring(s)
        let junk: Set<Character> = [" ", ",", ";", ":", "-", "–", "—", "|", "/", "·", "•", "*", "\"", "'", "“", "”"]
        while let f = t.first, junk.contains(f) { t = t.dropFirst() }
        while let l = t.last, junk.contains(l) || l == "." && t.dropLast().last.map({ $0.isLowercase && t.count > 3 }) == true { t = t.dropLast() }
        return String(t)
    }

    // (Byte searches throughout: `String.contains(String)` goes through Foundation's NSString search.)
    static func isPhotoCredit(_ s: String) -> Bool {
        let l = s.lowercased()
        return MetadataRules.photoCreditWords.contains { l.has($0) }
    }

    /// An organisation credit (agency, desk, outlet, the site itself), or nil for a possible person.
    static func organisation(_ p: String, site: String?, host: String? = nil) -> String? {
        let l = p.lowercased()
        if MetadataRules.organisationNames.contains(l) { return p }
        if let site, !site.isEmpty, l == site.lowercased() { return p }
        // The host's name ("Automobilwoche" on automobilwoche.de, "El Colombiano" on elcolombiano.com).
        if let host, let name = host.split(separator: ".").dropLast().last {
            let k = DOMExtractor.titleKey(p.utf8), hk = DOMExtractor.titleKey(name.utf8)
            if k.count >= 4 && k == hk { return p }
        }
        // A CamelCase brand ("TheWashingtonPost"): three capitals in one word.
        if !p.utf8.contains(0x20), p.filter({ $0.isUppercase }).count >= 3, p.contains(where: { $0.isLowercase }) { return p }
        // A domain ("CBSNews.com", "NFL.com Staff").
        if l.split(separator: " ").contains(where: { w in
            guard let dot = w.lastIndex(of: "."), w.distance(from: dot, to: w.endIndex) >= 3 else { return false }
            return w[w.index(after: dot)...].allSatisfy { $0.isLetter } && w[..<dot].count >= 2
        }), !l.hasSuffix(".") { return p }
        if !l.utf8.contains(0x20), let dot = l.lastIndex(of: "."), l.distance(from: dot, to: l.endIndex) >= 3,
           l[l.index(after: dot)...].allSatisfy({ $0.isLetter }) { return p }
        let words = l.split(whereSeparator: { $0 == " " || $0 == "-" })
        if words.contains(where: { MetadataRules.organisationWords.contains(String($0)) }) && !startsWithPersonName(p) { return p }
        if LinePatterns.agencies.contains(where: { $0.lowercased() == l }) { return p }
        return nil
    }

    /// Two or three capitalised words before an outlet word ("Mike Whalley BBC Sport") start with a name.
    private static func startsWithPersonName(_ p: String) -> Bool {
        let words = p.split(separator: " ")
        guard words.count >= 3 else { return false }
        let w0 = words[0], w1 = words[1]
        return isNameWord(w0) && isNameWord(w1) && !MetadataRules.organisationWords.contains(w0.lowercased())
            && !MetadataRules.organisationWords.contains(w1.lowercased())
    }

    private static func isNameWord(_ w: Substring) -> Bool {
        guard let f = w.first, f.isUppercase else { return false }
        return w.dropFirst().contains(where: { $0.isLowercase }) || w.count <= 2
    }

    /// Drops role words around a name: "Environment reporter Matt McGrath", "FOCUS-Online-Experte Robin Tschöpe",
    /// "Robin Tschöpe, Senior Editor".
    static func dropRoles(_ p: String) -> String {
        var words = p.split(separator: " ").map(String.init)
        // A date or weekday after the name ("Poppy Reid Feb 2023").
        if let k = words.indices.dropFirst().first(where: { DateParsing.month(words[$0].lowercased()) != nil
            || MetadataRules.weekdays.contains(words[$0].lowercased()) }), k >= 2 {
            words = Array(words.prefix(k))
        }
        func isRole(_ w: String) -> Bool {
            let l = w.lowercased()
            if MetadataRules.roleWords.contains(l) { return true }
            // Compounds: "FOCUS-Online-Experte", "Sport-Redakteur".
            return l.split(separator: "-").contains { MetadataRules.roleWords.contains(String($0)) } && l.contains("-")
        }
        while let f = words.first, isRole(f) || (words.count > 2 && f.first?.isLowercase == true) { words.removeFirst() }
        if let k = words.firstIndex(where: isRole), k >= 1 { words = Array(words.prefix(k)) }
        return words.joined(separator: " ")
    }

    /// "Mike Whalley BBC Sport" → "Mike Whalley": an acronym or the site's name after at least two name words.
    static func dropOutletTail(_ p: String, site: String?) -> String {
        var words = p.split(separator: " ").map(String.init)
        if let site, !site.isEmpty, words.count > 2 {
            let sw = site.split(separator: " ").count
            if sw < words.count - 1, words.suffix(sw).joined(separator: " ").lowercased() == site.lowercased() {
                words.removeLast(sw)
            }
        }
        if words.count >= 3, let k = words.indices.dropFirst(2).first(where: { isAcronym(words[$0]) }) {
            words = Array(words.prefix(k))
        }
        return words.joined(separator: " ")
    }

    private static func isAcronym(_ w: String) -> Bool {
        w.count >= 2 && w.count <= 6 && w.allSatisfy { $0.isUppercase || $0.isNumber } && !w.utf8.contains(0x2E)
    }

    static func isPlausibleName(_ p: String) -> Bool {
        guard !p.isEmpty, p.count <= MetadataRules.maxNameChars else { return false }
        let words = p.split(separator: " ")
        // Every word of a multi-word name is capitalised, save particles ("van", "de", "von der").
        if words.count >= 2, words.contains(where: { w in
            guard let f = w.first else { return false }
            return !f.isUppercase && !MetadataRules.nameParticles.contains(String(w))
        }) { return false }
        if words.contains(where: { MetadataRules.notNameWords.contains($0.lowercased()) || DateParsing.month($0.lowercased()) != nil && words.count > 1 }) {
            return false
        }
        let wc = LineRules.wordCount(p)
        guard wc >= 1, wc <= MetadataRules.maxNameWords else { return false }
        if p.contains(where: { $0.isNumber }) { return false }
        guard p.contains(where: { $0.isLetter }) else { return false }
        if p.hasSuffix("?") || p.hasSuffix("!") { return false }
        // A lone lowercase word of 1 letter is a stray token.
        if p.count < 2 { return false }
        return true
    }

    /// "ROD NORDLAND" → "Rod Nordland"; mixed-case names stay as written.
    static func fixCase(_ p: String) -> String {
        let letters = p.filter { $0.isLetter }
        guard letters.count >= 4, letters.allSatisfy({ $0.isUppercase }) else { return p }
        var out = ""
        var start = true
        for ch in p {
            if ch.isLetter {
                out += start ? String(ch) : ch.lowercased()
                start = false
            } else {
                out.append(ch)
                start = ch == " " || ch == "-" || ch == "'" || ch == "."
            }
        }
        return out
    }

    static let visiblePrefixBytes = MetadataRules.visibleBylinePrefixes.map { Array($0.utf8) }
    static let visiblePrefixLongest = visiblePrefixBytes.map(\.count).max() ?? 0

    /// The first visible byline line after the headline ("Posted by X on …", "By X", "Von X"): a short text block
    /// that starts with a byline prefix and a capital. For pages whose byline has no class or markup.
    static func visibleByline(_ doc: HTMLDocument, headline h: Int, foreign: [Bool], maxBlocks: Int) -> (text: String, node: Int)? {
        let nodes = doc.nodes
        var seen = Set<Int>()
        var blocks = 0
        var head: [UInt8] = []
        head.reserveCapacity(visiblePrefixLongest)
        var i = h >= 0 ? Int(nodes[h].subtreeEnd) : 0
        while i < nodes.count, blocks < maxBlocks {
            defer { i += 1 }
            guard nodes[i].kind == .text, !foreign[i], !DateFinder.inScript(doc, i) else { continue }
            let o = DateFinder.lineOwner(doc, i)
            guard seen.insert(o.node).inserted else { continue }
            // Most lines are told apart by their first bytes, without building the line.
            if DateFinder.lineHead(doc, o, maxBytes: visiblePrefixLongest, into: &head) {
                if head.isEmpty { continue }
                if !visiblePrefixBytes.contains(where: { head.starts(with: $0) }) { blocks += 1; continue }
            }
            let line = DateFinder.lineText(doc, o), owner = o.node
            guard !line.isEmpty else { continue }
            blocks += 1
            guard line.count <= MetadataRules.maxBylineLineChars else { continue }
            let l = line.lowercased()
            guard let p = MetadataRules.visibleBylinePrefixes.first(where: { l.hasPrefix($0) }) else { continue }
            let rest = line.dropFirst(p.count).drop { $0 == " " }
            guard let f = rest.first, f.isUppercase else { continue }
            return (line, owner)
        }
        return nil
    }

    /// Merges credits keeping order, dropping repeats (case-insensitive).
    static func dedupe(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert(DOMExtractor.titleKey($0.utf8).description).inserted }
    }
}
