import WinnowCore

/// Revisions: a document whose `url` equals an earlier document's url, or whose source file (path, and
/// archive member) equals an earlier document's, with changed content, is a new revision of that document.
///
/// Keys are 64-bit hashes of `u:` + url (fragment removed) and `p:` + path [+ `#` + member]; a JSONL line or
/// a WARC record (a source with a line or an offset) has no path key, since many documents share that file.
/// The latest document of each key is remembered: this run's in memory, earlier runs' in the segments
/// (12 bytes per document with a key, newest segment first). Lookups try the url key, then the path key;
/// a document is recorded under its url key if it has one, else its path key.
struct RevisionTracker {
    /// The earlier document of a key.
    struct Earlier {
        var id: String
        var hash32: UInt32
        var cluster: String
        /// Position (segment, index; `Int32.max` = this run) for the matcher.
        var seg: Int32
        var idx: Int32
    }

    private var runLatest: [UInt64: Int32] = [:]

    /// Keys to look up: the url's, then the path's (a revision may have gained a url, e.g. a half-written
    /// page without its canonical link). A document is recorded under the first only (12 bytes).
    static func keys(of document: Document) -> [UInt64] {
        var out: [UInt64] = []
        if let url = document.url, let u = normalisedURL(url) { out.append(StableHash.fnv1a64("u:" + u)) }
        let s = document.source
        if s.line == nil && s.offset == nil && !s.path.isEmpty && s.path != "-" && !s.path.hasPrefix("<") {
            out.append(StableHash.fnv1a64("p:" + s.path + (s.member.map { "#" + $0 } ?? "")))
        }
        return out
    }

    static func normalisedURL(_ raw: String) -> String? {
        var u = Substring(raw)
        while let f = u.first, f == " " || f == "\t" { u = u.dropFirst() }
        while let l = u.last, l == " " || l == "\t" || l == "\n" || l == "\r" { u = u.dropLast() }
        if let hash = u.firstIndex(of: "#") { u = u[..<hash] }
        return u.isEmpty ? nil : String(u)
    }

    /// The latest earlier document under one of `keys` (this run first, then segments newest first).
    func earlier(_ keys: [UInt64], pending: [IndexedDoc], index: DedupIndex?) -> Earlier? {
        for k in keys {
            if let i = runLatest[k] {
                let d = pending[Int(i)]
                return Earlier(id: d.id, hash32: d.hash32, cluster: d.cluster ?? d.id, seg: Int32.max, idx: i)
            }
            guard let index else { continue }
            for si in stride(from: index.segments.count - 1, through: 0, by: -1) {
                let seg = index.segments[si]
                guard seg.revisionCount > 0, let i = seg.revision(k) else { continue }
                let s = seg.strings(i)
                return Earlier(id: s.id, hash32: seg.hash32(i), cluster: s.cluster ?? s.id, seg: Int32(si), idx: Int32(i))
            }
        }
        return nil
    }

    /// Remembers pending document `idx` as the latest under `keys`.
    mutating func record(_ keys: [UInt64], idx: Int32) {
        for k in keys { runLatest[k] = idx }
    }
}
