#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// Byte-level text helpers for the extractor's hot loops (no String per character).

@inline(__always) func isASCIISpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C || b == 0x0B
}

@inline(__always) func asciiLower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

/// Whether `needle` (lower-case ASCII) occurs in `hay` with ASCII letters compared case-insensitively.
func containsASCIILowered(_ hay: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
    let n = needle.count
    guard n > 0 else { return true }
    guard hay.count >= n else { return false }
    var i = hay.startIndex
    while i <= hay.endIndex - n {
        var j = 0
        while j < n && asciiLower(hay[i + j]) == needle[j] { j += 1 }
        if j == n { return true }
        i += 1
    }
    return false
}

/// The offset in Characters of the first occurrence of `needle` in `s` (bytes compared exactly), nil when absent.
/// For cutting the original string with `prefix`; `needle` must start with an ASCII byte that begins a
/// Character (a space or punctuation), so the offset falls on a Character boundary.
func firstCharacterOffset(of needle: [UInt8], in s: String) -> Int? {
    var s = s
    let found: Int? = s.withUTF8 { hay in
        let n = needle.count, h = hay.count
        guard n > 0, n <= h else { return nil }
        var i = 0
        while i <= h - n {
            if hay[i] == needle[0] {
                var j = 1
                while j < n && hay[i + j] == needle[j] { j += 1 }
                if j == n { return i }
            }
            i += 1
        }
        return nil
    }
    guard let b = found else { return nil }
    return s.distance(from: s.startIndex, to: s.utf8.index(s.utf8.startIndex, offsetBy: b))
}

@inline(__always) func isAlnumByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b >= 0x80
}

/// Statistics of a run of text bytes: visible characters (whitespace runs count once), commas.
struct TextStats {
    var chars: Int32 = 0
    var commas: Int32 = 0
    /// Sentence ends: . ! ? before a space or the end of the node, and 。！？ (prose is judged by its text);
    /// counted only when asked (the raw pass: once per page).
    var sentences: Int32 = 0
}

/// Counts characters (UTF-8 lead bytes, whitespace runs collapsed to one) and commas
/// (ASCII, full-width, ideographic, Arabic) in a text node.
@inline(__always)
func measure(_ bytes: ArraySlice<UInt8>, sentences countSentences: Bool = false) -> TextStats {
    var s = TextStats()
    var inSpace = true
    var chars: Int32 = 0, commas: Int32 = 0, sentences: Int32 = 0
    bytes.withUnsafeBufferPointer { buf in
        var k = 0
        let n = buf.count
        while k < n {
            let b = buf[k]
            if b < 0x80 {
                if isASCIISpace(b) {
                    if !inSpace { chars += 1; inSpace = true }
                } else {
                    chars += 1; inSpace = false
                    if b == 0x2C { commas += 1 }
                    else if countSentences && (b == 0x2E || b == 0x21 || b == 0x3F) && (k + 1 == n || isASCIISpace(buf[k + 1])) { sentences += 1 }
                }
            } else if b & 0xC0 != 0x80 {
                // Lead byte. NBSP (C2 A0) is whitespace; ，(EF BC 8C) 、(E3 80 81) ،(D8 8C) are commas.
                if b == 0xC2 && k + 1 < n && buf[k + 1] == 0xA0 {
                    if !inSpace { chars += 1; inSpace = true }
                } else {
                    chars += 1; inSpace = false
                    if b == 0xEF, k + 2 < n, buf[k + 1] == 0xBC, buf[k + 2] == 0x8C { commas += 1 }
                    else if b == 0xE3, k + 2 < n, buf[k + 1] == 0x80, buf[k + 2] == 0x81 { commas += 1 }
                    else if b == 0xD8, k + 1 < n, buf[k + 1] == 0x8C { commas += 1 }
                    else if countSentences, b == 0xE3, k + 2 < n, buf[k + 1] == 0x80, buf[k + 2] == 0x82 { sentences += 1 }
                    else if countSentences, b == 0xEF, k + 2 < n, buf[k + 1] == 0xBC, buf[k + 2] == 0x81 || buf[k + 2] == 0x9F { sentences += 1 }
                }
            }
            k += 1
        }
    }
    s.chars = chars; s.commas = commas; s.sentences = sentences
    return s
}

/// Accumulates text with whitespace collapsed to single spaces (NBSP included), trimmed at the ends.
struct ParagraphBuffer {
    var bytes: [UInt8] = []
    var pendingSpace = false

    var isEmpty: Bool { bytes.isEmpty }

    @inline(__always)
    mutating func append(_ src: ArraySlice<UInt8>) {
        src.withUnsafeBufferPointer { append($0) }
    }

