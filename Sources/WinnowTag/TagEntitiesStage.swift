import Foundation
import WinnowCore

/// Tags people, places, organisations and more, with canonical names.
///
/// - PER, LOC, ORG, MISC (CoNLL-2003 conventions) come from an averaged-perceptron BILOU tagger over
///   hashed features (words, affixes, shapes, context, gazetteers, document history), see tagger-model.md.
/// - Names in the alias table (`Resources/aliases.tsv`) are always found and get their canonical name;
///   weapons and equipment (S-400, Iskander, Su-25, ...) are MISC with a canonical name.
/// - DATE, MONEY, PERCENT come from rules, normalised ("2023-02-17", "USD 43000000000", "12.5%"); a DATE
///   without a year takes it from `published` when that is unambiguous (`DateYear`).
/// - Canonical names: alias table, else the longest form of the same person seen in the document
///   ("Mr Putin"/"Putin" after "Vladimir Putin"), else the mention text.
///
/// Options: `TagEntitiesOptions` (`winnow stages tag_entities`). `document_consistency`: untagged repeats of
/// a name tagged elsewhere in the document are tagged too, with the name's majority type (tagged mentions
/// keep their own type). `hygiene`: `EntityHygiene` (titles and greetings stripped, spans cut at brackets
/// and stray lower-case words, pronouns, bare titles, common words and icon text dropped) and canonical
/// country names (`Resources/countries.tsv`: US, U.S. -> United States). With `languages` (default ["en"]) a
/// document whose language (set by `clean_text`) is not listed gets only the alias table's names, which are
/// spelled for every language (Zełeński, Selenskyj → Volodymyr Zelensky): the shipped model is trained on
/// English news, and on other languages it tags common nouns as names (German capitalises every noun), and
/// the rules read "1.000" as one. Documents without a language (or "und") are tagged in full.
public final class TagEntitiesStage: DocumentStage {
    public static let typeName = "tag_entities"
    public static let summary = "Tags people, places, organisations and more, with canonical names."
    public static let allTypes = ["PER", "LOC", "ORG", "MISC", "DATE", "MONEY", "PERCENT"]

    /// The model and tables, loaded by `open` (building the stage reads no file).
    struct Tables: Sendable {
        let model: TaggerModel
        let aliases: AliasTable
        /// Canonical country names (lookup only, never matched in text): "US", "U.S." -> "United States".
        let countries: AliasTable
    }

    let options: TagEntitiesOptions
    let tables = Loaded<Tables>(TagEntitiesStage.typeName)
    let types: Set<String>
    let consistency: Bool
    let hygiene: Bool
    let wantRules: Bool
    /// Languages tagged in full; nil: all.
    let languages: Set<String>?
    private let scratches = TagScratchPool()

    var model: TaggerModel { tables.value.model }
    var aliases: AliasTable { tables.value.aliases }
    var countries: AliasTable { tables.value.countries }

    public init(params: StageParams) throws {
        let o = try params.decode(TagEntitiesOptions.self)
        options = o
        types = Set(o.types.map(\.rawValue))
        consistency = o.documentConsistency
        hygiene = o.hygiene
        languages = o.languages.contains("*") ? nil : Set(o.languages)
        wantRules = !types.isDisjoint(with: ["DATE", "MONEY", "PERCENT"])
    }

    /// Loads the model, gazetteer, clusters and alias tables (the shipped ones unless the options name files).
    public func open(context: StageContext) throws {
        try tables.load { try Self.loadTables(options) }
    }

