import Foundation
import WinnowCore
import WinnowDedup

/// `winnow state stats|prune|compact`: upkeep of the state directory a nightly `winnow run --state` keeps,
/// under the same lock as a run (a run in progress makes these exit with code 3) and with the same
/// crash-safe commit (a new generation, then CURRENT switched).
public enum StateMaintenance {
    /// Runs, remembered inputs, and each stateful stage's index (documents, bytes, bytes per document).
    public static func stats(state: String) throws -> String {
        let store = try StateStore(directory: state)
        try store.lock()
        defer { store.unlock() }
        try store.begin(outputRoot: nil)
        defer { store.rollback() }
        var lines = ["state \(state)  generation \(store.currentGeneration ?? "(none)")",
                     "runs \(store.committedRuns.count)" + (store.committedRuns.last.map { "  last \($0.name)" } ?? ""),
                     "inputs remembered \(store.ledgerCount)"]
        for (dir, type) in store.nextStageDirectories() {
            guard type == "dedup", let idx = try? DedupIndex(directory: dir, fingerprint: nil, readOnly: true) else {
                lines.append("stage \((dir as NSString).lastPathComponent): \(fileBytes(dir)) bytes")
                continue
            }
            let s = idx.stats(verify: false)
            let perDoc = s.docs > 0 ? String(format: "%.1f", Double(s.bytes) / Double(s.docs)) : "-"
            lines.append("stage \((dir as NSString).lastPathComponent): dedup index, \(s.segments.count) segments, "
                         + "\(s.docs) documents, \(s.bytes) bytes, \(perDoc) bytes/document")
        }
        return lines.joined(separator: "\n")
    }

    /// Removes index entries older than `days`; with `outputRoot`, also the run folders (and their entries
    /// in the state) of runs older than `days`. The inputs ledger is kept, so old inputs are never re-read.
    public static func prune(state: String, olderThanDays days: Double, outputRoot: String?, now: Date = Date()) throws -> String {
        let cutoff = Int64(now.timeIntervalSince1970 - days * 86400)
        return try maintain(state: state) { store in
            var docs = 0, segments = 0
            for (dir, type) in store.nextStageDirectories() where type == "dedup" {
                let idx = try DedupIndex(directory: dir, fingerprint: nil)
                let (s, d) = try idx.prune(olderThan: cutoff)
                segments += s; docs += d
            }
            var runs = store.committedRuns
            var removed: [String] = []
            if let outputRoot {
                let old = runs.filter { (runDate($0.name) ?? .max) < cutoff }
                for r in old {
                    try? FileManager.default.removeItem(atPath: outputRoot + "/" + r.folder)
                    removed.append(r.folder)
                }
                runs.removeAll { r in old.contains { $0.name == r.name } }
            }
            return (runs, "pruned \(segments) index segment(s) with \(docs) document(s)"
                    + (outputRoot == nil ? "" : ", \(removed.count) run folder(s)") + " older than \(days) day(s)")
        }
    }

    /// Merges the index segments (fewer files and lookups per document).
    public static func compact(state: String) throws -> String {
        try maintain(state: state) { store in
            var parts: [String] = []
            for (dir, type) in store.nextStageDirectories() where type == "dedup" {
                let (before, after) = try DedupIndex(directory: dir, fingerprint: nil).compact()
                parts.append("\((dir as NSString).lastPathComponent): \(before) → \(after) segments")
            }
            return (store.committedRuns, parts.isEmpty ? "nothing to compact" : "compacted " + parts.joined(separator: "; "))
        }
    }

    /// Lock, prepare the next generation, change it, commit (or roll back on error).
    private static func maintain(state: String, _ body: (StateStore) throws -> ([(name: String, folder: String)], String)) throws -> String {
        guard FileManager.default.fileExists(atPath: state + "/CURRENT") else {
            throw RunError("\(state) is not a Winnow state directory (no CURRENT file)")
        }
        let store = try StateStore(directory: state)
        try store.lock()
        defer { store.unlock() }
        try store.begin(outputRoot: nil)
        do {
            let (runs, message) = try body(store)
            try store.commitMaintenance(runs: runs)
            return message
        } catch {
            store.rollback()
            throw error
        }
    }

    /// A run folder's time from its name (`2026-11-21T03-00-00Z`, the default run name).
    static func runDate(_ name: String) -> Int64? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH-mm-ss'Z'"
        return f.date(from: String(name.prefix(20))).map { Int64($0.timeIntervalSince1970) }
    }

    static func fileBytes(_ dir: String) -> Int {
        var total = 0
        let e = FileManager.default.enumerator(atPath: dir)
        while let rel = e?.nextObject() as? String {
            total += ((try? FileManager.default.attributesOfItem(atPath: dir + "/" + rel))?[.size] as? Int) ?? 0
        }
        return total
    }
}
