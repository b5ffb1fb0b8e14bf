import CZstd

/// Zstandard (RFC 8878) decoding over libzstd, streaming, with a cap on the decoded total (a zstd bomb is
/// rejected, not inflated). Multiple concatenated frames are read as one stream, as `zstd -d` does.
public enum Zstd {
    public enum Failure: Error, CustomStringConvertible, Sendable, Equatable {
        case truncated(offset: Int)
        case corrupt(offset: Int, reason: String)
        case tooLarge(limit: Int)

        public var description: String {
            switch self {
            case let .truncated(o): return "truncated zstd stream (input ends at compressed byte \(o))"
            case let .corrupt(o, r): return "corrupt zstd data at compressed byte \(o): \(r)"
            case let .tooLarge(l): return "decompressed size exceeds the limit of \(l) bytes (possible zstd bomb)"
            }
        }
    }

    /// Zstandard frame magic number (little-endian 0xFD2FB528).
    public static func isZstd(_ bytes: some Collection<UInt8>) -> Bool {
        Array(bytes.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD]
    }

    /// Decodes a whole zstd buffer, output capped at `limit` bytes.
    public static func decompress(_ input: [UInt8], limit: Int = .max) throws -> [UInt8] {
        let stream = ZstdByteStream(source: BufferByteStream(input), limit: limit)
        var out: [UInt8] = []
        while true {
            let chunk = try stream.read(max: 1 << 16)
            if chunk.isEmpty { return out }
            out.append(contentsOf: chunk)
        }
    }
}

/// A byte stream over an in-memory buffer.
public final class BufferByteStream: ByteStream {
    let bytes: [UInt8]
    var pos = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public func read(max: Int) throws -> [UInt8] {
        let n = min(max, bytes.count - pos)
        defer { pos += n }
        return Array(bytes[pos..<pos + n])
    }
}

/// Streams the decoded bytes of a zstd file, with a cap on the decoded total.
public final class ZstdByteStream: ByteStream {
    let source: ByteStream
    let dctx: OpaquePointer
    let limit: Int
    var input: [UInt8] = []
    var inputPos = 0
    var totalIn = 0
    var totalOut = 0
    /// True between frames (a clean place for the input to end).
    var atFrameBoundary = true
    var finished = false

    public init(source: ByteStream, limit: Int = .max) {
        self.source = source
        self.limit = limit
        dctx = ZSTD_createDCtx()
        // Refuse frames whose window needs more memory than a document may have (bounded memory per thread).
        ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, Int32(ZstdByteStream.maxWindowLog))
    }

    /// 2^27 = 128 MiB, the largest window `zstd` writes without --long; larger frames are rejected.
    static let maxWindowLog = 27

    deinit { ZSTD_freeDCtx(dctx) }

    private func refill() throws -> Bool {
        if inputPos < input.count { return true }
        input = try source.read(max: 1 << 16)
        inputPos = 0
        return !input.isEmpty
    }

    public func read(max: Int) throws -> [UInt8] {
        if finished || max <= 0 { return [] }
        var out = [UInt8](repeating: 0, count: max)
        var produced = 0
        while produced == 0 {
            guard try refill() else {
                finished = true
                if !atFrameBoundary { throw Zstd.Failure.truncated(offset: totalIn) }
                return []
            }
            var consumed = 0
            var ret = 0
            input.withUnsafeBufferPointer { inBuf in
                out.withUnsafeMutableBufferPointer { outBuf in
                    var ib = ZSTD_inBuffer(src: inBuf.baseAddress! + inputPos, size: inBuf.count - inputPos, pos: 0)
                    var ob = ZSTD_outBuffer(dst: outBuf.baseAddress! + produced, size: max - produced, pos: 0)
                    ret = ZSTD_decompressStream(dctx, &ob, &ib)
                    consumed = ib.pos
                    produced += ob.pos
                }
            }
            inputPos += consumed
            totalIn += consumed
            if ZSTD_isError(ret) != 0 {
                throw Zstd.Failure.corrupt(offset: totalIn, reason: String(cString: ZSTD_getErrorName(ret)))
            }
            atFrameBoundary = ret == 0
            if totalOut + produced > limit { throw Zstd.Failure.tooLarge(limit: limit) }
        }
        totalOut += produced
        out.removeSubrange(produced...)
        return out
    }
}
