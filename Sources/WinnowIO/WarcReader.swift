import CZlib
import WinnowCore

/// Streams HTML pages out of a WARC file (`.warc`, or `.warc.gz` = one gzip member per record, read as
/// one multi-member gzip stream).
///
/// - Only `WARC-Type: response` records whose HTTP status is 2xx and whose `Content-Type` is HTML
///   (`text/html`, `application/xhtml+xml`; no Content-Type: sniffed) become records; request,
///   warcinfo, metadata, revisit, resource records, redirects/errors and non-HTML responses are skipped.
/// - `WARC-Target-URI` → `url`, `WARC-Date` → `fetched`, the `charset` parameter of the HTTP
///   `Content-Type` → `charsetHint`; `source.member` = `WARC-Record-ID`, `source.offset` = the offset
///   of the record's `WARC/` line in the uncompressed stream.
/// - Records are framed by `Content-Length`; the HTTP body may be chunked (`Transfer-Encoding`) and
///   gzip/deflate-compressed (`Content-Encoding`).
/// - A record larger than `maxDocumentBytes` is rejected and skipped (the next record is still read);
///   a record whose block ends early (truncated file) or a record without a valid header ends the
///   file with a failure carrying the offset.
public final class WarcSource: StreamedArchiveSource {
    override class var formatName: String { "WARC" }
    static let maxHeaderLine = 64 << 10
    static let maxHeaderLines = 1000

    /// Header lines as (lowercased name, value) pairs; folded continuation lines are joined.
    /// Returns nil at a clean end of stream before any line.
    private enum Headers { case ok([(String, String)]), end, error(String) }

    private func readHeaders(_ r: ArchiveByteReader, firstLine: [UInt8]? = nil) throws -> Headers {
        var out: [(String, String)] = []
        var count = 0
        while true {
            let l: [UInt8]
            switch try r.readLine(max: Self.maxHeaderLine) {
            case .end: return .error("header ends before the blank line")
            case .tooLong: return .error("header line longer than \(Self.maxHeaderLine) bytes")
            case let .line(x): l = x
            }
            if l.isEmpty { return .ok(out) }
            count += 1
            if count > Self.maxHeaderLines { return .error("more than \(Self.maxHeaderLines) header lines") }
            if (l[0] == 0x20 || l[0] == 0x09), !out.isEmpty {
                out[out.count - 1].1 += " " + Self.trim(String(decoding: l, as: UTF8.self))
                continue
            }
            guard let colon = l.firstIndex(of: UInt8(ascii: ":")) else { continue }   // tolerate junk lines
            let name = String(decoding: l[..<colon], as: UTF8.self).lowercased()
            out.append((Self.trim(name), Self.trim(String(decoding: l[(colon + 1)...], as: UTF8.self))))
        }
    }

    override func nextItem(_ r: ArchiveByteReader) throws -> ReadOutcome? {
        // Skip blank lines between records (the block is followed by CRLF CRLF).
        var recordOffset = r.offset
        var version: [UInt8] = []
        while true {
            recordOffset = r.offset
            switch try r.readLine(max: Self.maxHeaderLine) {
            case .end: finished = true; return nil
            case .tooLong:
                return fail("not a WARC record at offset \(recordOffset) (expected a WARC/1.x line)", offset: recordOffset, stop: true)
            case let .line(l):
                if l.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                version = l
            }
            break
        }
        guard version.starts(with: Array("WARC/".utf8)) else {
            return fail("not a WARC record at offset \(recordOffset) (expected a WARC/1.x line)", offset: recordOffset, stop: true)
        }
        let fields: [(String, String)]
        switch try readHeaders(r) {
        case let .ok(f): fields = f
        case .end: finished = true; return nil
        case let .error(why):
            return fail("truncated or corrupt WARC record header at offset \(recordOffset): \(why)", offset: recordOffset, stop: true)
        }
        func field(_ n: String) -> String? { fields.first { $0.0 == n }?.1 }
        // WARC-Record-ID is mandatory and unique; without one, the offset keeps member names (and so
        // document ids) distinct within the file.
        let recordID = field("warc-record-id") ?? "@\(recordOffset)"
        guard let lenText = field("content-length"), let length = Int(lenText), length >= 0 else {
            return fail("WARC record at offset \(recordOffset) has no valid Content-Length", member: recordID, offset: recordOffset, stop: true)
        }
        let type = field("warc-type")?.lowercased()
        let contentType = field("content-type")?.lowercased() ?? ""
        let isHTTPResponse = type == "response" && (contentType.isEmpty || contentType.hasPrefix("application/http"))
        if !isHTTPResponse {
            let skippedBytes = try r.skip(length)
            if skippedBytes < length {
                return fail("truncated WARC record at offset \(recordOffset): block has \(skippedBytes) of \(length) bytes",
                            member: recordID, offset: recordOffset, stop: true)
            }
            skip(type == "response" ? "WARC response: not HTTP" : "WARC \(type ?? "untyped") record")
            return nil
        }
        if length > options.maxDocumentBytes {
            let skipped = try r.skip(length)
            if skipped < length {
                return fail("truncated WARC record at offset \(recordOffset): block has \(skipped) of \(length) bytes",
                            member: recordID, offset: recordOffset, stop: true)
            }
            return fail("WARC record is \(length) bytes, larger than the document size limit of \(options.maxDocumentBytes) bytes",
                        member: recordID, offset: recordOffset, stop: false)
        }
        let block = try r.read(length)
        if block.count < length {
            return fail("truncated WARC record at offset \(recordOffset): block has \(block.count) of \(length) bytes",
                        member: recordID, offset: recordOffset, stop: true)
        }
        let src = SourceRef(path: displayPath, member: recordID, offset: recordOffset)
        var target = field("warc-target-uri")
        if let t = target, t.hasPrefix("<"), t.hasSuffix(">") { target = String(t.dropFirst().dropLast()) }
        return httpResponse(block, source: src, url: target, date: field("warc-date"))
    }

