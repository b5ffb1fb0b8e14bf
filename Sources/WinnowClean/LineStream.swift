import Foundation

extension CleanTextStage {
    /// `winnow clean` on a byte stream: exactly one cleaned line, ending in "\n", out per line in. A line
    /// ends at "\n" (a "\r" right before it is dropped) or at the end of the input. `read(max)` returns the
    /// next bytes of input (empty at the end); `write` receives the output in blocks. A line longer than
    /// `maxLine` bytes becomes an empty line (and is never held in memory whole). Lines are cleaned straight
    /// from the blocks read, with no copy and no String per line: at a few hundred MB/s that per-line
    /// overhead costs as much as the cleaning.
    public func cleanLines(maxLine: Int = 1 << 30, read: (Int) throws -> [UInt8], write: ([UInt8]) throws -> Void) throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17)
        var partial: [UInt8] = []   // the start of a line that continues in the next block
        var skipping = false        // inside an over-long line, up to its end

        func endLine() throws {
            out.append(0x0A)
            if out.count >= 1 << 16 { try write(out); out.removeAll(keepingCapacity: true) }
        }
        func emit(_ line: UnsafeBufferPointer<UInt8>, stripCR: Bool) throws {
            if line.count <= maxLine {
                let end = stripCR && line.last == 0x0D ? line.count - 1 : line.count
                cleanLine(bytes: UnsafeBufferPointer(rebasing: line[..<end]), into: &out)
            }
            try endLine()
        }

        while true {
            let block = try read(1 << 20)
            if block.isEmpty { break }
            try block.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return }
                var p = 0
                while p < b.count {
                    guard let hit = memchr(base + p, 0x0A, b.count - p) else {
                        if !skipping {
                            partial.append(contentsOf: b[p...])
                            if partial.count > maxLine { skipping = true; partial = [] }
                        }
                        break
                    }
                    let nl = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if skipping {
                        skipping = false
                        try endLine()
                    } else if partial.isEmpty {
                        try emit(UnsafeBufferPointer(rebasing: b[p..<nl]), stripCR: true)
                    } else {
                        partial.append(contentsOf: b[p..<nl])
                        try partial.withUnsafeBufferPointer { try emit($0, stripCR: true) }
                        partial.removeAll(keepingCapacity: true)
                    }
                    p = nl + 1
                }
            }
        }
        if skipping {
            try endLine()
        } else if !partial.isEmpty {
            // the last line, without a line end
            try partial.withUnsafeBufferPointer { try emit($0, stripCR: false) }
        }
        if !out.isEmpty { try write(out) }
    }
}
