import Foundation

/// Progress on stderr: a live line on a terminal, a line every 10 s otherwise.
struct Progress {
    let enabled: Bool
    let isTerminal: Bool
    let totalBytes: Int
    let start = Date()
    var lastPrint = Date.distantPast
    var bytes = 0
    var documents = 0

    init(enabled: Bool, totalBytes: Int) {
        self.enabled = enabled
        self.totalBytes = totalBytes
        isTerminal = isatty(2) != 0
    }

    mutating func update(documents: Int, bytes delta: Int) {
        guard enabled else { return }
        self.documents = documents
        bytes += delta
        let now = Date()
        let interval = isTerminal ? 0.2 : 10
        guard now.timeIntervalSince(lastPrint) >= interval else { return }
        lastPrint = now
        let elapsed = max(now.timeIntervalSince(start), 1e-3)
        let mb = Double(bytes) / 1e6
        var line = String(format: "%d docs, %.1f MB, %.0f docs/s", documents, mb, Double(documents) / elapsed)
        if totalBytes > 0 && bytes > 0 {
            let frac = min(1, Double(bytes) / Double(totalBytes))
            let eta = elapsed / max(frac, 1e-6) * (1 - frac)
            if isTerminal {
                let width = 24
                let filled = Int(frac * Double(width))
                line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + line
            }
            line += String(format: ", %.0f%%, ETA %.0fs", frac * 100, eta)
        }
        FileHandle.standardError.write(Data((isTerminal ? "\r" + line + "\u{1B}[K" : line + "\n").utf8))
    }

    func finish() {
        if enabled && isTerminal && lastPrint != .distantPast { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
