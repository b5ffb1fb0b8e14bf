/// The tagger's weights in the compact form it is shipped in, laid out for the decoder's access pattern.
///
/// A feature id is a hash bucket in `0 ..< 1 << bits`; only about one bucket in ten has a row. The decoder
/// looks up about twenty buckets per token at random (more for a word not in `WordScoreCache`), so the table is built to keep those lookups in cache:
/// - which buckets have a row: a bitmap with a running row count every 64 buckets (rank), 1/16 of the
///   size of a bucket -> row array (256 KB instead of 4 MB at 20 bits);
/// - each row: its scale (Float) followed by its per-label weights as Int8 (weight = scale × q),
///   stored together so one row costs one cache miss, not two (~2.6 MB instead of 7.3 MB of Floats).
/// The model file stores exactly these quantised values, so tagging gives the same labels as before.
struct WeightTable: Sendable {
    /// Per 64 buckets: which have a row, and how many rows the buckets before them have.
    fileprivate struct RankWord: Sendable { var present: UInt64; var rowsBefore: UInt32 }
    let labels: Int
    private var rank: [RankWord]
    private var rows: [UInt8]
    /// Bytes per row: a Float scale, then `labels` Int8 weights, padded to 8 bytes.
    let stride: Int
    private(set) var rowCount: Int
    private var lastBucket = -1

    init(bits: Int, labels: Int) {
        self.labels = labels
        stride = (4 + labels + 7) & ~7
        rank = [RankWord](repeating: RankWord(present: 0, rowsBefore: 0), count: max(1, (1 << bits) >> 6))
        rows = []
        rowCount = 0
    }

    /// Appends the row of `bucket`; buckets must come in increasing order.
    mutating func append(bucket: Int, scale: Float, quantized q: UnsafeBufferPointer<Int8>) {
        precondition(q.count == labels && bucket > lastBucket && bucket < rank.count << 6)
        lastBucket = bucket
        let w = bucket >> 6
        // Buckets come in order, so the rows before this word's first bucket are all the rows so far.
        // (A word without buckets keeps 0: the decoder never reads its count.)
        if rank[w].present == 0 { rank[w].rowsBefore = UInt32(rowCount) }
        rank[w].present |= 1 << UInt64(bucket & 63)
        rowCount += 1
        withUnsafeBytes(of: scale.bitPattern.littleEndian) { rows.append(contentsOf: $0) }
        rows.append(contentsOf: UnsafeRawBufferPointer(q))
        rows.append(contentsOf: repeatElement(0, count: stride - 4 - labels))
    }

    /// Room for `count` rows, so loading a model grows the row array once.
    mutating func reserveRows(_ count: Int) { rows.reserveCapacity(count * stride) }

    /// Quantises one row of Float weights, whose largest magnitude is `m`, the way the model file stores
    /// it (scale = m / 127).
    static func quantize(_ w: ArraySlice<Float>, maxMagnitude m: Float) -> (scale: Float, q: [Int8]) {
        let s = m / 127
        return (s, w.map { s > 0 ? Int8(max(-127, min(127, ($0 / s).rounded()))) : 0 })
    }

    /// Visits every row in bucket order: (bucket, scale, quantised weights).
    func forEachRow(_ body: (Int, Float, UnsafeBufferPointer<Int8>) -> Void) {
        rows.withUnsafeBytes { raw in
            var r = 0
            for (w, word) in rank.enumerated() {
                var bits = word.present
                while bits != 0 {
                    let b = w << 6 | bits.trailingZeroBitCount
                    let base = r * stride
                    let scale = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base, as: UInt32.self)))
                    let q = UnsafeBufferPointer(start: (raw.baseAddress! + base + 4).assumingMemoryBound(to: Int8.self), count: labels)
                    body(b, scale, q)
                    r += 1
                    bits &= bits - 1
                }
            }
        }
    }

    /// Read access for the decoder's inner loop.
    struct Reader {
        fileprivate let rank: UnsafeBufferPointer<RankWord>
        fileprivate let rows: UnsafeRawPointer
        let stride: Int
        let labels: Int

        /// Adds the weights of `bucket`'s row (if it has one) to `scores`.
        @inline(__always) func add(bucket: UInt32, to scores: UnsafeMutablePointer<Float>) {
            let word = rank[Int(bucket >> 6)]
            let bit = UInt64(1) << UInt64(bucket & 63)
            guard word.present & bit != 0 else { return }
            let r = Int(word.rowsBefore) + (word.present & (bit &- 1)).nonzeroBitCount
            let row = rows + r * stride
            let scale = Float(bitPattern: UInt32(littleEndian: row.loadUnaligned(as: UInt32.self)))
            let q = (row + 4).assumingMemoryBound(to: Int8.self)
            for j in 0..<labels { scores[j] += scale * Float(q[j]) }
        }
    }

    func withReader<R>(_ body: (Reader) -> R) -> R {
        rank.withUnsafeBufferPointer { rk in
            rows.withUnsafeBytes { raw in
                // An empty table still needs a valid pointer; no row is ever read from it.
                body(Reader(rank: rk, rows: raw.baseAddress ?? UnsafeRawPointer(rk.baseAddress!), stride: stride, labels: labels))
            }
        }
    }
}
