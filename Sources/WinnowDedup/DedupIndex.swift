#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WinnowCore

/// One line of the manifest: a committed segment.
public struct SegmentInfo: Sendable, Equatable {
    public var file: String
    public var created: Int64
    public var docs: Int
    public var runName: String
}

/// The persistent, append-only dedup index in a state directory.
///
/// Layout: `MANIFEST` (text, replaced atomically) lists the committed segment files `seg-NNNNNN.wdx` in
/// commit order; each run adds one segment in `commit()`. A segment is written to a temporary file,
/// fsynced, renamed, then the manifest is rewritten the same way and the directory fsynced. A crash at any
/// point leaves either the old manifest (the run never happened) or the new one (the run is complete);
/// files not named in the manifest are leftovers and are removed at the next open. A `LOCK` file
/// (flock) keeps two runs from using one directory at once.
///
/// Scale (a year of 1M documents a day): a segment costs ~195 B per document (64 B signature, 21 keys x
/// ~2.2 B sorted key table + docs, ids), so 365M documents take ~70 GB on disk. Nothing is loaded into
/// memory: segments are mmapped and a lookup reads one directory bucket (~16 entries) per key and segment,
/// so resident memory is the OS page cache plus the current run's documents. `compact` merges daily
/// segments (e.g. weekly, 7M docs each: ~52 segments a year, 21 x 52 bucket probes per document), and
/// `prune --older-than` drops whole segments by age without rewriting anything.
public final class DedupIndex {
    public let directory: String
    public let fingerprint: UInt64
    public private(set) var manifest: [SegmentInfo] = []
    var segments: [Segment] = []
    private var lockFD: Int32 = -1

    public static let manifestName = "MANIFEST"

