import Dispatch
import Foundation
import WinnowCore

/// `exec`: runs an external program, in any language, as a stage.
///
/// Winnow writes one JSON document per line to the program's stdin (the output record, or `id` and the
/// `fields` asked for); the program answers one line per document, in order, with the same `id`: the
/// fields it changed, `{"id": …, "drop": "reason"}` or `{"id": …, "error": "reason"}` (a reject).
///
/// The program is long-lived: `workers` processes, each fed chunks of `batch_size` documents. Chunk `c`
/// of a batch always goes to worker `c % workers` and results go back in input order, so output does not
/// depend on timing or thread counts. A crash or timeout rejects the document being worked on (the first
/// one not answered) with the tail of the program's stderr, restarts the program and resends the rest.
public final class ExecStage: BatchStage, Sendable {
    public static let typeName = "exec"
    public static let summary = "Runs an external program (any language) on each document over JSON Lines: change, drop or reject"

    let options: ExecOptions
    private let workers: [Worker]

    public init(params: StageParams) throws {
        options = try params.decode(ExecOptions.self)
        workers = (0..<options.workers).map { _ in Worker() }
    }

    /// Starts every worker, so a missing program stops the run before any document is read.
    public func open(context: StageContext) throws {
        for w in workers {
            w.lock.lock(); defer { w.lock.unlock() }
            do { _ = try w.running(options) } catch {
                throw StageError("\(options.label): \(error)")
            }
        }
    }

    public func close() throws {
        for w in workers { w.stop() }
    }

    deinit { for w in workers { w.stop() } }

    public func process(_ document: inout Document) throws -> StageResult {
        var batch = [document]
        let outcome = process(batch: &batch)[0]
        document = batch[0]
        switch outcome {
        case .keep: return .keep
        case let .drop(reason): return .drop(reason: reason)
        case let .reject(reason): throw StageError(reason)
        }
    }

    public func process(batch: inout [Document]) -> [BatchOutcome] {
        let size = options.batchSize
        let chunks = stride(from: 0, to: batch.count, by: size).map { $0..<min($0 + size, batch.count) }
        var outcomes = [BatchOutcome](repeating: .keep, count: batch.count)
        let n = workers.count
        batch.withUnsafeMutableBufferPointer { docs in
            outcomes.withUnsafeMutableBufferPointer { outs in
                nonisolated(unsafe) let docs = docs, outs = outs
                DispatchQueue.concurrentPerform(iterations: min(n, chunks.count)) { w in
                    for c in stride(from: w, to: chunks.count, by: n) {
                        workers[w].run(docs, outs, chunks[c], options)
                    }
                }
            }
        }
        return outcomes
    }

    /// Process ids of the programs running now (tests check that none outlives `close`).
    var runningPIDs: [pid_t] { workers.compactMap(\.pid) }

    static func formatSeconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }
}

/// One worker: at most one running program, used by one thread at a time.
final class Worker: @unchecked Sendable {
    let lock = NSLock()
    private var process: PluginProcess?

    func running(_ options: ExecOptions) throws -> PluginProcess {
        if let process { return process }
        let p = try PluginProcess.spawn(options.command, environment: Self.environment(adding: options.environment))
        process = p
        return p
    }

    var pid: pid_t? {
        lock.lock(); defer { lock.unlock() }
        return process?.pid
    }

    func stop() {
        lock.lock(); defer { lock.unlock() }
        process?.shutdown(grace: ExecLimits.exitGraceSeconds)
        process = nil
    }

    /// Sends the documents of `range` and applies the replies; a crash or timeout rejects the document
    /// being worked on, restarts the program and goes on with the next one.
    func run(_ docs: UnsafeMutableBufferPointer<Document>, _ outs: UnsafeMutableBufferPointer<BatchOutcome>,
             _ range: Range<Int>, _ options: ExecOptions) {
        lock.lock(); defer { lock.unlock() }
        let lines = range.map { ExecRecord.line(docs[$0], fields: options.fields) }
        var i = range.lowerBound
        while i < range.upperBound {
            let p: PluginProcess
            do { p = try running(options) } catch {
                outs[i] = .reject(reason: "\(options.label): document \(docs[i].id): \(error)")
                i += 1
                continue
            }
            let rest = lines[(i - range.lowerBound)...]
            var payload: [UInt8] = []
            payload.reserveCapacity(rest.reduce(0) { $0 + $1.count })
            for l in rest { payload.append(contentsOf: l) }
            let (replies, failure) = p.exchange(payload, count: rest.count, timeout: options.timeoutSeconds)
            for reply in replies {
                outs[i] = ExecReply.outcome(reply, document: &docs[i])
                if case let .reject(reason) = outs[i] { outs[i] = .reject(reason: "\(options.label): \(reason)") }
                i += 1
            }
            guard let failure else { continue }
            p.terminate()
            let tail = p.stderrTail
            outs[i] = .reject(reason: "\(options.label): document \(docs[i].id): \(failure); restarted"
                                + (tail.isEmpty ? " (stderr empty)" : "; stderr: \(tail)"))
            process = nil
            i += 1
        }
    }

    /// Winnow's environment with the `env` option's entries added or replaced.
    static func environment(adding extra: [String]) -> [String] {
        var env = ProcessInfo.processInfo.environment
        for e in extra {
            let eq = e.firstIndex(of: "=")!
            env[String(e[..<eq])] = String(e[e.index(after: eq)...])
        }
        return env.keys.sorted().map { "\($0)=\(env[$0]!)" }
    }
}

extension ExecStage: DescribedStage {
    public static var optionTable: OptionTable { ExecOptions.spec.table }
}