    /// Parses the HTTP response in a WARC block. Returns nil for responses that are not HTML pages.
    func httpResponse(_ block: [UInt8], source: SourceRef, url: String?, date: String?) -> ReadOutcome? {
        // Header end: CRLF CRLF (or LF LF from sloppy writers).
        var headerEnd = -1, bodyStart = -1
        var i = 0
        let scanLimit = min(block.count, 256 << 10)
        while i < scanLimit {
            if block[i] == 0x0A {
                if i + 1 < block.count && block[i + 1] == 0x0A { headerEnd = i; bodyStart = i + 2; break }
                if i + 2 < block.count && block[i + 1] == 0x0D && block[i + 2] == 0x0A { headerEnd = i; bodyStart = i + 3; break }
            }
            i += 1
        }
        guard headerEnd >= 0 else {
            return .failure(ReadFailure(source: source, reason: "WARC response has no complete HTTP header"))
        }
        var lines = block[..<headerEnd].split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> ArraySlice<UInt8> in
            line.last == 0x0D ? line.dropLast() : line
        }
        guard let statusLine = lines.first, statusLine.starts(with: Array("HTTP/".utf8)) else {
            return .failure(ReadFailure(source: source, reason: "WARC response does not start with an HTTP status line"))
        }
        lines.removeFirst()
        let parts = statusLine.split(separator: 0x20, maxSplits: 2)
        guard parts.count >= 2, let status = Int(String(decoding: parts[1], as: UTF8.self)) else {
            return .failure(ReadFailure(source: source, reason: "WARC response has an invalid HTTP status line"))
        }
        if !(200...299).contains(status) {   // redirects, errors: not pages
            skip("WARC response: HTTP \(status / 100)xx")
            return nil
        }
        var headers: [(String, String)] = []
        for l in lines {
            if let c = l.first, c == 0x20 || c == 0x09, !headers.isEmpty {
                headers[headers.count - 1].1 += " " + Self.trim(String(decoding: l, as: UTF8.self)); continue
            }
            guard let colon = l.firstIndex(of: UInt8(ascii: ":")) else { continue }
            headers.append((Self.trim(String(decoding: l[..<colon], as: UTF8.self)).lowercased(),
                            Self.trim(String(decoding: l[(colon + 1)...], as: UTF8.self))))
        }
        func header(_ n: String) -> String? { headers.last { $0.0 == n }?.1 }
        var body = Array(block[bodyStart...])

        // Content type: HTML only; no header at all → sniff.
        var charset: String?
        var format: DocumentFormat = .html
        if let ct = header("content-type") {
            let params = ct.split(separator: ";").map { Self.trim(String($0)) }
            let mime = params.first?.lowercased() ?? ""
            guard mime == "text/html" || mime == "application/xhtml+xml" else { skip("WARC response: not HTML"); return nil }
            for p in params.dropFirst() {
                let kv = p.split(separator: "=", maxSplits: 1).map { Self.trim(String($0)) }
                if kv.count == 2 && kv[0].lowercased() == "charset" {
                    charset = kv[1].trimmingQuotes()
                }
            }
        } else {
            format = Readers.sniffFormat(body)
            if format != .html { skip("WARC response: not HTML"); return nil }
        }

