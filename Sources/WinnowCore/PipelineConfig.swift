/// A parsed pipeline file. Every key is validated: unknown keys are errors naming the file and path.
///
///     {
///       "name": "news",
///       "input":  {"paths": ["samples"], "format": "auto", "charset": "auto"},
///       "output": {"path": "out", "gzip": false, "max_file_bytes": 268435456},
///       "errors": {"policy": "reject"},
///       "stages": [{"type": "strip_boilerplate", "params": {}}, ...]
///     }
public struct PipelineConfig: Sendable {
    public enum InputFormat: String, Sendable, CaseIterable { case auto, html, text, jsonl }
    public enum ErrorPolicy: String, Sendable, CaseIterable {
        /// A failing document goes to the rejects file; the run continues (exit code 1: partial).
        case reject
        /// The first failing document stops the run (exit code 2).
        case fail
    }

    public struct Input: Sendable {
        public var paths: [String] = []
        public var format: InputFormat = .auto
        /// "auto" (BOM, meta, detection) or a fixed IANA name applied to every input.
        public var charset: String = "auto"
        /// Documents larger than this (after decompression) are rejected. Default 64 MiB.
        public var maxDocumentBytes: Int = 64 << 20
        /// Glob patterns of files to skip inside input directories and archives (win over `include`).
        public var exclude: [String] = []
        /// Glob patterns of files to read although their type is not one Winnow reads by default.
        public var include: [String] = []
        /// A file modified less than this many seconds ago is deferred to the next run (it may still be
        /// being written). nil: 60 with `--state`, 0 without.
        public var minAgeSeconds: Double? = nil
    }

    public struct Output: Sendable {
        /// Directory, or "-" for stdout.
        public var path: String = "out"
        public var gzip: Bool = false
        /// Start a new part file after this many bytes (uncompressed). 0: no limit.
        public var maxFileBytes: Int = 256 << 20
        /// Write the per-stage trace into each record.
        public var trace: Bool = false
        /// Write `dropped.jsonl`: id, source, stage and reason of every dropped document.
        public var dropped: Bool = false
    }

    public struct StageSpec: Sendable {
        public var type: String
        public var params: [(String, JSONValue)]
        public var location: String
    }

    public var file: String
    public var name: String
    public var input = Input()
    public var output = Output()
    public var errorPolicy: ErrorPolicy = .reject
    public var threads: Int = 0   // 0: all cores
    public var batchSize: Int = 256
    public var stages: [StageSpec] = []

    public init(file: String, name: String) { self.file = file; self.name = name }

    /// Parse pipeline JSON text. `file` is used in error messages.
    public static func parse(_ text: [UInt8], file: String) throws -> PipelineConfig {
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch let e as JSONParseError {
            throw ConfigError(file: file, reason: e.description)
        }
        guard case let .object(top) = json else {
            throw ConfigError(file: file, reason: "a pipeline file must be a JSON object, got \(json.typeName)")
        }
        let root = ObjectReader(top, path: "", file: file)
        var c = PipelineConfig(file: file, name: try root.string("name") ?? "pipeline")
        if let input = try root.object("input") {
            c.input.paths = try input.strings("paths") ?? []
            if let f = try input.string("format") {
                guard let v = InputFormat(rawValue: f) else {
                    throw input.error("format", "must be one of auto, html, text, jsonl; got \"\(f)\"")
                }
                c.input.format = v
            }
            c.input.charset = try input.string("charset") ?? "auto"
            c.input.maxDocumentBytes = try input.int("max_document_bytes", in: 1...(1 << 40)) ?? c.input.maxDocumentBytes
            c.input.exclude = try input.strings("exclude") ?? []
            c.input.include = try input.strings("include") ?? []
            if let a = try input.number("min_age_seconds", in: 0...(365 * 86400)) { c.input.minAgeSeconds = a }
            try input.finish()
        }
        if let output = try root.object("output") {
            c.output.path = try output.string("path") ?? c.output.path
            c.output.gzip = try output.bool("gzip") ?? false
            c.output.maxFileBytes = try output.int("max_file_bytes", in: 0...(1 << 50)) ?? c.output.maxFileBytes
            c.output.trace = try output.bool("trace") ?? false
            c.output.dropped = try output.bool("dropped") ?? false
            try output.finish()
        }
        if let errors = try root.object("errors") {
            if let p = try errors.string("policy") {
                guard let v = ErrorPolicy(rawValue: p) else {
                    throw errors.error("policy", "must be \"reject\" or \"fail\", got \"\(p)\"")
                }
                c.errorPolicy = v
            }
            try errors.finish()
        }
        c.threads = try root.int("threads", in: 0...1024) ?? 0
        c.batchSize = try root.int("batch_size", in: 1...100_000) ?? c.batchSize
        guard let stages = try root.array("stages") else {
            throw ConfigError(file: file, key: "stages", reason: "missing: a pipeline needs a list of stages")
        }
        for (i, s) in stages.enumerated() {
            guard case let .object(pairs) = s else {
                throw ConfigError(file: file, location: "stages[\(i)]", reason: "must be an object, got \(s.typeName)")
            }
            let r = ObjectReader(pairs, path: "stages[\(i)]", file: file)
            guard let type = try r.string("type") else {
                throw ConfigError(file: file, location: "stages[\(i)]", key: "type", reason: "missing stage type")
            }
            let params: [(String, JSONValue)]
            switch try r.raw("params") {
            case nil, .null?: params = []
            case let .object(p)?: params = p
            case let v?: throw r.error("params", "must be an object, got \(v.typeName)")
            }
            try r.finish()
            c.stages.append(StageSpec(type: type, params: params, location: "stages[\(i)] (\(type))"))
        }
        try root.finish()
        return c
    }
}

