/// Repairs UTF-8 text that was mis-decoded with a single-byte code page (cp1252, Latin-1, MacRoman, cp1251, ...),
/// also several times over (double encoding) or only in parts of a line.
///
/// Principle (as in ftfy, re-implemented from scratch): a text *cost* sums per-character costs by character
/// class (C1 controls, rare symbols, IPA and obscure letters cost a lot; ASCII nothing) and pair costs for
/// combinations typical of mojibake (a letter glued to a Latin-1 symbol, an upper-case accented letter inside a
/// lower-case word, a lone letter of another script, script changes inside a word). A candidate repair, i.e.
/// re-encoding the text (or a fragment) with a code page and decoding the bytes as UTF-8, is accepted only
/// when it decodes cleanly and lowers the cost. Text that does not decode, or whose cost does not drop, is left
/// alone, so correct text in any language stays unchanged.
enum MojibakeFixer {
    struct Encoding {
        let name: String
        let sloppy: Bool
        let upper: [UInt32]              // byte 0x80+i -> scalar
        let reverse: [UInt32: UInt8]
    }

    static let encodings: [Encoding] = CharMaps.tables.map { name, upper in
        var r: [UInt32: UInt8] = [:]
        for (i, v) in upper.enumerated() where r[v] == nil { r[v] = UInt8(0x80 + i) }
        let sloppy = name.hasPrefix("cp12")
        return Encoding(name: name, sloppy: sloppy, upper: upper, reverse: r)
    }
    static let cp1252: Encoding = encodings.first { $0.name == "cp1252" }!

    /// flat[e << 16 | c]: byte of BMP scalar c (>= 0x80) in code page e, 0 if none.
    static let flat: [UInt8] = {
        var t = [UInt8](repeating: 0, count: encodings.count << 16)
        for (e, enc) in encodings.enumerated() {
            for (i, v) in enc.upper.enumerated() where v < 0x10000 && t[e << 16 | Int(v)] == 0 { t[e << 16 | Int(v)] = UInt8(0x80 + i) }
            if enc.name == "latin1" { for v in 0x80...0xFF where t[e << 16 | v] == 0 { t[e << 16 | v] = UInt8(v) } }
        }
        return t
    }()

    /// Per BMP scalar: bit e set when code page e encodes it as a UTF-8 lead byte (0xC2-0xF4) / as a
    /// continuation byte (0x80-0xBF). Mojibake needs a lead followed by a continuation in the same code page.
    static let byteRoles: (lead: [UInt16], cont: [UInt16]) = {
        var lead = [UInt16](repeating: 0, count: 0x10000)
        var cont = [UInt16](repeating: 0, count: 0x10000)
        for (e, enc) in encodings.enumerated() {
            for (i, v) in enc.upper.enumerated() where v < 0x10000 {
                let b = 0x80 + i
                if b >= 0xC2 && b <= 0xF4 { lead[Int(v)] |= 1 << e }
                if b <= 0xBF { cont[Int(v)] |= 1 << e }
            }
            if enc.name == "latin1" { for v in 0x80...0xFF { if v >= 0xC2 && v <= 0xF4 { lead[v] |= 1 << e }; if v <= 0xBF { cont[v] |= 1 << e } } }
        }
        // U+FFFD and the space can stand for a lost continuation byte
        cont[0xFFFD] = 0xFFFF
        cont[0x20] = 0xFFFF
        return (lead, cont)
    }()

    // MARK: character classes and cost

