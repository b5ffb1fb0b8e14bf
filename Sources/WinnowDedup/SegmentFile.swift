#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WinnowCore

/// Errors of the persistent dedup index.
public struct DedupIndexError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}

/// One document as held in memory before it is written to a segment.
struct IndexedDoc {
    var id: String
    var cluster: String?      // nil: the document is its own cluster
    var story: String?        // nil: own story (or story level off)
    var packed: [UInt8]       // 64 bytes
    var size: UInt16
    var hash32: UInt32
    var day: UInt16           // days since 1970-01-01, 0 = unknown
    var keys: [UInt32]        // band + anchor keys (empty: not indexed, e.g. an exact duplicate)
    var storyFeatures: [UInt32]
    /// Revision keys (hashed url / source path) whose latest document this is.
    var revisionKeys: [UInt64] = []
}

/// Segment file layout (little-endian), written once and never modified:
///
///     header (160 B): magic "WNDXSEG1", fingerprint, docCount, entryCount, dirBits, storyFeatureCount,
///                     created (unix s), minDay, maxDay, 11 section offsets
///     sigs      docCount x 64 B    4-bit x 128 MinHash signature
///     sizes     docCount x u16     shingle count (capped)
///     hash32    docCount x u32     low bits of the content hash (exact-duplicate confirmation)
///     days      docCount x u16     published day (0 = unknown); absent when no document has a date
///     strOffs   (docCount+1) x u32 offsets into the string blob
///     strBlob   per doc: flags u8 (1: cluster, 2: story), id, [cluster], [story]; each a varint length + UTF-8
///     dir       (2^dirBits + 1) x u32  bucket starts of the key table (bucket = top dirBits of the key)
///     keys16    entryCount x u16   the next 16 key bits after the bucket bits (sorted inside a bucket)
///     docs24    entryCount x 3 B   document index of each key entry
///     storyOffs (docCount+1) x u32 (only when storyFeatureCount > 0)
///     storyFeat storyFeatureCount x u32
///     revisions revisionCount x (u64 key, u32 doc), sorted by key: url / path -> latest document (v2)
///     aliases   varint count, then (old cluster, surviving cluster) string pairs merged by this run (v2)
///     trailer   xxh64 of everything before (8 B)
///
/// Version 1 segments ("WNDXSEG1", no revisions and aliases sections) are still read.
enum SegmentFormat {
    static let magic: [UInt8] = Array("WNDXSEG2".utf8)
    static let magicV1: [UInt8] = Array("WNDXSEG1".utf8)
    static let headerSize = 160
    static let maxDocs = 1 << 24

    /// Bucket bits of the key directory. Large tables (>= 2^18 entries) use >= 16 bits, so each entry
    /// stores only the next 16 key bits (2 B) and the directory costs ~4 B per 16 entries; small tables
    /// store full 32-bit keys with ~4-8 entries per bucket.
    static func dirBits(forEntries e: Int) -> Int {
        var log = 0
        while (1 << (log + 1)) <= e { log += 1 }
        if e >= 1 << 18 { return min(24, max(16, log - 4)) }
        return max(0, log - 3)
    }

    static func encode(docs: [IndexedDoc], aliases: [(String, String)] = [], fingerprint: UInt64, created: Int64) throws -> [UInt8] {
        guard docs.count < maxDocs else { throw DedupIndexError("segment too large (\(docs.count) documents)") }
        let n = docs.count
        var entries: [(key: UInt32, doc: UInt32)] = []
        entries.reserveCapacity(n * 24)
        var storyCount = 0
        var minDay = UInt32.max, maxDay: UInt32 = 0
        for (i, d) in docs.enumerated() {
            for k in d.keys { entries.append((k, UInt32(i))) }
            storyCount += d.storyFeatures.count
            if d.day != 0 { minDay = min(minDay, UInt32(d.day)); maxDay = max(maxDay, UInt32(d.day)) }
        }
        if minDay == .max { minDay = 0 }
        entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.doc < $1.doc }
        let bits = dirBits(forEntries: entries.count)

