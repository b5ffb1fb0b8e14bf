#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WinnowCore

/// Marks or drops exact and near-duplicate documents (MinHash LSH), across runs with a state directory.
///
/// How a document is matched (all deterministic, in input order):
/// 1. Text is tokenised on UTF-8 bytes (ASCII lowercased; whitespace and punctuation collapsed). The
///    content hash of the token stream finds exact duplicates.
/// 2. Word shingles (`shingle_size`, default 3) are taken inside each line, so re-ordered paragraphs keep
///    their shingles. 128-bin one-permutation MinHash (densified) gives the signature; `bands` x `rows`
///    of it are hashed into LSH keys. `anchors` more keys hash the first lines of >= 8 words, so that
///    truncated copies and teasers (a prefix of the article) become candidates even at low Jaccard.
/// 3. Every candidate is verified on its stored 4-bit x 128 signature: it is a duplicate when the
///    estimated Jaccard is >= `jaccard_threshold`, or the estimated containment of the smaller text in the
///    larger one is >= `containment_threshold` (smaller text >= `containment_min_shingles` shingles).
///    Defaults come from trade-off sweeps on the dev set (scripts/dedup_sweep.py): 3-word shingles balance
///    heavy rewrites (longer shingles lose them: 5 words -> heavy recall 0.60) against precision (2 words
///    lets unrelated pages with shared site boilerplate through); 20 bands x 3 rows puts the LSH S-curve
///    midpoint at J ~ 0.37, below the 0.5 verification threshold (P(candidate | J = 0.5) = 0.93); the
///    Jaccard and containment thresholds sit on the plateau where precision is 1.0 and recall is flat.
/// 4. Keep rule: the first document seen with some content starts a cluster (cluster = its id); a later
///    duplicate joins the cluster of its most similar earlier match (ties: exact match first, then the
///    earliest seen, then the smallest id). Documents of earlier runs (state directory) count as earlier.
/// `@unchecked Sendable`: the runner calls a `.sequential` stage from one thread at a time.
public final class DedupStage: Stage, @unchecked Sendable {
    public static let typeName = "dedup"
    public static let summary = "Marks or drops exact and near-duplicate documents (MinHash LSH), across runs with a state directory."

    public let action: DedupOptions.Action
    public let params: SignatureParams
    public let jaccardThreshold: Double
    public let containmentThreshold: Double
    public let containmentMinShingles: Int
    public let boilerplateMinClusters: Int
    public let storyEnabled: Bool
    let storyOptions: StoryClusterer.Options

    public var scheduling: StageScheduling { .sequential }

    // Run state.
    private var builder: SignatureBuilder
    private var index: DedupIndex?
    private var runName = "run"
    private var pending: [IndexedDoc] = []
    private var runHead: [UInt32: Int32] = [:]
    private var entryDoc: [Int32] = []
    private var entryNext: [Int32] = []
    private var runExact: [UInt64: Int32] = [:]
    private var story: StoryClusterer?
    // Boilerplate lines: line hash -> distinct clusters seen (capped), and the lines promoted to boilerplate.
    private var lineClusters: [UInt64: [UInt32]] = [:]
    private var boilerplate: Set<UInt64> = []
    private var opened = false

    /// Statistics of the current run.
    public private(set) var exactCount = 0
    public private(set) var nearCount = 0

    public init(params p: StageParams) throws {
        let o = try p.decode(DedupOptions.self)
        action = o.action
        var sp = SignatureParams()
        sp.shingleSize = o.shingleSize
        sp.bands = o.bands
        sp.rows = o.rows
        sp.anchors = o.anchors
        params = sp
        jaccardThreshold = o.jaccardThreshold
        containmentThreshold = o.containmentThreshold
        containmentMinShingles = o.containmentMinShingles
        boilerplateMinClusters = o.boilerplateMinClusters
        storyEnabled = o.story
        var so = StoryClusterer.Options()
        so.windowDays = o.storyWindowDays
        so.threshold = o.storyThreshold
        so.minShared = o.storyMinShared
        so.memoryDocs = o.storyMemoryDocs
        storyOptions = so
        builder = SignatureBuilder(params: sp)
    }