    @inline(__always) static func isLetterLike(_ c: UInt32) -> Bool {
        if c < 0x80 { return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        if c >= 0xC0 && c <= 0x2AF { return c != 0xD7 && c != 0xF7 }
        if c == 0xAA || c == 0xB5 || c == 0xBA { return false }
        if c >= 0x370 && c <= 0x52F { return c >= 0x386 }      // Greek, Cyrillic
        if c >= 0x530 && c <= 0x1FFF { return true }          // Armenian ... Greek extended
        if c >= 0x2E80 && c <= 0xD7FF { return true }         // CJK, Hangul
        if c >= 0xF900 && c <= 0xFAFF { return true }
        if c >= 0x10000 { return true }
        return false
    }

    /// Coarse script id of a letter: 1 Latin, 2 Greek, 3 Cyrillic, 4 other alphabets, 5 CJK.
    @inline(__always) static func script(_ c: UInt32) -> Int {
        if c < 0x2B0 || (c >= 0x1E00 && c <= 0x1EFF) { return 1 }
        if c >= 0x370 && c < 0x400 || (c >= 0x1F00 && c <= 0x1FFF) { return 2 }
        if c >= 0x400 && c < 0x530 { return 3 }
        if c >= 0x2E80 { return 5 }
        return 4
    }

    /// Latin-1 / cp1252 symbols that are rare in running text.
    @inline(__always) static func isRareSymbol(_ c: UInt32) -> Bool {
        switch c {
        case 0xA2, 0xA4, 0xA5, 0xA6, 0xA8, 0xAA, 0xAC, 0xAD, 0xAF, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB8, 0xB9, 0xBA,
             0xBC, 0xBE, 0x192, 0x2C6, 0x2DC, 0x2030, 0x2039, 0x203A, 0x2020, 0x2021, 0x201A: return true
        default: return false
        }
    }
    /// Latin Extended-A letters that hardly occur in the languages we handle (Maltese, Sami, archaic forms).
    @inline(__always) static func isRareExtA(_ c: UInt32) -> Bool {
        switch c {
        case 0x120, 0x121, 0x126, 0x127, 0x128, 0x168, 0x13F, 0x140, 0x138, 0x149, 0x17F, 0x166, 0x167, 0x14A, 0x14B,
             0x132, 0x133, 0x114, 0x115, 0x12C, 0x12D, 0x14E, 0x14F: return true
        default: return false
        }
    }

    /// Cost of one character on its own.
    @inline(__always) static func charCost(_ c: UInt32) -> Int {
        if c < 0x80 { return 0 }
        if c < 0xA0 { return 20 }                               // C1 controls
        if c == 0xFFFD { return 2 }
        if c < 0x100 { return isRareSymbol(c) ? 2 : 1 }
        if c < 0x180 { return isRareExtA(c) ? 4 : 1 }
        if c < 0x250 {
            // Latin Extended-B: only a few are common (Romanian, Pinyin, some African languages)
            switch c {
            case 0x192: return 2
            case 0x218...0x21B, 0x1CD...0x1DC, 0x18F, 0x1A0, 0x1A1, 0x1AF, 0x1B0, 0x186, 0x190, 0x194, 0x1B7: return 1
            default: return 5
            }
        }
        if c < 0x2B0 { return c == 0x259 || c == 0x254 || c == 0x25B ? 2 : 5 }   // IPA
        if c < 0x300 { return c == 0x2BC ? 1 : (c == 0x2C6 || c == 0x2DC ? 2 : 4) }   // modifier letters
        if c < 0x370 { return 3 }                                                // combining marks
        if c >= 0x1D00 && c < 0x1E00 { return 5 }                                // phonetic extensions
        if c >= 0x1E00 && c < 0x1EA0 { return 3 }                                // Latin ext. additional (not Vietnamese)
        if c >= 0xE000 && c < 0xF900 { return 10 }                               // private use
        if isUnusualBlock(c) { return 4 }
        if c >= 0x2000 && c < 0x2070 { return isRareSymbol(c) ? 2 : 1 }  // general punctuation
        if c >= 0x2100 && c < 0x2190 { return c == 0x2122 ? 1 : 2 }              // letterlike, number forms
        if c >= 0x2190 && c < 0x2500 { return 3 }                                // arrows, math, technical
        if c >= 0x2500 && c < 0x2800 { return 2 }                                // box drawing, shapes, dingbats
        if c >= 0xE000 && c < 0xF900 { return 10 }                               // private use
        if c >= 0xD800 && c < 0xE000 { return 20 }
        return 1
    }

    /// Blocks outside the scripts and symbols of ordinary text in the languages we handle (Coptic,
    /// Glagolitic, presentation forms, Yi, ...).
    @inline(__always) static func isUnusualBlock(_ c: UInt32) -> Bool {
        switch c {
        case 0x0370...0x0E7F, 0x10A0...0x11FF, 0x1E00...0x1FFF, 0x2000...0x2BFF, 0x2E80...0x9FFF, 0xAC00...0xD7AF,
             0xFE30...0xFE4F, 0xFF00...0xFFEF, 0xFFFD, 0x1F000...0x1FAFF, 0x20000...0x2FA1F: return false
        default: return true
        }
    }

    /// Bytes 0x80-0xBF as cp1252/Latin-1 show them: the usual second half of UTF-8 mojibake.
    @inline(__always) static func isContinuationGlyph(_ c: UInt32) -> Bool {
        if c >= 0x80 && c <= 0xBF { return true }
        switch c {
        case 0x20AC, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x17D, 0x2018,
             0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x17E, 0x178: return true
        default: return false
        }
    }

    /// Continuation glyphs that also follow letters in ordinary text (quotes, dashes, ellipsis, ™, NBSP, letters).
    @inline(__always) static func isWeakGlyph(_ c: UInt32) -> Bool {
        switch c {
        case 0xA0, 0xAB, 0xBB, 0x201E, 0x2019, 0x201D, 0x201C, 0x2018, 0x2026, 0x2013, 0x2014, 0x2022, 0x2122, 0x160,
             0x161, 0x17D, 0x17E, 0x152, 0x153, 0x178: return true
        default: return false
        }
    }

    /// In Latin Extended-A the case pairs start on an odd code point in 0x139-0x148 and 0x179-0x17E.
    @inline(__always) static func oddIsUpper(_ c: UInt32) -> Bool {
        (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)
    }

    @inline(__always) static func isUpper(_ c: UInt32) -> Bool {
        if c == 0x178 { return true }
        if c == 0x138 || c == 0x149 || c == 0x17F { return false }
        if c < 0x80 { return c >= 0x41 && c <= 0x5A }
        if c >= 0xC0 && c <= 0xDE { return c != 0xD7 }
        if c >= 0x100 && c < 0x180 { return oddIsUpper(c) ? c & 1 == 1 : c & 1 == 0 }
        if c >= 0x391 && c <= 0x3A9 { return true }
        if c >= 0x400 && c <= 0x42F { return true }
        return false
    }

    @inline(__always) static func isLower(_ c: UInt32) -> Bool {
        if c < 0x80 { return c >= 0x61 && c <= 0x7A }
        if c >= 0xDF && c <= 0xFF { return c != 0xF7 }
        if c >= 0x100 && c < 0x180 { return c == 0x138 || c == 0x149 || c == 0x17F ? true : (c == 0x178 ? false : (oddIsUpper(c) ? c & 1 == 0 : c & 1 == 1)) }
        if c >= 0x3B1 && c <= 0x3C9 { return true }
        if c >= 0x430 && c <= 0x45F { return true }
        return false
    }

    /// Text cost: character costs plus context penalties typical of mojibake.
    static func cost(_ s: [UInt32]) -> Int { cost(s, from: 0, to: s.count) }

    // Character facts used by `cost`, precomputed for the BMP (the functions above stay the definition).
    static let fLetter: UInt16 = 1, fUpper: UInt16 = 1 << 4, fLower: UInt16 = 1 << 5, fCont: UInt16 = 1 << 6,
               fWeak: UInt16 = 1 << 7, fRare: UInt16 = 1 << 8

    /// Bit 0 letter-like, bits 1-3 script, 4 upper, 5 lower, 6 continuation glyph, 7 weak glyph, 8 rare symbol,
    /// bits 9-13 `charCost`.
    @inline(__always) static func computeInfo(_ c: UInt32) -> UInt16 {
        var f: UInt16 = isLetterLike(c) ? fLetter : 0
        f |= UInt16(script(c)) << 1
        if isUpper(c) { f |= fUpper }
        if isLower(c) { f |= fLower }
        if isContinuationGlyph(c) { f |= fCont }
        if isWeakGlyph(c) { f |= fWeak }
        if isRareSymbol(c) { f |= fRare }
        f |= UInt16(min(31, charCost(c))) << 9
        return f
    }

    static let infoTable: [UInt16] = (0..<0x10000).map { computeInfo(UInt32($0)) }

    /// Cost of the characters in `lo..<hi`, looking at their real neighbours in `s`.
    static func cost(_ s: [UInt32], from lo: Int, to hi: Int) -> Int {
        infoTable.withUnsafeBufferPointer { tab in
            @inline(__always) func info(_ c: UInt32) -> UInt16 { c < 0x10000 ? tab[Int(c)] : computeInfo(c) }
            @inline(__always) func scriptOf(_ f: UInt16) -> UInt16 { (f >> 1) & 7 }
            var total = 0
            var i = max(0, lo)
            let n = s.count
            let end = min(hi, n)
            while i < end {
                let c = s[i]
                if c >= 0x80 {
                    let fc = info(c)
                    total += Int(fc >> 9)
                    let prev: UInt32 = i > 0 ? s[i - 1] : 0x20
                    let next: UInt32 = i + 1 < n ? s[i + 1] : 0x20
                    let n2: UInt32 = i + 2 < n ? s[i + 2] : 0x20
                    let fp = info(prev), fn = info(next)
                    // an apostrophe followed by a letter continues the word ("Ã’s", "l’Ã©")
                    let pL = fp & fLetter != 0
                    let nL = fn & fLetter != 0 || (next == 0x2019 && info(n2) & fLetter != 0)
                    if fc & fLetter != 0 {
                        let sc = scriptOf(fc)
                        if sc != 1 {
                            // lone letter of another script: no letter of its script within three characters
                            var same = false
                            var j = max(0, i - 3)
                            while j < min(n, i + 4) {
                                let fj = info(s[j])
                                if j != i && fj & fLetter != 0 && scriptOf(fj) == sc { same = true; break }
                                j += 1
                            }
                            if !same { total += 3 }
                        }
                        if (pL && scriptOf(fp) != sc) || (fn & fLetter != 0 && scriptOf(fn) != sc) { total += 3 }   // script change in a word
                        if fc & fUpper != 0 && pL && fp & fLower != 0 { total += 3 }      // "cafÃ", "вЂ"
                        if sc == 1 {
                            if fc & fLower != 0 && pL && fp & fUpper != 0 && !(nL && fn & fLower != 0) {
                                let p2: UInt32 = i > 1 ? s[i - 2] : 0x20
                                if fn & fUpper != 0 || info(p2) & fUpper != 0 { total += 3 }   // "NICIODATà", "MģÄM"
                            }
                            if !pL && !nL {                                      // one-letter word
                                if c >= 0x100 { total += 3 }
                                else if !(c == 0xE0 || c == 0xE1 || c == 0xE8 || c == 0xE9 || c == 0xF2 || c == 0xF3) { total += 2 }
                                // a lower-case one-letter word between capitals ("S à O")
                                if fc & fLower != 0 && i >= 2 && i + 2 < n && info(s[i - 2]) & fUpper != 0 && info(s[i + 2]) & fUpper != 0 { total += 3 }
                            }
                            // two capitals then a lower-case letter ("ÄÆdomu")
                            if fc & fUpper != 0 && c >= 0xC0 && pL && fp & fUpper != 0 && nL && fn & fLower != 0 { total += 2 }
                        }
                        // letter glued to a continuation glyph ("Ã©", "â€", "Ã¨")
                        let latin1Lead = c >= 0xC0 && c <= 0xFF
                        let weak = fn & fWeak != 0 && !(latin1Lead && (next == 0xAB || next == 0xBB || next == 0x201E))
                        if next >= 0x80 && fn & fCont != 0 && !weak {
                            if c == 0xC2 || c == 0xC3 || c == 0xCE || c == 0xD0 || c == 0xE2 || c == 0xE3 { total += 4 }
                            else if c >= 0xC0 && c <= 0xDE { total += 2 }
                            else if c >= 0xDF && c <= 0xFF { total += 4 }
                            else if sc != 1 && next != 0xAD && next != 0xA0 { total += 2 }   // "Г‚"
                        } else if next >= 0x80 && fn & fWeak != 0 && (c == 0xC2 || c == 0xC3 || c == 0xE2)
                                    && (next != 0xA0 || c != 0xE2) {
                            // an apostrophe before a letter ("Ã’s") is ordinary text
                            if !(next == 0x2019 && info(n2) & fLetter != 0) { total += 2 }
                        }
                    } else {
                        if c >= 0x300 && c < 0x370 && (prev == 0x20 || i == 0) { total += 4 }   // combining mark on nothing
                        if fc & fCont != 0 && next >= 0x80 && fn & fCont != 0 {
                            total += 1                                           // glyph glyph ("€™")
                        }
                        // a symbol (math, box drawing, rare Latin-1 sign) inside a word ("wei√ü", "┼ítina")
                        if pL && nL && (c >= 0x2190 || fc & fRare != 0) && c != 0xFFFD && c != 0xAD && !(c >= 0x2E80) {
                            total += 3
                        }
                    }
                }
                i += 1
            }
            return total
        }
    }

    static func nonASCII(_ s: [UInt32]) -> Int {
        var k = 0
        for c in s where c >= 0x80 { k += 1 }
        return k
    }

    /// How unlikely a code page is as the cause of mojibake (added to the cost of its repairs).
    static func prior(_ name: String) -> Int {
        switch name {
        case "latin1", "cp1252": return 0
        case "cp1251", "cp1250", "iso8859_2": return 1
        case "macroman", "cp437": return 4
        default: return 2
        }
    }

    // MARK: encode / decode

    /// Encode scalars with `enc`; nil if some scalar is not in the code page. U+FFFD becomes 0x1A in sloppy
    /// code pages (a placeholder for a byte lost by an earlier lossy decoding).
    static func encode(_ s: ArraySlice<UInt32>, _ e: Int, allowPlaceholder: Bool) -> [UInt8]? {
        let sloppy = encodings[e].sloppy
        var out = [UInt8](); out.reserveCapacity(s.count)
        for c in s {
            if c < 0x80 { out.append(UInt8(c)); continue }
            if let b = byteOf(c, e) { out.append(b); continue }
            if c == 0xFFFD && sloppy && allowPlaceholder { out.append(0x1A); continue }
            return nil
        }
        return out
    }

    /// UTF-8 decoding of re-encoded text. Strict, with the tolerances of real mojibake:
    /// - CESU-8 surrogate pairs;
    /// - lossy sequences: a lead byte whose continuation was lost (placeholder 0x1A for U+FFFD, or '?' after
    ///   C2/C3 or inside a 3/4-byte sequence) becomes one U+FFFD;
    /// - `restore` (cp1252/Latin-1 only): a space where byte 0xA0 belonged (NBSP became a space) after the leads
    ///   C2 C3 C5 CE D0 D9, inside E0-E3 and F0 sequences; "Ã " before a word is "à ".
    /// Returns nil on any other error, or when no genuine multi-byte sequence was found.
    static func decodeUTF8(_ b: [UInt8], placeholder: Bool, restore: Bool, lossyQuestion: Bool) -> [UInt32]? {
        var out = [UInt32](); out.reserveCapacity(b.count)
        var i = 0
        var genuine = 0
        let n = b.count
        while i < n {
            let x = b[i]
            if x < 0x80 {
                if x == 0x1A && placeholder { out.append(0xFFFD) } else { out.append(UInt32(x)) }
                i += 1; continue
            }
            var len = 0
            var v: UInt32 = 0
            if x >= 0xC2 && x <= 0xDF { len = 2; v = UInt32(x & 0x1F) }
            else if x >= 0xE0 && x <= 0xEF { len = 3; v = UInt32(x & 0x0F) }
            else if x >= 0xF0 && x <= 0xF4 { len = 4; v = UInt32(x & 0x07) }
            else { return nil }
            // "Ã " + word: à whose NBSP byte became the following space
            if restore && x == 0xC3 && i + 1 < n && b[i + 1] == 0x20 && i + 2 < n && b[i + 2] != 0x20 {
                // Portuguese "às", "àquele", "àquela", "àquilo" absorb the space; elsewhere "à" keeps it
                func follows(_ w: String) -> Bool {
                    let u = Array(w.utf8)
                    guard i + 2 + u.count <= n else { return false }
                    for (k, c) in u.enumerated() where b[i + 2 + k] != c { return false }
                    return true
                }
                if !(follows("s ") || follows("quele") || follows("quela") || follows("quilo")) || i + 2 >= n {
                    out.append(0xE0); genuine += 1; i += 1; continue
                }
            }
            var lossy = false
            var spaces = 0
            var ok = true
            var k = 1
            while k < len {
                let j = i + k
                guard j < n else { ok = false; break }
                let y = b[j]
                if y & 0xC0 == 0x80 { v = (v << 6) | UInt32(y & 0x3F); k += 1; continue }
                if y == 0x1A && placeholder { lossy = true; k += 1; break }
                if y == 0x3F && lossyQuestion && ((len == 2 && x <= 0xC3) || (len > 2 && k >= 1)) { lossy = true; k += 1; break }
                if y == 0x20 && restore && spaces == 0 {
                    let allowed = (len == 2 && [0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9].contains(x))
                        || (len == 3 && x <= 0xE3) || (len == 4 && x == 0xF0)
                    if allowed { v = (v << 6) | 0x20; spaces += 1; k += 1; continue }
                }
                ok = false; break
            }
            if lossy {
                // swallow continuation bytes that belong to the damaged sequence
                var j = i + k
                while j < i + len && j < n && (b[j] & 0xC0 == 0x80 || (b[j] == 0x1A && placeholder)) { j += 1 }
                out.append(0xFFFD); if placeholder { genuine += 1 }; i = j; continue
            }
            if !ok { return nil }
            if len == 3 && v < 0x800 { return nil }
            if len == 4 && (v < 0x10000 || v > 0x10FFFF) { return nil }
            if v >= 0xD800 && v <= 0xDBFF {
                // CESU-8 pair
                if i + 5 < n && b[i + 3] == 0xED && b[i + 4] >= 0xB0 && b[i + 4] <= 0xBF && b[i + 5] & 0xC0 == 0x80 {
                    let lo = 0xDC00 | (UInt32(b[i + 4] & 0x0F) << 6) | UInt32(b[i + 5] & 0x3F)
                    out.append(0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00))
                    i += 6; genuine += 1; continue
                }
                return nil
            }
            if v >= 0xDC00 && v <= 0xDFFF { return nil }
            if v == 0xFFFE || v == 0xFFFF || (v >= 0xFDD0 && v <= 0xFDEF) { return nil }   // non-characters
            out.append(v)
            if spaces == 0 || x == 0xC3 { genuine += 1 }
            i += len
        }
        return genuine > 0 ? out : nil
    }

