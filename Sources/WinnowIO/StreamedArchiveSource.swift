import WinnowCore

/// What tar and WARC sources share: a byte reader over the (decompressed) archive, a failure to report
/// first if the file could not be opened, and the loop that asks the format for its next item until one
/// yields an outcome. Subclasses implement `nextItem` and call `fail` for per-item failures.
public class StreamedArchiveSource: RecordSource {
    let displayPath: String
    let options: ReaderOptions
    var reader: ArchiveByteReader?
    var pendingFailure: ReadFailure?
    var finished = false
    /// Items passed over on purpose, by reason (see `RecordSource.skipped`).
    public var skipped: [String: Int] = [:]
    /// Name of the format in stream-error messages ("tar", "WARC").
    class var formatName: String { "archive" }

    public init(file: InputFile, options: ReaderOptions) {
        displayPath = file.displayPath
        self.options = options
        do { reader = ArchiveByteReader(source: try ArchivePayload.openStream(file.path, limit: .max)) } catch {
            pendingFailure = ReadFailure(source: SourceRef(path: file.displayPath), reason: ArchivePayload.describe(error))
        }
    }

    /// Reads from any byte stream (already decompressed, or a `GzipByteStream`).
    public init(stream: ByteStream, displayPath: String, options: ReaderOptions) {
        self.displayPath = displayPath
        self.options = options
        reader = ArchiveByteReader(source: stream)
    }

    public func next() -> ReadOutcome? {
        if finished { return nil }
        if let f = pendingFailure { finished = true; return .failure(f) }
        guard let reader else { finished = true; return nil }
        do {
            while true {
                if let o = try nextItem(reader) { return o }
                if finished { return nil }
            }
        } catch {
            finished = true
            return .failure(ReadFailure(source: SourceRef(path: displayPath, offset: reader.offset),
                                        reason: "\(Self.formatName) stream error: \(ArchivePayload.describe(error))"))
        }
    }

    /// One item of the archive: an outcome, or nil when it produced none (skipped; at the end `finished` is set).
    func nextItem(_ r: ArchiveByteReader) throws -> ReadOutcome? {
        fatalError("subclasses implement nextItem")
    }

    func skip(_ reason: String) { skipped[reason, default: 0] += 1 }

    func fail(_ reason: String, member: String? = nil, offset: Int, stop: Bool) -> ReadOutcome {
        if stop { finished = true }
        return .failure(ReadFailure(source: SourceRef(path: displayPath, member: member, offset: offset), reason: reason))
    }
}
