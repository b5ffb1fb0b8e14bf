import CZlib

/// Gzip (RFC 1952) decoding and encoding over zlib, including multi-member streams.
public enum Gzip {
    public enum Failure: Error, CustomStringConvertible, Sendable, Equatable {
        case truncated(offset: Int)
        case corrupt(offset: Int, reason: String)
        case tooLarge(limit: Int)
        case trailingGarbage(offset: Int)

        public var description: String {
            switch self {
            case let .truncated(o): return "truncated gzip stream (input ends at compressed byte \(o))"
            case let .corrupt(o, r): return "corrupt gzip data at compressed byte \(o): \(r)"
            case let .tooLarge(l): return "inflated size exceeds the limit of \(l) bytes (possible gzip bomb)"
            case let .trailingGarbage(o): return "trailing garbage after the gzip stream at byte \(o)"
            }
        }
    }

    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Inflate every member of a gzip stream. Output is capped at `limit` bytes.
    /// Bytes after the last member that are not a gzip header are an error (`trailingGarbage`),
    /// except zero padding, which some tools write.
    public static func decompress(_ input: [UInt8], limit: Int = Int.max) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(limit, max(input.count * 4, 4096)))
        // z_stream must not move while zlib holds it: allocate it on the heap.
        let strm = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        strm.initialize(to: z_stream())
        defer { strm.deinitialize(count: 1); strm.deallocate() }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var consumed = 0
        try input.withUnsafeBufferPointer { inBuf in
            while consumed < input.count {
                // Anything after a complete member must be another member (or zero padding).
                if consumed > 0 {
                    if input[consumed...].allSatisfy({ $0 == 0 }) { return }
                    if input.count - consumed < 2 || input[consumed] != 0x1F || input[consumed + 1] != 0x8B {
                        throw Failure.trailingGarbage(offset: consumed)
                    }
                }
                guard winnow_inflateInit2(strm, 16 + 15) == Z_OK else {
                    throw Failure.corrupt(offset: consumed, reason: "inflateInit2 failed")
                }
                defer { inflateEnd(strm) }
                strm.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + consumed)
                strm.pointee.avail_in = UInt32(clamping: input.count - consumed)
                var status: Int32 = Z_OK
                repeat {
                    let produced: Int = chunk.withUnsafeMutableBufferPointer { cbuf in
                        strm.pointee.next_out = cbuf.baseAddress
                        strm.pointee.avail_out = UInt32(cbuf.count)
                        status = inflate(strm, Z_NO_FLUSH)
                        return cbuf.count - Int(strm.pointee.avail_out)
                    }
                    if status == Z_NEED_DICT || status == Z_DATA_ERROR || status == Z_MEM_ERROR || status == Z_STREAM_ERROR {
                        let msg = strm.pointee.msg.map { String(cString: $0) } ?? "inflate error \(status)"
                        throw Failure.corrupt(offset: consumed + Int(strm.pointee.total_in), reason: msg)
                    }
                    if out.count + produced > limit { throw Failure.tooLarge(limit: limit) }
                    out.append(contentsOf: chunk[0..<produced])
                    if status == Z_BUF_ERROR || (status == Z_OK && strm.pointee.avail_in == 0 && produced == 0) {
                        throw Failure.truncated(offset: input.count)
                    }
                } while status != Z_STREAM_END
                consumed += Int(strm.pointee.total_in)
            }
        }
        return out
    }

    /// Gzip-compress `input` as one member.
    public static func compress(_ input: [UInt8], level: Int32 = 6) -> [UInt8] {
        let strm = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        strm.initialize(to: z_stream())
        defer { strm.deinitialize(count: 1); strm.deallocate() }
        precondition(winnow_deflateInit2(strm, level, 16 + 15) == Z_OK, "deflateInit2 failed")
        defer { deflateEnd(strm) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        input.withUnsafeBufferPointer { inBuf in
            strm.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            strm.pointee.avail_in = UInt32(inBuf.count)
            var status: Int32 = Z_OK
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { cbuf in
                    strm.pointee.next_out = cbuf.baseAddress
                    strm.pointee.avail_out = UInt32(cbuf.count)
                    status = deflate(strm, Z_FINISH)
                    return cbuf.count - Int(strm.pointee.avail_out)
                }
                out.append(contentsOf: chunk[0..<produced])
            } while status != Z_STREAM_END
        }
        return out
    }
}