    static func loadTables(_ o: TagEntitiesOptions) throws -> Tables {
        // A missing shipped data file keeps its own error (it names the paths tried; exit 2).
        func failure(_ key: String?, _ what: String, _ error: Error) -> Error {
            if error is ConfigError || error is DataFiles.MissingFile { return error }
            return ConfigError(location: typeName, key: key, reason: "cannot load \(what): \(error)")
        }
        let modelPath = o.model, gazPath = o.gazetteer, aliasPath = o.aliases
        let model: TaggerModel
        do {
            let gaz: Gazetteer
            if let gazPath {
                gaz = gazPath.isEmpty ? Gazetteer() : try Gazetteer(contentsOf: URL(fileURLWithPath: gazPath))
                try gaz.loadClusters(contentsOf: TagResources.require("clusters", "bin"))
                try gaz.loadGloveClusters(contentsOf: TagResources.require("clusters-glove", "bin"))
            } else { gaz = try Gazetteer.shipped() }
            let mu = try modelPath.map({ URL(fileURLWithPath: $0) }) ?? TagResources.require("tagger", "model")
            model = try TaggerModel(contentsOf: mu, gazetteer: gaz)
        } catch {
            throw failure(modelPath != nil ? "model" : (gazPath != nil ? "gazetteer" : nil), "tagger model", error)
        }
        let aliases: AliasTable
        do {
            if let aliasPath { aliases = aliasPath.isEmpty ? AliasTable() : try AliasTable(contentsOf: URL(fileURLWithPath: aliasPath)) }
            else { aliases = try AliasTable(contentsOf: TagResources.require("aliases", "tsv")) }
        } catch { throw failure("aliases", "alias table", error) }
        let countries: AliasTable
        do { countries = try AliasTable(contentsOf: TagResources.require("countries", "tsv")) }
        catch { throw failure(nil, "the shipped country names", error) }
        return Tables(model: model, aliases: aliases, countries: countries)
    }

    public func process(_ document: inout Document) throws -> StageResult {
        document.entities = tag(document.text, full: tagsInFull(language: document.language))
        if let published = document.published {
            for k in document.entities.indices where document.entities[k].type == "DATE" && document.entities[k].canonical.hasPrefix("--") {
                if let c = DateYear.fill(document.entities[k].canonical, published: published) { document.entities[k].canonical = c }
            }
        }
        return .keep
    }

    /// Whether a document in `language` gets the statistical tagger and the rules (else aliases only).
    public func tagsInFull(language: String?) -> Bool {
        guard let languages, let language, language != "und" else { return true }
        return languages.contains(language)
    }

    struct Cand {
        var start: Int, end: Int   // tokens
        var type: String
        var canonical: String?
        var fromAlias: Bool
    }

    /// Alias matches are always found and win over overlapping tagger spans (which are dropped), except that a
    /// longer tagger name starting with a non-person alias stays ("Reuters Toronto Bureau"). Matches are applied
    /// in order; tagger spans are found by binary search, so a long text costs no pass over all spans per match.
    static func placeAliases(_ matches: [(Int, Int, AliasTable.Entry)], over tagged: [Cand]) -> [Cand] {
        let order = tagged.indices.sorted { (tagged[$0].start, $0) < (tagged[$1].start, $1) }
        let starts = order.map { tagged[$0].start }
        let longest = tagged.map { $0.end - $0.start }.max() ?? 0
        var removed = [Bool](repeating: false, count: tagged.count)
        var placed: [Cand] = []
        /// Positions in `order` of the live tagger spans that may overlap [a, b) (start in (a - longest, b)).
        func window(_ a: Int, _ b: Int) -> Range<Int> {
            func firstAtLeast(_ x: Int) -> Int {
                var lo = 0, hi = starts.count
                while lo < hi { let m = (lo + hi) / 2; if starts[m] < x { lo = m + 1 } else { hi = m } }
                return lo
            }
            return firstAtLeast(a - longest)..<firstAtLeast(b)
        }
        for (a, b, e) in matches {
            let w = window(a, b)
            if e.type != "PER", w.contains(where: { !removed[order[$0]] && tagged[order[$0]].start == a && tagged[order[$0]].end > b }) {
                continue
            }
            for q in w where !removed[order[q]] && tagged[order[q]].end > a && tagged[order[q]].start < b { removed[order[q]] = true }
            placed.append(Cand(start: a, end: b, type: e.type, canonical: e.canonical, fromAlias: true))
        }
        // Survivors keep their order, then the aliases in match order; a stable sort by start (as before).
        var out = tagged.indices.filter { !removed[$0] }.map { tagged[$0] }
        out.append(contentsOf: placed)
        out.sort { $0.start < $1.start }
        return out
    }

