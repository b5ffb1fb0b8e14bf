import WinnowCore

/// Verification thresholds of the near-duplicate matcher (see `DedupStage` for how they were chosen).
struct MatchOptions {
    /// Estimated Jaccard at or above which two texts are near-duplicates (a "full" match).
    var jaccardThreshold = 0.5
    /// Estimated containment of the smaller text in the larger one for a containment match.
    var containmentThreshold = 0.8
    /// Containment threshold when the two texts share an anchor key (the same first substantial line or
    /// the same first words): the shared opening is itself evidence of a prefix copy, and the 128-bin
    /// estimate of a short text's containment in a long one is noisy (sd ~0.1-0.4), so the bar is lower.
    var anchoredContainmentThreshold = 0.5
    /// Smaller side of a containment match needs at least this many shingles.
    var containmentMinShingles = 10
    /// A second cluster is united with the one a document joins only on a match at least this strong (a
    /// union moves whole clusters, so it needs a margin above `jaccardThreshold`: two short pages that share
    /// a site's comment guidelines reach J ~0.5, a copy and its original 0.7+), or when a member is contained
    /// in the document at `unionContainmentThreshold` (the same margin above `containmentThreshold`).
    var unionJaccardThreshold = 0.7
    var unionContainmentThreshold = 0.9
}

/// What the matcher decided for one document.
struct MatchDecision {
    var cluster: String
    /// The earlier document it duplicates (nil: none, or only its own earlier revision's cluster matched).
    var duplicateOf: String?
    var similarity: Double
    var exact: Bool
    /// Story label of the best match.
    var story: String?
    /// Clusters merged into `cluster` by this document.
    var merged: Int
}

/// The near-duplicate engine: this run's LSH tables and documents, the persisted index, cluster aliases.
///
/// Matching rules (all deterministic, in input order):
/// - every candidate (an LSH band or anchor key in common) is verified on its 4-bit signature: a *full*
///   match (exact, or estimated Jaccard >= threshold), or a *containment* match (one text contained in the
///   other), or none;
/// - a cluster is *accepted* when a full match lies in it, or when a containment match is confirmed
///   against the cluster's first member (the first member itself matches). A fragment that happens to match
///   a copy of another article therefore cannot carry the document into that article's cluster;
/// - clusters with a full match, or with a member contained in the new document, are *united* (the
///   document is evidence that they are copies of one text); the earliest cluster survives and the others
///   become aliases of it. A document contained in several clusters (a fragment) joins only its best one;
/// - the document joins the surviving cluster; `duplicate_of` is its best match there (exact first, then
///   similarity, then earliest), never a member of its own earlier revision's cluster.
final class DedupEngine {
    let options: MatchOptions
    let bandCount: Int
    let index: DedupIndex?
    let aliases = ClusterAliases()
    var revisions = RevisionTracker()
    private(set) var pending: [IndexedDoc] = []
    private var runHead: [UInt32: Int32] = [:]
    private var entryDoc: [Int32] = []
    private var entryNext: [Int32] = []
    private var runExact: [UInt64: Int32] = [:]
    /// Clusters started in this run: label -> index of their first member.
    private var runRoot: [String: Int32] = [:]

    static let maxCandidates = 256
    static let maxPerKey = 16

    init(options: MatchOptions, bandCount: Int, index: DedupIndex?) {
        self.options = options
        self.bandCount = bandCount
        self.index = index
        if let index {
            for seg in index.segments { for (a, b) in seg.aliases() { aliases.merge(a, into: b, fromRun: false) } }
        }
    }

    // MARK: Remembering

    /// Adds a document of this run. Exact duplicates add no LSH keys.
    func add(_ doc: IndexedDoc, sig: TextSignature, exact: Bool) {
        let idx = Int32(pending.count)
        var d = doc
        d.keys = exact ? [] : sig.keys
        for k in d.keys {
            entryDoc.append(idx)
            entryNext.append(runHead[k] ?? -1)
            runHead[k] = Int32(entryDoc.count - 1)
        }
        if runExact[sig.contentHash] == nil { runExact[sig.contentHash] = idx }
        if d.cluster == nil { runRoot[d.id] = idx }
        revisions.record(d.revisionKeys, idx: idx)
        pending.append(d)
    }

