/// Small helpers for the byte-level hot paths of clean_text.

/// Bit i set when byte i of `v` has its high bit set (a "movemask"): two multiply-gathers, because Swift's
/// horizontal SIMD reductions (`any`, `wrappedSum`) compile to slow shuffle sequences here.
@inline(__always) func highBitMask(_ v: SIMD16<UInt8>) -> UInt64 {
    let q = unsafeBitCast(v, to: SIMD2<UInt64>.self)
    let lo = ((q[0] & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 56
    let hi = ((q[1] & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 56
    return lo | hi << 8
}

/// Bit i set where `m` is true (lane i of a 16-lane byte comparison).
@inline(__always) func laneMask(_ m: SIMDMask<SIMD16<Int8>>) -> UInt64 {
    highBitMask(SIMD16<UInt8>(repeating: 0).replacing(with: 0x80, where: m))
}

/// A set of 64-bit hashes (open addressing, linear probing; the keys are already hashes, so their low bits
/// pick the slot). Swift's `Set<UInt64>` re-hashes every key with SipHash, which showed up in profiles of
/// the repeated-paragraph check.
struct HashSet64 {
    private var slots: [UInt64]
    private var count = 0
    private var hasZero = false

    init(capacity: Int = 16) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slots = [UInt64](repeating: 0, count: c)
    }

    func contains(_ k: UInt64) -> Bool {
        if k == 0 { return hasZero }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: k) & mask
        while true {
            let s = slots[i]
            if s == k { return true }
            if s == 0 { return false }
            i = (i + 1) & mask
        }
    }

    /// Inserts `k`; false when it was already there.
    @discardableResult mutating func insert(_ k: UInt64) -> Bool {
        if k == 0 { defer { hasZero = true }; return !hasZero }
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: k) & mask
        while true {
            let s = slots[i]
            if s == k { return false }
            if s == 0 { slots[i] = k; count += 1; return true }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        count = 0
        for k in old where k != 0 { insert(k) }
    }
}
