import WinnowCore

/// Summed label scores of the features that depend on one word only (`FeatureExtractor.own`, `left1`,
/// `right1`, `left2`, `right2`), cached per distinct word.
///
/// Those are 24 of a token's ~45 features; news text repeats its words (the 1,000 commonest cover
/// about two thirds of all tokens), so looking their sums up once per word instead of once per token
/// removes most of the decoder's random memory reads.
///
/// The cache is two-way (a word has two places, chosen by its hash; a new word evicts the one of the two
/// used less recently), so it needs no hash table and keeps the frequent words; `wordScores` uses each word's
/// vectors as soon as it has them, so an eviction can never hand out stale values. A value depends only
/// on the word and the model, never on what was cached before: results do not depend on document order,
/// thread or cache size.
struct WordScoreCache {
    /// Vectors per word, in this order, `labels` floats each.
    static let own = 0, left1 = 1, right1 = 2, left2 = 3, right2 = 4, vectors = 5

    let modelID: UInt64
    let labels: Int
    private let mask: Int
    private var words: [UInt64]     // `word` hash per place (0: empty)
    private var lowers: [UInt64]    // and its lower-case hash, to rule out a clash of `word` hashes
    private var recent: [UInt8]     // per pair of places: which of the two (0/1) was used last
    private var scores: [Float]     // places × vectors × labels
    /// The sentence boundary's vectors: `left*` hold the start-of-sentence values, `right*` the end's.
    private var boundary: [Float]

    /// `capacity` is rounded up to a power of two (at least 2) (8,192 words: 2.8 MB with 17 labels).
    init(model: TaggerModel, capacity: Int = 1 << 13) {
        modelID = model.id
        labels = model.numLabels
        var c = 2   // at least one pair of places
        while c < capacity { c <<= 1 }
        mask = c - 1
        words = [UInt64](repeating: 0, count: c)
        lowers = [UInt64](repeating: 0, count: c)
        recent = [UInt8](repeating: 0, count: c / 2)
        scores = [Float](repeating: 0, count: c * Self.vectors * labels)
        boundary = [Float](repeating: 0, count: Self.vectors * labels)
        var feats: [UInt32] = []
        model.table.withReader { rows in
            boundary.withUnsafeMutableBufferPointer { b in
                Self.sumGroups(own: nil, left: .bos, right: .eos, FeatureExtractor(bits: model.bits, glove: model.gazetteer.gloveCount > 0), rows, &feats,
                               into: b.baseAddress!, labels: labels)
            }
        }
    }

    /// Sums the weights of each word group into its vector at `at`: `own` (nil: no features, for the
    /// boundary), and the groups that see `left` / `right` as the word to the left / right of a token.
    private static func sumGroups(own t: TokInfo?, left: FeatureExtractor.Neighbour, right: FeatureExtractor.Neighbour,
                                  _ fx: FeatureExtractor, _ rows: WeightTable.Reader, _ feats: inout [UInt32],
                                  into at: UnsafeMutablePointer<Float>, labels k: Int) {
        at.update(repeating: 0, count: vectors * k)
        for v in 0..<vectors {
            feats.removeAll(keepingCapacity: true)
            switch v {
            case Self.own: if let t { fx.own(t, into: &feats) }
            case Self.left1: fx.left1(left, into: &feats)
            case Self.right1: fx.right1(right, into: &feats)
            case Self.left2: fx.left2(left, into: &feats)
            default: fx.right2(right, into: &feats)
            }
            for f in feats { rows.add(bucket: f, to: at + v * k) }
        }
    }

    /// Fills `sums` (tokens × labels) with each token's word-group scores: its own word's, its
    /// neighbours' (or the sentence boundary's), added in a fixed order (left 2, left 1, own, right 1,
    /// right 2).
    mutating func wordScores(_ infos: UnsafeBufferPointer<TokInfo>, _ fx: FeatureExtractor, _ rows: WeightTable.Reader,
                             _ feats: inout [UInt32], into sums: inout [Float]) {
        let n = infos.count, k = labels
        sums.removeAll(keepingCapacity: true)
        sums.append(contentsOf: repeatElement(0, count: n * k))
        let stride = Self.vectors * k
        sums.withUnsafeMutableBufferPointer { sumBuf in
            let sum = sumBuf.baseAddress!
            @inline(__always) func add(_ to: Int, _ from: UnsafePointer<Float>) {
                let d = sum + to * k
                for j in 0..<k { d[j] += from[j] }
            }
            let boundary = self.boundary   // a copy of the reference: `place` below mutates self
            boundary.withUnsafeBufferPointer { bnd in
                let b = bnd.baseAddress!
                for i in 0..<n {
                    let place = self.place(infos[i], fx, rows, &feats)
                    scores.withUnsafeBufferPointer { sc in
                        let v = sc.baseAddress! + place * stride
                        let (p2, p1, n1, n2) = FeatureExtractor.neighbours(infos, i)
                        // token i's own sum: left 2 and left 1 were added when those tokens were seen
                        if p2 == nil { add(i, b + Self.left2 * k) }
                        if p1 == nil { add(i, b + Self.left1 * k) }
                        add(i, v + Self.own * k)
                        if n1 == nil { add(i, b + Self.right1 * k) }
                        if n2 == nil { add(i, b + Self.right2 * k) }
                        // this word as the neighbour of others (the right ones come in the order above)
                        if let p1 { add(p1, v + Self.right1 * k) }
                        if let p2 { add(p2, v + Self.right2 * k) }
                        if let n2 { add(n2, v + Self.left2 * k) }
                        if let n1 { add(n1, v + Self.left1 * k) }
                    }
                }
            }
        }
    }

    /// The place holding token `t`'s word, filled on a miss.
    private mutating func place(_ t: TokInfo, _ fx: FeatureExtractor, _ rows: WeightTable.Reader,
                                _ feats: inout [UInt32]) -> Int {
        let p = Int(truncatingIfNeeded: StableHash.mix64(t.word)) & mask
        // Two places per word (p and its pair q); a miss evicts the one used less recently (one bit per pair).
        let q = p ^ 1, pair = p >> 1
        if words[p] == t.word && lowers[p] == t.lower && t.word != 0 { recent[pair] = UInt8(p & 1); return p }
        if words[q] == t.word && lowers[q] == t.lower && t.word != 0 { recent[pair] = UInt8(q & 1); return q }
        let slot = Int(recent[pair]) == (p & 1) ? q : p   // the other one was used last
        recent[pair] = UInt8(slot & 1)
        words[slot] = t.word
        lowers[slot] = t.lower
        let w = FeatureExtractor.Neighbour(t), k = labels
        scores.withUnsafeMutableBufferPointer { sc in
            Self.sumGroups(own: t, left: w, right: w, fx, rows, &feats, into: sc.baseAddress! + slot * Self.vectors * k, labels: k)
        }
        return slot
    }
}