    /// Opens (creating if needed) the state directory. `fingerprint` nil: accept whatever the manifest says
    /// (maintenance commands).
    public init(directory: String, fingerprint: UInt64?, readOnly: Bool = false) throws {
        self.directory = directory
        if !readOnly { try Self.makeDirectories(directory) }
        var fp = fingerprint ?? 0
        if let (fileFP, segs) = try Self.readManifest(directory) {
            if let fingerprint, fileFP != fingerprint {
                throw DedupIndexError("state directory \(directory) was built with other dedup parameters "
                    + "(shingle_size/bands/rows/anchors); use another directory or rebuild it")
            }
            fp = fileFP
            manifest = segs
        } else if readOnly {
            throw DedupIndexError("no dedup index in \(directory) (no \(Self.manifestName))")
        }
        self.fingerprint = fp
        if !readOnly {
            lockFD = open(directory + "/LOCK", O_RDWR | O_CREAT, 0o644)
            guard lockFD >= 0, flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
                if lockFD >= 0 { close(lockFD) }
                throw DedupIndexError("state directory \(directory) is in use by another run")
            }
            removeLeftovers()
        }
        for s in manifest {
            let seg = try Segment(path: directory + "/" + s.file)
            guard seg.fingerprint == fp, seg.docCount == s.docs else {
                throw DedupIndexError("segment \(s.file) does not match the manifest")
            }
            segments.append(seg)
        }
    }

    deinit { if lockFD >= 0 { flock(lockFD, LOCK_UN); close(lockFD) } }

    public var documentCount: Int { manifest.reduce(0) { $0 + $1.docs } }

    // MARK: Commit

    /// Writes `docs` as a new segment and records it in the manifest (atomically, crash-safe).
    func commit(docs: [IndexedDoc], aliases: [(String, String)] = [], runName: String, created: Int64) throws {
        guard !docs.isEmpty || !aliases.isEmpty else { return }
        var start = 0
        var newInfos = manifest
        var newFiles: [String] = []
        repeat {
            let end = min(docs.count, start + SegmentFormat.maxDocs - 1)
            let bytes = try SegmentFormat.encode(docs: Array(docs[start..<end]), aliases: start == 0 ? aliases : [],
                                                 fingerprint: fingerprint, created: created)
            let name = nextSegmentName(after: newInfos.map(\.file) + newFiles)
            try Self.writeAtomically(bytes, to: directory + "/" + name)
            newFiles.append(name)
            newInfos.append(SegmentInfo(file: name, created: created, docs: end - start, runName: runName))
            start = end
        } while start < docs.count
        try writeManifest(newInfos)
        manifest = newInfos
        for f in newFiles { segments.append(try Segment(path: directory + "/" + f)) }
    }

    /// Removes segments created before `cutoff` (unix seconds). Returns (segments, documents) removed.
    public func prune(olderThan cutoff: Int64) throws -> (Int, Int) {
        let keep = manifest.filter { $0.created >= cutoff }
        let gone = manifest.filter { $0.created < cutoff }
        guard !gone.isEmpty else { return (0, 0) }
        try writeManifest(keep)
        manifest = keep
        segments = segments.filter { s in keep.contains { directory + "/" + $0.file == s.path } }
        for g in gone { unlink(directory + "/" + g.file) }
        return (gone.count, gone.reduce(0) { $0 + $1.docs })
    }

    /// Merges consecutive segments into larger ones (at most `maxDocs` each). Segments are merged only
    /// with neighbours so commit order (the keep rule) is preserved. The merged segment takes the newest
    /// creation time of its parts, so pruning by age removes it only when all its parts are old.
    /// Returns the number of segments before and after.
    public func compact(maxDocs: Int = 4_000_000) throws -> (Int, Int) {
        let before = manifest.count
        var groups: [[Int]] = []
        for (i, s) in manifest.enumerated() {
            if var last = groups.last, last.reduce(0, { $0 + manifest[$1].docs }) + s.docs <= maxDocs {
                last.append(i); groups[groups.count - 1] = last
            } else {
                groups.append([i])
            }
        }
        guard groups.contains(where: { $0.count > 1 }) else { return (before, before) }
        var newInfos: [SegmentInfo] = []
        var written: [String] = []
        var obsolete: [String] = []
        for g in groups {
            if g.count == 1 { newInfos.append(manifest[g[0]]); continue }
            var docs: [IndexedDoc] = []
            var aliases: [(String, String)] = []
            for i in g {
                let seg = segments[i]
                let keys = seg.keysByDoc()
                let revs = seg.revisionKeysByDoc()
                for d in 0..<seg.docCount { docs.append(seg.doc(d, keys: keys[d], revisionKeys: revs[d])) }
                aliases += seg.aliases()
                obsolete.append(manifest[i].file)
            }
            let created = g.map { manifest[$0].created }.max() ?? 0
            let bytes = try SegmentFormat.encode(docs: docs, aliases: aliases, fingerprint: fingerprint, created: created)
            let name = nextSegmentName(after: manifest.map(\.file) + written)
            try Self.writeAtomically(bytes, to: directory + "/" + name)
            written.append(name)
            let runs = Array(Set(g.map { manifest[$0].runName })).sorted()
            newInfos.append(SegmentInfo(file: name, created: created, docs: docs.count,
                                        runName: "compacted(\(runs.count) runs: \(runs.first ?? "")..\(runs.last ?? ""))"))
        }
        try writeManifest(newInfos)
        manifest = newInfos
        segments = try newInfos.map { try Segment(path: directory + "/" + $0.file) }
        for f in obsolete { unlink(directory + "/" + f) }
        return (before, newInfos.count)
    }

    // MARK: Files

    private func nextSegmentName(after names: [String]) -> String {
        var maxN = 0
        for n in names + listDirectory() where n.hasPrefix("seg-") {
            let digits = n.dropFirst(4).prefix { $0.isNumber }
            maxN = max(maxN, Int(digits) ?? 0)
        }
        let s = String(maxN + 1)
        return "seg-" + String(repeating: "0", count: max(0, 6 - s.count)) + s + ".wdx"
    }

    private func listDirectory() -> [String] {
        guard let d = opendir(directory) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    /// Deletes temporary files and segments that a crash left behind (not in the manifest).
    private func removeLeftovers() {
        let listed = Set(manifest.map(\.file))
        for n in listDirectory() where n.hasSuffix(".tmp") || (n.hasPrefix("seg-") && n.hasSuffix(".wdx") && !listed.contains(n)) {
            unlink(directory + "/" + n)
        }
    }

    private func writeManifest(_ infos: [SegmentInfo]) throws {
        var text = "winnow-dedup-index 1\nfingerprint \(StableHash.hex(fingerprint))\n"
        for s in infos {
            let run = s.runName.replacingNewlines()
            text += "segment \(s.file) \(s.created) \(s.docs) \(run)\n"
        }
        text += "end \(StableHash.hex(StableHash.xxh64(text)))\n"
        try Self.writeAtomically(Array(text.utf8), to: directory + "/" + Self.manifestName)
    }

    static func readManifest(_ directory: String) throws -> (UInt64, [SegmentInfo])? {
        guard let bytes = readFile(directory + "/" + manifestName) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.count >= 3, lines[0] == "winnow-dedup-index 1", let endLine = lines.last, endLine.hasPrefix("end ") else {
            throw DedupIndexError("\(directory)/\(manifestName) is not a dedup manifest")
        }
        let body = lines.dropLast().joined(separator: "\n") + "\n"
        guard String(endLine.dropFirst(4)) == StableHash.hex(StableHash.xxh64(body)) else {
            throw DedupIndexError("\(directory)/\(manifestName) fails its checksum")
        }
        let fpParts = lines[1].split(separator: " ")
        guard fpParts.count == 2, fpParts[0] == "fingerprint", let fp = UInt64(fpParts[1], radix: 16) else {
            throw DedupIndexError("\(directory)/\(manifestName): bad fingerprint line")
        }
        var segs: [SegmentInfo] = []
        for l in lines[2..<(lines.count - 1)] {
            let p = l.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
            guard p.count >= 4, p[0] == "segment", let c = Int64(p[2]), let n = Int(p[3]) else {
                throw DedupIndexError("\(directory)/\(manifestName): bad line '\(l)'")
            }
            segs.append(SegmentInfo(file: String(p[1]), created: c, docs: n, runName: p.count > 4 ? String(p[4]) : ""))
        }
        return (fp, segs)
    }

    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return out
    }

    /// temp file + fsync + rename + fsync(directory).
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw DedupIndexError("cannot create \(tmp)") }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n <= 0 { close(fd); unlink(tmp); throw DedupIndexError("cannot write \(tmp)") }
            done += n
        }
        guard fsync(fd) == 0 else { close(fd); unlink(tmp); throw DedupIndexError("fsync failed for \(tmp)") }
        close(fd)
        guard rename(tmp, path) == 0 else { unlink(tmp); throw DedupIndexError("cannot rename \(tmp)") }
        let dir = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    static func makeDirectories(_ path: String) throws {
        var cur = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            cur += "/" + part
            if mkdir(cur, 0o755) != 0 && errno != EEXIST {
                throw DedupIndexError("cannot create directory \(cur)")
            }
        }
    }
}

