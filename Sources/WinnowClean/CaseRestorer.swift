import Foundation
import WinnowCore

/// Restores the case of proper nouns that machine translation lower-cased ("kyiv" → "Kyiv", "nato" → "NATO"),
/// from the gazetteer `Resources/proper_nouns.txt`. Only whole tokens that are exactly the lower-case form are
/// changed; tokens inside URLs, e-mail addresses, handles and file names are left alone.
final class CaseRestorer: Sendable {
    let map: [String: String]
    /// (first byte, length) of the keys, for a cheap pre-filter: bit `length` of firstLen[first byte]
    let firstLen: [UInt64]

    /// The shipped list, loaded once (or why it could not be: `clean_text`'s `open` reports it).
    static let loaded: Result<CaseRestorer, DataFiles.MissingFile> = {
        let path: String
        do { path = try DataFiles.path("proper_nouns.txt", module: "WinnowClean") } catch let e as DataFiles.MissingFile {
            return .failure(e)
        } catch { return .failure(DataFiles.MissingFile(file: "proper_nouns.txt", module: "WinnowClean", tried: [])) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return .failure(DataFiles.MissingFile(file: "proper_nouns.txt", module: "WinnowClean", tried: [path]))
        }
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        return .success(CaseRestorer(names: lines))
    }()

    static let shared: CaseRestorer = (try? loaded.get()) ?? CaseRestorer(names: [])

    /// Bit filter over the FNV-1a hash of each key's bytes (65,536 bits): most tokens are rejected without
    /// building a String.
    let bloom: [UInt64]
    /// bit `length` of secondLen[b] / lastLen[b]: some key of that length (>= 3) has b as its second / last byte
    let secondLen: [UInt64]
    let lastLen: [UInt64]
    /// Every key starts with an ASCII lower-case letter (then only such word starts are looked at), and the
    /// shortest key length (capped at 4; shorter words are skipped by a mask test, not one by one).
    let lowerStarts: Bool
    let minLen: Int
    /// Every key is lower-case ASCII letters only.
    let lowerKeys: Bool
    /// bit `length` of pairLen[26 * (first - 'a') + (second - 'a')]: some key of that length starts so
    let pairLen: [UInt64]

