import Foundation

/// Folds a name for alias lookup: lower case, diacritics removed (ł→l, í→i, ø→o, ß→ss), typographic
/// apostrophes made ASCII. Used on short names only, never on whole texts.
public func foldName(_ s: String) -> String { foldName(s, cache: nil) }

/// `foldName`, remembering the folded form of each scalar beyond `FoldTable` in `cache` (one per thread).
func foldName(_ s: String, cache: FoldCache?) -> String {
    var out = ""
    out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
    for u in s.unicodeScalars {
        if u.value < 0x80 {
            out.unicodeScalars.append(u.value >= 0x41 && u.value <= 0x5A ? Unicode.Scalar(u.value + 0x20)! : u)
        } else {
            out += foldedNonASCII(u, cache: cache)
        }
    }
    return out
}

/// The folded form of a non-ASCII scalar: precomputed for Latin, Greek and Cyrillic, else from `cache` (or
/// computed, without one).
@inline(__always) private func foldedNonASCII(_ u: Unicode.Scalar, cache: FoldCache?) -> String {
    if u.value < FoldTable.limit { return FoldTable.folded[Int(u.value)] }
    return cache?.fold(u) ?? foldScalar(u)
}

/// Folded forms of the scalars beyond `FoldTable` met so far. `foldScalar` goes through Foundation's canonical
/// decomposition, about 5,000 instructions a scalar, and a page in Chinese, Arabic or Hindi folds every token
/// for the alias lookup (issue 22: 1 % of a news run). Not thread-safe: each tagging scratch has its own.
final class FoldCache {
    var folded: [UInt32: String] = [:]

    func fold(_ u: Unicode.Scalar) -> String {
        if let f = folded[u.value] { return f }
        let f = foldScalar(u)
        folded[u.value] = f
        return f
    }
}

/// The folded form of one non-ASCII scalar (canonical decomposition through Foundation: slow).
private func foldScalar(_ u: Unicode.Scalar) -> String {
    switch u {
    case "ł", "Ł": return "l"
    case "ø", "Ø": return "o"
    case "đ", "Đ": return "d"
    case "ß": return "ss"
    case "æ", "Æ": return "ae"
    case "œ", "Œ": return "oe"
    case "\u{2019}", "\u{2018}", "\u{02BC}": return "'"
    case "\u{2010}", "\u{2011}", "\u{2013}": return "-"
    default:
        var out = ""
        for v in String(u).decomposedStringWithCanonicalMapping.unicodeScalars where !(0x300...0x36F).contains(v.value) {
            out += String(v).lowercased()
        }
        return out
    }
}

/// `foldScalar` precomputed for the Latin, Greek and Cyrillic blocks, where nearly all names' letters are.
private enum FoldTable {
    static let limit: UInt32 = 0x530
    static let folded: [String] = (0..<limit).map { v in
        v < 0x80 ? "" : Unicode.Scalar(v).map(foldScalar) ?? ""
    }
}

/// The alias table: folded token sequences -> (type, canonical name). Lines of `aliases.tsv`:
/// `TYPE<TAB>Canonical name<TAB>alias|alias|...` (the canonical name is an alias of itself).
/// Aliases are also matched in text, so every mention of a listed name is found even when the
/// statistical tagger misses it. Aliases of up to 3 letters only match in upper case (`EU`, `ISW`).
public final class AliasTable: @unchecked Sendable {
    struct Entry { var type: String; var canonical: String; var upperOnly: Bool }
    var table: [UInt64: Entry] = [:]
    var firstTokens = HashTable64Set()
    var maxLength = 1
    public private(set) var count = 0

    public init() {}

    public convenience init(contentsOf url: URL) throws {
        self.init()
        let text = try String(contentsOf: url, encoding: .utf8)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count >= 2 else { continue }
            let type = String(cols[0]), canonical = String(cols[1])
            add(canonical, type: type, canonical: canonical)
            if cols.count > 2 {
                for a in cols[2].split(separator: "|") { add(String(a), type: type, canonical: canonical) }
            }
        }
    }

    /// Hash of one token's folded form.
    static func tokenHash(_ p: UnsafeBufferPointer<UInt8>, _ t: Token, _ info: TokInfo, cache: FoldCache? = nil) -> UInt64 {
        var ascii = true
        for k in Int(t.byteStart)..<Int(t.byteEnd) where p[k] >= 0x80 { ascii = false; break }
        if ascii { return info.lower }
        let s = String(decoding: UnsafeBufferPointer(rebasing: p[Int(t.byteStart)..<Int(t.byteEnd)]), as: UTF8.self)
        return foldedHash(s, cache: cache)
    }

    /// FNV-1a of `foldName(s)`'s UTF-8 bytes, hashed as they are folded instead of building the folded string
    /// (a page in a non-Latin script folds most of its tokens).
    static func foldedHash(_ s: String, cache: FoldCache? = nil) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        @inline(__always) func add(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                add(UInt8(v >= 0x41 && v <= 0x5A ? v + 0x20 : v))
            } else {
                for b in foldedNonASCII(u, cache: cache).utf8 { add(b) }
            }
        }
        return h
    }

    public func add(_ alias: String, type: String, canonical: String) {
        var toks: [Token] = []
        var bytes = Array(alias.utf8)
        var infos: [TokInfo] = []
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 1024)
        defer { scratch.deallocate() }
        bytes.withUnsafeMutableBufferPointer { mp in
            let p = UnsafeBufferPointer(mp)
            Tokenizer.tokenize(p, into: &toks)
            computeInfos(p, toks, &infos, scratch, scratchSize: 1024)
            guard !toks.isEmpty, toks.count <= 8 else { return }
            var h: UInt64 = 0xA11A5
            for (k, t) in toks.enumerated() {
                let th = AliasTable.tokenHash(p, t, infos[k])
                if k == 0 { firstTokens.insert(th) }
                h = Gazetteer.combine(h, th)
            }
            let letters = alias.unicodeScalars.filter { $0.properties.isAlphabetic }.count
            if table[h] == nil { count += 1 }
            table[h] = Entry(type: type, canonical: canonical, upperOnly: letters <= 3 && alias == alias.uppercased())
            maxLength = max(maxLength, toks.count)
        }
    }

    func lookup(_ hashes: ArraySlice<UInt64>) -> Entry? {
        var h: UInt64 = 0xA11A5
        for x in hashes { h = Gazetteer.combine(h, x) }
        return table[h]
    }

    /// Longest alias matches in a token sequence: (start, end, entry).
    func matches(_ hashes: [UInt64], _ infos: [TokInfo]) -> [(Int, Int, Entry)] {
        var out: [(Int, Int, Entry)] = []
        let n = hashes.count
        var i = 0
        while i < n {
            guard firstTokens.contains(hashes[i]), infos[i].flags & TokFlag.letters != 0 else { i += 1; continue }
            var h: UInt64 = 0xA11A5
            var best: (Int, Entry)? = nil
            var l = 0
            while l < maxLength && i + l < n {
                h = Gazetteer.combine(h, hashes[i + l])
                l += 1
                if let e = table[h] {
                    if e.upperOnly && infos[i].flags & TokFlag.allCaps == 0 { continue }
                    best = (l, e)
                }
            }
            if let (l, e) = best { out.append((i, i + l, e)); i += l } else { i += 1 }
        }
        return out
    }
}
