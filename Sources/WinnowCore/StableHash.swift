/// Hashes that are identical across processes, runs and machines (unlike Swift's `Hasher`).
/// Used for document ids, dedup keys and shard assignment.
public enum StableHash {
    /// FNV-1a, 64-bit. Simple and good enough for short keys.
    @inlinable
    public static func fnv1a64<S: Sequence>(_ bytes: S, seed: UInt64 = 0xcbf29ce484222325) -> UInt64 where S.Element == UInt8 {
        var h = seed
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    public static func fnv1a64(_ s: String) -> UInt64 { fnv1a64(s.utf8) }

    /// A strong 64-bit finaliser (splitmix64); turns a weak hash into well-mixed bits.
    @inlinable
    public static func mix64(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e3779b97f4a7c15
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }

    /// xxHash64 of a byte buffer (the reference algorithm, seedable).
    public static func xxh64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let p1: UInt64 = 0x9E3779B185EBCA87, p2: UInt64 = 0xC2B2AE3D27D4EB4F
        let p3: UInt64 = 0x165667B19E3779F9, p4: UInt64 = 0x85EBCA77C2B2AE63
        let p5: UInt64 = 0x27D4EB2F165667C5
        @inline(__always) func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
        @inline(__always) func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
            rotl(acc &+ input &* p2, 31) &* p1
        }
        @inline(__always) func merge(_ acc: UInt64, _ v: UInt64) -> UInt64 {
            (acc ^ round(0, v)) &* p1 &+ p4
        }
        let n = bytes.count
        var i = 0
        var h: UInt64
        func read64(_ o: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
        func read32(_ o: Int) -> UInt64 { UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt32.self))) }
        if n >= 32 {
            var v1 = seed &+ p1 &+ p2, v2 = seed &+ p2, v3 = seed, v4 = seed &- p1
            while i + 32 <= n {
                v1 = round(v1, read64(i)); v2 = round(v2, read64(i + 8))
                v3 = round(v3, read64(i + 16)); v4 = round(v4, read64(i + 24))
                i += 32
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = merge(h, v1); h = merge(h, v2); h = merge(h, v3); h = merge(h, v4)
        } else {
            h = seed &+ p5
        }
        h = h &+ UInt64(n)
        while i + 8 <= n { h ^= round(0, read64(i)); h = rotl(h, 27) &* p1 &+ p4; i += 8 }
        if i + 4 <= n { h ^= read32(i) &* p1; h = rotl(h, 23) &* p2 &+ p3; i += 4 }
        while i < n { h ^= UInt64(bytes[i]) &* p5; h = rotl(h, 11) &* p1; i += 1 }
        h ^= h >> 33; h = h &* p2; h ^= h >> 29; h = h &* p3; h ^= h >> 32
        return h
    }

    public static func xxh64(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { xxh64($0, seed: seed) }
    }

    public static func xxh64(_ s: String, seed: UInt64 = 0) -> UInt64 {
        var s = s
        return s.withUTF8 { xxh64(UnsafeRawBufferPointer($0), seed: seed) }
    }

    /// 16 lowercase hex digits.
    public static func hex(_ v: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 16)
        var x = v
        for k in stride(from: 15, through: 0, by: -1) { out[k] = digits[Int(x & 0xF)]; x >>= 4 }
        return String(decoding: out, as: UTF8.self)
    }
}
