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
/// 4. Keep rule (`DedupEngine`): the first document seen with some content starts a cluster (cluster = its
///    id); a later duplicate joins the cluster of its most similar earlier match (ties: exact match first,
///    then the earliest seen, then the smallest id). Documents of earlier runs (state directory) count as
///    earlier. A document that matches two clusters unites them (the earlier survives; the merge is an alias,
///    `cluster_aliases.jsonl`); a containment-only match must be confirmed by the cluster's first member.
/// 5. Revisions (`RevisionTracker`): same url or same source file with changed content -> `revision_of`.
/// 6. Story dates: `published`, else `fetched`, else the run's date (`run_date`, default the date the run
///    name starts with, else today in UTC), so an undated batch forms stories within one window.
/// A `PreparingStage`: story features are computed on the worker threads; the rest runs on one thread, in input order.
public final class DedupStage: PreparingStage, StageCounting, StageOutputFiles {
    public static let typeName = "dedup"
    public static let summary = "Marks or drops exact and near-duplicate documents (MinHash LSH), across runs with a state directory."

    public let action: DedupOptions.Action
    public let params: SignatureParams
    let matchOptions: MatchOptions
    public let boilerplateMinClusters: Int
    public let storyEnabled: Bool
    let storyOptions: StoryClusterer.Options
    /// `run_date` option (epoch day), 0 = from the run name or the clock.
    let runDateOption: Int

    // Run state.
    private var builder: SignatureBuilder
    private var engine: DedupEngine?
    private var runName = "run"
    private var runDay = 0
    private var stateDirectory: String?
    private var story: StoryClusterer?
    private var boilerplate: BoilerplateLines?
    private var opened = false

    /// Documents marked in the current (or last closed) run, by kind: `exact`, `near`, `revision`.
    public private(set) var marked: [String: Int] = [:]
    /// Clusters merged into earlier ones in the current (or last closed) run.
    public private(set) var clustersMerged = 0
    /// Documents with neither `published` nor `fetched` (story clustering used the run's date for them).
    public private(set) var undatedDocuments = 0
    /// Warnings of the current (or last closed) run (also written to stderr).
    public private(set) var warnings: [String] = []
    /// This run's cluster merges, old -> surviving cluster (final after `close()`).
    public private(set) var clusterAliases: [(old: String, cluster: String)] = []
    public static let aliasesFileName = "cluster_aliases.jsonl"
    /// This run's merges as JSON Lines `{"old", "cluster"}` (final after `close()`; empty: none).
    private var aliasesJSONL: [UInt8] = []

    /// `winnow run` writes this run's cluster merges into the run's output folder (an empty file when there
    /// were none, so a glob over all runs always finds files).
    public var outputFiles: [(name: String, contents: [UInt8])] { [(Self.aliasesFileName, aliasesJSONL)] }

    /// `stats.json` counters (read by the runner after `close()`): what was marked, by kind; clusters merged;
    /// documents whose story date fell back to the run's date.
    public var counters: [String: [String: Int]] {
        var c = ["marked": marked, "clusters": ["merged": clustersMerged]]
        if storyEnabled { c["story_dates"] = ["run_date_fallback": undatedDocuments] }
        return c
    }

    public var exactCount: Int { marked["exact"] ?? 0 }
    public var nearCount: Int { marked["near"] ?? 0 }

    public init(params p: StageParams) throws {
        let o = try p.decode(DedupOptions.self)
        action = o.action
        var sp = SignatureParams()
        sp.shingleSize = o.shingleSize
        sp.bands = o.bands
        sp.rows = o.rows
        sp.anchors = o.anchors
        params = sp
        var mo = MatchOptions()
        mo.jaccardThreshold = o.jaccardThreshold
        mo.containmentThreshold = o.containmentThreshold
        mo.anchoredContainmentThreshold = o.anchoredContainmentThreshold
        mo.unionJaccardThreshold = o.unionJaccardThreshold
        mo.unionContainmentThreshold = o.unionContainmentThreshold
        mo.containmentMinShingles = o.containmentMinShingles
        matchOptions = mo
        boilerplateMinClusters = o.boilerplateMinClusters
        storyEnabled = o.story
        var so = StoryClusterer.Options()
        so.windowDays = o.storyWindowDays
        so.threshold = o.storyThreshold
        so.minShared = o.storyMinShared
        so.memoryDocs = o.storyMemoryDocs
        storyOptions = so
        runDateOption = epochDay(o.runDate)
        builder = SignatureBuilder(params: sp)
    }

