import WinnowCore

/// Parameters that shape signatures and index keys. Any change makes a persisted index incompatible,
/// so they are hashed into `fingerprint` and checked when a state directory is opened.
public struct SignatureParams: Sendable, Equatable {
    /// Words per shingle. Shingles never cross a line break (paragraphs may be shuffled or re-wrapped).
    public var shingleSize: Int = 3
    /// Bands used for LSH candidate generation (each band hashes `rows` of the 128 one-permutation bins).
    public var bands: Int = 20
    public var rows: Int = 3
    /// Number of "anchor" keys: hashes of the first substantial lines (containment candidates). With
    /// anchors > 0 one more key hashes the first `anchorMinWords` words of the text across line breaks, so
    /// a prefix copy whose line breaks differ keeps an anchor in common with the original.
    public var anchors: Int = 1
    /// Lines with at least this many words can be anchors.
    public var anchorMinWords: Int = 8
    public var seed: UInt64 = 0x57494E4E4F57_4444   // "WINNOWDD"

    public init() {}

    public static let bins = 128
    /// Signature bytes stored per document: 128 bins x 4 bits (b-bit MinHash, Li & Koenig 2010).
    public static let signatureBytes = 64

    public var fingerprint: UInt64 {
        var h = StableHash.mix64(seed)
        // The word-stream anchor (added later) is an extra key only: indexes without it stay compatible.
        for v in [shingleSize, bands, rows, anchors, anchorMinWords, 1 /* format */] {
            h = StableHash.mix64(h ^ UInt64(v))
        }
        return h
    }
}

/// What dedup computes from one text: an exact-content hash, a MinHash signature and index keys.
public struct TextSignature: Sendable {
    /// Hash of the normalised token stream (lowercase, whitespace and punctuation collapsed).
    public var contentHash: UInt64
    /// Number of shingles (with multiplicity; clean_text removes repeated paragraphs upstream).
    public var shingleCount: Int
    public var tokenCount: Int
    /// 128 one-permutation MinHash values (densified); empty when the text has no words.
    public var mins: [UInt32]
    /// 4-bit packed signature (64 bytes) used to verify candidates and estimate similarity.
    public var packed: [UInt8]
    /// LSH band keys followed by anchor keys (32-bit, band number mixed in).
    public var keys: [UInt32]
    public var isEmpty: Bool { shingleCount == 0 }
}

/// Byte-level tokenizer and signature builder. Not thread-safe (reuses buffers); make one per thread.
public final class SignatureBuilder {
    public let params: SignatureParams
    private var lineWords: [UInt64] = []
    private var mins = [UInt32](repeating: .max, count: SignatureParams.bins)
    /// Hashes of lines to skip (cross-document boilerplate), consulted when non-empty.
    public var skipLines: ((UInt64) -> Bool)? = nil
    /// Line hashes of the last text (for boilerplate counting), when `collectLines` is set.
    public var collectLines = false
    public private(set) var lineHashes: [UInt64] = []

