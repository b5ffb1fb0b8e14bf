import Testing
import WinnowCore
@testable import WinnowClean

// The byte entry point (`cleanLine(bytes:into:)`, `cleanLines`) must give exactly what the String path
// gives: it copies a line through only when its predicates say the String path would not change it.

private func stage(_ pairs: [(String, JSONValue)]) throws -> CleanTextStage {
    try CleanTextStage(params: StageParams(pairs))
}

private let optionSets: [[(String, JSONValue)]] = [
    [],
    [("line_mode", .string("full"))],
    [("line_mode", .string("document"))],
    [("line_mode", .string("document")), ("normalization", .string("NFKC")), ("uncurl_quotes", .bool(true)),
     ("fold_dashes", .bool(true)), ("fold_width", .bool(true)), ("fold_ligatures", .bool(true))],
    [("line_mode", .string("document")), ("remove_controls", .bool(false)), ("decode_entities", .bool(false))],
    [("fix_mojibake", .bool(false))],
    [("line_mode", .string("full")), ("fix_mojibake", .bool(false))],
]

private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Tricky lines, as raw bytes (some not valid UTF-8).
private let trickyLines: [[UInt8]] = [
    bytes("Plain ASCII text, nothing to do."),
    bytes(""),
    bytes("Москва — столица России; «ЖУРНАЛ» № 5."),
    bytes("日本語のテキストと中文文本。"),
    bytes("emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"),
    bytes("cafÃ© au lait, Ã¼ber, â€œquotedâ€\u{9D}"),           // cp1252 mojibake
    bytes("ÐŸÑ€Ð¸Ð²ÐµÑ‚"),                                     // Cyrillic as cp1252
    bytes("It\u{92}s done\u{85}"),                               // C1 controls
    bytes("zero\u{200B}width\u{FEFF}and\u{2060}joiner\u{200D}"),
    bytes("soft\u{AD}hyphen"),
    bytes("tab\there, ctl\u{01}, del\u{7F}"),
    bytes("entities &amp; &nbsp; &#8217; &eacute; <b>x</b>"),
    bytes("e\u{301}te\u{301} (decomposed), Å vs A\u{30A}"),      // not NFC
    bytes("“curly” ‘quotes’ – dashes — ﬁ ligature ｗｉｄｅ\u{3000}space"),
    bytes("  leading and trailing spaces  "),
    bytes("double  space\u{A0}nbsp\u{2009}thin"),
    bytes("a\u{2028}b line separator"),
    bytes("carriage\rreturn"),
    [0x61, 0xFF, 0x62],                                          // invalid byte
    [0x63, 0x61, 0x66, 0xC3],                                    // truncated 2-byte sequence
    [0xE2, 0x82],                                                // truncated 3-byte sequence
    [0xC0, 0xAF, 0x2F],                                          // overlong '/'
    [0xED, 0xA0, 0x80, 0x61],                                    // UTF-16 surrogate
    [0xF4, 0x90, 0x80, 0x80],                                    // above U+10FFFF
    [0xF0, 0x9F, 0x98],                                          // truncated 4-byte sequence
    [0x80, 0x80, 0x41],                                          // stray continuations
    bytes("Ã") + [0xA9],                                         // half mojibake, raw continuation
    bytes("line\nfeed inside"),
]

private func viaString(_ st: CleanTextStage, _ line: [UInt8]) -> [UInt8] {
    bytes(st.cleanLine(String(decoding: line, as: UTF8.self)))
}

private func viaBytes(_ st: CleanTextStage, _ line: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x2A]  // appends after what is there
    line.withUnsafeBufferPointer { st.cleanLine(bytes: $0, into: &out) }
    return Array(out.dropFirst())
}

@Test func byteLineMatchesStringPath() throws {
    for opts in optionSets {
        let st = try stage(opts)
        for line in trickyLines {
            #expect(viaBytes(st, line) == viaString(st, line), "options \(opts.map(\.0)), line \(line)")
        }
        // and every pair of them, so that each case also occurs after other text
        for a in trickyLines { for b in trickyLines.prefix(12) {
            let line = a + [0x20] + b
            #expect(viaBytes(st, line) == viaString(st, line), "options \(opts.map(\.0)), line \(line)")
        } }
    }
}