    public var jaccardThreshold: Double { matchOptions.jaccardThreshold }
    public var containmentThreshold: Double { matchOptions.containmentThreshold }
    public var containmentMinShingles: Int { matchOptions.containmentMinShingles }

    public func open(context: StageContext) throws {
        reset()
        runName = context.runName
        stateDirectory = context.stateDirectory
        runDay = runDateOption != 0 ? runDateOption : (epochDay(runName) != 0 ? epochDay(runName) : Int(time(nil) / 86400))
        var index: DedupIndex? = nil
        if let dir = context.stateDirectory {
            index = try DedupIndex(directory: dir, fingerprint: params.fingerprint)
        }
        engine = DedupEngine(options: matchOptions, bandCount: params.bands, index: index)
        if storyEnabled { story = Self.loadStories(options: storyOptions, index: index) }
        if boilerplateMinClusters > 0 {
            let b = BoilerplateLines(minClusters: boilerplateMinClusters)
            boilerplate = b
            builder.collectLines = true
            builder.skipLines = { b.skip.contains($0) }
        }
        opened = true
    }

    /// A story clusterer remembering the most recent documents' features (bounded by story_memory_docs).
    static func loadStories(options: StoryClusterer.Options, index: DedupIndex?) -> StoryClusterer {
        let s = StoryClusterer(options: options)
        guard let index else { return s }
        var budget = options.memoryDocs
        var start = index.segments.count
        while start > 0 && budget > 0 { start -= 1; budget -= index.segments[start].docCount }
        for seg in index.segments[start...] where seg.storyFeatureCount > 0 {
            for i in 0..<seg.docCount {
                let st = seg.strings(i)
                s.add(story: st.story ?? st.cluster ?? st.id, day: seg.day(i), features: seg.storyFeatures(i), id: st.id)
            }
        }
        return s
    }

    private func reset() {
        engine = nil; story = nil; boilerplate = nil; builder.skipLines = nil; builder.collectLines = false
        marked = ["exact": 0, "near": 0, "revision": 0]
        clustersMerged = 0; undatedDocuments = 0; warnings = []; clusterAliases = []; aliasesJSONL = []
    }

    public func close() throws {
        guard opened, let engine else { return }
        opened = false
        if storyEnabled && undatedDocuments > 0 && undatedDocuments == engine.pending.count {
            warn("story: true, but none of the \(undatedDocuments) documents has a published or fetched date; "
                 + "stories were formed within one \(storyOptions.windowDays)-day window of the run date")
        }
        clusterAliases = engine.aliases.resolvedRunMerges()
        aliasesJSONL = engine.aliases.jsonl()
        if let index = engine.index {
            try index.commit(docs: engine.pending, aliases: engine.aliases.runMerges, runName: runName, created: Int64(time(nil)))
            try DedupIndex.writeAtomically(aliasesJSONL, to: index.directory + "/" + Self.aliasesFileName)
        }
        self.engine = nil; story = nil; boilerplate = nil
    }