        var out = [UInt8](repeating: 0, count: headerSize)
        out.reserveCapacity(headerSize + n * 140 + entries.count * 5 + 64)
        var offsets: [UInt64] = []
        func align4() { while out.count % 4 != 0 { out.append(0) } }
        func u16(_ v: UInt16) { out.append(UInt8(v & 0xFF)); out.append(UInt8(v >> 8)) }
        func u32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8((v >> UInt32(s)) & 0xFF)) } }
        func varint(_ v: Int) {
            var x = UInt64(v)
            while x >= 0x80 { out.append(UInt8(x & 0x7F) | 0x80); x >>= 7 }
            out.append(UInt8(x))
        }
        func str(_ s: String) { let u = Array(s.utf8); varint(u.count); out.append(contentsOf: u) }

        offsets.append(UInt64(out.count)); for d in docs { out.append(contentsOf: d.packed) }           // sigs
        offsets.append(UInt64(out.count)); for d in docs { u16(d.size) }                                // sizes
        align4(); offsets.append(UInt64(out.count)); for d in docs { u32(d.hash32) }                    // hash32
        offsets.append(UInt64(out.count)); if maxDay > 0 { for d in docs { u16(d.day) } }             // days (only if any)
        align4(); let strOffsPos = out.count; offsets.append(UInt64(strOffsPos))
        out.append(contentsOf: [UInt8](repeating: 0, count: 4 * (n + 1)))
        offsets.append(UInt64(out.count))                                                               // blob
        let blobStart = out.count
        var strOffs: [UInt32] = []
        for d in docs {
            strOffs.append(UInt32(out.count - blobStart))
            out.append((d.cluster != nil ? 1 : 0) | (d.story != nil ? 2 : 0))
            str(d.id)
            if let c = d.cluster { str(c) }
            if let s = d.story { str(s) }
        }
        strOffs.append(UInt32(out.count - blobStart))
        for (j, o) in strOffs.enumerated() {
            for s in 0..<4 { out[strOffsPos + 4 * j + s] = UInt8((o >> UInt32(8 * s)) & 0xFF) }
        }
        align4(); offsets.append(UInt64(out.count))                                                     // dir
        var dir = [UInt32](repeating: 0, count: (1 << bits) + 1)
        for e in entries { dir[Int(bits == 0 ? 0 : e.key >> UInt32(32 - bits)) + 1] += 1 }
        for b in 0..<(1 << bits) { dir[b + 1] += dir[b] }
        for v in dir { u32(v) }
        // Keys: with >= 16 bucket bits, the remaining <= 16 bits fit in a u16 (left-aligned); smaller
        // segments store the full 32-bit key. Either way the full key can be rebuilt (compaction).
        offsets.append(UInt64(out.count))
        if bits >= 16 {
            for e in entries { u16(UInt16(truncatingIfNeeded: (e.key << UInt32(bits)) >> 16)) }
        } else {
            for e in entries { u32(e.key) }
        }
        offsets.append(UInt64(out.count))
        for e in entries { out.append(UInt8(e.doc & 0xFF)); out.append(UInt8((e.doc >> 8) & 0xFF)); out.append(UInt8(e.doc >> 16)) }
        align4(); offsets.append(UInt64(out.count))                                                     // story offs
        if storyCount > 0 {
            var acc: UInt32 = 0
            u32(0)
            for d in docs { acc += UInt32(d.storyFeatures.count); u32(acc) }
        }
        offsets.append(UInt64(out.count))
        if storyCount > 0 { for d in docs { for f in d.storyFeatures { u32(f) } } }
        var revs: [(key: UInt64, doc: UInt32)] = []
        for (i, d) in docs.enumerated() { for k in d.revisionKeys { revs.append((k, UInt32(i))) } }
        // One entry per key: the latest document (largest index) wins.
        revs.sort { $0.key != $1.key ? $0.key < $1.key : $0.doc > $1.doc }
        offsets.append(UInt64(out.count))                                                               // revisions
        var lastKey: UInt64? = nil
        for r in revs where r.key != lastKey {
            lastKey = r.key
            for s in 0..<8 { out.append(UInt8((r.key >> UInt64(8 * s)) & 0xFF)) }
            u32(r.doc)
        }
        offsets.append(UInt64(out.count))                                                               // aliases
        varint(aliases.count)
        for (a, b) in aliases { str(a); str(b) }

        // Header.
        func put64(_ v: UInt64, at p: Int) { for s in 0..<8 { out[p + s] = UInt8((v >> UInt64(8 * s)) & 0xFF) } }
        func put32(_ v: UInt32, at p: Int) { for s in 0..<4 { out[p + s] = UInt8((v >> UInt32(8 * s)) & 0xFF) } }
        for (j, b) in magic.enumerated() { out[j] = b }
        put64(fingerprint, at: 8)
        put32(UInt32(n), at: 16)
        put32(UInt32(entries.count), at: 20)
        put32(UInt32(bits), at: 24)
        put32(UInt32(storyCount), at: 28)
        put64(UInt64(bitPattern: created), at: 32)
        put32(minDay, at: 40)
        put32(maxDay, at: 44)
        for (j, o) in offsets.enumerated() { put64(o, at: 48 + 8 * j) }
        let sum = out.withUnsafeBytes { StableHash.xxh64($0) }
        for s in 0..<8 { out.append(UInt8((sum >> UInt64(8 * s)) & 0xFF)) }
        return out
    }
}

