import Foundation
import WinnowCore
import WinnowIO

/// The state directory of scheduled (cron) runs: which inputs were already processed, which runs
/// were committed, and the stateful stages' data (the dedup index). Crash-safe by construction:
///
///     STATE/LOCK            flock()ed by the running process (a second run exits with code 3)
///     STATE/CURRENT         name of the committed generation, replaced atomically (the commit point)
///     STATE/gen-000042/     one generation: everything the last committed run left behind
///         runs.tsv            committed runs: name, output folder
///         inputs-*.tsv        ledger deltas: path, size, mtime, content hash (one file per run)
///         stage-3-dedup/      a stateful stage's own files
///
/// A run copies the current generation into a new one by hard-linking its files, lets stages add
/// files there (stages must never modify an existing file in place: they write new files, or write
/// a temporary file and rename it), writes its outputs under a staging name, renames them into
/// place, and finally points CURRENT at the new generation. A crash at any point before that last
/// rename leaves CURRENT as it was; the next run deletes the unreferenced generation and any output
/// folder that no committed run lists, and redoes the work, so the final output equals that of an
/// uninterrupted run.
public final class StateStore {
    public let directory: String
    private var lockFD: Int32 = -1
    public private(set) var currentGeneration: String?
    public private(set) var nextGeneration: String = ""
    /// Inputs already processed: path → (size, mtime, hash).
    public private(set) var ledger: [String: LedgerEntry] = [:]
    public private(set) var committedRuns: [(name: String, folder: String)] = []
    private var ledgerFiles: [String] = []

    public struct LedgerEntry: Sendable, Equatable {
        public var size: Int
        public var mtime: Double
        public var hash: String
    }

    public struct AlreadyRunning: Error, CustomStringConvertible {
        public var directory: String
        public var holder: String
        public var description: String { "another winnow run holds the lock on state directory \(directory)\(holder.isEmpty ? "" : " (\(holder))")" }
    }

