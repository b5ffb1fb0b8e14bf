/// A token: byte range into the UTF-8 text and code-point range into the same text.
public struct Token: Sendable, Equatable {
    public var byteStart: Int32
    public var byteEnd: Int32
    public var cpStart: Int32
    public var cpEnd: Int32
    /// First token of a sentence (after a newline or a sentence-final `.`, `!`, `?`).
    public var sentenceStart: Bool
}

/// A fast rule-based tokenizer on UTF-8 bytes, close to the CoNLL-2003 / Penn conventions:
/// punctuation split off, `'s` and `n't` split, abbreviations (`U.S.`, `Mr.`, `Jan.`) and numbers
/// (`1,000`, `3.5`), hyphenated words and `AT&T` kept whole. Offsets are counted in code points.
public enum Tokenizer {
    @inline(__always) static func isASCIIAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
    }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }

    /// Length in bytes of a whitespace character at `i` (0 if none). `nl` is set for line breaks.
    @inline(__always)
    static func spaceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ nl: inout Bool) -> Int {
        let b = p[i]
        if b == 0x20 || b == 0x09 { return 1 }
        if b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C { nl = true; return 1 }
        if b == 0xC2, i + 1 < p.count, p[i + 1] == 0xA0 { return 2 }          // NBSP
        if b == 0xE2, i + 2 < p.count, p[i + 1] == 0x80 {
            let c = p[i + 2]
            if (c >= 0x80 && c <= 0x8A) || c == 0xAF { return 3 }              // U+2000..200A, 202F
            if c == 0xA8 || c == 0xA9 { nl = true; return 3 }                  // line/para separator
            if c == 0x8B { return 3 }                                          // zero-width space
        }
        if b == 0xEF, i + 2 < p.count, p[i + 1] == 0xBB, p[i + 2] == 0xBF { return 3 }  // BOM
        return 0
    }

    /// Byte length of the character starting with lead byte `b`.
    @inline(__always) static func charLength(_ b: UInt8) -> Int {
        b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
    }

    /// Non-ASCII punctuation that must be split like ASCII punctuation (quotes, dashes, ellipsis, «»).
    @inline(__always)
    static func isWordChar(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let b = p[i]
        if b < 0x80 { return isASCIIAlnum(b) }
        if b == 0xE2, i + 2 < p.count, p[i + 1] == 0x80 || p[i + 1] == 0x82 || p[i + 1] == 0x84 { return false }
        if b == 0xC2, i + 1 < p.count {
            let c = p[i + 1]
            if c < 0xC0 && c != 0xB5 && c != 0xAA && c != 0xBA { return false }   // « » · © ° etc.
        }
        if b == 0xC3, i + 1 < p.count, p[i + 1] == 0x97 || p[i + 1] == 0xB7 { return false }  // × ÷
        return b >= 0xC0
    }

    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "cpt", "maj", "adm", "rep",
        "sen", "gov", "prof", "rev", "hon", "pres", "inc", "corp", "ltd", "co", "bros", "vs", "no", "nos",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "fig",
        "approx", "dept", "est", "etc", "vol", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m",
    ]

    /// Tokenizes UTF-8 bytes.
    public static func tokenize(_ p: UnsafeBufferPointer<UInt8>, into out: inout [Token]) {
        out.removeAll(keepingCapacity: true)
        let n = p.count
        var i = 0
        var cp = 0
        var newline = true
        while i < n {
            var nl = false
            let sl = spaceLength(p, i, &nl)
            if sl > 0 {
                if nl { newline = true }
                i += sl; cp += 1
                continue
            }
            // a chunk of non-space characters [i, j)
            var j = i
            var cpj = cp
            while j < n {
                let b = p[j]
                if b > 0x20 && b < 0x80 { j += 1; cpj += 1; continue }   // printable ASCII is never a space
                var dummy = false
                if spaceLength(p, j, &dummy) > 0 { break }
                j += charLength(b); cpj += 1
            }
            if j > n { j = n }
            splitChunk(p, i, j, cp, &out, &newline)
            i = j; cp = cpj
        }
    }

    @inline(__always)
    static func push(_ out: inout [Token], _ bs: Int, _ be: Int, _ cs: Int, _ ce: Int, _ newline: inout Bool) {
        out.append(Token(byteStart: Int32(bs), byteEnd: Int32(be), cpStart: Int32(cs), cpEnd: Int32(ce),
                         sentenceStart: newline))
        newline = false
    }

    /// Splits one whitespace-free chunk into tokens.
    static func splitChunk(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ cpStart: Int,
                           _ out: inout [Token], _ newline: inout Bool) {
        var i = start
        var cp = cpStart
        while i < end {
            let b = p[i]
            if isWordChar(p, i) {
                // word: alnum run with internal joiners
                var j = i, cpj = cp
                var hasPeriod = false
                var letters = 0
                var upperRunStart = -1
                while j < end {
                    // The common case first: a lower-case ASCII letter only extends the word.
                    if p[j] >= 0x61 && p[j] <= 0x7A { letters += 1; j += 1; cpj += 1; continue }
                    if isWordChar(p, j) {
                        let c = p[j]
                        // camel-case glue split: "LukashenkoReuters" (lower->Upper, long parts)
                        if isUpper(c), j > i, isLower(p[j - 1]), upperRunStart >= 0,
                           j - upperRunStart >= 7, !hasPeriod {
                            var k = j + 1, lowers = 0
                            while k < end, isLower(p[k]) { k += 1; lowers += 1 }
                            if lowers >= 3 && (k == end || !isWordChar(p, k)) { break }
                        }
                        if isUpper(c) && (j == i || !isASCIIAlnum(p[j - 1])) { upperRunStart = j }
                        if c >= 0x41 { letters += 1 }
                        let l = charLength(c); j += l; cpj += 1
                        continue
                    }
                    let c = p[j]
                    // joiners that stay inside a word when followed by a word character
                    if j + 1 < end {
                        if c == 0x2E /* . */ && isWordChar(p, j + 1) { hasPeriod = true; j += 1; cpj += 1; continue }
                        if c == 0x2C /* , */ && isDigit(p[j - 1]) && isDigit(p[j + 1]) { j += 1; cpj += 1; continue }
                        if (c == 0x2D /* - */ || c == 0x26 /* & */ || c == 0x2F /* / */ || c == 0x40 /* @ */)
                            && isWordChar(p, j + 1) { j += 1; cpj += 1; continue }
                        if c == 0x27 /* ' */ || (c == 0xE2 && j + 2 < end && p[j + 1] == 0x80 && p[j + 2] == 0x99) {
                            let al = c == 0x27 ? 1 : 3
                            let k = j + al
                            if k < end && isWordChar(p, k) {
                                // clitic 's / 'S / 'd / 'll / 're / 've / 'm: split before the apostrophe
                                var m = k
                                while m < end && isWordChar(p, m) && p[m] < 0x80 { m += 1 }
                                let cl = m - k
                                let c0 = p[k] | 0x20
                                let isClitic = (m == end || !isWordChar(p, m)) &&
                                    ((cl == 1 && (c0 == 0x73 || c0 == 0x64 || c0 == 0x6D)) ||
                                     (cl == 2 && (c0 == 0x6C || c0 == 0x72 || c0 == 0x76)))
                                if isClitic { break }
                                if (p[k] | 0x20) == 0x74, j - 1 > i, (p[j - 1] | 0x20) == 0x6E, k + 1 == end || !isWordChar(p, k + 1) {
                                    // n't
                                    j -= 1; cpj -= 1; break
                                }
                                j += al; cpj += 1; continue
                            }
                        }
                    }
                    break
                }
                if j <= i { j = i + charLength(p[i]); cpj = cp + 1 }
                // trailing period of an abbreviation
                if j < end && p[j] == 0x2E && (j + 1 == end || !isWordChar(p, j + 1)) {
                    var keep = false
                    let len = j - i
                    if hasPeriod && letters <= 6 { keep = true }           // U.S. / e.g.
                    else if len == 1 && isUpper(p[i]) { keep = true }     // initials: J.
                    else if len <= 5 {
                        var s = [UInt8]()
                        for k in i..<j { s.append(p[k] | (p[k] < 0x80 && isUpper(p[k]) ? 0x20 : 0)) }
                        if abbreviations.contains(String(decoding: s, as: UTF8.self)) { keep = true }
                    }
                    // "..." is never an abbreviation dot
                    if keep && j + 1 < end && p[j + 1] == 0x2E { keep = false }
                    if keep { j += 1; cpj += 1 }
                }
                push(&out, i, j, cp, cpj, &newline)
                i = j; cp = cpj
                continue
            }
            // clitics starting with an apostrophe ('s after a split)
            if b == 0x27 || (b == 0xE2 && i + 2 < end && p[i + 1] == 0x80 && p[i + 2] == 0x99) {
                let al = b == 0x27 ? 1 : 3
                let k = i + al
                if k < end && isWordChar(p, k) && !out.isEmpty && Int(out[out.count - 1].byteEnd) == i {
                    var m = k
                    while m < end && isWordChar(p, m) { m += charLength(p[m]) }
                    if m - k <= 2 {
                        push(&out, i, m, cp, cp + 1 + (m - k), &newline)
                        cp += 1 + (m - k); i = m
                        continue
                    }
                }
            }
            // n't
            if (b | 0x20) == 0x6E && i + 2 < end && p[i + 1] == 0x27 && (p[i + 2] | 0x20) == 0x74 {
                push(&out, i, i + 3, cp, cp + 3, &newline)
                i += 3; cp += 3
                continue
            }
            // punctuation: runs of the same ASCII mark stay together ("...", "--")
            let l = charLength(b)
            var j = i + l, cpj = cp + 1
            if b < 0x80 {
                while j < end && p[j] == b { j += 1; cpj += 1 }
            }
            if j > end { j = end }
            push(&out, i, j, cp, cpj, &newline)
            if j - i == 1 && (b == 0x2E || b == 0x21 || b == 0x3F) { newline = true }
            else if b == 0xE2 && j - i == 3 && p[i + 1] == 0x80 && p[i + 2] == 0xA6 { newline = true }  // …
            i = j; cp = cpj
        }
    }

    /// Convenience for tests and tools: tokens of a String as (text, cpStart, cpEnd).
    public static func tokens(_ text: String) -> [(String, Int, Int)] {
        var t = text
        var toks: [Token] = []
        let bytes = t.withUTF8 { Array($0) }
        bytes.withUnsafeBufferPointer { tokenize($0, into: &toks) }
        return toks.map { (String(decoding: bytes[Int($0.byteStart)..<Int($0.byteEnd)], as: UTF8.self),
                           Int($0.cpStart), Int($0.cpEnd)) }
    }
}