    public func open(context: StageContext) throws {
        reset()
        runName = context.runName
        if let dir = context.stateDirectory {
            index = try DedupIndex(directory: dir, fingerprint: params.fingerprint)
        }
        if storyEnabled {
            let s = StoryClusterer(options: storyOptions)
            if let index {
                // Remember the most recent documents' story features (bounded by story_memory_docs).
                var budget = storyOptions.memoryDocs
                var start = index.segments.count
                while start > 0 && budget > 0 { start -= 1; budget -= index.segments[start].docCount }
                for seg in index.segments[start...] where seg.storyFeatureCount > 0 {
                    for i in 0..<seg.docCount {
                        let st = seg.strings(i)
                        s.add(story: st.story ?? st.cluster ?? st.id, day: seg.day(i), features: seg.storyFeatures(i), id: st.id)
                    }
                }
            }
            story = s
        }
        if boilerplateMinClusters > 0 { builder.collectLines = true; builder.skipLines = { [unowned self] in self.boilerplate.contains($0) } }
        opened = true
    }

    private func reset() {
        pending = []; runHead = [:]; entryDoc = []; entryNext = []; runExact = [:]
        lineClusters = [:]; boilerplate = []; exactCount = 0; nearCount = 0; index = nil; story = nil
    }

    public func close() throws {
        guard opened else { return }
        if let index {
            try index.commit(docs: pending, runName: runName, created: Int64(time(nil)))
        }
        reset()
        opened = false
    }

    private struct Candidate { var seg: Int32; var idx: Int32 }
    static let maxCandidates = 256
    static let maxPerKey = 16

    public func process(_ document: inout Document) throws -> StageResult {
        if !opened { try open(context: StageContext()) }
        let sig = builder.signature(of: document.text)
        let hashHex = StableHash.hex(sig.contentHash)
        let day = epochDay(document.published)
        let storyFeatures = storyEnabled ? StoryClusterer.features(of: document, maxFeatures: storyOptions.maxFeatures) : []

        var match: (cluster: String, dup: String, sim: Double, exact: Bool, story: String?)? = nil
        if !sig.isEmpty {
            match = findMatch(sig)
        }
        let cluster = match?.cluster ?? document.id
        var storyID: String? = nil
        if let story {
            storyID = match?.story ?? story.match(day: day, features: storyFeatures) ?? document.id
            story.add(story: storyID!, day: day, features: storyFeatures, id: document.id)
        }
        document.dedup = DedupInfo(contentHash: hashHex, cluster: cluster, duplicateOf: match?.dup,
                                   similarity: match.map { $0.exact ? 1.0 : ($0.sim * 1000).rounded() / 1000 },
                                   story: storyID)
        if let m = match {
            if m.exact { exactCount += 1 } else { nearCount += 1 }
            document.note(Self.typeName, "mark", rule: m.exact ? "exact" : "near", "\(m.dup) ~\(m.sim)")
        }

        // Remember the document (exact duplicates add nothing to the key tables).
        if !sig.isEmpty {
            let idx = Int32(pending.count)
            let keys = (match?.exact ?? false) ? [] : sig.keys
            for k in keys {
                entryDoc.append(idx)
                entryNext.append(runHead[k] ?? -1)
                runHead[k] = Int32(entryDoc.count - 1)
            }
            if runExact[sig.contentHash] == nil { runExact[sig.contentHash] = idx }
            pending.append(IndexedDoc(id: document.id, cluster: cluster == document.id ? nil : cluster,
                                      story: storyID == nil || storyID == cluster ? nil : storyID,
                                      packed: sig.packed, size: UInt16(min(sig.shingleCount, 65535)),
                                      hash32: UInt32(truncatingIfNeeded: sig.contentHash), day: UInt16(day),
                                      keys: keys, storyFeatures: storyFeatures))
            if boilerplateMinClusters > 0 { noteLines(cluster: cluster) }
        }

        if action == .drop, let m = match {
            return .drop(reason: (m.exact ? "exact duplicate of " : "near-duplicate of ") + m.dup)
        }
        return .keep
    }