    @inline(__always)
    mutating func append(_ buf: UnsafeBufferPointer<UInt8>) {
        var k = 0
        let n = buf.count
        while k < n {
            let b = buf[k]
            if isASCIISpace(b) {
                pendingSpace = true
            } else if b == 0xC2 && k + 1 < n && buf[k + 1] == 0xA0 {
                pendingSpace = true; k += 1
            } else if b == 0xE2 && k + 2 < n && buf[k + 1] == 0x80 && (buf[k + 2] == 0x8B || buf[k + 2] == 0x8C || buf[k + 2] == 0x8D) {
                k += 2   // zero-width space / joiners
            } else {
                // A run of ordinary bytes is copied in one call (per-byte appends paid a uniqueness check each).
                var e = k + 1
                while e < n {
                    let c = buf[e]
                    if isASCIISpace(c) || c == 0xC2 || c == 0xE2 { break }
                    e += 1
                }
                if pendingSpace && !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[k..<e]))
                k = e
                continue
            }
            k += 1
        }
    }

    mutating func space() { pendingSpace = true }

    mutating func take() -> String? {
        defer { bytes.removeAll(keepingCapacity: true); pendingSpace = false }
        if bytes.isEmpty { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Lowercased ASCII tokens of a class/id-like attribute (split on anything not a letter or digit).
func tokens(_ bytes: ArraySlice<UInt8>, into out: inout [[UInt8]]) {
    var cur: [UInt8] = []
    for b in bytes {
        if isAlnumByte(b) { cur.append(asciiLower(b)) } else if !cur.isEmpty { out.append(cur); cur = [] }
    }
    if !cur.isEmpty { out.append(cur) }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Byte-substring search: `memchr` finds each place the needle's first byte occurs. The one substring
    /// search of the module (`String.has` and `[UInt8].contains(bytes:)` call it).
    func contains(bytes n: UnsafeBufferPointer<UInt8>) -> Bool {
        let nc = n.count, hc = count
        if nc == 0 { return true }
        if nc > hc { return false }
        let first = Int32(n[0])
        let base = baseAddress!
        var i = 0
        let last = hc - nc
        while i <= last {
            guard let r = memchr(base + i, first, last - i + 1) else { return false }
            i = UnsafeRawPointer(r) - UnsafeRawPointer(base)
            var j = 1
            while j < nc && self[i + j] == n[j] { j += 1 }
            if j == nc { return true }
            i += 1
        }
        return false
    }

    func contains(bytes needle: [UInt8]) -> Bool { needle.withUnsafeBufferPointer { contains(bytes: $0) } }

    /// Whether the bytes end with `suffix`. For a suffix that starts with an ASCII character this answers as
    /// String's `hasSuffix`, which compares whole characters (an ASCII character starts a new one, barring the
    /// rare prepend marks) at about 20x the cost (issue 22: 0.5 % of a news run in the agency-credit checks).
    func hasSuffix(bytes suffix: [UInt8]) -> Bool {
        let n = suffix.count, h = count
        if n > h { return false }
        var j = 0
        while j < n && self[h - n + j] == suffix[j] { j += 1 }
        return j == n
    }
}

extension Array where Element == UInt8 {
    /// Byte-substring search (small needles; haystacks are short attribute tokens).
    func contains(bytes needle: [UInt8]) -> Bool { withUnsafeBufferPointer { $0.contains(bytes: needle) } }
}

extension String {
    /// Byte-wise substring test (avoids Foundation's locale-aware `contains`, which is ~100x slower).
    @inline(__always)
    func has(_ needle: String) -> Bool {
        var hay = self
        var ndl = needle
        return hay.withUTF8 { h in ndl.withUTF8 { n in h.contains(bytes: n) } }
    }

    /// Byte-wise count of non-overlapping occurrences of `needle`. With `ignoringASCIICase` (the needle
    /// in lower case), ASCII letters match either case: the count is that of
    /// `lowercased().occurrencesOf(needle)` for an ASCII needle (no other character lower-cases to an
    /// ASCII letter on its own), without building the lower-case copy.
    func occurrencesOf(_ needle: String, ignoringASCIICase: Bool = false) -> Int {
        var hay = self
        var ndl = needle
        return hay.withUTF8 { h in
            ndl.withUTF8 { n in
                let nc = n.count, hc = h.count
                if nc == 0 || nc > hc { return 0 }
                var c = 0
                var i = 0
                while i <= hc - nc {
                    var j = 0
                    while j < nc {
                        var b = h[i + j]
                        if ignoringASCIICase && b >= 0x41 && b <= 0x5A { b |= 0x20 }
                        if b != n[j] { break }
                        j += 1
                    }
                    if j == nc { c += 1; i += nc } else { i += 1 }
                }
                return c
            }
        }
    }
}

/// Lists keyed by a two-byte pair (the first two bytes of a pattern), found without hashing: a 65,536-bit map
/// says which pairs have a list, and the number of set bits before a pair's bit is its list's index. Most text
/// positions start no pattern, so the map alone rules them out; a hit costs two loads and a popcount instead of
/// a `Dictionary` lookup with a seeded hash (issue 22: those lookups were 0.3 % of a news run).
struct BytePairIndex<Value: Sendable>: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1024)
    /// Set bits in the words before each word of `bits`.
    private var rankBefore = [Int32](repeating: 0, count: 1024)
    /// One list per set bit, in pair order; each list keeps its values in the order they were given.
    private var lists: [[Value]] = []

    init(_ entries: [(pair: UInt16, value: Value)]) {
        var grouped: [UInt16: [Value]] = [:]
        for e in entries { grouped[e.pair, default: []].append(e.value) }
        for pair in grouped.keys.sorted() {
            bits[Int(pair >> 6)] |= 1 << UInt64(pair & 63)
            lists.append(grouped[pair]!)
        }
        var total: Int32 = 0
        for w in 0..<1024 { rankBefore[w] = total; total += Int32(bits[w].nonzeroBitCount) }
    }

    /// The pair of the two bytes `a b`.
    @inline(__always) static func pair(_ a: UInt8, _ b: UInt8) -> UInt16 { UInt16(a) << 8 | UInt16(b) }

    /// The values listed under `pair`, or nil.
    @inline(__always) func values(_ pair: UInt16) -> [Value]? {
        let w = Int(pair >> 6), bit = UInt64(1) << UInt64(pair & 63)
        let word = bits[w]
        guard word & bit != 0 else { return nil }
        return lists[Int(rankBefore[w]) + (word & (bit - 1)).nonzeroBitCount]
    }
}

