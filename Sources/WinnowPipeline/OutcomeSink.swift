import Foundation
import WinnowCore
import WinnowIO

/// Everything a run writes, in input order: the part files, `rejects.jsonl`, `dropped.jsonl` (with
/// `output.dropped`), `explain.jsonl` (with `--explain`), and the counts in `RunStats`. All files are
/// written under the staging folder and appear only at `commit`.
final class OutcomeSink {
    /// Per-reject lines on stderr stop after this many (the rest are in rejects.jsonl): a bad archive can
    /// reject millions of records, and a cron mail of a million lines helps nobody.
    static let maxRejectLinesOnStderr = 20
    static let maxWarningLinesOnStderr = 20

    let staging: String
    let toStdout: Bool
    let stageTypes: [String]
    let base: Int
    let policy: PipelineConfig.ErrorPolicy
    let explains: (Document) -> Bool
    let parts: PartWriter
    private let rejectsFile: AtomicFileWriter?
    private let droppedFile: AtomicFileWriter?
    private var writeError: Error?
    private var explain: [UInt8] = []
    private var rejectLinesShown = 0
    private var warningLinesShown = 0
    var stats: RunStats

    init(staging: String, toStdout: Bool, config: PipelineConfig, stageTypes: [String], stageRange: Range<Int>,
         stats: RunStats, explains: @escaping (Document) -> Bool) throws {
        self.staging = staging
        self.toStdout = toStdout
        self.stageTypes = stageTypes
        self.base = stageRange.lowerBound
        self.policy = config.errorPolicy
        self.explains = explains
        self.stats = stats
        parts = PartWriter(directory: staging, gzip: config.output.gzip, maxBytes: config.output.maxFileBytes)
        // Rejects and drops are streamed to their files (a run over a bad archive may reject millions).
        rejectsFile = toStdout ? nil : try AtomicFileWriter(path: staging + "/rejects.jsonl", gzip: false)
        droppedFile = toStdout || !config.output.dropped ? nil : try AtomicFileWriter(path: staging + "/dropped.jsonl", gzip: false)
    }

    var recordsDropped: Bool { droppedFile != nil }

    func take(_ slot: Slot) throws {
        stats.read += 1
        for k in stats.stages.indices { stats.stages[k].seconds += slot.stageSeconds[k + base] }
        for w in slot.warnings { warn(w) }
        guard let outcome = slot.outcome else { return }
        switch outcome {
        case let .written(bytes, doc):
            try parts.write(bytes)
            stats.written += 1
            if explains(doc) { explain.append(contentsOf: PipelineRunner.explainRecord(doc)) }
        case let .dropped(stage, reason, doc):
            stats.stages[stage - base].droppedByReason[RunStats.reasonKey(reason), default: 0] += 1
            if let doc {
                if explains(doc) { explain.append(contentsOf: PipelineRunner.explainRecord(doc)) }
                write(droppedFile, Self.droppedLine(doc, stage: stageTypes[stage], reason: reason))
            }
        case let .rejected(stage, source, id, reason):
            if let stage { stats.stages[stage - base].rejected += 1 } else { stats.rejectedAtRead += 1 }
            reject(stage: stage, source: source, id: id, reason: reason)
            if policy == .fail { throw RunError("stopping (errors.policy = fail): \(source.description): \(reason)") }
        }
    }

    /// A read problem outside any batch (scan failures): counted as read and rejected.
    func rejectAtRead(_ f: ReadFailure) {
        stats.read += 1
        stats.rejectedAtRead += 1
        reject(stage: nil, source: f.source, id: nil, reason: f.reason)
    }

    func reject(stage: Int?, source: SourceRef, id: String?, reason: String) {
        var w = JSONWriter()
        w.beginObject()
        w.key("source"); w.string(source.description)
        w.key("path"); w.string(source.path)
        w.key("line"); if let l = source.line { w.int(l) } else { w.null() }
        w.key("offset"); if let off = source.offset { w.int(off) } else { w.null() }
        w.key("member"); w.stringOrNull(source.member)
        w.key("id"); w.stringOrNull(id)
        w.key("stage"); w.string(stage.map { stageTypes[$0] } ?? "read")
        w.key("reason"); w.string(reason)
        w.endObject()
        write(rejectsFile, w.bytes)
        rejectLinesShown += 1
        if rejectLinesShown <= Self.maxRejectLinesOnStderr {
            FileHandle.standardError.write(Data("winnow: rejected \(source.description): \(reason)\n".utf8))
        }
    }

    /// A shard's reject line, carried into the reduce run's rejects.jsonl as it is (already counted in the
    /// shard's stats, which the reduce adds up).
    func carryReject(_ line: [UInt8]) { write(rejectsFile, line) }

    /// A warning: counted in stats.json, shown on stderr (up to a limit).
    func warn(_ message: String) {
        stats.warnings.append(message)
        warningLinesShown += 1
        if warningLinesShown <= Self.maxWarningLinesOnStderr {
            FileHandle.standardError.write(Data("winnow: warning: \(message)\n".utf8))
        }
    }

    static func droppedLine(_ doc: Document, stage: String, reason: String) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("id"); w.string(doc.id)
        w.key("source"); w.string(doc.source.description)
        w.key("url"); w.stringOrNull(doc.url)
        w.key("stage"); w.string(stage)
        w.key("reason"); w.string(reason)
        w.endObject()
        return w.bytes
    }

    private func write(_ file: AtomicFileWriter?, _ line: [UInt8]) {
        guard let file else { return }
        var b = line
        b.append(0x0A)
        do { try file.write(b) } catch { writeError = error }
    }

    /// Puts every file in place under the staging folder (the run folder is renamed by the transaction).
    func commit(explainRequested: Bool, removeStaleParts: Bool) throws {
        try parts.commit()
        stats.outputFiles = parts.partPaths.map { ($0 as NSString).lastPathComponent }
        stats.outputBytes = parts.bytesWritten
        if rejectLinesShown > Self.maxRejectLinesOnStderr {
            FileHandle.standardError.write(Data("winnow: … and \(rejectLinesShown - Self.maxRejectLinesOnStderr) more rejects: see rejects.jsonl\n".utf8))
        }
        if warningLinesShown > Self.maxWarningLinesOnStderr {
            FileHandle.standardError.write(Data("winnow: … and \(warningLinesShown - Self.maxWarningLinesOnStderr) more warnings: see stats.json\n".utf8))
        }
        if toStdout { return }
        if let writeError { throw writeError }
        try rejectsFile?.commit()
        try droppedFile?.commit()
        if explainRequested { try AtomicFileWriter.write(explain, to: staging + "/explain.jsonl") }
        if removeStaleParts { PipelineRunner.removeStaleParts(in: staging, keep: Set(stats.outputFiles)) }
    }

    func writeStats() throws {
        if !toStdout { try AtomicFileWriter.write(stats.json(), to: staging + "/stats.json") }
    }

    func abandon() {
        parts.abandon()
        rejectsFile?.abandon()
        droppedFile?.abandon()
    }
}
