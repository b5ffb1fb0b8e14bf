/// Cuts a long UTF-8 text into pieces the tagger handles one at a time (bounded memory and time per
/// document): at a paragraph break when there is one in the last quarter of a piece, else after a
/// sentence end, else at a space, else at a character boundary.
enum TextChunks {
    /// Texts up to this size are tagged whole (every real article is far below it; cross-paragraph steps such
    /// as person linking see the whole document).
    static let maxBytes = 256 << 10
    /// A cut is looked for in the last quarter of a piece.
    static let searchFraction = 4

    struct Piece { var bytes: Range<Int>; var codePointOffset: Int }

    static func split(_ p: UnsafeBufferPointer<UInt8>) -> [Piece] {
        var pieces: [Piece] = []
        var start = 0, cp = 0
        while start < p.count {
            var end = min(p.count, start + maxBytes)
            if end < p.count { end = cut(p, from: start, before: end) }
            pieces.append(Piece(bytes: start..<end, codePointOffset: cp))
            for i in start..<end where p[i] & 0xC0 != 0x80 { cp += 1 }
            start = end
        }
        return pieces
    }

    /// The best cut in `(from, before]`: after "\n\n", else after ". " / "! " / "? ", else after a space,
    /// else the last character boundary.
    static func cut(_ p: UnsafeBufferPointer<UInt8>, from: Int, before: Int) -> Int {
        let lower = max(from + 1, before - (before - from) / searchFraction)
        var i = before - 1
        while i > lower { if p[i] == 0x0A && p[i - 1] == 0x0A { return i + 1 }; i -= 1 }
        i = before - 1
        while i > lower {
            if p[i] == 0x20 && (p[i - 1] == 0x2E || p[i - 1] == 0x21 || p[i - 1] == 0x3F) { return i + 1 }
            i -= 1
        }
        i = before - 1
        while i > lower { if p[i] == 0x20 || p[i] == 0x0A { return i + 1 }; i -= 1 }
        var b = before
        while b > from + 1 && p[b] & 0xC0 == 0x80 { b -= 1 }
        return b
    }
}
