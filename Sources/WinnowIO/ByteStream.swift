import CZlib
import Foundation

/// A sequential source of bytes: a plain file or a (multi-member) gzip stream.
/// Used for inputs that may be larger than memory (JSONL, archives).
public protocol ByteStream: AnyObject {
    /// Reads up to `max` bytes; an empty result means end of stream. Throws on I/O or format errors.
    func read(max: Int) throws -> [UInt8]
}

public struct IOError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): \(reason)" }
}

/// Reads a file through a POSIX descriptor.
public final class FileByteStream: ByteStream {
    let fd: Int32
    let path: String
    let ownsDescriptor: Bool

    /// Wraps an open descriptor (e.g. 0 for stdin); it is not closed on deinit.
    public init(descriptor: Int32, name: String) {
        fd = descriptor; path = name; ownsDescriptor = false
    }

    public init(path: String) throws {
        ownsDescriptor = true
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw IOError(path: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
    }
    deinit { if ownsDescriptor { close(fd) } }
    public func read(max: Int) throws -> [UInt8] {
        // Uninitialized capacity: zero-filling a buffer the read overwrites cost more than the read.
        var failed: Int32 = 0
        let buf = [UInt8](unsafeUninitializedCapacity: max) { raw, count in
            let n = Glibc.read(fd, raw.baseAddress, max)
            if n < 0 { failed = errno; count = 0 } else { count = n }
        }
        if failed != 0 { throw IOError(path: path, reason: "read error: \(String(cString: strerror(failed)))") }
        return buf
    }

    /// Reads the whole file, failing if it is larger than `limit`.
    public static func readAll(path: String, limit: Int) throws -> [UInt8] {
        let s = try FileByteStream(path: path)
        let tooLarge = IOError(path: path, reason: "larger than the document size limit of \(limit) bytes")
        // Ask for the file's own size first (one read, no copy for the common case), then keep reading
        // until the end in case the file grew or stat gave no size.
        var st = stat()
        let size = fstat(s.fd, &st) == 0 && st.st_size > 0 ? Int(st.st_size) : 0
        if size > limit { throw tooLarge }
        var out: [UInt8] = []
        while true {
            let want = out.count < size ? size - out.count : (out.count == size && size > 0 ? 4096 : 1 << 20)
            let chunk = try s.read(max: want)
            if chunk.isEmpty { return out }
            if out.count + chunk.count > limit { throw tooLarge }
            if out.isEmpty { out = chunk } else { out.append(contentsOf: chunk) }
        }
    }
}

/// Streams the inflated bytes of a gzip file (all members), with a cap on the inflated total.
public final class GzipByteStream: ByteStream {
    let source: ByteStream
    let strm: UnsafeMutablePointer<z_stream>
    var input: [UInt8] = []
    var inputPos = 0
    var inStream = false
    var finished = false
    var totalIn = 0
    var totalOut = 0
    let limit: Int

    public init(source: ByteStream, limit: Int = .max) {
        self.source = source
        self.limit = limit
        strm = .allocate(capacity: 1)   // z_stream must not move while zlib holds it
        strm.initialize(to: z_stream())
    }

    deinit {
        if inStream { inflateEnd(strm) }
        strm.deinitialize(count: 1); strm.deallocate()
    }

    private func refill() throws -> Bool {
        if inputPos < input.count { return true }
        input = try source.read(max: 1 << 16)
        inputPos = 0
        return !input.isEmpty
    }