    /// Counts in how many distinct clusters each line occurs; a line reaching `boilerplate_min_clusters`
    /// is boilerplate from then on (skipped when hashing later documents).
    private func noteLines(cluster: String) {
        let c = UInt32(truncatingIfNeeded: StableHash.fnv1a64(cluster))
        for h in builder.lineHashes where !boilerplate.contains(h) {
            var v = lineClusters[h] ?? []
            if !v.contains(c) {
                v.append(c)
                if v.count >= boilerplateMinClusters { boilerplate.insert(h); lineClusters[h] = nil; continue }
                lineClusters[h] = v
            }
        }
    }

    private func findMatch(_ sig: TextSignature) -> (cluster: String, dup: String, sim: Double, exact: Bool, story: String?)? {
        let hash32 = UInt32(truncatingIfNeeded: sig.contentHash)
        let size = min(sig.shingleCount, 65535)
        // Exact duplicate inside this run.
        if let i = runExact[sig.contentHash] {
            let d = pending[Int(i)]
            return (d.cluster ?? d.id, d.id, 1.0, true, d.story ?? d.cluster ?? d.id)
        }
        // Candidates: newest run first, then segments newest first, each key's hits in stored order.
        // At most `maxCandidates` are verified (a heavily syndicated story has many indexed copies, all in
        // one cluster, so any of them decides the cluster).
        var cands: [Candidate] = []
        var seen = Set<UInt64>()
        func add(_ c: Candidate) {
            if cands.count >= Self.maxCandidates { return }
            if seen.insert(UInt64(UInt32(bitPattern: c.seg)) << 32 | UInt64(UInt32(bitPattern: c.idx))).inserted { cands.append(c) }
        }
        for k in sig.keys {
            var e = runHead[k] ?? -1
            var n = 0
            while e >= 0 && n < Self.maxPerKey {
                add(Candidate(seg: Int32.max, idx: entryDoc[Int(e)]))
                e = entryNext[Int(e)]
                n += 1
            }
        }
        if let index {
            for si in stride(from: index.segments.count - 1, through: 0, by: -1) {
                let seg = index.segments[si]
                for k in sig.keys {
                    var n = 0
                    seg.lookup(k) { d in
                        if n < Self.maxPerKey { add(Candidate(seg: Int32(si), idx: Int32(d))) }
                        n += 1
                    }
                }
            }
        }
        if cands.isEmpty { return nil }
        // Verify; rank: exact, then similarity, then earliest (segment order, index), then smallest id.
        var best: (c: Candidate, sim: Double, exact: Bool)? = nil
        sig.packed.withUnsafeBytes { mine in
            for c in cands {
                let m: Int, osize: Int, ohash: UInt32
                if c.seg == Int32.max {
                    let d = pending[Int(c.idx)]
                    m = d.packed.withUnsafeBytes { SignatureBuilder.matches(mine.baseAddress!, $0.baseAddress!) }
                    osize = Int(d.size); ohash = d.hash32
                } else {
                    let seg = index!.segments[Int(c.seg)]
                    m = SignatureBuilder.matches(mine.baseAddress!, seg.signature(Int(c.idx)))
                    osize = seg.size(Int(c.idx)); ohash = seg.hash32(Int(c.idx))
                }
                let exact = m == SignatureParams.bins && osize == size && ohash == hash32
                let j = SignatureBuilder.jaccard(matches: m)
                var ok = exact || j >= jaccardThreshold
                if !ok && min(osize, size) >= containmentMinShingles {
                    ok = SignatureBuilder.containment(jaccard: j, osize, size) >= containmentThreshold
                }
                guard ok else { continue }
                if let b = best {
                    if b.exact && !exact { continue }
                    if b.exact == exact {
                        if j < b.sim { continue }
                        // Equal similarity: the earliest seen wins (earlier segment, then earlier position).
                        if j == b.sim && (c.seg > b.c.seg || (c.seg == b.c.seg && c.idx > b.c.idx)) { continue }
                    }
                }
                best = (c, exact ? 1.0 : j, exact)
            }
        }
        guard let b = best else { return nil }
        if b.c.seg == Int32.max {
            let d = pending[Int(b.c.idx)]
            return (d.cluster ?? d.id, d.id, b.sim, b.exact, d.story ?? d.cluster ?? d.id)
        }
        let s = index!.segments[Int(b.c.seg)].strings(Int(b.c.idx))
        return (s.cluster ?? s.id, s.id, b.sim, b.exact, s.story ?? s.cluster ?? s.id)
    }
}
