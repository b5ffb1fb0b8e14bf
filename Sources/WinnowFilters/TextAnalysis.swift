import WinnowCore

/// Lines, paragraphs and words of a text as byte ranges of its UTF-8, with the counts the quality rules use.
struct TextAnalysis {
    let bytes: [UInt8]
    /// Non-empty lines, trimmed of ASCII spaces.
    private(set) var lines: [Range<Int>] = []
    /// Blocks separated by blank lines, trimmed.
    private(set) var paragraphs: [Range<Int>] = []
    /// Whitespace-separated tokens with ASCII punctuation trimmed at both ends; punctuation-only tokens skipped.
    private(set) var words: [Range<Int>] = []
    private(set) var hashCount = 0
    /// "..." (counted without overlap) and "…".
    private(set) var ellipsisCount = 0
    private var wordHashes: [UInt64] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        scanLines()
        scanWords()
        wordHashes = words.map { StableHash.fnv1a64(bytes[$0]) }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C }
    static func isPunct(_ b: UInt8) -> Bool {
        (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
    }

    private func trimmed(_ a: Int, _ b: Int) -> Range<Int> {
        // A text ending in a newline leaves paraStart one past the end.
        guard a < b else { return min(a, b)..<min(a, b) }
        var a = a, b = b
        while a < b && Self.isSpace(bytes[a]) { a += 1 }
        while b > a && Self.isSpace(bytes[b - 1]) { b -= 1 }
        return a..<b
    }

    private mutating func scanLines() {
        var start = 0, paraStart = 0, lastLineEmpty = false
        for i in 0...bytes.count {
            guard i == bytes.count || bytes[i] == 0x0A else { continue }
            let line = trimmed(start, i)
            if line.isEmpty {
                if !lastLineEmpty { let p = trimmed(paraStart, start); if !p.isEmpty { paragraphs.append(p) } }
                paraStart = i + 1
                lastLineEmpty = true
            } else {
                lines.append(line)
                lastLineEmpty = false
            }
            start = i + 1
        }
        let p = trimmed(paraStart, bytes.count)
        if !p.isEmpty { paragraphs.append(p) }
    }

    private mutating func scanWords() {
        hashCount = bytes.reduce(0) { $0 + ($1 == 0x23 ? 1 : 0) }
        ellipsisCount = Self.countEllipses(bytes)
        var i = 0
        let n = bytes.count
        while i < n {
            while i < n && Self.isSpace(bytes[i]) { i += 1 }
            var a = i
            while i < n && !Self.isSpace(bytes[i]) { i += 1 }
            var b = i
            while a < b && Self.isPunct(bytes[a]) { a += 1 }
            while b > a && Self.isPunct(bytes[b - 1]) { b -= 1 }
            if a < b { words.append(a..<b) }
        }
    }

    /// Occurrences of "..." (non-overlapping, like Python's str.count) and of "…".
    static func countEllipses(_ bytes: [UInt8]) -> Int {
        var count = 0, i = 0
        let n = bytes.count
        while i < n {
            if bytes[i] == 0x2E && i + 2 < n && bytes[i + 1] == 0x2E && bytes[i + 2] == 0x2E { count += 1; i += 3; continue }
            if bytes[i] == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA6 { count += 1; i += 3; continue }
            i += 1
        }
        return count
    }

    /// Bullets a line may start with: datatrove's "•" and the other Unicode bullet characters.
    static let bullets: [[UInt8]] = ["•", "●", "◦", "▪", "‣", "∙"].map { Array($0.utf8) }

    static func startsWithBullet(_ line: ArraySlice<UInt8>) -> Bool {
        bullets.contains { line.starts(with: $0) }
    }

    static func endsWithEllipsis(_ line: ArraySlice<UInt8>) -> Bool {
        line.reversed().starts(with: [0x2E, 0x2E, 0x2E]) || line.reversed().starts(with: [0xA6, 0x80, 0xE2])
    }

    /// An ASCII letter or any non-ASCII character (letters of other scripts; approximate by design).
    static func hasLetter(_ word: ArraySlice<UInt8>) -> Bool {
        word.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 >= 0x80 }
    }

    /// Elements equal to an earlier one: how many, and their total bytes (datatrove find_duplicates).
    func duplicates(_ ranges: [Range<Int>]) -> (count: Int, bytes: Int) {
        var seen: Set<UInt64> = []
        var count = 0, total = 0
        for r in ranges where !seen.insert(StableHash.xxh64(Array(bytes[r]))).inserted {
            count += 1; total += r.count
        }
        return (count, total)
    }

    private func nGramHash(_ i: Int, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E3779B97F4A7C15
        for k in i..<(i + n) { h = StableHash.mix64(h ^ wordHashes[k]) &+ UInt64(k - i) }
        return h
    }

    private func nGramBytes(_ i: Int, _ n: Int) -> Int {
        var len = n - 1
        for k in i..<(i + n) { len += words[k].count }
        return len
    }

    /// Bytes covered by the most frequent word n-gram: its length times its count (datatrove find_top_duplicate).
    func topNGramBytes(_ n: Int) -> Int {
        var counts: [UInt64: (count: Int, len: Int)] = [:]
        var best = 0
        for i in 0...(words.count - n) {
            let h = nGramHash(i, n)
            let e = counts[h] ?? (0, nGramBytes(i, n))
            counts[h] = (e.count + 1, e.len)
            best = max(best, (e.count + 1) * e.len)
        }
        return best
    }

    /// Bytes in n-grams repeating an earlier one, skipping past each repeat (datatrove find_all_duplicate).
    func duplicateNGramBytes(_ n: Int) -> Int {
        var seen: Set<UInt64> = []
        var repeated = 0, i = 0
        while i <= words.count - n {
            if seen.insert(nGramHash(i, n)).inserted { i += 1 } else { repeated += nGramBytes(i, n); i += n }
        }
        return repeated
    }
}