    // MARK: repair

    /// Fix mojibake in `s`. Returns nil when nothing changed.
    static func fix(_ input: [UInt32]) -> [UInt32]? {
        var s = input
        var changed = false
        let hasC1 = s.contains(where: { $0 >= 0x80 && $0 < 0xA0 })
        // nothing suspicious anywhere (every non-ASCII character costs its plain 1): correct text
        if !hasC1 && cost(s) <= nonASCII(s) { return nil }
        for _ in 0..<6 {
            guard s.contains(where: { $0 >= 0x80 }) else { break }
            if let w = fixWhole(s) { s = w; changed = true; continue }
            // fragment repairs are judged locally; the text as a whole must also come out cheaper (a hopeless
            // garble where only pieces decode is left alone rather than turned into another garble)
            if let p = fixFragments(s), cost(p) < cost(s) { s = p; changed = true; continue }
            break
        }
            // C1 controls left over: Latin-1 text that was meant as cp1252
        if s.contains(where: { $0 >= 0x80 && $0 < 0xA0 }) {
            for i in s.indices where s[i] >= 0x80 && s[i] < 0xA0 {
                let m = cp1252.upper[Int(s[i] - 0x80)]
                if m != s[i] { s[i] = m; changed = true }
            }
        }
        return changed ? s : nil
    }