    public func read(max: Int) throws -> [UInt8] {
        if finished { return [] }
        var out = [UInt8](repeating: 0, count: max)
        var produced = 0
        while produced == 0 {
            if !inStream {
                // Between members: EOF, zero padding, another member, or garbage.
                guard try refill() else { finished = true; return [] }
                while inputPos < input.count && input[inputPos] == 0 { inputPos += 1; totalIn += 1 }
                if inputPos >= input.count { continue }
                if input[inputPos] != 0x1F {
                    throw Gzip.Failure.trailingGarbage(offset: totalIn)
                }
                guard winnow_inflateInit2(strm, 16 + 15) == Z_OK else {
                    throw Gzip.Failure.corrupt(offset: totalIn, reason: "inflateInit2 failed")
                }
                inStream = true
            }
            guard try refill() else { throw Gzip.Failure.truncated(offset: totalIn) }
            var status: Int32 = Z_OK
            var consumed = 0
            input.withUnsafeMutableBufferPointer { inBuf in
                out.withUnsafeMutableBufferPointer { outBuf in
                    strm.pointee.next_in = inBuf.baseAddress! + inputPos
                    strm.pointee.avail_in = UInt32(inBuf.count - inputPos)
                    strm.pointee.next_out = outBuf.baseAddress! + produced
                    strm.pointee.avail_out = UInt32(max - produced)
                    status = inflate(strm, Z_NO_FLUSH)
                    consumed = (inBuf.count - inputPos) - Int(strm.pointee.avail_in)
                    produced = max - Int(strm.pointee.avail_out)
                }
            }
            inputPos += consumed
            totalIn += consumed
            if status == Z_DATA_ERROR || status == Z_NEED_DICT || status == Z_MEM_ERROR || status == Z_STREAM_ERROR {
                let msg = strm.pointee.msg.map { String(cString: $0) } ?? "inflate error \(status)"
                throw Gzip.Failure.corrupt(offset: totalIn, reason: msg)
            }
            if status == Z_STREAM_END {
                inflateEnd(strm)
                inStream = false
            }
        }
        totalOut += produced
        if totalOut > limit { throw Gzip.Failure.tooLarge(limit: limit) }
        out.removeSubrange(produced...)
        return out
    }
}

/// Splits a byte stream into lines (without the terminator), tracking line numbers and offsets.
public final class LineReader {
    let stream: ByteStream
    var buffer: [UInt8] = []
    var pos = 0
    var eof = false
    public private(set) var lineNumber = 0
    public private(set) var offset = 0
    let maxLine: Int

    public init(stream: ByteStream, maxLine: Int) { self.stream = stream; self.maxLine = maxLine }

    public enum Line { case line([UInt8], number: Int, offset: Int), tooLong(number: Int, offset: Int) }

    public func next() throws -> Line? {
        while true {
            if let nl = buffer[pos...].firstIndex(of: 0x0A) {
                var line = Array(buffer[pos..<nl])
                if line.last == 0x0D { line.removeLast() }
                let start = offset
                offset += nl + 1 - pos
                pos = nl + 1
                lineNumber += 1
                compact()
                return .line(line, number: lineNumber, offset: start)
            }
            if buffer.count - pos > maxLine {
                // Skip the rest of an over-long line without holding it in memory.
                let start = offset
                lineNumber += 1
                while true {
                    offset += buffer.count - pos
                    buffer.removeAll(keepingCapacity: true); pos = 0
                    if eof { return .tooLong(number: lineNumber, offset: start) }
                    let chunk = try stream.read(max: 1 << 20)
                    if chunk.isEmpty { eof = true; return .tooLong(number: lineNumber, offset: start) }
                    if let nl = chunk.firstIndex(of: 0x0A) {
                        offset += nl + 1
                        buffer = Array(chunk[(nl + 1)...])
                        return .tooLong(number: lineNumber, offset: start)
                    }
                    offset += chunk.count
                }
            }
            if eof {
                if pos < buffer.count {
                    let line = Array(buffer[pos...])
                    let start = offset
                    offset += line.count
                    pos = buffer.count
                    lineNumber += 1
                    return .line(line, number: lineNumber, offset: start)
                }
                return nil
            }
            let chunk = try stream.read(max: 1 << 20)
            if chunk.isEmpty { eof = true } else { buffer.append(contentsOf: chunk) }
        }
    }

    private func compact() {
        if pos > 1 << 20 { buffer.removeSubrange(0..<pos); pos = 0 }
    }
}
