import WinnowCore

/// Cluster merges: when a document matches two existing clusters, they become one.
///
/// Past output is immutable, so a merged ("old") cluster label is never rewritten; instead the merge is an
/// alias old -> surviving cluster. The table is a union-find over cluster labels: `resolve` follows aliases
/// to the current label. Merges of earlier runs are loaded from the state (each segment stores the merges
/// its run made); the merges of this run are listed by `runMerges` (written as `cluster_aliases.jsonl`).
/// The surviving cluster is the earlier one (its first member came first), so labels only ever move to
/// older clusters and the table has no cycles.
final class ClusterAliases {
    private var parent: [String: String] = [:]
    /// Merges made in this run, in order: (old, surviving at the time of the merge).
    private(set) var runMerges: [(String, String)] = []

    var count: Int { parent.count }

    /// The current label of `cluster` (follows aliases; compresses the path it walked).
    func resolve(_ cluster: String) -> String {
        guard var cur = parent[cluster] else { return cluster }
        var path = [cluster]
        while let next = parent[cur] { path.append(cur); cur = next }
        for p in path { parent[p] = cur }
        return cur
    }

    /// Records that `old` is now part of `surviving` (both resolved first). Returns false when they were
    /// already one cluster. `fromRun` false: a merge loaded from the state (not listed again).
    @discardableResult
    func merge(_ old: String, into surviving: String, fromRun: Bool = true) -> Bool {
        let a = resolve(old), b = resolve(surviving)
        guard a != b else { return false }
        parent[a] = b
        if fromRun { runMerges.append((a, b)) }
        return true
    }

    /// This run's merges with the surviving side resolved to its final label (old -> current cluster).
    func resolvedRunMerges() -> [(old: String, cluster: String)] {
        runMerges.map { (old: $0.0, cluster: resolve($0.1)) }
    }

    /// `cluster_aliases.jsonl`: one `{"old": ..., "cluster": ...}` object per merge of this run.
    func jsonl() -> [UInt8] {
        var out: [UInt8] = []
        for m in resolvedRunMerges() {
            var w = JSONWriter(capacity: 64)
            w.beginObject(); w.key("old"); w.string(m.old); w.key("cluster"); w.string(m.cluster); w.endObject()
            out += w.bytes; out.append(0x0A)
        }
        return out
    }
}
