/// Where a document came from: enough to find the bytes again.
public struct SourceRef: Sendable, Equatable, Hashable {
    /// Path of the input file as given (relative to the input root when read from a directory).
    public var path: String
    /// Member name inside an archive (tar, WARC), if any.
    public var member: String?
    /// 1-based line number for line-oriented inputs (JSONL).
    public var line: Int?
    /// Byte offset of the record inside the (decompressed) input.
    public var offset: Int?

    public init(path: String, member: String? = nil, line: Int? = nil, offset: Int? = nil) {
        self.path = path; self.member = member; self.line = line; self.offset = offset
    }

    /// Human-readable form used in error messages and rejects: `path[:line][#member][@offset]`.
    public var description: String {
        var s = path
        if let member { s += "#" + member }
        if let line { s += ":\(line)" }
        if let offset, line == nil { s += "@\(offset)" }
        return s
    }
}

/// The raw payload of a document before extraction.
public enum DocumentFormat: String, Sendable, Codable {
    case html, text
}

/// A named entity mention. Offsets are Unicode code points into `Document.text`.
public struct Entity: Sendable, Equatable, Hashable {
    public var text: String
    public var type: String
    public var canonical: String
    public var start: Int
    public var end: Int
    public init(text: String, type: String, canonical: String, start: Int, end: Int) {
        self.text = text; self.type = type; self.canonical = canonical; self.start = start; self.end = end
    }
}

/// What the dedup stage found out about a document.
public struct DedupInfo: Sendable, Equatable {
    /// Hex content hash of the normalised text.
    public var contentHash: String
    /// Cluster id: the id of the first document seen with this content (near-duplicates share it).
    public var cluster: String
    /// The earlier document this one duplicates, if any.
    public var duplicateOf: String?
    /// Estimated Jaccard similarity to `duplicateOf` (1.0 for exact duplicates).
    public var similarity: Double?
    /// Same-story cluster id (optional level above near-duplicates).
    public var story: String?
    /// The earlier document this one is a newer revision of (same URL, or same path with changed content).
    public var revisionOf: String?
    public init(contentHash: String, cluster: String, duplicateOf: String? = nil,
                similarity: Double? = nil, story: String? = nil, revisionOf: String? = nil) {
        self.contentHash = contentHash; self.cluster = cluster; self.duplicateOf = duplicateOf
        self.similarity = similarity; self.story = story; self.revisionOf = revisionOf
    }
}

/// One record of what a stage did to a document (kept when tracing is on).
public struct TraceEntry: Sendable, Equatable {
    public var stage: String
    public var action: String   // e.g. "drop-line", "fix", "keep"
    public var rule: String     // which rule fired
    public var detail: String   // the text affected (shortened)
    public init(stage: String, action: String, rule: String, detail: String) {
        self.stage = stage; self.action = action; self.rule = rule; self.detail = detail
    }
}

/// The unit of work flowing through a pipeline. A value type: stages take it `inout`.
public struct Document: Sendable {
    public var id: String
    public var source: SourceRef
    public var url: String?
    public var title: String?
    public var authors: [String] = []
    /// The organisation that published the page (outlet, agency), when stated.
    public var publisher: String?
    /// Original publication date: the shape of `DateValue.normalize` (RFC 3339 with seconds and the source's
    /// own offset, or a plain day).
    public var published: String?
    /// Last modification date, same shape as `published`.
    public var updated: String?
    /// When the page was fetched (WARC date), same shape as `published`.
    public var fetched: String?
    public var site: String?
    /// Host name of the page's URL (or canonical link), lower-cased, without a leading `www.`.
    public var hostname: String?
    public var language: String?
    public var languageScore: Double?
    /// Standfirst or meta description.
    public var description: String?
    /// Tags, keywords and categories the page gives, in page order, without repeats.
    public var tags: [String] = []
    /// Lead image URL (og:image and the like).
    public var image: String?
    /// Licence of the page where stated (rel=license, JSON-LD license).
    public var license: String?
    /// The article text; paragraphs separated by a blank line.
    public var text: String
    /// The blocks `text` was rendered from, as extraction left them; only filled when asked for
    /// (`winnow extract --format json`), and not updated by later stages.
    public var blocks: [TextBlock] = []
    /// The raw input (HTML or text) until extraction consumes it.
    public var raw: [UInt8]?
    public var format: DocumentFormat
    /// Charset hint from transport (HTTP header, pipeline file) for the raw bytes.
    public var charsetHint: String?
    public var entities: [Entity] = []
    public var dedup: DedupInfo?
    /// Per-stage trace; only filled when `tracing` is true.
    public var trace: [TraceEntry] = []
    public var tracing: Bool = false
    /// Free-form per-stage metadata that ends up in the output under `meta`.
    public var meta: [String: String] = [:]
    /// A JSONL input record's `metadata` object, carried unchanged into the output as `meta.input`.
    public var inputMetadata: JSONValue?

    public init(id: String, source: SourceRef, format: DocumentFormat, raw: [UInt8]? = nil, text: String = "") {
        self.id = id; self.source = source; self.format = format; self.raw = raw; self.text = text
    }

    /// Record a trace entry if tracing is enabled. `detail` is cut to 200 characters.
    public mutating func note(_ stage: String, _ action: String, rule: String, _ detail: @autoclosure () -> String) {
        guard tracing else { return }
        var d = detail()
        if d.count > 200 { d = String(d.prefix(197)) + "..." }
        trace.append(TraceEntry(stage: stage, action: action, rule: rule, detail: d))
    }
}
