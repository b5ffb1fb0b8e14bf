/// Summed label scores of the features that depend on one word only (`FeatureExtractor.own`, `left1`,
/// `right1`, `left2`, `right2`), per distinct word.
///
/// Those are 24 of a token's ~45 features; news text repeats its words (the 1,000 commonest cover
/// about half of all tokens), so looking the sums up once per word instead of once per token removes
/// most of the decoder's random memory reads. A value depends only on the word and the model, never on
/// what was cached before, so results do not depend on document order or thread.
struct WordScoreCache {
    /// Vectors per slot, in this order, `labels` floats each.
    static let own = 0, left1 = 1, right1 = 2, left2 = 3, right2 = 4, vectors = 5
    /// Slot 0 is the sentence boundary (its `left*` vectors are the BOS values, `right*` the EOS values).
    static let boundary: Int32 = 0

    let modelID: UInt64
    let labels: Int
    /// Cleared when a new document would take it past this many words (a larger document may exceed it).
    let capacity: Int
    private var slotOf: [UInt64: Int32] = [:]
    private var words: [UInt64] = [0]   // lower-case hash per slot, to rule out a clash of `word` hashes
    private(set) var scores: [Float]

    init(model: TaggerModel, capacity: Int = 1 << 13) {
        modelID = model.id
        labels = model.numLabels
        self.capacity = capacity
        scores = []
        scores.reserveCapacity(capacity * Self.vectors * labels)
        appendBoundary(model)
    }

    private mutating func appendBoundary(_ model: TaggerModel) {
        let fx = FeatureExtractor(bits: model.bits)
        var feats: [UInt32] = []
        scores.append(contentsOf: repeatElement(0, count: Self.vectors * labels))
        model.table.withReader { rows in
            scores.withUnsafeMutableBufferPointer { sc in
                let groups: [(Int, (inout [UInt32]) -> Void)] = [
                    (Self.left1, { fx.left1(.bos, into: &$0) }), (Self.right1, { fx.right1(.eos, into: &$0) }),
                    (Self.left2, { fx.left2(.bos, into: &$0) }), (Self.right2, { fx.right2(.eos, into: &$0) }),
                ]
                for (v, fill) in groups {
                    feats.removeAll(keepingCapacity: true)
                    fill(&feats)
                    for f in feats { rows.add(bucket: f, to: sc.baseAddress! + v * labels) }
                }
            }
        }
    }

    /// Makes room for a document of `tokens` tokens.
    mutating func reserve(_ tokens: Int, model: TaggerModel) {
        guard words.count + tokens > capacity, words.count > 1 else { return }
        slotOf.removeAll(keepingCapacity: true)
        words.removeAll(keepingCapacity: true); words.append(0)
        scores.removeAll(keepingCapacity: true)
        appendBoundary(model)
    }

    /// The slot of token `t`'s word, computing its vectors on first sight.
    mutating func slot(_ t: TokInfo, _ fx: FeatureExtractor, _ rows: WeightTable.Reader, _ feats: inout [UInt32]) -> Int32 {
        if let s = slotOf[t.word], words[Int(s)] == t.lower { return s }
        let s = Int32(words.count)
        words.append(t.lower)
        slotOf[t.word] = s
        let base = scores.count
        scores.append(contentsOf: repeatElement(0, count: Self.vectors * labels))
        let w = FeatureExtractor.Neighbour(t)
        scores.withUnsafeMutableBufferPointer { sc in
            let at = sc.baseAddress! + base
            for v in 0..<Self.vectors {
                feats.removeAll(keepingCapacity: true)
                switch v {
                case Self.own: fx.own(t, into: &feats)
                case Self.left1: fx.left1(w, into: &feats)
                case Self.right1: fx.right1(w, into: &feats)
                case Self.left2: fx.left2(w, into: &feats)
                default: fx.right2(w, into: &feats)
                }
                for f in feats { rows.add(bucket: f, to: at + v * labels) }
            }
        }
        return s
    }
}
