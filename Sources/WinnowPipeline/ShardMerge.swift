import Foundation
import WinnowCore
import WinnowIO

/// Reads the documents a shard (map) run wrote, in its order, for `winnow reduce`.
final class ShardOutputReader {
    let folder: String
    private var parts: [String]
    private var lines: LineReader?
    private var currentPart = ""
    private(set) var peeked: Document?

    init(folder: String) throws {
        self.folder = folder
        guard FileManager.default.fileExists(atPath: folder + "/_SUCCESS") else {
            throw RunError("\(folder): shard is not complete (no _SUCCESS marker); rerun that shard first")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        parts = names.filter { $0.hasPrefix("part-") && ($0.hasSuffix(".jsonl") || $0.hasSuffix(".jsonl.gz")) }.sorted()
        try advance()
    }

    /// Loads the next document into `peeked` (nil at the end).
    func advance() throws {
        peeked = nil
        while true {
            if lines == nil {
                guard !parts.isEmpty else { return }
                currentPart = folder + "/" + parts.removeFirst()
                let fs = try FileByteStream(path: currentPart)
                lines = LineReader(stream: currentPart.hasSuffix(".gz") ? GzipByteStream(source: fs) : fs, maxLine: 1 << 30)
            }
            guard let line = try lines!.next() else { lines = nil; continue }
            guard case let .line(bytes, number, _) = line else { continue }
            if bytes.isEmpty { continue }
            do {
                peeked = try DocumentRecord.decode(JSONValue.parse(bytes))
                return
            } catch {
                throw RunError("\(currentPart):\(number): not a Winnow document record: \(error)")
            }
        }
    }
}

/// Merges shard outputs into the order a single-machine run would have used: inputs sorted by path,
/// each input's records in their own order (an input belongs to exactly one shard).
struct ShardMerger {
    var readers: [ShardOutputReader]
    init(_ readers: [ShardOutputReader]) { self.readers = readers }

    mutating func next() throws -> Document? {
        var best: Int?
        for (i, r) in readers.enumerated() {
            guard let d = r.peeked else { continue }
            if let b = best, let bd = readers[b].peeked, !(d.source.path < bd.source.path) { continue }
            best = i
        }
        guard let b = best, let doc = readers[b].peeked else { return nil }
        try readers[b].advance()
        return doc
    }
}

/// Fault injection for the crash-safety tests: `WINNOW_CRASH_AT=<point>` kills the process with
/// SIGKILL when the run reaches that point, exactly as `kill -9` would.
enum CrashPoint {
    static let target = ProcessInfo.processInfo.environment["WINNOW_CRASH_AT"]
    static func hit(_ name: String) {
        if target == name { kill(getpid(), SIGKILL) }
    }
}
