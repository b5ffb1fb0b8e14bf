import ArgumentParser
import WinnowDedup
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `winnow dedup-index`: inspect, prune and compact the persistent dedup index (owned by the dedup work).
struct DedupIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup-index",
        abstract: "Inspect, prune or compact the persistent dedup index in a state directory.",
        subcommands: [Stats.self, Prune.self, Compact.self])

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Segments, documents, bytes per document; --verify checks every segment's checksum.")
        @Option(name: .long, help: "The dedup index directory (the --state of `winnow dedup`).") var state: String
        @Flag(name: .long, help: "Recompute each segment's checksum (reads every file).") var verify = false
        @Flag(name: .long, help: "Print JSON instead of text.") var json = false

        func run() throws {
            let idx = try open(state, readOnly: true)
            let s = idx.stats(verify: verify)
            if json {
                print(s.json)
            } else {
                print(s.text)
            }
            if verify && s.segments.contains(where: { $0.checksumOK == false }) { throw WinnowExit(status: .partial, message: "a segment checksum does not match (see above)") }
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove runs (segments) older than a number of days.")
        @Option(name: .long, help: "The dedup index directory.") var state: String
        @Option(name: .long, help: "Remove segments created more than this many days ago.") var olderThan: Double

        func run() throws {
            guard olderThan >= 0 else { throw ValidationError("--older-than must be >= 0") }
            let idx = try open(state, readOnly: false)
            let cutoff = Int64(time(nil)) - Int64(olderThan * 86400)
            let (segs, docs) = try idx.prune(olderThan: cutoff)
            print("pruned \(segs) segment(s), \(docs) document(s); \(idx.manifest.count) segment(s), \(idx.documentCount) document(s) left")
        }
    }

    struct Compact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge consecutive segments (fewer files and lookups per document; order is kept).")
        @Option(name: .long, help: "The dedup index directory.") var state: String
        @Option(name: .long, help: "Largest merged segment, in documents.") var maxDocs: Int = 4_000_000

        func run() throws {
            guard maxDocs >= 1 && maxDocs < (1 << 24) else { throw ValidationError("--max-docs must be in 1...16777215") }
            let idx = try open(state, readOnly: false)
            let (before, after) = try idx.compact(maxDocs: maxDocs)
            print("compacted \(before) segment(s) into \(after); \(idx.documentCount) document(s)")
        }
    }
}

private func open(_ state: String, readOnly: Bool) throws -> DedupIndex {
    do { return try DedupIndex(directory: state, fingerprint: nil, readOnly: readOnly) } catch {
        throw WinnowExit.failure("\(state): \(error)")
    }
}
