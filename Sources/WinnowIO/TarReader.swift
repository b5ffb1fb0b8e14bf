import WinnowCore

/// Buffered, forward-only reader over a `ByteStream` for archive formats (tar, WARC).
/// Tracks the offset of the next unread byte in the (decompressed) stream. Memory is bounded by
/// the largest single request, never by the archive size.
final class ArchiveByteReader {
    let source: ByteStream
    private var buf: [UInt8] = []
    private var pos = 0
    private var eof = false
    /// Offset of the next unread byte.
    private(set) var offset = 0

    init(source: ByteStream) { self.source = source }

    /// Makes at least `n` bytes available (fewer only at end of stream). Returns the count available.
    @discardableResult
    private func fill(_ n: Int) throws -> Int {
        while buf.count - pos < n && !eof {
            if pos > 0 && (pos >= 1 << 16 || pos * 2 > buf.count) {
                buf.removeSubrange(0..<pos); pos = 0
            }
            let chunk = try source.read(max: max(1 << 16, min(n - (buf.count - pos), 1 << 20)))
            if chunk.isEmpty { eof = true } else { buf.append(contentsOf: chunk) }
        }
        return min(n, buf.count - pos)
    }

    /// Reads up to `n` bytes (fewer only at end of stream).
    func read(_ n: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(n, 1 << 20))
        var left = n
        while left > 0 {
            let want = min(left, 1 << 20)
            let got = try fill(want)
            if got == 0 { break }
            out.append(contentsOf: buf[pos..<pos + got])
            pos += got; offset += got; left -= got
        }
        return out
    }

    /// Skips up to `n` bytes without keeping them; returns how many were skipped.
    @discardableResult
    func skip(_ n: Int) throws -> Int {
        var left = n
        while left > 0 {
            let got = try fill(min(left, 1 << 20))
            if got == 0 { break }
            pos += got; offset += got; left -= got
        }
        return n - left
    }

    /// True at end of stream.
    func atEnd() throws -> Bool { try fill(1) == 0 }

    enum Line { case line([UInt8]), tooLong, end }

    /// Reads one line (terminator LF, optional CR removed). A line longer than `max` is consumed and
    /// reported as `.tooLong`.
    func readLine(max: Int) throws -> Line {
        var scanned = 0
        while true {
            let avail = try fill(scanned + 1)
            if avail <= scanned {
                // End of stream: the unterminated rest is the last line.
                if avail == 0 { return .end }
                let line = Array(buf[pos..<pos + avail])
                pos += avail; offset += avail
                return line.count > max ? .tooLong : .line(line)
            }
            let end = pos + avail
            if let nl = buf[(pos + scanned)..<end].firstIndex(of: 0x0A) {
                let len = nl - pos
                if len > max { pos = nl + 1; offset += len + 1; return .tooLong }
                var line = Array(buf[pos..<nl])
                if line.last == 0x0D { line.removeLast() }
                pos = nl + 1; offset += len + 1
                return .line(line)
            }
            scanned = avail
            if scanned > max {
                // Discard the over-long line up to its terminator.
                pos += scanned; offset += scanned
                while true {
                    let a = try fill(1 << 16)
                    if a == 0 { return .tooLong }
                    if let nl = buf[pos..<pos + a].firstIndex(of: 0x0A) {
                        offset += nl + 1 - pos; pos = nl + 1
                        return .tooLong
                    }
                    pos += a; offset += a
                }
            }
        }
    }
}

/// Shared by the archive readers: which member names are pages, and turning a member's bytes into a record.
enum ArchivePayload {
    /// Decompresses (by name and magic bytes: gzip, zstd), checks for empty and binary content.
    static func record(_ payload: [UInt8], source: SourceRef, format: DocumentFormat?, name: String,
                       options: ReaderOptions, what: String = "member") -> ReadOutcome {
        let bytes: [UInt8]
        switch Readers.decompress(payload, name: name, limit: options.maxDocumentBytes) {
        case let .success(b): bytes = b
        case let .failure(why): return .failure(ReadFailure(source: source, reason: "\(what): \(why.reason)"))
        }
        if bytes.isEmpty { return .failure(ReadFailure(source: source, reason: "empty \(what)")) }
        if Readers.isBlank(bytes) { return .failure(ReadFailure(source: source, reason: "blank \(what) (only whitespace)")) }
        if Readers.looksBinary(bytes) && !(bytes.count >= 2 && (bytes[0] == 0xFF || bytes[0] == 0xFE)) {
            return .failure(ReadFailure(source: source, reason: "binary content (NUL or control bytes) in \(what), not HTML or text"))
        }
        var r = RawRecord(source: source, bytes: bytes, format: format ?? Readers.sniffFormat(bytes))
        if options.charset != "auto" { r.charsetHint = options.charset }
        return .record(r)
    }

