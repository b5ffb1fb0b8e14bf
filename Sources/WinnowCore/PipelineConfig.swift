/// A parsed pipeline file. Every key is validated: unknown keys are errors naming the file and path.
/// Each section is declared once (`spec`), like stage options: the same declarations parse the file,
/// document it (`winnow stages`, README) and give its JSON Schema (`winnow schema`).
///
///     {
///       "name": "news",
///       "input":  {"paths": ["samples"], "format": "auto", "charset": "auto"},
///       "output": {"path": "out", "gzip": false, "max_file_bytes": 268435456},
///       "errors": {"policy": "reject"},
///       "stages": [{"type": "strip_boilerplate", "params": {}}, ...]
///     }
public struct PipelineConfig: StageOptions {
    public enum InputFormat: String, Sendable, CaseIterable { case auto, html, text, jsonl }
    public enum ErrorPolicy: String, Sendable, CaseIterable {
        /// A failing document goes to the rejects file; the run continues (exit code 1: partial).
        case reject
        /// The first failing document stops the run (exit code 2).
        case fail
    }

    public struct Input: StageOptions {
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
        public init() {}

        public static let spec = OptionSpec<Self> {
            $0.strings("paths", \.paths, single: true, "input files and directories (a string: one path)")
            $0.choice("format", \.format, "auto: by extension, else sniffed; html, text or jsonl: every input is that")
            $0.string("charset", \.charset, "auto: BOM, then <meta charset>, then detection; else a fixed charset for every input")
            $0.int("max_document_bytes", \.maxDocumentBytes, in: 1...(1 << 40),
                   "documents larger than this after decompression are rejected (a gzip bomb is not inflated)")
            $0.strings("exclude", \.exclude, single: true,
                       "glob patterns of files to skip inside input directories and archives (win over include)")
            $0.strings("include", \.include, single: true,
                       "glob patterns of files to read although their type is not one Winnow reads by default")
            $0.number("min_age_seconds", \.minAgeSeconds, in: 0...(365 * 86400),
                      "a file modified less than this many seconds ago is deferred to the next run (default: 60 with --state, 0 without)")
        }
    }

    public struct Output: StageOptions {
        /// Directory, or "-" for stdout.
        public var path: String = "out"
        public var gzip: Bool = false
        /// Start a new part file after this many bytes (uncompressed). 0: no limit.
        public var maxFileBytes: Int = 256 << 20
        /// Write the per-stage trace into each record.
        public var trace: Bool = false
        /// Write `dropped.jsonl`: id, source, stage and reason of every dropped document.
        public var dropped: Bool = false
        /// How `text` is written (`TextFormat`): rendered by `strip_boilerplate`, so later stages and entity
        /// offsets see the text as written.
        public var textFormat: TextFormat = .text
        public init() {}

        public static let spec = OptionSpec<Self> {
            $0.string("path", \.path, "output directory, or \"-\" for stdout")
            $0.bool("gzip", \.gzip, "gzip the part files")
            $0.int("max_file_bytes", \.maxFileBytes, in: 0...(1 << 50), "start a new part file after this many bytes (uncompressed); 0: no limit")
            $0.bool("trace", \.trace, "write the per-stage trace into each record")
            $0.bool("dropped", \.dropped, "write dropped.jsonl: id, source, stage and reason of every dropped document")
            $0.choice("text_format", \.textFormat,
                      "text: plain paragraphs; markdown: headings, lists, quotes, tables and code as Markdown (strip_boilerplate renders it, so entity offsets index the Markdown)")
        }
    }

    public struct Errors: StageOptions {
        public var policy: ErrorPolicy = .reject
        public init() {}

        public static let spec = OptionSpec<Self> {
            $0.choice("policy", \.policy, "reject: a failing document goes to rejects.jsonl and the run goes on; fail: stop at the first one, commit nothing")
        }
    }

    public struct StageSpec: Sendable {
        public var type: String
        public var params: [(String, JSONValue)]
        public var location: String
        public init(type: String, params: [(String, JSONValue)], location: String) {
            self.type = type; self.params = params; self.location = location
        }
    }

    public var file: String = ""
    public var name: String = "pipeline"
    public var input = Input()
    public var output = Output()
    public var errors = Errors()
    public var threads: Int = 0   // 0: all cores
    public var batchSize: Int = 256
    public var stages: [StageSpec] = []

    public var errorPolicy: ErrorPolicy {
        get { errors.policy }
        set { errors.policy = newValue }
    }

    public init() {}
    public init(file: String, name: String) { self.file = file; self.name = name }

    public static let spec = OptionSpec<Self> {
        $0.string("name", \.name, "name of the pipeline (labels runs in the state directory)")
        $0.object("input", \.input, "where documents come from")
        $0.object("output", \.output, "where records go")
        $0.object("errors", \.errors, "what a failing document does to the run")
        $0.int("threads", \.threads, in: 0...1024, "worker threads; 0: all cores")
        $0.int("batch_size", \.batchSize, in: 1...100_000, "documents per batch")
        $0.custom("stages", \.stages, typeName: "[stage]", schema: stageListSchema,
                  required: "missing: a pipeline needs a list of stages",
                  "the stages, in order: {\"type\": TYPE, \"params\": {options}}", read: readStages)
    }

    /// `stages`: a list of `{"type", "params"}`; the params are checked later by each stage's own spec.
    static let stageListSchema: JSONValue = .object([
        ("type", .string("array")),
        ("items", .object([
            ("type", .string("object")),
            ("properties", .object([
                ("type", .object([("type", .string("string"))])),
                ("params", .object([("type", .array([.string("object"), .string("null")]))])),
            ])),
            ("required", .array([.string("type")])),
            ("additionalProperties", .bool(false)),
        ])),
    ])

    @Sendable static func readStages(_ v: JSONValue, _ p: StageParams) throws -> [StageSpec] {
        guard case let .array(items) = v else { throw p.error("stages", "expected an array, got \(v.typeName)") }
        return try items.enumerated().map { i, s in
            guard case let .object(pairs) = s else {
                throw ConfigError(file: p.file, location: "stages[\(i)]", reason: "must be an object, got \(s.typeName)")
            }
            let r = StageParams(pairs, location: "stages[\(i)]", file: p.file, noun: "key")
            guard let t = r.raw("type") else { throw r.error("type", "missing stage type") }
            let type = try r.convert("type", t, OptionValue.string)
            let params: [(String, JSONValue)]
            switch r.raw("params") {
            case nil, .null?: params = []
            case let .object(o)?: params = o
            case let x?: throw r.error("params", "must be an object, got \(x.typeName)")
            }
            try r.finish()
            return StageSpec(type: type, params: params, location: "stages[\(i)] (\(type))")
        }
    }

    /// Parse pipeline JSON text. `file` is used in error messages.
    public static func parse(_ text: [UInt8], file: String) throws -> PipelineConfig {
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch let e as JSONParseError {
            throw ConfigError(file: file, reason: e.description)
        }
        guard case let .object(top) = json else {
            throw ConfigError(file: file, reason: "a pipeline file must be a JSON object, got \(json.typeName)")
        }
        var c = try StageParams(top, location: "", file: file, noun: "key").decode(PipelineConfig.self)
        c.file = file
        return c
    }
}