@Test func byteLineCopiesOnlyUnchangedLines() throws {
    let st = try stage([])
    for s in ["Plain ASCII.", "Москва, столица России.", "日本語のテキスト。", "emoji 😀", "“curly” – ok"] {
        #expect(bytes(s).withUnsafeBufferPointer { TextCleaner.lineUnchanged($0, st.options) }, "\(s)")
    }
    for line in [bytes("cafÃ©"), bytes("It\u{92}s"), [0x61, 0xFF], [0xED, 0xA0, 0x80], bytes("a\nb")] {
        #expect(!line.withUnsafeBufferPointer { TextCleaner.lineUnchanged($0, st.options) }, "\(line)")
        #expect(viaBytes(st, line) == viaString(st, line))
    }
    let full = try stage([("line_mode", .string("full"))])
    for s in ["&amp;", "ﬁ", "e\u{301}", "zero\u{200B}width", "tab\u{01}"] {
        #expect(!bytes(s).withUnsafeBufferPointer { TextCleaner.lineUnchanged($0, full.options) }, "\(s)")
    }
}

/// The fused check agrees with the standard library's UTF-8 validation and with `mayContainMojibake`.
@Test func mojibakeCheckRejectsInvalidUTF8() {
    // a pseudo-random walk over bytes that make valid, invalid and code-page-lead sequences likely
    let alphabet: [UInt8] = [0x20, 0x41, 0x3F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xA9, 0xBF, 0xC0, 0xC2, 0xC3, 0xD0, 0xDF,
                             0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<20_000 {
        var line: [UInt8] = []
        for _ in 0..<(Int(state >> 60) + 1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            line.append(alphabet[Int(state >> 33) % alphabet.count])
        }
        line.withUnsafeBufferPointer { u in
            let valid = (try? UTF8Span(validating: u.span)) != nil
            let fused = MojibakeFixer.mayContainMojibakeOrInvalidUTF8(u)
            if valid { #expect(fused == MojibakeFixer.mayContainMojibake(u), "\(line)") } else { #expect(fused, "\(line)") }
        }
    }
}

/// Runs `cleanLines` with input handed over in blocks of `block` bytes.
private func cleanLines(_ st: CleanTextStage, _ input: [UInt8], block: Int, maxLine: Int = 1 << 30) throws -> [UInt8] {
    var pos = 0
    var out: [UInt8] = []
    try st.cleanLines(maxLine: maxLine, read: { max in
        let n = min(block, max, input.count - pos)
        defer { pos += n }
        return Array(input[pos..<pos + n])
    }, write: { out += $0 })
    return out
}

@Test func cleanLinesSplitsLikeLines() throws {
    let st = try stage([])
    let lines = ["cafÃ© au lait", "", "plain\r", "Москва", "It\u{92}s", "tail"]
    let input = bytes(lines.joined(separator: "\n"))  // the last line has no line end
    var expected: [UInt8] = []
    for (i, l) in lines.enumerated() {
        // "\r" before a line end is dropped; the last line is taken as it is
        let line = i < lines.count - 1 && l.hasSuffix("\r") ? String(l.dropLast()) : l
        expected += bytes(st.cleanLine(line)) + [0x0A]
    }
    for block in [1, 2, 3, 7, 64, 1 << 20] {
        #expect(try cleanLines(st, input, block: block) == expected, "block \(block)")
    }
    // "\r\n" split across blocks
    #expect(try cleanLines(st, bytes("ab\r\ncd\r\n"), block: 3) == bytes("ab\ncd\n"))
    #expect(try cleanLines(st, [], block: 8) == [])
    #expect(try cleanLines(st, bytes("\n\n"), block: 1) == bytes("\n\n"))
}

@Test func cleanLinesEmptiesOverlongLines() throws {
    let st = try stage([])
    let input = bytes("short\n" + String(repeating: "x", count: 40) + "\nok\n" + String(repeating: "y", count: 30))
    for block in [1, 5, 16, 1 << 20] {
        #expect(try cleanLines(st, input, block: block, maxLine: 20) == bytes("short\n\nok\n\n"), "block \(block)")
    }
}

/// Combining marks that NFC reorders (non-zero combining class) are not taken as NFC-stable.
@Test func reorderableMarksAreNormalised() throws {
    let full = try stage([("line_mode", .string("full"))])
    // (compared as bytes: String equality is canonical equivalence and would not see the order)
    let cases = [("ب\u{670}\u{618}", "ب\u{618}\u{670}"), ("字\u{302B}\u{302A}", "字\u{302A}\u{302B}")]
    for (input, nfc) in cases {
        #expect(bytes(full.cleanLine(input)) == bytes(nfc))
        #expect(viaBytes(full, bytes(input)) == bytes(nfc))
    }
}
