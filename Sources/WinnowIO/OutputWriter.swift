import CZlib
import Foundation
import WinnowCore

/// A file written under a temporary name and renamed into place when finished, so a reader never
/// sees a partial file where a finished one is expected. Optionally gzip-compressed as it is written.
public final class AtomicFileWriter {
    public let finalPath: String
    let tempPath: String
    let fd: Int32
    let deflater: UnsafeMutablePointer<z_stream>?
    var pending: [UInt8] = []
    public private(set) var bytesWritten = 0   // uncompressed
    var closed = false

    public init(path: String, gzip: Bool) throws {
        finalPath = path
        let dir = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        tempPath = (dir.isEmpty ? "" : dir + "/") + ".\(base).tmp-\(getpid())"
        fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw IOError(path: path, reason: "cannot create output file: \(String(cString: strerror(errno)))") }
        if gzip {
            let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)   // must not move
            z.initialize(to: z_stream())
            guard winnow_deflateInit2(z, 6, 16 + 15) == Z_OK else {
                z.deallocate(); close(fd); unlink(tempPath)
                throw IOError(path: path, reason: "deflateInit2 failed")
            }
            deflater = z
        } else { deflater = nil }
    }

    deinit {
        if !closed { abandon() }
    }

    public func write(_ bytes: [UInt8]) throws {
        bytesWritten += bytes.count
        if let z = deflater {
            try deflate(bytes, z: z, flush: Z_NO_FLUSH)
        } else {
            pending.append(contentsOf: bytes)
            if pending.count >= 1 << 20 { try flushPending() }
        }
    }

    private func deflate(_ bytes: [UInt8], z: UnsafeMutablePointer<z_stream>, flush: Int32) throws {
        var out = [UInt8](repeating: 0, count: 1 << 16)
        bytes.withUnsafeBufferPointer { inBuf in
            z.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            z.pointee.avail_in = UInt32(inBuf.count)
            var status: Int32 = Z_OK
            repeat {
                let produced: Int = out.withUnsafeMutableBufferPointer { o in
                    z.pointee.next_out = o.baseAddress
                    z.pointee.avail_out = UInt32(o.count)
                    status = CZlib.deflate(z, flush)
                    return o.count - Int(z.pointee.avail_out)
                }
                pending.append(contentsOf: out[0..<produced])
                if flush == Z_FINISH { if status == Z_STREAM_END { break } } else if z.pointee.avail_in == 0 && produced < out.count { break }
            } while true
        }
        if pending.count >= 1 << 20 { try flushPending() }
    }

    private func flushPending() throws {
        var off = 0
        while off < pending.count {
            let n = pending.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + off, pending.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(path: finalPath, reason: "write failed: \(String(cString: strerror(errno)))")
            }
            off += n
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Flush, fsync and rename into place.
    public func commit() throws {
        if let z = deflater {
            try deflate([], z: z, flush: Z_FINISH)
            deflateEnd(z); z.deinitialize(count: 1); z.deallocate()
        }
        try flushPending()
        if fsync(fd) != 0 {
            let e = String(cString: strerror(errno)); abandon()
            throw IOError(path: finalPath, reason: "fsync failed: \(e)")
        }
        close(fd)
        closed = true
        if rename(tempPath, finalPath) != 0 {
            let e = String(cString: strerror(errno)); unlink(tempPath)
            throw IOError(path: finalPath, reason: "rename failed: \(e)")
        }
    }

    /// Remove the temporary file (error path).
    public func abandon() {
        guard !closed else { return }
        closed = true
        close(fd)
        unlink(tempPath)
    }

    /// Write a whole small file atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let w = try AtomicFileWriter(path: path, gzip: false)
        do { try w.write(bytes); try w.commit() } catch { w.abandon(); throw error }
    }
}

/// Writes documents into numbered part files (`part-00000.jsonl[.gz]`), rolling over at a size limit.
/// Parts become visible only when finished (atomic rename).
public final class PartWriter {
    let directory: String
    let gzip: Bool
    let maxBytes: Int
    let toStdout: Bool
    var current: AtomicFileWriter?
    public private(set) var partPaths: [String] = []
    var partIndex = 0
    public private(set) var documentsWritten = 0
    public private(set) var bytesWritten = 0

    /// `directory == "-"` writes to standard output.
    public init(directory: String, gzip: Bool, maxBytes: Int) {
        self.directory = directory; self.gzip = gzip; self.maxBytes = maxBytes
        toStdout = directory == "-"
    }

    public func write(_ record: [UInt8]) throws {
        documentsWritten += 1
        bytesWritten += record.count
        if toStdout {
            try record.withUnsafeBytes { buf in
                var off = 0
                while off < buf.count {
                    let n = Glibc.write(1, buf.baseAddress! + off, buf.count - off)
                    if n < 0 { if errno == EINTR { continue }; throw IOError(path: "<stdout>", reason: String(cString: strerror(errno))) }
                    off += n
                }
            }
            return
        }
        if let c = current, maxBytes > 0, c.bytesWritten > 0, c.bytesWritten + record.count > maxBytes {
            try c.commit()
            current = nil
        }
        if current == nil {
            let name = String(format: "part-%05d.jsonl", partIndex) + (gzip ? ".gz" : "")
            partIndex += 1
            let path = directory + "/" + name
            current = try AtomicFileWriter(path: path, gzip: gzip)
            partPaths.append(path)
        }
        try current!.write(record)
    }

    public func commit() throws {
        if toStdout { return }
        if current == nil && partPaths.isEmpty {
            // An empty run still produces a (empty) part so consumers find the expected file.
            let path = directory + "/" + "part-00000.jsonl" + (gzip ? ".gz" : "")
            current = try AtomicFileWriter(path: path, gzip: gzip)
            partPaths.append(path)
        }
        try current?.commit()
        current = nil
    }

    public func abandon() { current?.abandon(); current = nil }
}