    /// Re-encode the whole text with each code page; keep the cheapest clean decoding if it beats the original.
    static func fixWhole(_ s: [UInt32], depth: Int = 0) -> [UInt32]? {
        let base = cost(s)
        // only text with something suspicious (a cost beyond one per non-ASCII character) is re-decoded
        if base <= nonASCII(s) { return nil }
        var best: [UInt32]? = nil
        var bestCost = base
        var steps: [[UInt32]] = []
        let ph = !s.contains(0x1A)
        for (e, enc) in encodings.enumerated() {
            let r = enc.name != "macroman" && enc.name != "cp437"
            guard let bytes = encode(s[...], e, allowPlaceholder: ph),
                  let dec = decodeUTF8(bytes, placeholder: ph, restore: r, lossyQuestion: enc.name == "cp1252") else { continue }
            let c = cost(dec) + prior(enc.name)
            if c < bestCost { best = dec; bestCost = c } else if depth == 0 { steps.append(dec) }
        }
        if best == nil {
            // two layers of mojibake in different code pages: the first step alone may not look better
            for d in steps {
                if let d2 = fixWhole(d, depth: 1), cost(d2) + 1 < base { return d2 }
            }
        }
        return best
    }

    /// Fix UTF-8 sequences embedded in otherwise correct text, one fragment at a time, each only if the local
    /// cost (with two characters of context on each side) drops.
    static func fixFragments(_ s: [UInt32]) -> [UInt32]? {
        var out: [UInt32] = []
        out.reserveCapacity(s.count)
        var changed = false
        var i = 0
        let n = s.count
        let ph = !s.contains(0x1A)
        while i < n {
            let c = s[i]
            guard c >= 0x80 else { out.append(c); i += 1; continue }
            var done = false
            // "Ã " + word (cp1252/Latin-1): "à" whose NBSP became the space; Portuguese "às", "àquele" absorb it
            if c == 0xC3 && i + 2 < n && s[i + 1] == 0x20 && s[i + 2] != 0x20 {
                let rest = s[(i + 2)..<min(n, i + 7)].map { Character(Unicode.Scalar($0) ?? " ") }
                let w = String(rest)
                let absorb = w.hasPrefix("s ") || w.hasPrefix("quele") || w.hasPrefix("quela") || w.hasPrefix("quilo")
                let lo = max(0, i - 5), hi = min(n, i + 8)
                let before = Array(s[lo..<hi])
                var after = Array(s[lo..<i]); after.append(0xE0)
                after += s[(absorb ? i + 2 : i + 1)..<hi]
                let k = i - lo
                if cost(after, from: k - 2, to: k + 3) < cost(before, from: k - 2, to: k + 3 + (absorb ? 1 : 0)) {
                    out.append(0xE0); i += absorb ? 2 : 1; changed = true; continue
                }
            }
            // (as ftfy) a sequence right after a continuation glyph is inside a larger garble: fixing a few
            // characters of a hopeless garble only makes another garble
            if i > 0 && isStrictContinuation(s[i - 1]) { out.append(c); i += 1; continue }
            // quick test: some code page must see a lead byte here and a continuation next
            let roles = byteRoles
            let nx: UInt32 = i + 1 < n ? s[i + 1] : 0
            guard c < 0x10000, nx < 0x10000, roles.lead[Int(c)] & roles.cont[Int(nx)] != 0 else { out.append(c); i += 1; continue }
            for (e, enc) in encodings.enumerated() {
                // fragments are recognised in the Latin-1-like code pages only (as ftfy's clue classes): in
                // MacRoman / cp437 almost any accented letter is a lead byte, so pieces of other text match
                guard enc.name != "macroman" && enc.name != "cp437" else { continue }
                guard let lead = byteOf(c, e), lead >= 0xC2, lead <= 0xF4 else { continue }
                let r = true
                // gather a run of sequences: lead + continuation bytes, repeated
                var j = i
                var bytes: [UInt8] = []
                while j < n {
                    guard let b0 = byteOf(s[j], e), b0 >= 0xC2, b0 <= 0xF4 else { break }
                    let len = b0 >= 0xF0 ? 4 : (b0 >= 0xE0 ? 3 : 2)
                    var seq: [UInt8] = [b0]
                    var k = 1
                    while k < len, j + k < n {
                        let x = s[j + k]
                        if x == 0xFFFD && enc.sloppy && ph { seq.append(0x1A); k += 1; break }
                        guard let bx = byteOf(x, e) else { break }
                        if bx & 0xC0 == 0x80 { seq.append(bx); k += 1; continue }
                        if bx == 0x20 && r && b0 != 0xC3 { seq.append(bx); k += 1; continue }
                        break
                    }
                    if seq.count < len && seq.last != 0x1A { break }
                    bytes += seq; j += seq.count
                }
                guard j > i, let dec = decodeUTF8(bytes, placeholder: ph, restore: r, lossyQuestion: false) else { continue }
                // compare the fragment plus two characters each side, judged with their real neighbours
                let lo = max(0, i - 3), hi = min(n, j + 3)
                let window = Array(s[lo..<hi])
                let k = i - lo
                let before = cost(window, from: k - 2, to: j - lo + 2)
                guard before > nonASCII(Array(s[max(0, i - 2)..<min(n, j + 2)])) else { continue }   // nothing suspicious
                // the line did not re-decode as a whole, so the fragment must look bad by itself (as ftfy's
                // decode_inconsistent_utf8): its neighbours alone do not justify a repair
                guard fragmentLooksBad(s[i..<j]) else { continue }
                var after: [UInt32] = Array(s[lo..<i])
                after += dec
                after += s[j..<hi]
                if cost(after, from: k - 2, to: k + dec.count + 2) + prior(enc.name) < before {
                    out += dec; i = j; changed = true; done = true
                    break
                }
            }
            if !done { out.append(c); i += 1 }
        }
        return changed ? out : nil
    }