    init(names: [String]) {
        var m: [String: String] = [:]
        for n in names { let l = n.lowercased(); if l != n { m[l] = n } }
        map = m
        var fl = [UInt64](repeating: 0, count: 256)
        var sl = [UInt64](repeating: 0, count: 256), ll = [UInt64](repeating: 0, count: 256)
        var bl = [UInt64](repeating: 0, count: 1024)
        for k in m.keys {
            let u = Array(k.utf8)
            if u.count < 64 { fl[Int(u[0])] |= 1 << UInt64(u.count) }
            if u.count >= 3 && u.count < 64 {
                sl[Int(u[1])] |= 1 << UInt64(u.count); ll[Int(u[u.count - 1])] |= 1 << UInt64(u.count)
            }
            let h = Int(truncatingIfNeeded: StableHash.fnv1a64(u) & 0xFFFF)
            bl[h >> 6] |= 1 << UInt64(h & 63)
        }
        firstLen = fl
        secondLen = sl; lastLen = ll
        lowerStarts = m.keys.allSatisfy { k in k.utf8.first.map { $0 >= 0x61 && $0 <= 0x7A } ?? false }
        minLen = max(1, min(4, m.keys.map { $0.utf8.count }.min() ?? 1))
        lowerKeys = m.keys.allSatisfy { k in k.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A } }
        var pl = [UInt64](repeating: 0, count: 26 * 26)
        for k in m.keys {
            let u = Array(k.utf8)
            guard u.count >= 2, u.count < 64 else { continue }
            if u[0] &- 0x61 < 26 && u[1] &- 0x61 < 26 { pl[Int(u[0] - 0x61) * 26 + Int(u[1] - 0x61)] |= 1 << UInt64(u.count) }
            else { pl = [UInt64](repeating: ~0, count: 26 * 26); break }   // (not the case here: no pair filter)
        }
        pairLen = pl
        bloom = bl
    }

    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        // bit set for 0-9 A-Z a-z; every byte >= 0x80
        if b >= 0x80 { return true }
        let w: UInt64 = b < 64 ? 0x03FF_0000_0000_0000 : 0x07FF_FFFE_07FF_FFFE
        return w & (1 << UInt64(b & 63)) != 0
    }

    @inline(__always) func inBloom(_ u: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> Bool {
        var h: UInt64 = 0xcbf29ce484222325
        for k in i..<j { h = (h ^ UInt64(u[k])) &* 0x100000001b3 }
        let hb = Int(truncatingIfNeeded: h & 0xFFFF)
        return bloom[hb >> 6] & (1 << UInt64(hb & 63)) != 0
    }

    /// Returns the text with restored names and a description of each change.
    func restore(_ text: String) -> (String, [String]) {
        var t = text
        guard let (r, changes) = t.withUTF8({ restore(bytes: $0) }) else { return (text, []) }
        return (String(decoding: r, as: UTF8.self), changes)
    }

    /// Bit masks of the 64 bytes at `raw`: word bytes (0-9 A-Z a-z, >= 0x80) and ASCII lower-case letters.
    @inline(__always) static func masks(_ raw: UnsafeRawPointer) -> (UInt64, UInt64) {
        var w: UInt64 = 0, lw: UInt64 = 0
        for c in 0..<4 {
            let v = raw.loadUnaligned(fromByteOffset: 16 * c, as: SIMD16<UInt8>.self)
            let l = v | SIMD16<UInt8>(repeating: 0x20)
            let isLower = (v .>= SIMD16<UInt8>(repeating: 0x61)) .& (v .<= SIMD16<UInt8>(repeating: 0x7A))
            let isW = (v .>= SIMD16<UInt8>(repeating: 0x80))
                .| ((v .>= SIMD16<UInt8>(repeating: 0x30)) .& (v .<= SIMD16<UInt8>(repeating: 0x39)))
                .| ((l .>= SIMD16<UInt8>(repeating: 0x61)) .& (l .<= SIMD16<UInt8>(repeating: 0x7A)))
            w |= laneMask(isW) << UInt64(16 * c)
            lw |= laneMask(isLower) << UInt64(16 * c)
        }
        return (w, lw)
    }

    /// The restored bytes and a description of each change, or nil when nothing changes.
    ///
    /// Words are found 64 bytes at a time from a bit mask of word bytes (word starts and lengths by bit
    /// arithmetic), so the only branch per word is the (first byte, length) filter.
    func restore(bytes u: UnsafeBufferPointer<UInt8>) -> ([UInt8], [String])? {
        let n = u.count
        guard n >= 3, let base = u.baseAddress else { return nil }
        var cands: [(Int, Int)] = []
        firstLen.withUnsafeBufferPointer { fl in
        secondLen.withUnsafeBufferPointer { sl in
        lastLen.withUnsafeBufferPointer { ll in
            var i = 0
            var carry: UInt64 = 0          // 1 when the byte before the block is a word byte
            while i < n {
                let blk = min(64, n - i)
                // word-byte and lower-case masks of the block; a short last block reads the 64 bytes that end
                // the text (or a zero-padded copy of a text shorter than 64 bytes) and shifts
                var (w, lw): (UInt64, UInt64)
                if blk == 64 { (w, lw) = CaseRestorer.masks(UnsafeRawPointer(base + i)) }
                else if n >= 64 {
                    (w, lw) = CaseRestorer.masks(UnsafeRawPointer(base + n - 64))
                    w >>= UInt64(64 - blk); lw >>= UInt64(64 - blk)
                } else {
                    (w, lw) = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { tmp -> (UInt64, UInt64) in
                        let t = tmp.baseAddress!
                        t.initialize(repeating: 0, count: 64)
                        t.update(from: base + i, count: blk)
                        return CaseRestorer.masks(UnsafeRawPointer(t))
                    }
                }
                let lower: UInt64 = lowerStarts ? lw : ~0
                // word starts that can begin a key: (all keys start lower-case) and at least minLen word
                // bytes from there; a word reaching the block end is kept and measured below
                var long = w
                if minLen > 1 { for k in 1..<minLen { long &= (w >> UInt64(k)) | (~0 << UInt64(64 - k)) } }
                var starts = w & ~((w << 1) | carry) & lower & long
                carry = (w >> UInt64(blk - 1)) & 1
                while starts != 0 {
                    let s = starts.trailingZeroBitCount
                    starts &= starts &- 1
                    let pos = i + s
                    // length inside the block; a word that reaches the block end is measured byte by byte
                    var len = (~(w >> UInt64(s))).trailingZeroBitCount
                    if s + len >= blk {
                        var j = i + blk
                        while j < n && CaseRestorer.isWordByte(u[j]) { j += 1 }
                        len = j - pos
                    }
                    // every key is lower-case ASCII: a word with another byte inside the block cannot match
                    if lowerKeys && s + len < blk && (~(lw >> UInt64(s))).trailingZeroBitCount < len { continue }
                    // (first byte, second byte, last byte, length) filter without a branch per test; for a
                    // lower-case start, (first two bytes, length) together
                    let b0 = u[pos], b1 = u[min(pos + 1, n - 1)]
                    var f = fl[Int(b0)] & sl[Int(b1)] & ll[Int(u[pos + len - 1])]
                    if b0 &- 0x61 < 26 && b1 &- 0x61 < 26 { f &= pairLen[Int(b0 &- 0x61) * 26 + Int(b1 &- 0x61)] }
                    if (f >> UInt64(len)) & 1 != 0 && len >= 3 && len < 64 && inBloom(u, pos, pos + len) {
                        cands.append((pos, pos + len))
                    }
                }
                i += blk
            }
        }
        }
        }
        if cands.isEmpty { return nil }
        var out = [UInt8]()
        var changes: [String] = []
        var last = 0
        for (i, j) in cands {
            let tok = String(decoding: UnsafeBufferPointer(rebasing: u[i..<j]), as: UTF8.self)
            guard let rep = map[tok] else { continue }
            let prev: UInt8 = i > 0 ? u[i - 1] : 0x20
            let next: UInt8 = j < n ? u[j] : 0x20
            let next2: UInt8 = j + 1 < n ? u[j + 1] : 0x20
            let inURL = prev == 0x2F || prev == 0x40 || prev == 0x23 || prev == 0x5F || prev == 0x2E || prev == 0x5C
                || next == 0x2F || next == 0x40 || next == 0x5F || next == 0x5C
                || (next == 0x2E && CaseRestorer.isWordByte(next2))
            if inURL { continue }
            if out.isEmpty { out.reserveCapacity(n) }
            out += UnsafeBufferPointer(rebasing: u[last..<i]); out += Array(rep.utf8); last = j
            changes.append("\(tok) → \(rep)")
        }
        if changes.isEmpty { return nil }
        out += UnsafeBufferPointer(rebasing: u[last..<n])
        return (out, changes)
    }
}
