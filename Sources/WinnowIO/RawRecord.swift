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
}