    /// Does a fragment look bad by itself, judged without its neighbours? Our cost says yes for almost every
    /// fragment; the exception (as in ftfy's badness, which leaves [upper-case][currency] out unless a lower-case
    /// letter comes before, and lists only Â/Ã/Î/Ð + ¢/£ as common cp1252 mojibake) is a lone capital followed
    /// by the yen sign: a plausible token by itself ("Å¥", like "Ü$"). So "DrÃ¥ber" next to correct non-ASCII
    /// text that stops the whole line from re-decoding is left alone.
    static func fragmentLooksBad(_ f: ArraySlice<UInt32>) -> Bool {
        !(f.count == 2 && isUpper(f[f.startIndex]) && f[f.startIndex + 1] == 0xA5)
    }

    /// Characters that stand for a UTF-8 continuation byte (0x80-0xBF) in a single-byte code page and hardly
    /// occur otherwise (ftfy's "utf8_continuation_strict" class: Latin-1 0x80-0xBF and letters/signs of
    /// cp1250/1251/1252/1253/1257 at those bytes; not the common quotes and dashes).
    static func isStrictContinuation(_ c: UInt32) -> Bool {
        if c >= 0x80 && c <= 0xBF { return true }
        return strictContinuation.contains(c)
    }
    static let strictContinuation: Set<UInt32> = Set("ĄÆĽŁØŖŚŠŞŤŸŹŽŻŒąæƒľłøŗśšşťźžżœˆˇ˘˛˜˝΄΅ΆΈΉΊΌΎΏЁЂЃЄЅІЇЈЉЊЋЌЎЏёђѓєѕіїјљњћќўџҐґ†‡‰‹›€№™".unicodeScalars.map { $0.value })

