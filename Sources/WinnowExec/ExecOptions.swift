import WinnowCore

/// Limits and defaults of the `exec` stage's options, each with its reason.
enum ExecLimits {
    /// One worker process keeps the plugin's own state (if any) in one place; more is opt-in.
    static let defaultWorkers = 1
    /// More processes than this on one machine is a configuration mistake, not a speed-up.
    static let maxWorkers = 256
    /// Documents written to a program before its answers are read back: amortises the pipe round trip.
    static let defaultBatchSize = 64
    static let maxBatchSize = 1 << 20
    /// Seconds a program may take over one document before it is killed (and the document rejected).
    static let defaultTimeoutSeconds = 30.0
    static let maxTimeoutSeconds = 86_400.0
    /// Bytes of the program's stderr kept for the reject reason of a crash or timeout.
    static let stderrTailBytes = 2048
    /// A reply line longer than this is treated like a crash (the program is restarted): it would
    /// otherwise grow Winnow's memory without bound.
    static let maxReplyBytes = 256 << 20
    /// After closing a program's stdin at the end of a run, how long it may take to exit before SIGKILL.
    static let exitGraceSeconds = 2.0
}

/// The `exec` stage's options, read from its `params` (the only place that knows their names).
struct ExecOptions: Sendable {
    /// argv: the program (looked up in PATH when it has no slash) and its arguments.
    var command: [String]
    var workers: Int
    var batchSize: Int
    var timeoutSeconds: Double
    /// Output field names sent to the program (always with `id`); nil: the whole output record.
    var fields: [String]?
    /// `NAME=value` entries added to (or replacing in) Winnow's own environment for the program.
    var environment: [String]

    static func parse(_ p: StageParams) throws -> ExecOptions {
        let hasCommand = p.has("command")
        let command = try p.strings("command", default: [])
        let workers = try p.int("workers", default: ExecLimits.defaultWorkers, in: 1...ExecLimits.maxWorkers)
        let batchSize = try p.int("batch_size", default: ExecLimits.defaultBatchSize, in: 1...ExecLimits.maxBatchSize)
        let timeout = try p.double("timeout_seconds", default: ExecLimits.defaultTimeoutSeconds,
                                   in: 0.001...ExecLimits.maxTimeoutSeconds)
        var fields: [String]? = nil
        if p.has("fields") {
            let names = try p.strings("fields", default: [])
            let known = ExecRecord.outputFields
            for n in names where !known.contains(n) {
                throw p.error("fields", "unknown output field \"\(n)\" (known: \(known.joined(separator: ", ")))")
            }
            fields = names
        }
        let env = try p.strings("env", default: [])
        for e in env where !(e.firstIndex(of: "=").map { $0 != e.startIndex } ?? false) {
            throw p.error("env", "entries are NAME=value, got \"\(e)\"")
        }
        try p.finish()   // an unknown key is named before a missing command
        guard hasCommand else {
            throw p.error("command", "required: the program and its arguments, e.g. [\"python3\", \"my_stage.py\"]")
        }
        guard let program = command.first, !program.isEmpty else {
            throw p.error("command", "must be a non-empty list whose first item is the program")
        }
        return ExecOptions(command: command, workers: workers, batchSize: batchSize, timeoutSeconds: timeout,
                           fields: fields, environment: env)
    }

    /// How error messages name this stage: `exec [python3 my_stage.py]`.
    var label: String {
        var s = command.joined(separator: " ")
        if s.count > 80 { s = String(s.prefix(77)) + "..." }
        return "exec [\(s)]"
    }
}