/// Typed reader for one JSON object of a pipeline file, tracking which keys were read.
struct ObjectReader {
    let pairs: [(String, JSONValue)]
    let path: String
    let file: String
    private let used = Box()
    final class Box { var keys: Set<String> = [] }

    init(_ pairs: [(String, JSONValue)], path: String, file: String) {
        self.pairs = pairs; self.path = path; self.file = file
    }

    func error(_ key: String, _ reason: String) -> ConfigError {
        ConfigError(file: file, location: path.isEmpty ? nil : path, key: key, reason: reason)
    }

    func raw(_ key: String) throws -> JSONValue? {
        used.keys.insert(key)
        return pairs.first(where: { $0.0 == key })?.1
    }

    func string(_ key: String) throws -> String? {
        guard let v = try raw(key) else { return nil }
        guard case let .string(s) = v else { throw error(key, "expected a string, got \(v.typeName)") }
        return s
    }

    func bool(_ key: String) throws -> Bool? {
        guard let v = try raw(key) else { return nil }
        guard case let .bool(b) = v else { throw error(key, "expected a boolean, got \(v.typeName)") }
        return b
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let v = try raw(key) else { return nil }
        guard case let .number(n) = v, n == n.rounded(), abs(n) < 9e15 else {
            throw error(key, "expected an integer, got \(v.typeName)")
        }
        guard range.contains(Int(n)) else {
            throw error(key, "must be in \(range.lowerBound)...\(range.upperBound), got \(Int(n))")
        }
        return Int(n)
    }

    func number(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let v = try raw(key) else { return nil }
        guard case let .number(n) = v else { throw error(key, "expected a number, got \(v.typeName)") }
        guard range.contains(n) else { throw error(key, "must be in \(range.lowerBound)...\(range.upperBound), got \(n)") }
        return n
    }

    func strings(_ key: String) throws -> [String]? {
        guard let v = try raw(key) else { return nil }
        if case let .string(s) = v { return [s] }
        guard case let .array(items) = v else { throw error(key, "expected an array of strings, got \(v.typeName)") }
        return try items.map {
            guard case let .string(s) = $0 else { throw error(key, "expected strings, found \($0.typeName)") }
            return s
        }
    }

    func array(_ key: String) throws -> [JSONValue]? {
        guard let v = try raw(key) else { return nil }
        guard case let .array(a) = v else { throw error(key, "expected an array, got \(v.typeName)") }
        return a
    }

    func object(_ key: String) throws -> ObjectReader? {
        guard let v = try raw(key) else { return nil }
        guard case let .object(p) = v else { throw error(key, "expected an object, got \(v.typeName)") }
        return ObjectReader(p, path: path.isEmpty ? key : path + "." + key, file: file)
    }

    func finish() throws {
        for (k, _) in pairs where !used.keys.contains(k) {
            throw error(k, "unknown key")
        }
    }
}
