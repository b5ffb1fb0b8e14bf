import Foundation
import WinnowCore
import WinnowIO

/// The crash-safe frame of a run: the state lock and generation (with `--state`), the staging folder the
/// outputs are written under, and the commit that renames it into place and switches the state.
/// A failure anywhere before `commit` leaves the output and the state as they were.
final class RunTransaction {
    let store: StateStore?
    let outRoot: String
    let runName: String
    let finalFolder: String
    let staging: String

    init(plan: RunPlan, options: RunOptions) throws {
        if !plan.toStdout { try Self.makeDirectory(plan.outRoot) }
        outRoot = plan.outRoot
        var st: StateStore?
        if let dir = options.stateDirectory {
            let s = try StateStore(directory: dir)
            try s.lock()
            try s.begin(outputRoot: plan.outRoot)
            st = s
        }
        store = st
        let name = options.runName ?? (st != nil ? StateStore.runName(outputRoot: plan.outRoot) : "run")
        runName = name
        if let st, st.committedRuns.contains(where: { $0.name == name || $0.folder == name }) {
            st.rollback(); st.unlock()
            throw RunError("run name \(name) is already used by a committed run in \(st.directory)")
        }
        if let shard = options.shard {
            finalFolder = plan.outRoot + "/" + PipelineRunner.shardFolderName(shard.index, shard.count)
        } else if st != nil {
            finalFolder = plan.outRoot + "/" + runName
        } else {
            finalFolder = plan.outRoot
        }
        // Outputs are written under a staging name and renamed into place when complete.
        staging = (plan.toStdout || finalFolder == plan.outRoot) ? plan.outRoot
            : plan.outRoot + "/.staging-" + (finalFolder as NSString).lastPathComponent
    }

    deinit { store?.unlock() }

    var usesStaging: Bool { staging != outRoot }

    func prepareStaging() throws {
        guard usesStaging else { return }
        try? FileManager.default.removeItem(atPath: staging)
        try Self.makeDirectory(staging)
    }

    /// Opens the stages, each with its folder in the next state generation. With more than one thread the
    /// stages open side by side: opening loads their tables (language model, tagger, gazetteer), the one part
    /// of a run no other thread can share. An error is reported for the first failing stage in pipeline order.
    func open(_ stages: [any Stage], types: [String], range: Range<Int>, threads: Int) throws {
        let contexts = try range.map { k in
            StageContext(stateDirectory: try store?.stageDirectory(index: k, type: types[k]), runName: runName)
        }
        var errors = [(any Error)?](repeating: nil, count: range.count)
        errors.withUnsafeMutableBufferPointer { errors in
            nonisolated(unsafe) let errors = errors
            parallelFor(range.count, threads: threads) { i in
                // Nothing to open after a failure (always so with one thread, where they open in order).
                if threads <= 1, errors[..<i].contains(where: { $0 != nil }) { return }
                do { try stages[range.lowerBound + i].open(context: contexts[i]) } catch { errors[i] = error }
            }
        }
        if let first = errors.lazy.compactMap({ $0 }).first { throw first }
    }

    /// Renames the staging folder into place, then records the run and its inputs in the state (the commit point).
    func commit(processed: [InputFile]) throws {
        CrashPoint.hit("after-stage-close")
        if usesStaging {
            try? FileManager.default.removeItem(atPath: finalFolder)
            guard rename(staging, finalFolder) == 0 else {
                throw RunError("cannot rename \(staging) to \(finalFolder): \(String(cString: strerror(errno)))")
            }
            try StateStore.fsyncDirectory(outRoot)
        }
        CrashPoint.hit("after-output-rename")
        try store?.commit(runName: runName, outputFolder: (finalFolder as NSString).lastPathComponent, processed: processed)
        CrashPoint.hit("after-commit")
    }

    /// Leaves output and state as they were.
    func rollback() {
        store?.rollback()
        if usesStaging { try? FileManager.default.removeItem(atPath: staging) }
    }

    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw RunError("cannot create output directory \(path): \(error.localizedDescription)")
        }
        guard access(path, W_OK) == 0 else { throw RunError("output directory \(path) is not writable") }
    }
}