    public init(directory: String) throws {
        self.directory = directory
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw RunError("cannot create state directory \(directory): \(error.localizedDescription)")
        }
    }

    deinit { unlock() }

    /// Take the exclusive lock (non-blocking). Throws `AlreadyRunning` if another process holds it.
    public func lock() throws {
        let path = directory + "/LOCK"
        lockFD = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if lockFD < 0 { throw RunError("cannot open \(path): \(String(cString: strerror(errno)))") }
        if flock(lockFD, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(lockFD); lockFD = -1
            throw AlreadyRunning(directory: directory, holder: holder)
        }
        ftruncate(lockFD, 0)
        let info = "pid \(getpid()) since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = info.withCString { write(lockFD, $0, strlen($0)) }
    }

    public func unlock() {
        if lockFD >= 0 { ftruncate(lockFD, 0); flock(lockFD, LOCK_UN); close(lockFD); lockFD = -1 }
    }

    /// Load the committed generation, remove leftovers of crashed runs, and prepare the next generation
    /// (hard links of the current one). `outputRoot` is where run folders live.
    public func begin(outputRoot: String?) throws {
        let fm = FileManager.default
        let current = (try? String(contentsOfFile: directory + "/CURRENT", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        currentGeneration = (current?.isEmpty ?? true) ? nil : current
        // Leftover generations (crashed runs) and temporary files go.
        for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where name != currentGeneration {
            if name.hasPrefix("gen-") || name.hasPrefix(".CURRENT") { try? fm.removeItem(atPath: directory + "/" + name) }
        }
        if let g = currentGeneration {
            let genPath = directory + "/" + g
            guard fm.fileExists(atPath: genPath) else { throw RunError("state directory \(directory) is corrupt: CURRENT names missing \(g)") }
            committedRuns = try Self.readRuns(genPath + "/runs.tsv")
            ledgerFiles = ((try? fm.contentsOfDirectory(atPath: genPath)) ?? []).filter { $0.hasPrefix("inputs-") && $0.hasSuffix(".tsv") }.sorted()
            for f in ledgerFiles { try loadLedger(genPath + "/" + f) }
        }
        // Output folders that no committed run lists come from a crashed run: remove them.
        let listed = Set(committedRuns.map(\.folder))
        for name in outputRoot.flatMap({ try? fm.contentsOfDirectory(atPath: $0) }) ?? [] {
            guard let outputRoot else { break }
            if name.hasPrefix(".staging-") { try? fm.removeItem(atPath: outputRoot + "/" + name); continue }
            if Self.isRunFolderName(name) && !listed.contains(name) {
                try? fm.removeItem(atPath: outputRoot + "/" + name)
            }
        }
        // Next generation: hard links of every file of the current one.
        let n = (currentGeneration.flatMap { Int($0.dropFirst(4)) } ?? 0) + 1
        nextGeneration = String(format: "gen-%06d", n)
        let next = directory + "/" + nextGeneration
        try fm.createDirectory(atPath: next, withIntermediateDirectories: true)
        if let g = currentGeneration { try Self.linkTree(from: directory + "/" + g, to: next) }
    }

    /// Directory for a stateful stage's files inside the next generation.
    public func stageDirectory(index: Int, type: String) throws -> String {
        let d = directory + "/" + nextGeneration + "/stage-\(index)-\(type)"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Decide whether an input must be processed. Cheap path: same size and mtime as recorded.
    public func needsProcessing(_ f: InputFile) -> Bool {
        guard let e = ledger[f.displayPath] else { return true }
        if e.size == f.size && e.mtime == f.mtime { return false }
        guard let h = try? Self.hashFile(f.path) else { return true }
        return h != e.hash
    }

    /// Commit: record the run and its inputs in the next generation, then switch CURRENT (atomic).
    public func commit(runName: String, outputFolder: String, processed: [InputFile]) throws {
        let next = directory + "/" + nextGeneration
        var ledgerText = ""
        for f in processed {
            let h = (try? Self.hashFile(f.path)) ?? ""
            ledgerText += "\(Self.escape(f.displayPath))\t\(f.size)\t\(f.mtime)\t\(h)\n"
        }
        try AtomicFileWriter.write(Array(ledgerText.utf8), to: next + "/inputs-\(runName).tsv")
        var runs = committedRuns
        runs.append((runName, outputFolder))
        try AtomicFileWriter.write(Array(runs.map { "\($0.name)\t\($0.folder)\n" }.joined().utf8), to: next + "/runs.tsv")
        try Self.fsyncDirectory(next)
        // The commit point.
        try AtomicFileWriter.write(Array((nextGeneration + "\n").utf8), to: directory + "/CURRENT")
        try Self.fsyncDirectory(directory)
        // The old generation is no longer referenced.
        if let g = currentGeneration { try? FileManager.default.removeItem(atPath: directory + "/" + g) }
        currentGeneration = nextGeneration
        committedRuns = runs
    }

    /// Commit a maintenance step (`winnow state prune|compact`): the stages' files changed in the next
    /// generation, and the list of runs is `runs`. Same commit point as a run's.
    public func commitMaintenance(runs: [(name: String, folder: String)]) throws {
        let next = directory + "/" + nextGeneration
        try AtomicFileWriter.write(Array(runs.map { "\($0.name)\t\($0.folder)\n" }.joined().utf8), to: next + "/runs.tsv")
        try Self.fsyncDirectory(next)
        try AtomicFileWriter.write(Array((nextGeneration + "\n").utf8), to: directory + "/CURRENT")
        try Self.fsyncDirectory(directory)
        if let g = currentGeneration { try? FileManager.default.removeItem(atPath: directory + "/" + g) }
        currentGeneration = nextGeneration
        committedRuns = runs
    }

    /// The stage folders of the next generation: (folder path, stage type).
    public func nextStageDirectories() -> [(path: String, type: String)] {
        let root = directory + "/" + nextGeneration
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasPrefix("stage-") }.sorted()
        return names.map { n in (root + "/" + n, n.split(separator: "-", maxSplits: 2).dropFirst(2).first.map(String.init) ?? n) }
    }

    /// Number of inputs the ledger remembers.
    public var ledgerCount: Int { ledger.count }

    /// Abandon the prepared generation (failed run).
    public func rollback() {
        if !nextGeneration.isEmpty { try? FileManager.default.removeItem(atPath: directory + "/" + nextGeneration) }
    }

    // MARK: - Helpers

    /// Run folders are named like 2026-11-21T03-00-00Z (optionally with a -N suffix).
    static func isRunFolderName(_ n: String) -> Bool {
        n.count >= 20 && n.first?.isNumber == true && n.contains("T") && n.contains("Z")
    }

    public static func runName(date: Date = Date(), outputRoot: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH-mm-ss'Z'"
        let base = f.string(from: date)
        var name = base
        var k = 1
        while FileManager.default.fileExists(atPath: outputRoot + "/" + name) { k += 1; name = base + "-\(k)" }
        return name
    }

    static func readRuns(_ path: String) throws -> [(name: String, folder: String)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let p = line.split(separator: "\t", omittingEmptySubsequences: false)
            return p.count == 2 ? (String(p[0]), String(p[1])) : nil
        }
    }

    private func loadLedger(_ path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RunError("state file \(path) is unreadable")
        }
        for line in text.split(separator: "\n") {
            let p = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard p.count == 4, let size = Int(p[1]), let mtime = Double(p[2]) else {
                throw RunError("state file \(path) is corrupt: bad line \(line.prefix(80))")
            }
            ledger[Self.unescape(String(p[0]))] = LedgerEntry(size: size, mtime: mtime, hash: String(p[3]))
        }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = ""
        var it = s.makeIterator()
        while let c = it.next() {
            if c == "\\", let n = it.next() { out.append(n == "t" ? "\t" : n == "n" ? "\n" : n) } else { out.append(c) }
        }
        return out
    }

    static func hashFile(_ path: String) throws -> String {
        let s = try FileByteStream(path: path)
        var h: UInt64 = 0
        var first = true
        while true {
            let chunk = try s.read(max: 1 << 20)
            if chunk.isEmpty { break }
            h = StableHash.xxh64(chunk, seed: first ? 0 : h)
            first = false
        }
        return StableHash.hex(h)
    }

    static func linkTree(from src: String, to dst: String) throws {
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: src) {
            let s = src + "/" + name, d = dst + "/" + name
            var isDir: ObjCBool = false
            _ = fm.fileExists(atPath: s, isDirectory: &isDir)
            if isDir.boolValue {
                try fm.createDirectory(atPath: d, withIntermediateDirectories: true)
                try linkTree(from: s, to: d)
            } else if link(s, d) != 0 {
                throw RunError("cannot link \(s) into the new state generation: \(String(cString: strerror(errno)))")
            }
        }
    }

    static func fsyncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
