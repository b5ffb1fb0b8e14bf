import Foundation

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

    init(names: [String]) {
        var m: [String: String] = [:]
        for n in names { let l = n.lowercased(); if l != n { m[l] = n } }
        map = m
        var fl = [UInt64](repeating: 0, count: 256)
        for k in m.keys { let u = Array(k.utf8); if u.count < 64 { fl[Int(u[0])] |= 1 << UInt64(u.count) } }
        firstLen = fl
    }

    /// Returns the text with restored names and a description of each change.
    func restore(_ text: String) -> (String, [String]) {
        let u = Array(text.utf8)
        var out = [UInt8]()
        var changes: [String] = []
        var i = 0
        var last = 0
        let n = u.count
        @inline(__always) func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b >= 0x80
        }
        while i < n {
            guard isWordByte(u[i]) else { i += 1; continue }
            var j = i
            while j < n && isWordByte(u[j]) { j += 1 }
            if j - i >= 3 && j - i < 64 && firstLen[Int(u[i])] & (1 << UInt64(j - i)) != 0 {
                let prev: UInt8 = i > 0 ? u[i - 1] : 0x20
                let next: UInt8 = j < n ? u[j] : 0x20
                let next2: UInt8 = j + 1 < n ? u[j + 1] : 0x20
                let inURL = "/@#_.\\".utf8.contains(prev) || "/@_\\".utf8.contains(next) || (next == 0x2E && isWordByte(next2))
                if !inURL {
                    let tok = String(decoding: u[i..<j], as: UTF8.self)
                    if let rep = map[tok] {
                        if out.isEmpty { out.reserveCapacity(n) }
                        out += u[last..<i]; out += Array(rep.utf8); last = j
                        changes.append("\(tok) → \(rep)")
                    }
                }
            }
            i = j
        }
        if changes.isEmpty { return (text, []) }
        out += u[last..<n]
        return (String(decoding: out, as: UTF8.self), changes)
    }
}