/// A list of byte patterns tested against a text in one pass, instead of one search per pattern.
///
/// The line rules test every short line against a few hundred phrases; each pattern's first two bytes
/// go into a 64 Kbit table, so a position of the text that starts no pattern costs one bit test.
struct BytePatterns: Sendable {
    private let patterns: [[UInt8]]
    /// Patterns of two or more bytes by their first two bytes (indices into `patterns`).
    private let byPair: BytePairIndex<Int>
    /// One-byte patterns.
    private var singles = Set<UInt8>()

    init(_ list: [String]) {
        patterns = list.map { Array($0.utf8) }
        var entries: [(pair: UInt16, value: Int)] = []
        for (k, p) in patterns.enumerated() {
            if p.count == 1 { singles.insert(p[0]); continue }
            guard p.count >= 2 else { continue }
            entries.append((BytePairIndex<Int>.pair(p[0], p[1]), k))
        }
        byPair = BytePairIndex(entries)
    }

    @inline(__always) private func startsHere(_ h: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        if !singles.isEmpty && singles.contains(h[i]) { return true }
        guard i + 1 < h.count else { return false }
        guard let ks = byPair.values(BytePairIndex<Int>.pair(h[i], h[i + 1])) else { return false }
        for k in ks {
            let p = patterns[k]
            guard i + p.count <= h.count else { continue }
            var j = 2
            while j < p.count && h[i + j] == p[j] { j += 1 }
            if j == p.count { return true }
        }
        return false
    }

    /// Whether some pattern occurs in `s` (as `contains { s.has($0) }`).
    func occurs(in s: String) -> Bool {
        var s = s
        return s.withUTF8 { h in
            for i in 0..<h.count where startsHere(h, i) { return true }
            return false
        }
    }

    /// Whether some pattern starts in the first `limit` bytes of `s` (it may run past them).
    func occurs(in s: String, startingBefore limit: Int) -> Bool {
        var s = s
        return s.withUTF8 { h in
            for i in 0..<min(h.count, limit) where startsHere(h, i) { return true }
            return false
        }
    }

    /// The byte length of the longest pattern `s` starts with, or nil.
    func prefixLength(_ s: String) -> Int? {
        var s = s
        return s.withUTF8 { h -> Int? in
            guard h.count >= 1 else { return nil }
            var best: Int? = nil
            if singles.contains(h[0]) { best = 1 }
            guard h.count >= 2 else { return best }
            guard let ks = byPair.values(BytePairIndex<Int>.pair(h[0], h[1])) else { return best }
            for k in ks {
                let p = patterns[k]
                guard p.count <= h.count, p.count > (best ?? 0) else { continue }
                var j = 2
                while j < p.count && h[j] == p[j] { j += 1 }
                if j == p.count { best = p.count }
            }
            return best
        }
    }

    /// Whether `s` starts with some pattern (byte-wise).
    func prefixes(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { h in !h.isEmpty && startsHere(h, 0) }
    }
}
