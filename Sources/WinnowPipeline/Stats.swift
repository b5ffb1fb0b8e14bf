import Foundation
import WinnowCore

/// Counts for one stage. Invariant: `input == kept + dropped + rejected`.
public struct StageStats: Sendable {
    public var type: String
    public var input = 0
    public var kept = 0
    public var droppedByReason: [String: Int] = [:]
    public var rejected = 0
    public var seconds = 0.0
    /// What the stage counted beyond keep and drop (`StageCounting`), e.g. `marked` → `near` → 12.
    public var counters: [String: [String: Int]] = [:]
    /// Counters for `stats.json` only (`StageCounting.detailCounters`), e.g. `rules` → `line.footer` → 40.
    public var detailCounters: [String: [String: Int]] = [:]
    public var dropped: Int { droppedByReason.values.reduce(0, +) }
    init(type: String) { self.type = type }
}

/// Everything a run counted. Invariant: `read == written + dropped + rejected`.
public struct RunStats: Sendable {
    public var runName = ""
    public var pipeline = ""
    public var inputFiles = 0
    public var inputBytes = 0
    public var read = 0
    public var written = 0
    public var rejectedAtRead = 0
    public var stages: [StageStats] = []
    public var outputBytes = 0
    public var outputFiles: [String] = []
    public var seconds = 0.0
    public var threads = 1
    public var exitCode: Int32 = 0
    /// Input files passed over (not a page type, excluded, the run's own output), by reason.
    public var skippedInputs: [String: Int] = [:]
    /// Input files left for the next run (modified less than `input.min_age_seconds` ago).
    public var deferredInputs = 0
    /// Archive members and WARC records passed over (not pages), by reason.
    public var skippedRecords: [String: Int] = [:]
    /// Things an operator should see although the run succeeded (an input that yielded nothing, a JSONL
    /// value that could not be parsed).
    public var warnings: [String] = []
    /// With `--state`: nothing new to read, so no run folder was written.
    public var nothingNew = false

    public var dropped: Int { stages.reduce(0) { $0 + $1.dropped } }
    public var rejected: Int { rejectedAtRead + stages.reduce(0) { $0 + $1.rejected } }

    /// Drop reasons are grouped by their stable prefix ("near-duplicate of X" → "near-duplicate").
    static func reasonKey(_ reason: String) -> String {
        if let r = reason.range(of: " of ") { return String(reason[..<r.lowerBound]) }
        return reason
    }

