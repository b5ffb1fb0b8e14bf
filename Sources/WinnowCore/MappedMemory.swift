#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Start-up memory for the large read-only tables (language model, tagger word tables), taken from the kernel
/// directly: a run of a few pages pays each table's load once, so how the load touches memory shows in every
/// cron run (see issue 22's profile: page faults were a quarter of a one-page run).

/// A zero-filled block of `count` values from an anonymous mapping. The kernel hands out zeroed pages, so no
/// `memset` pass touches them first; blocks of 2 MB or more ask for transparent huge pages (one fault per 2 MB
/// instead of one per 4 KB, where the kernel allows it: `madvise` mode). Freed with `release()`.
public struct ZeroedBlock<Element> {
    public let pointer: UnsafeMutablePointer<Element>
    public let count: Int
    private let bytes: Int

    /// Below this size huge pages cannot help (one huge page is 2 MB).
    static var hugePageBytes: Int { 2 << 20 }

    public init(count: Int) {
        precondition(count >= 0)
        self.count = count
        bytes = max(MemoryLayout<Element>.stride * count, 1)
        guard let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED
        else { fatalError("out of memory: cannot map \(bytes) bytes") }
        #if os(Linux)
        if bytes >= ZeroedBlock.hugePageBytes { _ = madvise(p, bytes, MADV_HUGEPAGE) }
        #endif
        pointer = p.bindMemory(to: Element.self, capacity: count)
    }

    public func release() { munmap(UnsafeMutableRawPointer(pointer), bytes) }
}

/// A file mapped read-only: its bytes are read from the page cache as they are touched, with no copy into a
/// heap array (the language model is 10 MB). Unmapped when the value is released, which Swift may do right
/// after its last use: the bytes are only lent out inside `withBytes`, which keeps the mapping alive.
public final class MappedFile: @unchecked Sendable {
    private let bytes: UnsafeBufferPointer<UInt8>

    /// Runs `body` on the file's bytes; they must not be used after it returns.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(bytes) }
    }

    /// Nil when the file cannot be opened, statted or mapped.
    public init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        guard size > 0 else { bytes = UnsafeBufferPointer(start: nil, count: 0); return }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        bytes = UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