    public init(params: SignatureParams) { self.params = params }

    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || b >= 0x80
    }

    public func signature(of text: String) -> TextSignature {
        var t = text
        return t.withUTF8 { signature(bytes: $0) }
    }

    public func signature(bytes: UnsafeBufferPointer<UInt8>) -> TextSignature {
        let k = params.shingleSize
        for i in 0..<mins.count { mins[i] = .max }
        lineWords.removeAll(keepingCapacity: true)
        lineHashes.removeAll(keepingCapacity: true)
        var content: UInt64 = 0x9E3779B97F4A7C15
        var shingles = 0
        var tokens = 0
        var anchorKeys: [UInt32] = []
        var streamWords: [UInt64] = []
        let seed = params.seed
        let n = bytes.count
        var i = 0

        @inline(__always) func add(_ h: UInt64) {
            let bin = Int(truncatingIfNeeded: h >> 57)
            let v = UInt32(truncatingIfNeeded: h)
            if v < mins[bin] { mins[bin] = v }
            shingles += 1
        }

        func endLine() {
            let c = lineWords.count
            if c == 0 { return }
            var lh: UInt64 = seed ^ 0x4C494E45
            for w in lineWords { lh = StableHash.mix64(lh ^ w) }
            if collectLines { lineHashes.append(lh) }
            if let skip = skipLines, skip(lh) { lineWords.removeAll(keepingCapacity: true); return }
            for w in lineWords { content = StableHash.mix64(content ^ w) }
            if streamWords.count < params.anchorMinWords { streamWords += lineWords.prefix(params.anchorMinWords - streamWords.count) }
            tokens += c
            if c >= params.anchorMinWords && anchorKeys.count < params.anchors {
                anchorKeys.append(UInt32(truncatingIfNeeded: StableHash.mix64(lh ^ 0xA5A5_0000_0000_0000)))
            }
            if c < k {
                var h = seed
                for w in lineWords { h = StableHash.mix64(h ^ w) }
                add(StableHash.mix64(h ^ UInt64(c)))
            } else {
                lineWords.withUnsafeBufferPointer { w in
                    for s in 0...(c - k) {
                        var h = seed
                        for j in 0..<k { h = (h ^ w[s + j]) &* 0x9E3779B97F4A7C15; h ^= h >> 29 }
                        add(StableHash.mix64(h))
                    }
                }
            }
            lineWords.removeAll(keepingCapacity: true)
        }

        while i < n {
            let b = bytes[i]
            if b == 0x0A { endLine(); i += 1; continue }
            // Unicode punctuation that separates words: U+2000-U+206F (E2 80/81 xx), U+00A0-U+00BF (C2 A0-BF),
            // U+3000-U+303F (E3 80 xx: CJK punctuation).
            if b == 0xE2 && i + 2 < n && (bytes[i + 1] == 0x80 || bytes[i + 1] == 0x81) { i += 3; continue }
            if b == 0xC2 && i + 1 < n && bytes[i + 1] >= 0xA0 && bytes[i + 1] <= 0xBF { i += 2; continue }
            if b == 0xE3 && i + 2 < n && bytes[i + 1] == 0x80 { i += 3; continue }
            if Self.isWordByte(b) {
                var h: UInt64 = 0xcbf29ce484222325
                while i < n {
                    var c = bytes[i]
                    if c >= 0x80 {
                        if c == 0xE2 && i + 2 < n && (bytes[i + 1] == 0x80 || bytes[i + 1] == 0x81) { break }
                        if c == 0xC2 && i + 1 < n && bytes[i + 1] >= 0xA0 && bytes[i + 1] <= 0xBF { break }
                        if c == 0xE3 && i + 2 < n && bytes[i + 1] == 0x80 { break }
                    } else if !Self.isWordByte(c) {
                        break
                    }
                    if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                    h = (h ^ UInt64(c)) &* 0x100000001b3
                    i += 1
                }
                lineWords.append(StableHash.mix64(h))
                continue
            }
            i += 1
        }
        endLine()

        var sig = TextSignature(contentHash: StableHash.mix64(content ^ UInt64(tokens)), shingleCount: shingles,
                                tokenCount: tokens, mins: [], packed: [], keys: [])
        if shingles == 0 { return sig }
        densify()
        sig.mins = mins
        var packed = [UInt8](repeating: 0, count: SignatureParams.signatureBytes)
        for j in 0..<SignatureParams.signatureBytes {
            packed[j] = UInt8(truncatingIfNeeded: (mins[2 * j] & 0xF) | ((mins[2 * j + 1] & 0xF) << 4))
        }
        sig.packed = packed
        var keys: [UInt32] = []
        keys.reserveCapacity(params.bands + anchorKeys.count)
        let r = params.rows
        for band in 0..<params.bands {
            var h = seed ^ (UInt64(band) << 48) ^ 0xB0
            for j in 0..<r { h = StableHash.mix64(h ^ UInt64(mins[band * r + j])) }
            keys.append(UInt32(truncatingIfNeeded: h))
        }
        keys.append(contentsOf: anchorKeys)
        if params.anchors > 0 && streamWords.count == params.anchorMinWords {
            var h: UInt64 = seed ^ 0x5354_5245_414D   // "STREAM"
            for w in streamWords { h = StableHash.mix64(h ^ w) }
            keys.append(UInt32(truncatingIfNeeded: h))
        }
        sig.keys = keys
        return sig
    }

    /// Rotation densification (Shrivastava & Li, 2014): an empty bin takes the value of the next
    /// non-empty bin to its right, re-hashed with the distance, so similar sets stay consistent.
    private func densify() {
        let K = mins.count
        var anyEmpty = false
        for v in mins where v == .max { anyEmpty = true; break }
        if !anyEmpty { return }
        let orig = mins
        for b in 0..<K where orig[b] == .max {
            var t = 1
            while orig[(b + t) % K] == .max { t += 1 }
            let v = orig[(b + t) % K]
            mins[b] = UInt32(truncatingIfNeeded: StableHash.mix64(UInt64(v) | (UInt64(t) << 32)))
        }
    }

    /// Number of equal 4-bit values between two packed signatures.
    @inline(__always)
    public static func matches(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> Int {
        var m = 0
        for w in 0..<8 {
            let x = a.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self) ^ b.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)
            // A nibble is zero when all its bits are zero.
            let t = (x | (x >> 1)) | ((x | (x >> 1)) >> 2)
            let nz = t & 0x1111_1111_1111_1111
            m += 16 - nz.nonzeroBitCount
        }
        return m
    }

    /// Jaccard estimate from the number of matching 4-bit values (b-bit MinHash correction).
    @inline(__always)
    public static func jaccard(matches m: Int) -> Double {
        let p = Double(m) / Double(SignatureParams.bins)
        return max(0, min(1, (p - 1.0 / 16) / (15.0 / 16)))
    }

    /// Containment of the smaller set in the larger one, from a Jaccard estimate and the set sizes.
    @inline(__always)
    public static func containment(jaccard j: Double, _ a: Int, _ b: Int) -> Double {
        let lo = Double(max(1, min(a, b)))
        return min(1, j * Double(a + b) / ((1 + j) * lo))
    }
}