    public func json() -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("run"); w.string(runName)
        w.key("pipeline"); w.string(pipeline)
        w.key("threads"); w.int(threads)
        w.key("exit_code"); w.int(Int(exitCode))
        w.key("inputs"); w.beginObject()
        w.key("files"); w.int(inputFiles); w.key("bytes"); w.int(inputBytes)
        w.key("deferred"); w.int(deferredInputs)
        w.key("skipped"); Self.counts(skippedInputs, &w)
        w.key("records_skipped"); Self.counts(skippedRecords, &w)
        w.endObject()
        w.key("documents"); w.beginObject()
        w.key("read"); w.int(read); w.key("written"); w.int(written)
        w.key("dropped"); w.int(dropped); w.key("rejected"); w.int(rejected)
        w.key("rejected_at_read"); w.int(rejectedAtRead)
        w.endObject()
        w.key("stages"); w.beginArray()
        for s in stages {
            w.beginObject()
            w.key("type"); w.string(s.type)
            w.key("in"); w.int(s.input); w.key("kept"); w.int(s.kept)
            w.key("dropped"); w.beginObject()
            for k in s.droppedByReason.keys.sorted() { w.key(k); w.int(s.droppedByReason[k]!) }
            w.endObject()
            w.key("rejected"); w.int(s.rejected)
            for name in s.counters.keys.sorted() { w.key(name); Self.counts(s.counters[name] ?? [:], &w) }
            for name in s.detailCounters.keys.sorted() { w.key(name); Self.counts(s.detailCounters[name] ?? [:], &w) }
            w.key("seconds"); w.double(s.seconds)
            w.endObject()
        }
        w.endArray()
        w.key("warnings"); w.beginArray(); for m in warnings { w.string(m) }; w.endArray()
        w.key("output"); w.beginObject()
        w.key("bytes"); w.int(outputBytes)
        w.key("files"); w.beginArray(); for f in outputFiles { w.string(f) }; w.endArray()
        w.endObject()
        w.key("duration_seconds"); w.double(seconds)
        w.key("throughput"); w.beginObject()
        w.key("docs_per_second"); w.double(seconds > 0 ? Double(read) / seconds : 0)
        w.key("mb_per_second"); w.double(seconds > 0 ? Double(inputBytes) / 1e6 / seconds : 0)
        w.endObject()
        w.endObject()
        var b = w.bytes; b.append(0x0A)
        return b
    }

    static func counts(_ c: [String: Int], _ w: inout JSONWriter) {
        w.beginObject()
        for k in c.keys.sorted() { w.key(k); w.int(c[k] ?? 0) }
        w.endObject()
    }

    /// "run_date_fallback" -> "run date fallback".
    static func words(_ key: String) -> String { key.split(separator: "_").joined(separator: " ") }

    static func listing(_ c: [String: Int]) -> String {
        c.keys.sorted().map { "\($0): \(c[$0] ?? 0)" }.joined(separator: ", ")
    }

    /// The one-line summary (cron mail, logs): the documents, then what was marked, skipped or deferred.
    public func line() -> String {
        if nothingNew {
            return "winnow: nothing new (\(deferredInputs) deferred, \(skippedInputs.values.reduce(0, +)) skipped); no run folder written"
        }
        var s = "winnow: \(read) read, \(written) written, \(dropped) dropped, \(rejected) rejected"
        for st in stages {
            // "marked: exact 5, near 1, revision 0; clusters: merged 0" (a counter's parts, each named)
            for (name, c) in st.counters.sorted(by: { $0.key < $1.key }) where !c.isEmpty {
                s += "; " + Self.words(name) + ": " + c.keys.sorted().map { "\(Self.words($0)) \(c[$0] ?? 0)" }.joined(separator: ", ")
            }
        }
        let skippedFiles = skippedInputs.values.reduce(0, +)
        if skippedFiles > 0 { s += "; \(skippedFiles) inputs skipped" }
        if deferredInputs > 0 { s += "; \(deferredInputs) deferred" }
        let skippedRecs = skippedRecords.values.reduce(0, +)
        if skippedRecs > 0 { s += "; \(skippedRecs) archive records skipped" }
        if !warnings.isEmpty { s += "; \(warnings.count) warnings" }
        return s
    }

    /// Human summary for stderr (a terminal): the line, then per stage and per reason.
    public func summary() -> String {
        var lines = [line() + " in \(String(format2(seconds)))s"]
        for s in stages {
            var l = "  \(s.type): in \(s.input), kept \(s.kept)"
            if s.dropped > 0 { l += ", dropped \(s.dropped) (" + Self.listing(s.droppedByReason) + ")" }
            if s.rejected > 0 { l += ", rejected \(s.rejected)" }
            for (name, c) in s.counters.sorted(by: { $0.key < $1.key }) where !c.isEmpty { l += ", \(name) (\(Self.listing(c)))" }
            lines.append(l)
        }
        if rejectedAtRead > 0 { lines.append("  read: rejected \(rejectedAtRead)") }
        if !skippedInputs.isEmpty { lines.append("  inputs skipped: " + Self.listing(skippedInputs)) }
        if !skippedRecords.isEmpty { lines.append("  archive records skipped: " + Self.listing(skippedRecords)) }
        for w in warnings.prefix(OutcomeSink.maxWarningLinesOnStderr) { lines.append("  warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}

func format2(_ x: Double) -> String {
    let v = (x * 100).rounded() / 100
    return String(v)
}

extension RunStats {
    /// Reads a shard (map) run's `stats.json` back (what `winnow reduce` adds up).
    static func read(shardFolder folder: String) throws -> RunStats {
        let path = folder + "/stats.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw RunError("\(path): cannot read the shard's stats") }
        let v: JSONValue
        do { v = try JSONValue.parse(Array(data)) } catch { throw RunError("\(path): not valid JSON: \(error)") }
        func int(_ o: JSONValue?, _ k: String) -> Int { if case let .number(n)? = o?[k] { return Int(n) }; return 0 }
        func counts(_ o: JSONValue?) -> [String: Int] {
            var c: [String: Int] = [:]
            for (k, val) in o?.objectPairs ?? [] { if case let .number(n) = val { c[k] = Int(n) } }
            return c
        }
        var s = RunStats()
        s.read = int(v["documents"], "read")
        s.written = int(v["documents"], "written")
        s.rejectedAtRead = int(v["documents"], "rejected_at_read")
        s.inputFiles = int(v["inputs"], "files")
        s.inputBytes = int(v["inputs"], "bytes")
        s.deferredInputs = int(v["inputs"], "deferred")
        s.skippedInputs = counts(v["inputs"]?["skipped"])
        s.skippedRecords = counts(v["inputs"]?["records_skipped"])
        if case let .array(ws)? = v["warnings"] { s.warnings = ws.compactMap(\.stringValue) }
        if case let .array(st)? = v["stages"] {
            for e in st {
                var t = StageStats(type: e["type"]?.stringValue ?? "?")
                t.droppedByReason = counts(e["dropped"])
                t.rejected = int(e, "rejected")
                if case let .number(sec)? = e["seconds"] { t.seconds = sec }
                s.stages.append(t)
            }
        }
        return s
    }

    /// A reduce run's totals: the shards' reads, their stages (summed per stage) before the reduce's own,
    /// their rejects at read time, skipped and deferred inputs and warnings. `read = written + dropped +
    /// rejected` holds over the whole job.
    mutating func prependMapStats(_ shards: [RunStats]) {
        var map: [StageStats] = []
        for s in shards {
            for (i, st) in s.stages.enumerated() {
                if i == map.count { map.append(StageStats(type: st.type)) }
                for (k, v) in st.droppedByReason { map[i].droppedByReason[k, default: 0] += v }
                map[i].rejected += st.rejected
                map[i].seconds += st.seconds
            }
            rejectedAtRead += s.rejectedAtRead
            inputFiles += s.inputFiles
            inputBytes += s.inputBytes
            deferredInputs += s.deferredInputs
            for (k, v) in s.skippedInputs { skippedInputs[k, default: 0] += v }
            for (k, v) in s.skippedRecords { skippedRecords[k, default: 0] += v }
            warnings += s.warnings
        }
        // The reduce read each shard document once more: the job's reads are the shards' reads.
        read = shards.reduce(0) { $0 + $1.read } + (read - shards.reduce(0) { $0 + $1.written })
        stages = map + stages
    }
}