    /// The union of two ascending index lists, ascending, without repeats.
    static func mergedAscending(_ x: [Int], _ y: [Int]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(x.count + y.count)
        var i = 0, j = 0
        while i < x.count || j < y.count {
            let v: Int
            if j >= y.count || (i < x.count && x[i] <= y[j]) { v = x[i]; i += 1 } else { v = y[j]; j += 1 }
            if out.last != v { out.append(v) }
        }
        return out
    }

    /// Tags a text; entities sorted by start.
    /// `full: false` finds only the alias table's names (see `languages`).
    public func tag(_ text: String, full: Bool = true) -> [Entity] {
        var text = text
        return text.withUTF8 { p in
            if p.count <= TextChunks.maxBytes { return tagBytes(p, full: full) }
            // A very long text is tagged in pieces cut at paragraph or sentence ends: the tagger's scratch and
            // the per-document steps (alias overlaps, person linking) grow with the text, so one 18 MB line
            // would otherwise cost gigabytes and quadratic time. Offsets move to the whole text.
            var out: [Entity] = []
            for piece in TextChunks.split(p) {
                let rebased = UnsafeBufferPointer(rebasing: p[piece.bytes])
                for var e in tagBytes(rebased, full: full) {
                    e.start += piece.codePointOffset
                    e.end += piece.codePointOffset
                    out.append(e)
                }
            }
            return out
        }
    }