        let limit = options.maxDocumentBytes
        if let te = header("transfer-encoding")?.lowercased(), te.contains("chunked") {
            switch Self.dechunk(body, limit: limit) {
            case let .success(b): body = b
            case let .failure(why): return .failure(ReadFailure(source: source, reason: "HTTP chunked body: \(why)"))
            }
        }
        if let ce = header("content-encoding")?.lowercased(), !ce.isEmpty, ce != "identity" {
            switch ce {
            case "gzip", "x-gzip":
                do { body = try Gzip.decompress(body, limit: limit) } catch {
                    return .failure(ReadFailure(source: source, reason: "HTTP gzip body: \(ArchivePayload.describe(error))"))
                }
            case "deflate":
                switch Self.inflate(body, limit: limit) {
                case let .success(b): body = b
                case let .failure(why): return .failure(ReadFailure(source: source, reason: "HTTP deflate body: \(why)"))
                }
            default:
                return .failure(ReadFailure(source: source, reason: "unsupported HTTP Content-Encoding \"\(ce)\""))
            }
        }
        switch ArchivePayload.record(body, source: source, format: format, name: "", options: options, what: "WARC response body") {
        case var .record(rec):
            rec.url = url
            // WARC-Date is ISO 8601 UTC; any other form is kept raw rather than guessed.
            if let date {
                if let d = DateValue.normalize(date) { rec.fetched = d } else { rec.rawValues["fetched_raw"] = date }
            }
            if rec.charsetHint == nil, let charset, !charset.isEmpty { rec.charsetHint = charset }
            return .record(rec)
        case let .failure(f): return .failure(f)
        }
    }

    enum Decoded { case success([UInt8]), failure(String) }

    /// Decodes an HTTP/1.1 chunked body (chunk extensions and trailers ignored).
    static func dechunk(_ body: [UInt8], limit: Int) -> Decoded {
        var out: [UInt8] = []
        var i = 0
        while true {
            var j = i
            while j < body.count && body[j] != 0x0A { j += 1 }
            guard j < body.count else { return .failure("chunk size line missing at byte \(i)") }
            var line = body[i..<j]
            if line.last == 0x0D { line = line.dropLast() }
            if let semi = line.firstIndex(of: UInt8(ascii: ";")) { line = line[..<semi] }
            let text = trim(String(decoding: line, as: UTF8.self))
            guard !text.isEmpty, text.count <= 15, let size = Int(text, radix: 16), size >= 0 else {
                return .failure("invalid chunk size \"\(text.prefix(20))\" at byte \(i)")
            }
            i = j + 1
            if size == 0 { return .success(out) }
            guard size <= body.count - i else { return .failure("chunk of \(size) bytes at byte \(i) runs past the end of the record") }
            if out.count + size > limit { return .failure("decoded body exceeds the document size limit of \(limit) bytes") }
            out.append(contentsOf: body[i..<(i + size)])
            i += size
            if i < body.count && body[i] == 0x0D { i += 1 }
            if i < body.count && body[i] == 0x0A { i += 1 }
        }
    }

    /// HTTP `deflate`: zlib-wrapped per the RFC, raw deflate from some servers.
    static func inflate(_ input: [UInt8], limit: Int) -> Decoded {
        let raw = !(input.count >= 2 && (input[0] & 0x0F) == 8 && (UInt16(input[0]) << 8 | UInt16(input[1])) % 31 == 0)
        let strm = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        strm.initialize(to: z_stream())
        defer { strm.deinitialize(count: 1); strm.deallocate() }
        guard winnow_inflateInit2(strm, raw ? -15 : 15) == Z_OK else { return .failure("inflateInit2 failed") }
        defer { inflateEnd(strm) }
        if input.isEmpty { return .success([]) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        return input.withUnsafeBufferPointer { inBuf -> Decoded in
            strm.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress!)
            strm.pointee.avail_in = UInt32(clamping: inBuf.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { c in
                    strm.pointee.next_out = c.baseAddress
                    strm.pointee.avail_out = UInt32(c.count)
                    status = CZlib.inflate(strm, Z_NO_FLUSH)
                    return c.count - Int(strm.pointee.avail_out)
                }
                if status == Z_DATA_ERROR || status == Z_NEED_DICT || status == Z_MEM_ERROR || status == Z_STREAM_ERROR {
                    return .failure(strm.pointee.msg.map { String(cString: $0) } ?? "inflate error \(status)")
                }
                if out.count + produced > limit { return .failure("inflated body exceeds the document size limit of \(limit) bytes") }
                out.append(contentsOf: chunk[0..<produced])
                if status == Z_BUF_ERROR || (status == Z_OK && strm.pointee.avail_in == 0 && produced == 0) {
                    return .failure("truncated deflate data")
                }
            } while status != Z_STREAM_END
            return .success(out)
        }
    }

    static func trim(_ s: String) -> String {
        var u = Substring(s)
        while let f = u.first, f == " " || f == "\t" || f == "\r" { u.removeFirst() }
        while let l = u.last, l == " " || l == "\t" || l == "\r" { u.removeLast() }
        return String(u)
    }
}

extension String {
    fileprivate func trimmingQuotes() -> String {
        var s = Substring(self)
        while let f = s.first, f == "\"" || f == "'" { s.removeFirst() }
        while let l = s.last, l == "\"" || l == "'" { s.removeLast() }
        return String(s)
    }
}