extension String {
    func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}

// MARK: Stats

/// What `winnow dedup-index stats` prints.
public struct DedupIndexStats: Sendable {
    public struct SegmentStats: Sendable {
        public var file: String, runName: String, created: Int64, docs: Int, keys: Int, bytes: Int
        public var firstDay: Int, lastDay: Int
        public var checksumOK: Bool?
    }
    public var directory: String
    public var fingerprint: UInt64
    public var segments: [SegmentStats]
    public var docs: Int { segments.reduce(0) { $0 + $1.docs } }
    public var bytes: Int { segments.reduce(0) { $0 + $1.bytes } }

    public var text: String {
        var s = "dedup index \(directory)\n"
        s += "parameters fingerprint \(StableHash.hex(fingerprint))\n"
        s += "segments \(segments.count), documents \(docs), bytes \(bytes)"
        s += docs > 0 ? format1(Double(bytes) / Double(docs)) + " bytes/document)\n" : "\n"
        for g in segments {
            s += "  \(g.file)  run=\(g.runName)  created=\(isoDate(g.created))  docs=\(g.docs)  keys=\(g.keys)  bytes=\(g.bytes)"
            if g.firstDay > 0 { s += "  published=\(dayString(g.firstDay))..\(dayString(g.lastDay))" }
            if let ok = g.checksumOK { s += ok ? "  checksum=ok" : "  checksum=BAD" }
            s += "\n"
        }
        return s
    }

    public var json: String {
        func q(_ s: String) -> String {
            "\"" + s.unicodeScalars.map { c -> String in
                switch c {
                case "\"": return "\\\""
                case "\\": return "\\\\"
                default: return c.value < 0x20 ? "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16) : String(c)
                }
            }.joined() + "\""
        }
        let segs = segments.map { g in
            "{\"file\":\(q(g.file)),\"run\":\(q(g.runName)),\"created\":\(g.created),\"docs\":\(g.docs),\"keys\":\(g.keys),\"bytes\":\(g.bytes)"
                + (g.checksumOK.map { ",\"checksum_ok\":\($0)" } ?? "") + "}"
        }.joined(separator: ",")
        return "{\"directory\":\(q(directory)),\"fingerprint\":\"\(StableHash.hex(fingerprint))\",\"segments\":[\(segs)],"
            + "\"docs\":\(docs),\"bytes\":\(bytes)}"
    }
}

private func format1(_ v: Double) -> String {
    let r = (v * 10).rounded() / 10
    return " (\(r)"
}

private func dayString(_ d: Int) -> String {
    // civil_from_days (Howard Hinnant).
    let z = d + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(y)-\(two(m))-\(two(day))"
}

private func isoDate(_ t: Int64) -> String {
    let d = Int(t / 86400)
    let s = Int(t % 86400)
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return dayString(d) + "T" + two(s / 3600) + ":" + two(s / 60 % 60) + ":" + two(s % 60) + "Z"
}

extension DedupIndex {
    public func stats(verify: Bool) -> DedupIndexStats {
        var out: [DedupIndexStats.SegmentStats] = []
        for (info, seg) in zip(manifest, segments) {
            out.append(.init(file: info.file, runName: info.runName, created: info.created, docs: seg.docCount,
                             keys: seg.entryCount, bytes: seg.length, firstDay: seg.minDay, lastDay: seg.maxDay,
                             checksumOK: verify ? seg.verify() : nil))
        }
        return DedupIndexStats(directory: directory, fingerprint: fingerprint, segments: out)
    }
}