    func tagBytes(_ p: UnsafeBufferPointer<UInt8>, full: Bool = true,
                  events: UnsafeMutablePointer<[HygieneEvent]>? = nil) -> [Entity] {
        let s = scratches.take()
        defer { scratches.give(s) }
        model.prepare(p, s, annotate: full)
        let n = s.toks.count
        guard n > 0 else { return [] }
        if full {
            model.decode(s)
        } else {
            s.labels.removeAll(keepingCapacity: true)
            s.labels.append(contentsOf: repeatElement(0, count: n))   // all O: only aliases below
        }
        let infos = s.infos, toks = s.toks
        var cands: [Cand] = []
        for sp in TaggerModel.spans(s.labels) {
            // trim punctuation at the edges ("Union ." -> "Union")
            var a = sp.start, b = sp.end
            func edge(_ k: Int) -> Bool {
                guard infos[k].flags & TokFlag.punct != 0 else { return false }
                let c = p[Int(toks[k].byteStart)]
                return c == 0x2E || c == 0x2C || c == 0x3B || c == 0x3A || c == 0x21 || c == 0x3F || c == 0x22 || c == 0xE2
            }
            func clitic(_ k: Int) -> Bool {   // 's / ’s
                let t = toks[k], c = p[Int(t.byteStart)]
                return (c == 0x27 && t.byteEnd - t.byteStart <= 3) || (c == 0xE2 && t.byteEnd - t.byteStart <= 5 && p[Int(t.byteStart) + 2] == 0x99)
            }
            while a < b && edge(a) { a += 1 }
            while b > a && (edge(b - 1) || clitic(b - 1)) { b -= 1 }
            if a < b { cands.append(Cand(start: a, end: b, type: model.types[sp.type], canonical: nil, fromAlias: false)) }
        }
        // hygiene first, so that a junk tagger span ("Wagner group launching") does not block an alias
        if hygiene { cands = EntityHygiene.apply(cands, p, toks, infos, events: events) }
        // alias matches are always found and win over overlapping tagger spans (which are dropped:
        // "Chancellor Olaf Scholz" -> "Olaf Scholz"), except longer names that start with them
        var hashes: [UInt64] = []
        if aliases.count > 0 {
            hashes.reserveCapacity(n)
            for k in 0..<n { hashes.append(AliasTable.tokenHash(p, toks[k], infos[k], cache: s.foldCache)) }
            cands = Self.placeAliases(aliases.matches(hashes, infos), over: cands)
        }
        if consistency { applyConsistency(&cands, infos) }
        // canonical names
        func key(_ c: Cand) -> ArraySlice<UInt64> { hashes.isEmpty ? infos[c.start..<c.end].map { $0.lower }[...] : hashes[c.start..<c.end] }
        if hashes.isEmpty { for k in 0..<n { hashes.append(infos[k].lower) } }
        func surface(_ a: Int, _ b: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: p[Int(toks[a].byteStart)..<Int(toks[b - 1].byteEnd)]), as: UTF8.self)
        }
        for k in cands.indices where cands[k].canonical == nil {
            if let e = aliases.lookup(key(cands[k])) ?? (hygiene ? countries.lookup(key(cands[k])) : nil) { cands[k].canonical = e.canonical }
        }
        // persons: short forms -> the longest full form in the document that ends with them
        // Only persons sharing the last word (or, for one word, the first) can be a longer form: indexed so a
        // long text does not compare every pair.
        var byLast: [UInt64: [Int]] = [:], byFirst: [UInt64: [Int]] = [:]
        for j in cands.indices where cands[j].type == "PER" {
            let kj = key(cands[j])
            byLast[kj.last!, default: []].append(j)
            byFirst[kj.first!, default: []].append(j)
        }
        for k in cands.indices where cands[k].canonical == nil && cands[k].type == "PER" {
            let mine = key(cands[k])
            var best: Int? = nil
            let sameLast = byLast[mine.last!] ?? []
            let others = mine.count == 1 ? Self.mergedAscending(sameLast, byFirst[mine.first!] ?? []) : sameLast
            for j in others where j != k && cands[j].end - cands[j].start > mine.count {
                let other = key(cands[j])
                if Array(other.suffix(mine.count)) == Array(mine) || (mine.count == 1 && other.first == mine.first) {
                    if best == nil || cands[j].end - cands[j].start > cands[best!].end - cands[best!].start { best = j }
                }
            }
            if let b = best {
                cands[k].canonical = cands[b].canonical ?? aliases.lookup(key(cands[b]))?.canonical ?? surface(cands[b].start, cands[b].end)
            }
        }
        var out: [Entity] = []
        out.reserveCapacity(cands.count)
        for c in cands where types.contains(c.type) {
            let t = surface(c.start, c.end)
            out.append(Entity(text: t, type: c.type, canonical: c.canonical ?? collapseSpaces(t),
                              start: Int(toks[c.start].cpStart), end: Int(toks[c.end - 1].cpEnd)))
        }
        if wantRules && full {
            let words = (0..<n).map { k -> String in
                let t = toks[k]
                // The rules read the text of numbers, symbols and a few words (NumericRules.textWords);
                // any other word of ASCII letters only is matched by its hash: skip building its string.
                if !NumericRules.textWords.contains(infos[k].lower)
                    && p[Int(t.byteStart)..<Int(t.byteEnd)].allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) { return "" }
                return String(decoding: UnsafeBufferPointer(rebasing: p[Int(t.byteStart)..<Int(t.byteEnd)]), as: UTF8.self)
            }
            for r in NumericRules.find(words: words, infos: infos) where types.contains(r.type) {
                if cands.contains(where: { $0.start < r.end && r.start < $0.end }) { continue }
                out.append(Entity(text: surface(r.start, r.end), type: r.type, canonical: r.canonical,
                                  start: Int(toks[r.start].cpStart), end: Int(toks[r.end - 1].cpEnd)))
            }
            out.sort { $0.start < $1.start || ($0.start == $1.start && $0.end < $1.end) }
        }
        return out
    }

    /// Untagged capitalised repeats of a name tagged earlier or later in the document are tagged, with the
    /// name's majority type over its tagger mentions (alias types win). Tagged mentions keep their type.
    func applyConsistency(_ cands: inout [Cand], _ infos: [TokInfo]) {
        guard !cands.isEmpty else { return }
        func seqKey(_ a: Int, _ b: Int) -> UInt64 {
            var h: UInt64 = 0x5E0
            for k in a..<b { h = Gazetteer.combine(h, infos[k].lower) }
            return h
        }
        func caseKey(_ a: Int, _ b: Int) -> UInt64 {
            var h: UInt64 = 0xCA5E
            for k in a..<b { h = Gazetteer.combine(h, infos[k].word) }
            return h
        }
        var spelled = Set<UInt64>()   // a repeat is spelled as a tagged mention ("I Ca" does not tag "I ca")
        var votes: [UInt64: [String: Int]] = [:]
        var forced: [UInt64: String] = [:]
        var lengths = Set<Int>()
        for c in cands {
            let k = seqKey(c.start, c.end)
            if c.fromAlias { forced[k] = c.type } else { votes[k, default: [:]][c.type, default: 0] += 1 }
            lengths.insert(c.end - c.start)
            spelled.insert(caseKey(c.start, c.end))
        }
        var major: [UInt64: String] = [:]
        for (k, v) in votes {
            major[k] = forced[k] ?? v.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
        }
        // a person's surname alone elsewhere in the document is that person ("Chirac" after "Jacques Chirac")
        // (neutral on testa: 90.63 with and without, mean of 3 seeds; it joins web short forms to the full name)
        for c in cands where c.type == "PER" && c.end - c.start >= 2 && infos[c.end - 1].flags & TokFlag.cap != 0 {
            let k = seqKey(c.end - 1, c.end)
            if major[k] == nil {
                major[k] = "PER"
                spelled.insert(caseKey(c.end - 1, c.end))
                lengths.insert(1)
            }
        }
        // The tagger's own decisions are not rewritten to the majority type: that copied one wrong decision
        // to every mention (issue 20: testa +0.55 F1, mean of 3 training seeds, with the rewrite off).
        // untagged repeats
        var covered = [Bool](repeating: false, count: infos.count)
        for c in cands { for k in c.start..<c.end { covered[k] = true } }
        var added: [Cand] = []
        let n = infos.count
        let longestFirst = lengths.sorted(by: >)
        var i = 0
        while i < n {
            if covered[i] || infos[i].flags & TokFlag.cap == 0 || infos[i].flags & TokFlag.capsSentence != 0 { i += 1; continue }
            var found = false
            for l in longestFirst where i + l <= n {
                if (i..<(i + l)).contains(where: { covered[$0] }) { continue }
                let k = seqKey(i, i + l)
                if let t = major[k], spelled.contains(caseKey(i, i + l)) {
                    // a single word at a sentence start that also occurs lower case is too risky
                    if l == 1 && infos[i].flags & TokFlag.seenLower != 0 { continue }
                    added.append(Cand(start: i, end: i + l, type: t, canonical: nil, fromAlias: false))
                    for q in i..<(i + l) { covered[q] = true }
                    i += l; found = true
                    break
                }
            }
            if !found { i += 1 }
        }
        if !added.isEmpty {
            cands += added
            cands.sort { $0.start < $1.start }
        }
    }
}

func collapseSpaces(_ s: String) -> String {
    // Fast path for the usual ASCII mention: no control whitespace and no double space.
    var ascii = true, clean = true, last: UInt8 = 0
    for b in s.utf8 {
        if b >= 0x80 { ascii = false; break }
        if (b >= 0x09 && b <= 0x0D) || (b == 0x20 && last == 0x20) { clean = false; break }
        last = b
    }
    if ascii && clean { return s }
    guard s.contains(where: { $0.isWhitespace && $0 != " " }) || s.contains("  ") else { return s }
    return s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}
