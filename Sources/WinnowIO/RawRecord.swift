import WinnowCore

/// One input record as read from disk, before any stage runs.
public struct RawRecord: Sendable {
    public var source: SourceRef
    /// Payload bytes (decompressed). For JSONL records with `text`, empty.
    public var bytes: [UInt8]
    public var format: DocumentFormat
    /// Fields a JSONL record or a WARC header may carry.
    public var id: String?
    public var url: String?
    public var text: String?
    public var title: String?
    public var charsetHint: String?
    public var fetched: String?
    /// Metadata a JSONL record carries (`published`, `authors`, `site`, `language`), taken as given.
    public var published: String?
    public var authors: [String] = []
    public var site: String?
    public var language: String?
    /// A JSONL record's `metadata` object, carried unchanged into the output's `meta.input`.
    public var metadata: JSONValue?
    /// Values that could not be used as given, kept raw (`meta` key → raw value) with a warning each.
    public var rawValues: [String: String] = [:]
    public var warnings: [String] = []

    public init(source: SourceRef, bytes: [UInt8], format: DocumentFormat) {
        self.source = source; self.bytes = bytes; self.format = format
    }
}

/// A record that could not be read, with the reason. Goes to the rejects file.
public struct ReadFailure: Error, Sendable, CustomStringConvertible {
    public var source: SourceRef
    public var reason: String
    public init(source: SourceRef, reason: String) { self.source = source; self.reason = reason }
    public var description: String { "\(source.description): \(reason)" }
}

public enum ReadOutcome: Sendable {
    case record(RawRecord)
    case failure(ReadFailure)
}

/// A stream of records from one input file (one record for a page, many for JSONL or archives).
public protocol RecordSource {
    mutating func next() -> ReadOutcome?
    /// Items passed over on purpose (archive members that are not pages, WARC requests and redirects),
    /// by reason: nothing is dropped silently, the run counts these in `stats.json`.
    var skipped: [String: Int] { get }
}

extension RecordSource {
    public var skipped: [String: Int] { [:] }
}
