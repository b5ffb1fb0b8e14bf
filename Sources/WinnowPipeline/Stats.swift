import WinnowCore

/// Counts for one stage. Invariant: `input == kept + dropped + rejected`.
public struct StageStats: Sendable {
    public var type: String
    public var input = 0
    public var kept = 0
    public var droppedByReason: [String: Int] = [:]
    public var rejected = 0
    public var seconds = 0.0
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
            w.key("seconds"); w.double(s.seconds)
            w.endObject()
        }
        w.endArray()
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

    /// Human summary for stderr.
    public func summary() -> String {
        var lines = ["winnow: \(read) read, \(written) written, \(dropped) dropped, \(rejected) rejected in \(String(format2(seconds)))s"]
        for s in stages {
            var l = "  \(s.type): in \(s.input), kept \(s.kept)"
            if s.dropped > 0 {
                l += ", dropped \(s.dropped) (" + s.droppedByReason.keys.sorted().map { "\($0): \(s.droppedByReason[$0]!)" }.joined(separator: ", ") + ")"
            }
            if s.rejected > 0 { l += ", rejected \(s.rejected)" }
            lines.append(l)
        }
        if rejectedAtRead > 0 { lines.append("  read: rejected \(rejectedAtRead)") }
        return lines.joined(separator: "\n")
    }
}

func format2(_ x: Double) -> String {
    let v = (x * 100).rounded() / 100
    return String(v)
}