    // MARK: Matching

    private struct Candidate { var seg: Int32; var idx: Int32; var anchored: Bool }

    private enum Kind { case full, containsCandidate, containedInCandidate }

    private struct Verified {
        var seg: Int32, idx: Int32
        var id: String, label: String, story: String?
        var sim: Double, exact: Bool, kind: Kind
        /// Strong enough to unite its cluster with the one the document joins.
        var unites: Bool
        var isRoot: Bool { id == label }
        func earlier(than o: Verified) -> Bool { seg != o.seg ? seg < o.seg : idx < o.idx }
    }

    /// Finds the cluster of a new document. `family`: the cluster of its own earlier revision, if any.
    func match(_ sig: TextSignature, family: String?) -> MatchDecision? {
        if let i = runExact[sig.contentHash] {
            let d = pending[Int(i)]
            let label = aliases.resolve(d.cluster ?? d.id)
            let inFamily = family.map { aliases.resolve($0) == label } ?? false
            return MatchDecision(cluster: label, duplicateOf: inFamily ? nil : d.id, similarity: 1, exact: true,
                                 story: d.story ?? d.cluster ?? d.id, merged: 0)
        }
        let verified = verify(sig, gather(sig))
        if verified.isEmpty { return nil }
        return decide(verified, family: family.map { aliases.resolve($0) }, sig: sig)
    }

    /// Candidates: this run first, then segments newest first, each key's hits in stored order (at most
    /// `maxPerKey` per key and `maxCandidates` in all: a syndicated story's copies share one cluster).
    private func gather(_ sig: TextSignature) -> [Candidate] {
        var cands: [Candidate] = []
        var seen: [UInt64: Int] = [:]
        func add(_ seg: Int32, _ idx: Int32, _ anchored: Bool) {
            let key = UInt64(UInt32(bitPattern: seg)) << 32 | UInt64(UInt32(bitPattern: idx))
            if let p = seen[key] { if anchored { cands[p].anchored = true }; return }
            if cands.count >= Self.maxCandidates { return }
            seen[key] = cands.count
            cands.append(Candidate(seg: seg, idx: idx, anchored: anchored))
        }
        for (ki, k) in sig.keys.enumerated() {
            var e = runHead[k] ?? -1
            var n = 0
            while e >= 0 && n < Self.maxPerKey {
                add(Int32.max, entryDoc[Int(e)], ki >= bandCount)
                e = entryNext[Int(e)]
                n += 1
            }
        }
        if let index {
            for si in stride(from: index.segments.count - 1, through: 0, by: -1) {
                let seg = index.segments[si]
                for (ki, k) in sig.keys.enumerated() {
                    var n = 0
                    seg.lookup(k) { d in
                        if n < Self.maxPerKey { add(Int32(si), Int32(d), ki >= bandCount) }
                        n += 1
                    }
                }
            }
        }
        return cands
    }

    /// Similarity of the new document to a stored one: (matches, size, hash32).
    private func compare(_ mine: UnsafeRawPointer, seg: Int32, idx: Int32) -> (m: Int, size: Int, hash: UInt32) {
        if seg == Int32.max {
            let d = pending[Int(idx)]
            return (d.packed.withUnsafeBytes { SignatureBuilder.matches(mine, $0.baseAddress!) }, Int(d.size), d.hash32)
        }
        let s = index!.segments[Int(seg)]
        return (SignatureBuilder.matches(mine, s.signature(Int(idx))), s.size(Int(idx)), s.hash32(Int(idx)))
    }

    /// The kind of match between the new document and a stored one, or nil.
    /// (kind, similarity, exact, unites) of a match between the new document and a stored one, or nil.
    private func classify(_ r: (m: Int, size: Int, hash: UInt32), sig: TextSignature, anchored: Bool) -> (Kind, Double, Bool, Bool)? {
        let size = min(sig.shingleCount, 65535)
        let exact = r.m == SignatureParams.bins && r.size == size && r.hash == UInt32(truncatingIfNeeded: sig.contentHash)
        let j = SignatureBuilder.jaccard(matches: r.m)
        let longEnough = min(r.size, size) >= options.containmentMinShingles
        let c = longEnough ? SignatureBuilder.containment(jaccard: j, r.size, size) : 0
        let contains = r.size <= size
        let unites = exact || j >= options.unionJaccardThreshold || (contains && c >= options.unionContainmentThreshold)
        if exact || j >= options.jaccardThreshold { return (.full, exact ? 1 : j, exact, unites) }
        guard longEnough, c >= (anchored ? options.anchoredContainmentThreshold : options.containmentThreshold) else { return nil }
        return (contains ? .containsCandidate : .containedInCandidate, j, false, unites)
    }