    @inline(__always) static func byteOf(_ c: UInt32, _ e: Int) -> UInt8? {
        if c < 0x80 { return UInt8(c) }
        if c >= 0x10000 { return nil }
        let b = flat[e << 16 | Int(c)]
        return b == 0 ? nil : b
    }

    /// Code pages (bits) in which a space may stand for a continuation byte (not MacRoman, cp437).
    static let spaceRestoring: UInt16 = {
        var m: UInt16 = 0
        for (e, enc) in encodings.enumerated() where enc.name != "macroman" && enc.name != "cp437" { m |= 1 << e }
        return m
    }()

    /// Roles of a code-page character, one 64-bit word per character: the code pages (bit e) in which it is a
    /// 2-byte lead (bits 0-9), a 3-byte lead (10-19), a 4-byte lead (20-29), a continuation (30-39), and, for
    /// the code pages that restore a space as a lost continuation byte (pages 0-7, not MacRoman and cp437),
    /// a lead after which `decodeUTF8` accepts that space: C2 C3 C5 CE D0 D9 (40-47), E0-E3 (48-55), F0 (56-63).
    /// Indexed by `roleIndex` (code-page characters lie in U+0080-U+05FF and U+2000-U+25FF, plus MacRoman's
    /// U+F8FF, U+FB01, U+FB02), 24 KB, so the table stays in the L1 cache.
    static let roleTable: [UInt64] = {
        var t = [UInt64](repeating: 0, count: 0xC03)
        for (e, enc) in encodings.enumerated() {
            let restores = enc.name != "macroman" && enc.name != "cp437"
            precondition(!restores || e < 8, "space-restoring code pages must come first")
            func mark(_ v: Int, _ b: Int) {
                let x = roleIndex(v)
                precondition(x >= 0, "code-page character outside the role table")
                let bit: UInt64 = 1 << UInt64(e)
                if b >= 0xC2 && b <= 0xDF { t[x] |= bit; if restores && [0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9].contains(b) { t[x] |= bit << 40 } }
                else if b >= 0xE0 && b <= 0xEF { t[x] |= bit << 10; if restores && b <= 0xE3 { t[x] |= bit << 48 } }
                else if b >= 0xF0 && b <= 0xF4 { t[x] |= bit << 20; if restores && b == 0xF0 { t[x] |= bit << 56 } }
                else if b <= 0xBF { t[x] |= bit << 30 }
            }
            for (i, v) in enc.upper.enumerated() { mark(Int(v), 0x80 + i) }
            if enc.name == "latin1" { for v in 0x80...0xFF { mark(v, v) } }
        }
        return t
    }()