    /// Opens a file as a byte stream, decoding gzip or zstd by its magic bytes.
    static func openStream(_ path: String, limit: Int) throws -> ByteStream {
        let head = try FileByteStream(path: path).read(max: 6)
        return try decoding(try FileByteStream(path: path), head: head, name: path, limit: limit)
    }

    /// Wraps `stream` in the decoder its first bytes (`head`) call for; an unsupported compression throws.
    static func decoding(_ stream: ByteStream, head: [UInt8], name: String, limit: Int) throws -> ByteStream {
        let (supported, unsupported) = InputTypes.sniffCompression(head)
        if let unsupported { throw DecodeFailure(reason: "unsupported compression: \(unsupported)") }
        if case let .unsupportedCompression(n) = InputTypes.classify(name) { throw DecodeFailure(reason: "unsupported compression: \(n)") }
        switch supported {
        case .gzip?: return GzipByteStream(source: stream, limit: limit)
        case .zstd?: return ZstdByteStream(source: stream, limit: limit)
        default: return stream
        }
    }

    static func describe(_ error: Error) -> String {
        if let g = error as? Gzip.Failure { return g.description }
        if let z = error as? Zstd.Failure { return z.description }
        if let d = error as? DecodeFailure { return d.reason }
        if let e = error as? IOError { return e.reason }
        return "\(error)"
    }
}

/// Streams the page members of a tar archive (`.tar`, `.tar.gz`, `.tgz`): ustar, GNU long names
/// (`L` entries) and pax `path` records (`x` entries). Members are never written to disk.
///
/// - Page members are `.html/.htm/.xhtml/.txt/.text`, optionally `.gz`-compressed; every other regular
///   member (images, CSS, JSON, ...), directories, links and devices are skipped without a record.
/// - Each record has `source.member` = the member name and `source.offset` = the byte offset of the
///   member's ustar header block in the uncompressed tar stream.
/// - Member names that could escape an extraction directory (absolute, or with a `..` component) are
///   rejected (a failure naming the member); reading continues with the next member.
/// - A member larger than `maxDocumentBytes` is rejected and skipped; reading continues.
/// - A bad header checksum or a stream error (truncation, corrupt gzip) ends the archive with a failure.
public final class TarSource: StreamedArchiveSource {
    override class var formatName: String { "tar" }
    /// Overrides from GNU long-name / pax headers for the next member.
    var longName: String?
    var paxPath: String?
    var paxSize: Int?
    static let maxMetaBytes = 1 << 20