/// A read-only, memory-mapped segment. Pages are loaded on demand by the OS, so memory use does not grow
/// with the index size.
final class Segment: @unchecked Sendable {
    let path: String
    let base: UnsafeRawPointer
    let length: Int
    let docCount: Int
    let entryCount: Int
    let dirBits: Int
    let storyFeatureCount: Int
    let fingerprint: UInt64
    let created: Int64
    let minDay: Int
    let maxDay: Int
    let revisionCount: Int
    private let off: [Int]

    init(path: String) throws {
        self.path = path
        let fd = Glibc_open(path)
        guard fd >= 0 else { throw DedupIndexError("cannot open segment \(path)") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw DedupIndexError("cannot stat segment \(path)") }
        let len = Int(st.st_size)
        guard len >= SegmentFormat.headerSize + 8 else { throw DedupIndexError("segment \(path) is truncated") }
        guard let p = mmap(nil, len, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw DedupIndexError("cannot map segment \(path)")
        }
        let bp = UnsafeRawPointer(p)
        let magic = (0..<8).map { bp.load(fromByteOffset: $0, as: UInt8.self) }
        let v2 = magic == SegmentFormat.magic
        guard v2 || magic == SegmentFormat.magicV1 else {
            munmap(p, len)
            throw DedupIndexError("segment \(path) has a bad magic number")
        }
        func r64(_ o: Int) -> UInt64 { UInt64(littleEndian: bp.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
        func r32(_ o: Int) -> UInt32 { UInt32(littleEndian: bp.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
        base = bp
        length = len
        fingerprint = r64(8)
        docCount = Int(r32(16)); entryCount = Int(r32(20)); dirBits = Int(r32(24)); storyFeatureCount = Int(r32(28))
        created = Int64(bitPattern: r64(32)); minDay = Int(r32(40)); maxDay = Int(r32(44))
        var offs = (0..<(v2 ? 13 : 11)).map { Int(r64(48 + 8 * $0)) }
        let storyEnd = offs[10] + 4 * storyFeatureCount
        if !v2 { offs += [storyEnd, storyEnd] }   // v1: empty revisions, no aliases
        off = offs
        revisionCount = (offs[12] - offs[11]) / 12
        let ends = v2 ? (storyEnd == offs[11] && offs[11] <= offs[12] && offs[12] < len - 8 && (offs[12] - offs[11]) % 12 == 0)
                      : storyEnd + 8 == len
        guard offs.allSatisfy({ $0 <= len }), ends, dirBits <= 24 else {
            munmap(p, len)
            throw DedupIndexError("segment \(path) is truncated or corrupt")
        }
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }

    /// Recomputes the trailer checksum (reads the whole file).
    func verify() -> Bool {
        let body = UnsafeRawBufferPointer(start: base, count: length - 8)
        let stored = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self))
        return StableHash.xxh64(body) == stored
    }

    @inline(__always) func signature(_ i: Int) -> UnsafeRawPointer { base + off[0] + 64 * i }
    @inline(__always) func size(_ i: Int) -> Int { Int(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: off[1] + 2 * i, as: UInt16.self))) }
    @inline(__always) func hash32(_ i: Int) -> UInt32 { UInt32(littleEndian: base.loadUnaligned(fromByteOffset: off[2] + 4 * i, as: UInt32.self)) }
    @inline(__always) func day(_ i: Int) -> Int {
        maxDay == 0 ? 0 : Int(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: off[3] + 2 * i, as: UInt16.self)))
    }

    /// (id, cluster, story) of document `i`.
    func strings(_ i: Int) -> (id: String, cluster: String?, story: String?) {
        var p = off[5] + Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: off[4] + 4 * i, as: UInt32.self)))
        let flags = base.load(fromByteOffset: p, as: UInt8.self); p += 1
        func str() -> String {
            var n = 0, shift = 0
            while true {
                let b = base.load(fromByteOffset: p, as: UInt8.self); p += 1
                n |= Int(b & 0x7F) << shift; shift += 7
                if b < 0x80 { break }
            }
            let s = String(decoding: UnsafeRawBufferPointer(start: base + p, count: n), as: UTF8.self)
            p += n
            return s
        }
        let id = str()
        let c = flags & 1 != 0 ? str() : nil
        let s = flags & 2 != 0 ? str() : nil
        return (id, c, s)
    }

    func storyFeatures(_ i: Int) -> [UInt32] {
        guard storyFeatureCount > 0 else { return [] }
        let a = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: off[9] + 4 * i, as: UInt32.self)))
        let b = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: off[9] + 4 * i + 4, as: UInt32.self)))
        return (a..<b).map { UInt32(littleEndian: base.loadUnaligned(fromByteOffset: off[10] + 4 * $0, as: UInt32.self)) }
    }

    /// Calls `body` with the index of every document that has `key` (possibly a few false hits with
    /// small segments, where fewer key bits are stored: callers verify signatures anyway).
    @inline(__always)
    func lookup(_ key: UInt32, _ body: (Int) -> Void) {
        let bucket = dirBits == 0 ? 0 : Int(key >> UInt32(32 - dirBits))
        let lo = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: off[6] + 4 * bucket, as: UInt32.self)))
        let hi = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: off[6] + 4 * bucket + 4, as: UInt32.self)))
        if lo == hi { return }
        let k = base + off[7]
        let d24 = base + off[8]
        @inline(__always) func doc(_ e: Int) -> Int {
            let q = d24 + 3 * e
            return Int(q.load(as: UInt8.self)) | Int(q.load(fromByteOffset: 1, as: UInt8.self)) << 8
                | Int(q.load(fromByteOffset: 2, as: UInt8.self)) << 16
        }
        if dirBits >= 16 {
            let want = UInt16(truncatingIfNeeded: (key << UInt32(dirBits)) >> 16)
            for e in lo..<hi {
                let v = UInt16(littleEndian: k.loadUnaligned(fromByteOffset: 2 * e, as: UInt16.self))
                if v < want { continue }
                if v > want { break }
                body(doc(e))
            }
        } else {
            for e in lo..<hi {
                let v = UInt32(littleEndian: k.loadUnaligned(fromByteOffset: 4 * e, as: UInt32.self))
                if v < key { continue }
                if v > key { break }
                body(doc(e))
            }
        }
    }

    @inline(__always) private func revisionKey(_ e: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: off[11] + 12 * e, as: UInt64.self))
    }
    @inline(__always) private func revisionDoc(_ e: Int) -> Int {
        Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: off[11] + 12 * e + 8, as: UInt32.self)))
    }

    /// The latest document of this segment recorded under a revision key (binary search), or nil.
    func revision(_ key: UInt64) -> Int? {
        var lo = 0, hi = revisionCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if revisionKey(mid) < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < revisionCount && revisionKey(lo) == key ? revisionDoc(lo) : nil
    }

    /// Revision keys by document (compaction).
    func revisionKeysByDoc() -> [[UInt64]] {
        var out = [[UInt64]](repeating: [], count: docCount)
        for e in 0..<revisionCount { out[revisionDoc(e)].append(revisionKey(e)) }
        return out
    }

    /// Cluster merges recorded by the run that wrote this segment: (old cluster, surviving cluster).
    func aliases() -> [(String, String)] {
        var p = off[12]
        guard p < length - 8 else { return [] }
        func varint() -> Int {
            var n = 0, shift = 0
            while true {
                let b = base.load(fromByteOffset: p, as: UInt8.self); p += 1
                n |= Int(b & 0x7F) << shift; shift += 7
                if b < 0x80 { return n }
            }
        }
        func str() -> String {
            let n = varint()
            let s = String(decoding: UnsafeRawBufferPointer(start: base + p, count: n), as: UTF8.self)
            p += n
            return s
        }
        return (0..<varint()).map { _ in (str(), str()) }
    }

    /// Keys of every document (rebuilt from the key table), for compaction.
    func keysByDoc() -> [[UInt32]] {
        var out = [[UInt32]](repeating: [], count: docCount)
        let k = base + off[7]
        let d24 = base + off[8]
        for b in 0..<(1 << dirBits) {
            let lo = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: off[6] + 4 * b, as: UInt32.self)))
            let hi = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: off[6] + 4 * b + 4, as: UInt32.self)))
            for e in lo..<hi {
                let key: UInt32
                if dirBits >= 16 {
                    let v = UInt32(UInt16(littleEndian: k.loadUnaligned(fromByteOffset: 2 * e, as: UInt16.self)))
                    key = (UInt32(b) << UInt32(32 - dirBits)) | (v >> UInt32(dirBits - 16))
                } else {
                    key = UInt32(littleEndian: k.loadUnaligned(fromByteOffset: 4 * e, as: UInt32.self))
                }
                let q = d24 + 3 * e
                let d = Int(q.load(as: UInt8.self)) | Int(q.load(fromByteOffset: 1, as: UInt8.self)) << 8
                    | Int(q.load(fromByteOffset: 2, as: UInt8.self)) << 16
                out[d].append(key)
            }
        }
        return out
    }

    /// A document as an in-memory record (compaction).
    func doc(_ i: Int, keys: [UInt32], revisionKeys: [UInt64] = []) -> IndexedDoc {
        let s = strings(i)
        return IndexedDoc(id: s.id, cluster: s.cluster, story: s.story,
                          packed: Array(UnsafeRawBufferPointer(start: signature(i), count: 64)),
                          size: UInt16(size(i)), hash32: hash32(i), day: UInt16(day(i)), keys: keys,
                          storyFeatures: storyFeatures(i), revisionKeys: revisionKeys)
    }
}

@inline(__always) func Glibc_open(_ path: String) -> Int32 { open(path, O_RDONLY) }