    /// Index of scalar `v` in `roleTable`, or -1 (no code page has it).
    @inline(__always) static func roleIndex(_ v: Int) -> Int {
        if v < 0x600 { return v }
        if v >= 0x2000 && v < 0x2600 { return v - 0x1A00 }
        switch v {
        case 0xF8FF: return 0xC00
        case 0xFB01: return 0xC01
        case 0xFB02: return 0xC02
        default: return -1
        }
    }
    /// Code pages (bits) in which '?' may stand for a lost continuation byte (the lossy decoding of `fixWhole`).
    static let questionPages: UInt16 = {
        var m: UInt16 = 0
        for (e, enc) in encodings.enumerated() where enc.name == "cp1252" { m |= 1 << e }
        return m
    }()

    /// Cheap pre-check on UTF-8 bytes: could this line contain mojibake at all? True when a C1 control occurs,
    /// or when, in some code page, the characters re-encode to a complete UTF-8 multi-byte sequence (a lead
    /// byte and all its continuation bytes; as in `decodeUTF8`, U+FFFD, one space after the leads that
    /// allow it, or '?' in cp1252 may stand for a lost continuation). Neither `fixWhole` nor `fixFragments`
    /// can change a line without such a sequence, so this only skips work: correct Cyrillic, Greek or accented
    /// Latin text often has lead-then-continuation pairs in some code page but rarely a full sequence.
    static func mayContainMojibake(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        scanForMojibake(u, rejectInvalid: false)
    }