    /// Processes one header block. Returns an outcome, or nil when the entry produced none (skipped
    /// member, metadata entry, end of archive — then `finished` is set).
    override func nextItem(_ r: ArchiveByteReader) throws -> ReadOutcome? {
        let headerOffset = r.offset
        let h = try r.read(512)
        if h.isEmpty { finished = true; return nil }     // EOF without end-of-archive blocks: tolerated
        if h.count < 512 {
            return fail("truncated tar archive: header block at offset \(headerOffset) has only \(h.count) of 512 bytes",
                        offset: headerOffset, stop: true)
        }
        if h.allSatisfy({ $0 == 0 }) { finished = true; return nil }   // end-of-archive marker
        guard Self.checksumOK(h) else {
            return fail("not a tar archive or corrupt tar header at offset \(headerOffset) (checksum mismatch)",
                        offset: headerOffset, stop: true)
        }
        guard let headerSize = Self.number(h[124..<136]) else {
            return fail("corrupt tar header at offset \(headerOffset): invalid size field", offset: headerOffset, stop: true)
        }
        let type = h[156]
        var size = headerSize
        if let s = paxSize, type != UInt8(ascii: "x"), type != UInt8(ascii: "g") { size = s }
        let padded = size > Int.max - 511 ? Int.max : (size + 511) / 512 * 512

        // Metadata entries describing the next member.
        switch type {
        case UInt8(ascii: "L"), UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "K"):
            if size > Self.maxMetaBytes {
                return fail("tar extended header at offset \(headerOffset) is too large (\(size) bytes)",
                            offset: headerOffset, stop: true)
            }
            let data = try r.read(size)
            if data.count < size {
                return fail("truncated tar archive: extended header at offset \(headerOffset) ends early",
                            offset: headerOffset, stop: true)
            }
            try r.skip(padded - size)
            if type == UInt8(ascii: "L") {
                longName = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
            } else if type == UInt8(ascii: "x") {
                let rec = Self.paxRecords(data)
                if let p = rec["path"] { paxPath = p }
                if let s = rec["size"] {
                    guard let v = Int(s), v >= 0 else {
                        return fail("corrupt pax header at offset \(headerOffset): invalid size \"\(s)\"",
                                    offset: headerOffset, stop: true)
                    }
                    paxSize = v
                }
            }
            return nil
        default: break
        }

        // A real entry: its name, then reset the per-member overrides.
        let name = paxPath ?? longName ?? Self.ustarName(h)
        paxPath = nil; longName = nil; paxSize = nil

