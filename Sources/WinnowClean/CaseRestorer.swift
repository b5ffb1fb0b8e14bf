import Foundation
import WinnowCore

/// Restores the case of proper nouns that machine translation lower-cased ("kyiv" → "Kyiv", "nato" → "NATO"),
/// from the gazetteer `Resources/proper_nouns.txt`. Only whole tokens that are exactly the lower-case form are
/// changed; tokens inside URLs, e-mail addresses, handles and file names are left alone.
final class CaseRestorer: Sendable {
    let map: [String: String]
    /// (first byte, length) of the keys, for a cheap pre-filter: bit `length` of firstLen[first byte]
    let firstLen: [UInt64]

    static let shared: CaseRestorer = {
        var lines: [String] = []
        if let url = Bundle.module.url(forResource: "proper_nouns", withExtension: "txt", subdirectory: "Resources"),
           let text = try? String(contentsOf: url, encoding: .utf8) {
            lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        return CaseRestorer(names: lines)
    }()

    /// Bit filter over the FNV-1a hash of each key's bytes (65,536 bits): most tokens are rejected without
    /// building a String.
    let bloom: [UInt64]

    init(names: [String]) {
        var m: [String: String] = [:]
        for n in names { let l = n.lowercased(); if l != n { m[l] = n } }
        map = m
        var fl = [UInt64](repeating: 0, count: 256)
        var bl = [UInt64](repeating: 0, count: 1024)
        for k in m.keys {
            let u = Array(k.utf8)
            if u.count < 64 { fl[Int(u[0])] |= 1 << UInt64(u.count) }
            let h = Int(truncatingIfNeeded: StableHash.fnv1a64(u) & 0xFFFF)
            bl[h >> 6] |= 1 << UInt64(h & 63)
        }
        firstLen = fl
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

    /// The restored bytes and a description of each change, or nil when nothing changes.
    func restore(bytes u: UnsafeBufferPointer<UInt8>) -> ([UInt8], [String])? {
        var out = [UInt8]()
        var changes: [String] = []
        var i = 0
        var last = 0
        let n = u.count
        while i < n {
            guard CaseRestorer.isWordByte(u[i]) else { i += 1; continue }
            var j = i + 1
            while j < n && CaseRestorer.isWordByte(u[j]) { j += 1 }
            if j - i >= 3 && j - i < 64 && firstLen[Int(u[i])] & (1 << UInt64(j - i)) != 0 && inBloom(u, i, j) {
                let tok = String(decoding: UnsafeBufferPointer(rebasing: u[i..<j]), as: UTF8.self)
                if let rep = map[tok] {
                    let prev: UInt8 = i > 0 ? u[i - 1] : 0x20
                    let next: UInt8 = j < n ? u[j] : 0x20
                    let next2: UInt8 = j + 1 < n ? u[j + 1] : 0x20
                    let inURL = prev == 0x2F || prev == 0x40 || prev == 0x23 || prev == 0x5F || prev == 0x2E || prev == 0x5C
                        || next == 0x2F || next == 0x40 || next == 0x5F || next == 0x5C
                        || (next == 0x2E && CaseRestorer.isWordByte(next2))
                    if !inURL {
                        if out.isEmpty { out.reserveCapacity(n) }
                        out += UnsafeBufferPointer(rebasing: u[last..<i]); out += Array(rep.utf8); last = j
                        changes.append("\(tok) → \(rep)")
                    }
                }
            }
            i = j
        }
        if changes.isEmpty { return nil }
        out += UnsafeBufferPointer(rebasing: u[last..<n])
        return (out, changes)
    }
}
