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

/// The `exec` stage's options: one declaration parses, validates and documents them.
struct ExecOptions: StageOptions {
    /// argv: the program (looked up in PATH when it has no slash) and its arguments.
    var command: [String] = []
    var workers = ExecLimits.defaultWorkers
    var batchSize = ExecLimits.defaultBatchSize
    var timeoutSeconds = ExecLimits.defaultTimeoutSeconds
    /// Output field names sent to the program (always with `id`); nil: the whole output record.
    var fields: [String]? = nil
    /// `NAME=value` entries added to (or replacing in) Winnow's own environment for the program.
    var environment: [String] = []

    init() {}

    static let spec = OptionSpec<Self> {
        $0.custom("command", \.command, typeName: "[string]", schema: stringList,
                  required: "required: the program and its arguments, e.g. [\"python3\", \"my_stage.py\"]",
                  "the program (looked up in PATH without a slash) and its arguments") { v, p in
            let argv = try p.convert("command", v) { try OptionValue.strings($0) }
            guard let program = argv.first, !program.isEmpty else {
                throw p.error("command", "must be a non-empty list whose first item is the program")
            }
            return argv
        }
        $0.int("workers", \.workers, in: 1...ExecLimits.maxWorkers, "program processes run side by side (each keeps its own state)")
        $0.int("batch_size", \.batchSize, in: 1...ExecLimits.maxBatchSize,
               "documents written to a program before its answers are read back")
        $0.number("timeout_seconds", \.timeoutSeconds, in: 0.001...ExecLimits.maxTimeoutSeconds,
                  "seconds a program may take over one document before it is killed and the document rejected")
        $0.custom("fields", \.fields, typeName: "[string]", schema: fieldList,
                  "output fields sent to the program, with id (default: the whole output record)") { v, p in
            let names = try p.convert("fields", v) { try OptionValue.strings($0) }
            let known = ExecRecord.outputFields
            for n in names where !known.contains(n) {
                throw p.error("fields", "unknown output field \"\(n)\" (known: \(known.joined(separator: ", ")))")
            }
            return names
        }
        $0.strings("env", \.environment, check: { e in
            (e.firstIndex(of: "=").map { $0 != e.startIndex } ?? false) ? nil : "entries are NAME=value, got \"\(e)\""
        }, "NAME=value entries added to the program's environment")
    }

    private static let stringList: JSONValue = .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])
    private static let fieldList: JSONValue = .object([
        ("type", .string("array")),
        ("items", .object([("enum", .array(ExecRecord.outputFields.map { .string($0) }))])),
    ])

    /// How error messages name this stage: `exec [python3 my_stage.py]`.
    var label: String {
        var s = command.joined(separator: " ")
        if s.count > 80 { s = String(s.prefix(77)) + "..." }
        return "exec [\(s)]"
    }
}