        let isRegular = type == 0 || type == UInt8(ascii: "0") || type == UInt8(ascii: "7")
        if !Self.isSafeName(name) {
            try skipData(r, size: size, padded: padded, headerOffset: headerOffset)
            return fail("unsafe tar member name \"\(name)\" (absolute path or \"..\" component); member skipped",
                        member: name, offset: headerOffset, stop: false)
        }
        // Links, directories, devices, FIFOs carry no page (and link targets are never followed).
        guard isRegular else {
            if let o = try skipData(r, size: size, padded: padded, headerOffset: headerOffset, member: name) { return o }
            return nil
        }
        // A member is read exactly as the same file in a directory would be.
        let decision = memberDecision(name)
        switch decision {
        case let .skip(reason):
            if let o = try skipData(r, size: size, padded: padded, headerOffset: headerOffset, member: name) { return o }
            skip(reason)
            return nil
        case let .unsupportedCompression(n):
            if let o = try skipData(r, size: size, padded: padded, headerOffset: headerOffset, member: name) { return o }
            return fail("unsupported compression: \(n)", member: name, offset: headerOffset, stop: false)
        case let .read(kind, _) where kind == .jsonl || kind == .warc || kind == .tar:
            return try openInner(kind, name: name, size: size, padded: padded, headerOffset: headerOffset, r)
        case .read, .sniff:
            break
        }
        if size > options.maxDocumentBytes {
            if let o = try skipData(r, size: size, padded: padded, headerOffset: headerOffset, member: name) { return o }
            return fail("tar member is \(size) bytes, larger than the document size limit of \(options.maxDocumentBytes) bytes",
                        member: name, offset: headerOffset, stop: false)
        }
        let data = try r.read(size)
        if data.count < size {
            return fail("truncated tar archive: member \"\(name)\" at offset \(headerOffset) has \(data.count) of \(size) bytes",
                        member: name, offset: headerOffset, stop: true)
        }
        try r.skip(padded - size)
        let src = SourceRef(path: displayPath, member: name, offset: headerOffset)
        var format: DocumentFormat? = nil
        if case .read(.html, _) = decision { format = .html } else if case .read(.text, _) = decision { format = .text }
        let outcome = ArchivePayload.record(data, source: src, format: format, name: name, options: options)
        // Without an extension a member is a page only when it sniffs as HTML (unless input.include names it).
        if case .sniff = decision, case let .record(rec) = outcome, rec.format != .html,
           !InputTypes.matches(options.include, name) {
            skip(InputTypes.noExtensionReason)
            return nil
        }
        return outcome
    }

    /// The reading decision for a member name, with `input.include` / `input.exclude` applied.
    func memberDecision(_ name: String) -> InputTypes.Decision {
        if InputTypes.matches(options.exclude, name) { return .skip(reason: "excluded by input.exclude") }
        let d = InputTypes.classify(name)
        if case .skip = d, InputTypes.matches(options.include, name) { return .sniff(.plain) }
        return d
    }

    // MARK: - JSON Lines, WARC and tar members, streamed

    /// A JSONL, WARC or tar member being read: its records come before the next header.
    var inner: (source: any RecordSource, member: String, stream: MemberByteStream, padded: Int)?

    private func openInner(_ kind: InputTypes.Kind, name: String, size: Int, padded: Int, headerOffset: Int,
                           _ r: ArchiveByteReader) throws -> ReadOutcome? {
        let member = MemberByteStream(reader: r, size: size)
        let head = try member.peek(6)
        let stream: ByteStream
        do { stream = try ArchivePayload.decoding(member, head: head, name: name, limit: .max) } catch {
            let rest = member.remaining
            if try r.skip(rest) < rest {
                return fail("truncated tar archive: member \"\(name)\" ends early", member: name, offset: headerOffset, stop: true)
            }
            try r.skip(padded - size)
            return fail(ArchivePayload.describe(error), member: name, offset: headerOffset, stop: false)
        }
        let source: any RecordSource
        switch kind {
        case .jsonl: source = Readers.jsonl(stream: stream, displayPath: displayPath, options: options)
        case .warc: source = WarcSource(stream: stream, displayPath: displayPath, options: options)
        default: source = TarSource(stream: stream, displayPath: displayPath, options: options)
        }
        inner = (source, name, member, padded)
        return try nextFromInner(r)
    }

    /// The next outcome of the member being streamed, its source rewritten to name the member; at its end,
    /// the rest of the member and its padding are skipped and the member's skip counts are added to ours.
    func nextFromInner(_ r: ArchiveByteReader) throws -> ReadOutcome? {
        guard var current = inner else { return nil }
        if let o = current.source.next() {
            inner = current
            switch o {
            case let .record(rec):
                var rec = rec
                rec.source = adopt(rec.source, member: current.member)
                return .record(rec)
            case let .failure(f):
                return .failure(ReadFailure(source: adopt(f.source, member: current.member), reason: f.reason))
            }
        }
        for (k, v) in current.source.skipped { skipped[k, default: 0] += v }
        inner = nil
        let rest = current.stream.remaining
        if try rest > 0 && r.skip(rest) < rest {
            return fail("truncated tar archive: member \"\(current.member)\" ends early", member: current.member,
                        offset: r.offset, stop: true)
        }
        try r.skip(current.padded - current.stream.size)
        return nil
    }

    /// `path` is this archive; `member` is the tar member, followed by `#` and the inner member (a WARC
    /// record id, a nested tar member) when there is one.
    private func adopt(_ s: SourceRef, member: String) -> SourceRef {
        SourceRef(path: displayPath, member: s.member.map { member + "#" + $0 } ?? member, line: s.line, offset: s.offset)
    }

    public override func next() -> ReadOutcome? {
        guard inner != nil, let reader else { return super.next() }
        do {
            if let o = try nextFromInner(reader) { return o }
        } catch {
            finished = true
            inner = nil
            return .failure(ReadFailure(source: SourceRef(path: displayPath, offset: reader.offset),
                                        reason: "tar stream error: \(ArchivePayload.describe(error))"))
        }
        return super.next()
    }

    /// Skips a member's data; returns a failure when the archive ends inside it.
    @discardableResult
    private func skipData(_ r: ArchiveByteReader, size: Int, padded: Int, headerOffset: Int, member: String? = nil) throws -> ReadOutcome? {
        let skipped = try r.skip(size)
        if skipped < size {
            return fail("truncated tar archive: member \(member.map { "\"\($0)\" " } ?? "")at offset \(headerOffset) ends early",
                        member: member, offset: headerOffset, stop: true)
        }
        try r.skip(padded - size)   // short final padding is tolerated
        return nil
    }

    // MARK: - Header fields

    static func checksumOK(_ h: [UInt8]) -> Bool {
        guard let stored = number(h[148..<156]) else { return false }
        var unsigned = 0, signed = 0
        for i in 0..<512 {
            let b = (148..<156).contains(i) ? UInt8(0x20) : h[i]
            unsigned += Int(b); signed += Int(Int8(bitPattern: b))
        }
        return stored == unsigned || stored == signed
    }

    /// Octal (NUL/space terminated) or GNU base-256 (high bit set) numeric field.
    static func number(_ field: ArraySlice<UInt8>) -> Int? {
        guard let first = field.first else { return nil }
        if first & 0x80 != 0 {
            if first & 0x40 != 0 { return nil }   // negative
            var v = Int(first & 0x3F)
            for b in field.dropFirst() {
                if v > (Int.max >> 8) { return nil }
                v = v << 8 | Int(b)
            }
            return v
        }
        var v = 0
        var seenDigit = false
        var i = field.startIndex
        while i < field.endIndex && field[i] == 0x20 { i += 1 }
        while i < field.endIndex {
            let b = field[i]
            if b >= 0x30 && b <= 0x37 {
                if v > (Int.max >> 3) { return nil }
                v = v * 8 + Int(b - 0x30); seenDigit = true
            } else if b == 0 || b == 0x20 {
                break
            } else { return nil }
            i += 1
        }
        return seenDigit ? v : (field.allSatisfy { $0 == 0 || $0 == 0x20 } ? 0 : nil)
    }

    static func cString(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// `name`, prefixed by the ustar `prefix` field when the magic says ustar.
    static func ustarName(_ h: [UInt8]) -> String {
        let name = cString(h[0..<100])
        if Array(h[257..<262]) == Array("ustar".utf8) {
            let prefix = cString(h[345..<500])
            if !prefix.isEmpty { return prefix + "/" + name }
        }
        return name
    }

    /// Pax extended header records: `"<len> key=value\n"`.
    static func paxRecords(_ data: [UInt8]) -> [String: String] {
        var out: [String: String] = [:]
        var i = 0
        while i < data.count {
            var j = i
            var len = 0
            while j < data.count, data[j] >= 0x30, data[j] <= 0x39, len < 1 << 30 { len = len * 10 + Int(data[j] - 0x30); j += 1 }
            guard j < data.count, data[j] == 0x20, len > j - i, i + len <= data.count else { break }
            let body = data[(j + 1)..<(i + len)]
            let content = body.last == 0x0A ? body.dropLast() : body
            if let eq = content.firstIndex(of: UInt8(ascii: "=")) {
                out[String(decoding: content[..<eq], as: UTF8.self)] = String(decoding: content[(eq + 1)...], as: UTF8.self)
            }
            i += len
        }
        return out
    }

    /// False for names that would escape an extraction root: absolute paths, `..` components,
    /// drive letters; both `/` and `\` count as separators.
    public static func isSafeName(_ name: String) -> Bool {
        if name.isEmpty { return false }
        let bytes = Array(name.utf8)
        if bytes.contains(0) { return false }
        if bytes[0] == UInt8(ascii: "/") || bytes[0] == UInt8(ascii: "\\") { return false }
        if bytes.count >= 2 && bytes[1] == UInt8(ascii: ":") { return false }
        for comp in bytes.split(omittingEmptySubsequences: true, whereSeparator: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") })
        where comp.elementsEqual("..".utf8) { return false }
        return true
    }
}

/// The data of one tar member as a stream: reads at most `size` bytes from the archive reader.
final class MemberByteStream: ByteStream {
    let reader: ArchiveByteReader
    let size: Int
    private(set) var remaining: Int
    private var peeked: [UInt8] = []

    init(reader: ArchiveByteReader, size: Int) { self.reader = reader; self.size = size; remaining = size }

    /// The first `n` bytes, kept to be read again.
    func peek(_ n: Int) throws -> [UInt8] {
        if peeked.count < n { peeked += try take(n - peeked.count) }
        return Array(peeked.prefix(n))
    }

    func read(max: Int) throws -> [UInt8] {
        if !peeked.isEmpty {
            let out = Array(peeked.prefix(max))
            peeked.removeFirst(out.count)
            return out
        }
        return try take(max)
    }

    private func take(_ n: Int) throws -> [UInt8] {
        let want = min(n, remaining)
        if want == 0 { return [] }
        let b = try reader.read(want)
        remaining -= b.count
        if b.count < want { throw IOError(path: "tar member", reason: "truncated tar archive: member ends early") }
        return b
    }
}
