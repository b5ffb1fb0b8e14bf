import Foundation
import WinnowCore

/// Phrase lists (places, organisations, people, other names) matched on lower-cased token sequences.
/// A match starting at a capitalised token sets per-token bits (type x B/I/L/U) used as features.
public final class Gazetteer: @unchecked Sendable {
    /// Gazetteer type names in bit order.
    public static let typeNames = ["LOC", "ORG", "PER", "MISC"]
    /// Hash of a lower-cased token sequence -> type bits (1 << type), plus `prefixBit` when a longer
    /// entry starts with the sequence (so matching stops as soon as no entry can continue).
    var table = HashTable64<UInt8>()
    static let prefixBit: UInt8 = 0x10
    public private(set) var maxLength = 1
    public private(set) var count = 0

    public init() {}

    /// Reads `TYPE<TAB>phrase` lines (`#` comments allowed).
    public convenience init(contentsOf url: URL) throws {
        self.init()
        let data = try Data(contentsOf: url)
        var toks: [Token] = []
        var scratch = [UInt8](repeating: 0, count: 512)   // one lower-casing buffer for all entries
        data.withUnsafeBytes { raw in
            let p = raw.bindMemory(to: UInt8.self)
            // Sized once for every entry and its prefixes, instead of growing (and re-inserting) ten times.
            let lines = p.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            table = HashTable64(minimumCapacity: lines + lines / 2)
            var lineStart = 0
            let n = p.count
            var i = 0
            while i <= n {
                if i == n || p[i] == 0x0A {
                    if i > lineStart && p[lineStart] != 0x23 {
                        var tab = lineStart
                        while tab < i && p[tab] != 0x09 { tab += 1 }
                        if tab < i {
                            let type = String(decoding: UnsafeBufferPointer(rebasing: p[lineStart..<tab]), as: UTF8.self)
                            if let t = Gazetteer.typeNames.firstIndex(of: type) {
                                add(UnsafeBufferPointer(rebasing: p[(tab + 1)..<i]), type: t, &toks, &scratch)
                            }
                        }
                    }
                    lineStart = i + 1
                }
                i += 1
            }
        }
    }

    @inline(__always) static func combine(_ h: UInt64, _ x: UInt64) -> UInt64 {
        StableHash.mix64(h ^ x) &+ 0x51ED27
    }

    func add(_ p: UnsafeBufferPointer<UInt8>, type: Int, _ toks: inout [Token], _ scratch: inout [UInt8]) {
        Tokenizer.tokenize(p, into: &toks)
        guard !toks.isEmpty, toks.count <= 8 else { return }
        var h: UInt64 = 0x6A2
        for (k, t) in toks.enumerated() {
            let len = min(Int(t.byteEnd - t.byteStart), 250)
            let ln = scratch.withUnsafeMutableBufferPointer { lowerBytes(p, Int(t.byteStart), Int(t.byteStart) + len, $0.baseAddress!) }
            let lh = scratch.withUnsafeBufferPointer { fnv($0.baseAddress!, ln) }
            h = Gazetteer.combine(h, lh)
            if k + 1 < toks.count { table[h] = (table[h] ?? 0) | Gazetteer.prefixBit }
        }
        let old = table[h] ?? 0
        if old & ~Gazetteer.prefixBit == 0 { count += 1 }
        table[h] = old | UInt8(1 << type)
        maxLength = max(maxLength, toks.count)
    }

    /// Word clusters: FNV-1a of the lower-cased word -> fine * 256 + coarse.
    var clusters = HashTable64<UInt16>()

    /// GloVe word clusters (the optional second set, `clusters-glove.bin`), same layout.
    var glove = HashTable64<UInt16>()

    /// Reads `clusters.bin` (see scripts/build_tagger_clusters.py).
    public func loadClusters(contentsOf url: URL) throws { clusters = try Gazetteer.readClusters(url) }
    /// Reads `clusters-glove.bin` (see scripts/build_tagger_glove_clusters.py).
    public func loadGloveClusters(contentsOf url: URL) throws { glove = try Gazetteer.readClusters(url) }
    public var gloveCount: Int { glove.count }

    /// The rows are in load order (scripts/cluster_table.py), so the inserts sweep the table once; the file is
    /// mapped, not copied.
    static func readClusters(_ url: URL) throws -> HashTable64<UInt16> {
        guard let file = MappedFile(path: url.path) else { throw TaggerModel.LoadError.bad("clusters: cannot read \(url.path)") }
        return try file.withBytes { d in
            guard d.count >= 12, Array(d[0..<8]) == Array("WNCLUS1\n".utf8) else { throw TaggerModel.LoadError.bad("clusters: wrong magic") }
            let n = Int(d[8]) | Int(d[9]) << 8 | Int(d[10]) << 16 | Int(d[11]) << 24
            guard d.count >= 12 + n * 10 else { throw TaggerModel.LoadError.bad("clusters: truncated") }
            var clusters = HashTable64<UInt16>(minimumCapacity: n)
            let raw = UnsafeRawPointer(d.baseAddress!)
            for k in 0..<n {
                let o = 12 + k * 10
                let h = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self))
                clusters[h] = UInt16(d[o + 8]) << 8 | UInt16(d[o + 9])
            }
            return clusters
        }
    }
    public var clusterCount: Int { clusters.count }

    /// Sets `gaz` bits on the tokens of one document: the longest match of each type at each start.
    func annotate(_ infos: inout [TokInfo]) {
        if clusters.count > 0 {
            for k in infos.indices { if let c = clusters[infos[k].lower] { infos[k].cluster = c } }
        }
        if glove.count > 0 {
            for k in infos.indices { if let c = glove[infos[k].lower] { infos[k].glove = c } }
        }
        guard table.count > 0 else { return }
        let n = infos.count
        var i = 0
        while i < n {
            let f = infos[i].flags
            if f & (TokFlag.cap | TokFlag.allCaps) == 0 && f & TokFlag.digit == 0 { i += 1; continue }
            var h: UInt64 = 0x6A2
            var bestLen = SIMD4<Int>(repeating: 0)   // longest entry per type
            var l = 0
            while l < maxLength && i + l < n && infos[i + l].sent == infos[i].sent {
                h = Gazetteer.combine(h, infos[i + l].lower)
                l += 1
                guard let m = table[h] else { break }
                for t in 0..<4 where m & UInt8(1 << t) != 0 { bestLen[t] = l }
                if m & Gazetteer.prefixBit == 0 { break }
            }
            for t in 0..<4 where bestLen[t] > 0 {
                let L = bestLen[t]
                if L == 1 { infos[i].gaz |= 1 << UInt32(t * 4 + 3) }
                else {
                    infos[i].gaz |= 1 << UInt32(t * 4)
                    for k in 1..<(L - 1) { infos[i + k].gaz |= 1 << UInt32(t * 4 + 1) }
                    infos[i + L - 1].gaz |= 1 << UInt32(t * 4 + 2)
                }
            }
            i += 1
        }
    }
}