    private func strings(_ seg: Int32, _ idx: Int32) -> (id: String, cluster: String?, story: String?) {
        if seg == Int32.max { let d = pending[Int(idx)]; return (d.id, d.cluster, d.story) }
        return index!.segments[Int(seg)].strings(Int(idx))
    }

    private func verify(_ sig: TextSignature, _ cands: [Candidate]) -> [Verified] {
        var out: [Verified] = []
        sig.packed.withUnsafeBytes { mine in
            for c in cands {
                guard let (kind, sim, exact, unites) = classify(compare(mine.baseAddress!, seg: c.seg, idx: c.idx), sig: sig, anchored: c.anchored) else { continue }
                let s = strings(c.seg, c.idx)
                out.append(Verified(seg: c.seg, idx: c.idx, id: s.id, label: aliases.resolve(s.cluster ?? s.id),
                                    story: s.story ?? s.cluster ?? s.id, sim: sim, exact: exact, kind: kind, unites: unites))
            }
        }
        return out
    }

    /// Whether a cluster reached only by containment is confirmed by its first member.
    private func confirmed(_ label: String, _ members: [Verified], sig: TextSignature) -> Bool {
        if members.contains(where: { $0.kind == .full || $0.isRoot }) { return true }
        guard let root = runRoot[label] else { return false }
        let r = sig.packed.withUnsafeBytes { compare($0.baseAddress!, seg: Int32.max, idx: root) }
        return classify(r, sig: sig, anchored: false) != nil
    }

    private func better(_ a: Verified, than b: Verified) -> Bool {
        if a.exact != b.exact { return a.exact }
        if a.sim != b.sim { return a.sim > b.sim }
        if a.seg != b.seg || a.idx != b.idx { return a.earlier(than: b) }
        return a.id < b.id
    }

    /// Birth order of a cluster: clusters started in this run come after all earlier ones; otherwise the
    /// earliest member seen stands in for the first one.
    private func birth(_ label: String, _ members: [Verified]) -> (Int, Int32, Int32) {
        if let r = runRoot[label] { return (1, Int32.max, r) }
        let e = members.min { $0.earlier(than: $1) }!
        return (0, e.seg, e.idx)
    }

    private func decide(_ verified: [Verified], family: String?, sig: TextSignature) -> MatchDecision? {
        var groups: [String: [Verified]] = [:]
        var order: [String] = []
        for v in verified {
            if groups[v.label] == nil { order.append(v.label) }
            groups[v.label, default: []].append(v)
        }
        let accepted = order.filter { confirmed($0, groups[$0]!, sig: sig) }
        guard !accepted.isEmpty else { return nil }
        // The document joins the cluster of its best match, and unites with it every other cluster it
        // matches strongly (a fragment contained in several clusters joins only its best one).
        let best = accepted.flatMap { groups[$0]! }.reduce(nil as Verified?) { b, v in b.map { better(v, than: $0) ? v : $0 } ?? v }!
        let uniting = accepted.filter { l in l == best.label || groups[l]!.contains { $0.unites } }
        let survivor = uniting.min { birth($0, groups[$0]!) < birth($1, groups[$1]!) }!
        var merged = 0
        for l in uniting where l != survivor { if aliases.merge(l, into: survivor) { merged += 1 } }
        // duplicate_of: the best match outside the document's own earlier revision's cluster.
        var dup: Verified? = nil
        for v in uniting.flatMap({ groups[$0]! }) where v.label != family && (dup == nil || better(v, than: dup!)) { dup = v }
        return MatchDecision(cluster: aliases.resolve(survivor), duplicateOf: dup?.id, similarity: dup?.sim ?? 0,
                             exact: dup?.exact ?? false, story: dup?.story ?? best.story, merged: merged)
    }
}