    /// `mayContainMojibake`, also true when the bytes are not valid UTF-8: one pass for byte input that
    /// the String path would have to repair first.
    static func mayContainMojibakeOrInvalidUTF8(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        scanForMojibake(u, rejectInvalid: true)
    }

    @inline(__always) private static func scanForMojibake(_ u: UnsafeBufferPointer<UInt8>, rejectInvalid: Bool) -> Bool {
        return roleTable.withUnsafeBufferPointer { roles in
            do {
                guard let base = u.baseAddress else { return false }
                let raw = UnsafeRawPointer(base)
                let n = u.count
                var i = 0
                // code pages in which 1, 2 or 3 more continuation bytes complete a sequence (p), and the subset
                // in which a space may still stand for one of them (s)
                var p1: UInt16 = 0, p2: UInt16 = 0, p3: UInt16 = 0
                var s1: UInt16 = 0, s2: UInt16 = 0, s3: UInt16 = 0
                while i < n {
                    let idle = (p1 | p2 | p3) == 0
                    if idle {
                        // nothing pending: ASCII needs no look, jump to the next byte >= 0x80 (8 bytes at a time)
                        while i + 8 <= n {
                            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080
                            if w != 0 { i += w.littleEndian.trailingZeroBitCount >> 3; break }
                            i += 8
                        }
                        if i >= n { break }
                    }
                    let b = u[i]
                    if b < 0x80 {
                        if !idle {
                            if b == 0x20 {
                                if s1 != 0 { return true }
                                p1 = s2; p2 = s3; p3 = 0
                            } else if b == 0x3F {
                                if (p1 | p2 | p3) & questionPages != 0 { return true }
                                p1 = 0; p2 = 0; p3 = 0
                            } else {
                                p1 = 0; p2 = 0; p3 = 0
                            }
                            s1 = 0; s2 = 0; s3 = 0
                        }
                        i += 1; continue
                    }
                    var v: Int
                    if b < 0xE0, i + 1 < n {
                        if rejectInvalid && (b < 0xC2 || u[i + 1] & 0xC0 != 0x80) { return true }
                        v = (Int(b & 0x1F) << 6) | Int(u[i + 1] & 0x3F); i += 2
                    } else if b < 0xF0, i + 2 < n {
                        v = (Int(b & 0x0F) << 12) | (Int(u[i + 1] & 0x3F) << 6) | Int(u[i + 2] & 0x3F)
                        // continuations, no overlong form, no surrogate
                        if rejectInvalid && (u[i + 1] & 0xC0 != 0x80 || u[i + 2] & 0xC0 != 0x80 || v < 0x800 || v & 0xF800 == 0xD800) {
                            return true
                        }
                        i += 3
                    } else {
                        if rejectInvalid && !isValidFourByteSequence(u, at: i) { return true }
                        p1 = 0; p2 = 0; p3 = 0; s1 = 0; s2 = 0; s3 = 0; i += min(4, n - i); continue
                    }
                    if v < 0xA0 { return true }                     // C1 control
                    let x = roleIndex(v)
                    if x < 0 {
                        // U+FFFD continues a sequence in every code page; any other such character ends it
                        if v == 0xFFFD {
                            if p1 != 0 { return true }
                            p1 = p2; p2 = p3; p3 = 0; s1 = s2; s2 = s3; s3 = 0
                        } else if !idle {
                            p1 = 0; p2 = 0; p3 = 0; s1 = 0; s2 = 0; s3 = 0
                        }
                        continue
                    }
                    let r = roles[x]
                    let c = UInt16(truncatingIfNeeded: r >> 30) & 0x3FF
                    if p1 & c != 0 { return true }
                    p1 = (p2 & c) | (UInt16(truncatingIfNeeded: r) & 0x3FF)
                    p2 = (p3 & c) | (UInt16(truncatingIfNeeded: r >> 10) & 0x3FF)
                    p3 = UInt16(truncatingIfNeeded: r >> 20) & 0x3FF
                    s1 = (s2 & c) | (UInt16(truncatingIfNeeded: r >> 40) & 0xFF)
                    s2 = (s3 & c) | (UInt16(truncatingIfNeeded: r >> 48) & 0xFF)
                    s3 = UInt16(truncatingIfNeeded: r >> 56) & 0xFF
                }
                return false
            }
        }
    }

    /// A lead byte F0-F4 at `i` with three continuation bytes, encoding U+10000-U+10FFFF.
    @inline(__always) private static func isValidFourByteSequence(_ u: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let b = u[i]
        guard b >= 0xF0 && b <= 0xF4 && i + 3 < u.count else { return false }
        let c1 = u[i + 1], c2 = u[i + 2], c3 = u[i + 3]
        guard c1 & 0xC0 == 0x80 && c2 & 0xC0 == 0x80 && c3 & 0xC0 == 0x80 else { return false }
        let v = (UInt32(b & 0x07) << 18) | (UInt32(c1 & 0x3F) << 12)
        return v >= 0x10000 && v <= 0x10FFFF
    }
}