    private func warn(_ message: String) {
        warnings.append(message)
        let line = Array("winnow: dedup: warning: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// The current label of a cluster (after this run's merges): output written at the end of a run can
    /// use it so that one run's documents carry one label per cluster.
    public func resolveCluster(_ cluster: String) -> String { engine?.aliases.resolve(cluster) ?? cluster }

    /// The document's story features: its own words, so they are computed on the worker threads.
    public func prepare(_ document: Document) -> [UInt32] {
        storyEnabled ? StoryClusterer.features(of: document, maxFeatures: storyOptions.maxFeatures) : []
    }

    public func process(_ document: inout Document, prepared storyFeatures: [UInt32]) throws -> StageResult {
        if !opened { try open(context: StageContext()) }
        guard let engine else { return .keep }
        let sig = builder.signature(of: document.text)
        let hashHex = StableHash.hex(sig.contentHash)
        let day = storyDay(document)

        // Revision: an earlier document under the same url / path, with other content.
        let revKeys = sig.isEmpty ? [] : RevisionTracker.keys(of: document)
        let earlier = revKeys.isEmpty ? nil : engine.revisions.earlier(revKeys, pending: engine.pending, index: engine.index)
        let revisionOf = earlier.flatMap { $0.hash32 != UInt32(truncatingIfNeeded: sig.contentHash) ? $0 : nil }
        let match = sig.isEmpty ? nil : engine.match(sig, family: revisionOf?.cluster)
        let cluster = match?.cluster ?? document.id
        clustersMerged += match?.merged ?? 0
        var storyID: String? = nil
        if let story {
            storyID = match?.story ?? story.match(day: day, features: storyFeatures) ?? document.id
            story.add(story: storyID!, day: day, features: storyFeatures, id: document.id)
        }
        let dup = match?.duplicateOf
        document.dedup = DedupInfo(contentHash: hashHex, cluster: cluster, duplicateOf: dup,
                                   similarity: dup == nil ? nil : match.map { $0.exact ? 1.0 : ($0.similarity * 1000).rounded() / 1000 },
                                   story: storyID)
        if let r = revisionOf { document.dedup?.revisionOf = r.id; marked["revision", default: 0] += 1 }
        if let m = match, let d = m.duplicateOf {
            marked[m.exact ? "exact" : "near", default: 0] += 1
            document.note(Self.typeName, "mark", rule: m.exact ? "exact" : "near", "\(d) ~\(m.similarity)")
        }

        // Remember the document (exact duplicates add nothing to the key tables). An unchanged copy under
        // a known url/path does not become that key's latest revision.
        if !sig.isEmpty {
            let isNewRevisionKey = earlier == nil || revisionOf != nil
            engine.add(IndexedDoc(id: document.id, cluster: cluster == document.id ? nil : cluster,
                                  story: storyID == nil || storyID == cluster ? nil : storyID,
                                  packed: sig.packed, size: UInt16(min(sig.shingleCount, 65535)),
                                  hash32: UInt32(truncatingIfNeeded: sig.contentHash), day: UInt16(day),
                                  keys: [], storyFeatures: storyFeatures,
                                  revisionKeys: isNewRevisionKey ? Array(revKeys.prefix(1)) : []),
                       sig: sig, exact: match?.exact ?? false)
            boilerplate?.note(lines: builder.lineHashes, cluster: cluster)
        }

        if action == .drop, let m = match, let d = m.duplicateOf {
            return .drop(reason: (m.exact ? "exact duplicate of " : "near-duplicate of ") + d)
        }
        return .keep
    }

    /// Day used by story clustering: `published`, else `fetched`, else the run's date.
    private func storyDay(_ document: Document) -> Int {
        let d = epochDay(document.published)
        if d != 0 { return d }
        let f = epochDay(document.fetched)
        if f != 0 { return f }
        undatedDocuments += 1
        return runDay
    }

}

/// Boilerplate lines: line hash -> distinct clusters seen (capped); a line reaching `minClusters` clusters
/// is boilerplate from then on (skipped when hashing later documents).
final class BoilerplateLines {
    let minClusters: Int
    private var lineClusters: [UInt64: [UInt32]] = [:]
    private(set) var skip: Set<UInt64> = []

    init(minClusters: Int) { self.minClusters = minClusters }

    func note(lines: [UInt64], cluster: String) {
        let c = UInt32(truncatingIfNeeded: StableHash.fnv1a64(cluster))
        for h in lines where !skip.contains(h) {
            var v = lineClusters[h] ?? []
            if !v.contains(c) {
                v.append(c)
                if v.count >= minClusters { skip.insert(h); lineClusters[h] = nil; continue }
                lineClusters[h] = v
            }
        }
    }
}
