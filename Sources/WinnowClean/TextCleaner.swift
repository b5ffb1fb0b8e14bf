import Foundation
import WinnowCore

/// Line and document cleanup. Hot paths work on UTF-8 bytes; only lines that may need a change are decoded
/// to scalars.
enum TextCleaner {
    // MARK: scalars <-> String

    static func scalars(_ s: String) -> [UInt32] {
        var out = [UInt32]()
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars { out.append(u.value) }
        return out
    }

    static func string(_ a: [UInt32]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(a.count + a.count / 2)
        for v in a {
            if v < 0x80 { bytes.append(UInt8(v)) }
            else if v < 0x800 { bytes.append(UInt8(0xC0 | (v >> 6))); bytes.append(UInt8(0x80 | (v & 0x3F))) }
            else if v < 0x10000 {
                bytes.append(UInt8(0xE0 | (v >> 12))); bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            } else {
                bytes.append(UInt8(0xF0 | (v >> 18))); bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
                bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F))); bytes.append(UInt8(0x80 | (v & 0x3F)))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: byte-level scans

    struct Scan { var ascii = true; var maxByte: UInt8 = 0; var amp = false; var controls = false; var e2 = false }

    static func scan(_ u: UnsafeBufferPointer<UInt8>) -> Scan {
        var s = Scan()
        var orAll: UInt8 = 0
        var maxB: UInt8 = 0
        var ctl = false, amp = false, e2 = false
        for b in u {
            orAll |= b
            if b > maxB { maxB = b }
            if b < 0x20 && b != 0x09 && b != 0x0A { ctl = true }
            if b == 0x26 { amp = true }
            if b == 0xE2 || b == 0xEF || b == 0xC2 { e2 = true }
        }
        s.ascii = orAll < 0x80; s.maxByte = maxB; s.controls = ctl; s.amp = amp; s.e2 = e2
        return s
    }

    // MARK: line cleanup

    /// One line in, one line out (never a newline inside).
    static func cleanLine(_ line: String, _ o: CleanOptions) -> String {
        switch o.lineMode {
        case .encoding:
            // a repair decodes multi-byte sequences only, so it cannot create a "\n"
            guard o.fixMojibake else { return line }
            var r = fixEncoding(line)
            if hasNewline(r) { r = r.replacingOccurrences(of: "\n", with: " ") }
            return r
        case .full:
            var f = o
            f.uncurlQuotes = true; f.foldLigatures = true; f.foldWidth = true; f.decodeEntities = true
            f.removeControls = true
            var r = cleanFragment(line, f, fullMode: true)
            if hasNewline(r) { r = r.replacingOccurrences(of: "\n", with: " ") }
            return r
        case .document:
            var r = cleanFragment(line, o, fullMode: false)
            r = normalizeSpaces(r)
            if hasNewline(r) { r = r.replacingOccurrences(of: "\n", with: " ") }
            return r
        }
    }

    /// `cleanLine` on UTF-8 bytes, appending the result to `out` (for `winnow clean`). A line the String
    /// path would return unchanged is copied through without building Strings; only the rest (a few per
    /// cent of real lines) goes through `cleanLine`.
    static func cleanLine(bytes u: UnsafeBufferPointer<UInt8>, _ o: CleanOptions, into out: inout [UInt8]) {
        if lineUnchanged(u, o) {
            out.append(contentsOf: u)
            return
        }
        out.append(contentsOf: cleanLine(String(decoding: u, as: UTF8.self), o).utf8)
    }

    /// True when `cleanLine` would return these bytes unchanged: valid UTF-8 (the String path repairs
    /// the rest to U+FFFD), no line feed (replaced by a space there), and the String path's own
    /// predicates, on the bytes.
    static func lineUnchanged(_ u: UnsafeBufferPointer<UInt8>, _ o: CleanOptions) -> Bool {
        if containsByte(u, 0x0A) { return false }
        // validation in the same pass as the mojibake pre-check when that runs anyway
        if o.fixMojibake ? MojibakeFixer.mayContainMojibakeOrInvalidUTF8(u) : (try? UTF8Span(validating: u.span)) == nil {
            return false
        }
        var f = o
        switch o.lineMode {
        case .encoding:
            return true
        case .full:
            f.uncurlQuotes = true; f.foldLigatures = true; f.foldWidth = true; f.decodeEntities = true
            f.removeControls = true
        case .document:
            if spacesNeedWork(u) { return false }
        }
        // cleanFragment, step by step
        let sc = scan(u)
        if sc.ascii && !sc.amp && !sc.controls { return true }
        if f.decodeEntities && sc.amp { return false }
        if needsCharacterPass(u, f) { return false }
        switch f.normalization {
        case .nfc: return sc.maxByte < 0xCC || Unicode.isQuickNFC(u)
        case .nfkc: return sc.maxByte < 0xC2
        }
    }

    static func containsByte(_ u: UnsafeBufferPointer<UInt8>, _ x: UInt8) -> Bool {
        guard let b = u.baseAddress else { return false }
        return memchr(b, Int32(x), u.count) != nil
    }

    static func hasByte(_ s: String, _ x: UInt8) -> Bool {
        var t = s
        return t.withUTF8 { containsByte($0, x) }
    }

    static func hasNewline(_ s: String) -> Bool { hasByte(s, 0x0A) }

    /// Mojibake repair only (ftfy fix_encoding grade).
    static func fixEncoding(_ s: String) -> String {
        var t = s
        // (the pre-check skips ASCII itself)
        let need = t.withUTF8 { MojibakeFixer.mayContainMojibake($0) }
        guard need else { return s }
        guard let fixed = MojibakeFixer.fix(scalars(s)) else { return s }
        return string(fixed)
    }

    /// Character-level cleanup of a piece of text (one line or a paragraph): mojibake, entities, controls,
    /// folding, normalisation. Keeps newlines and spacing (see `normalizeSpaces`).
    static func cleanFragment(_ text: String, _ o: CleanOptions, fullMode: Bool) -> String {
        var t = text
        let sc = t.withUTF8 { scan($0) }
        if sc.ascii && !sc.amp && !sc.controls { return text }
        // entities first (as ftfy does): "Î&frac14;" is mojibake only once the entity is decoded
        var s = text
        if o.decodeEntities && sc.amp && !(fullMode && s.contains("<")) { s = HTMLEntities.decode(s) }
        if o.fixMojibake { s = fixEncoding(s) }
        var s2 = s
        if !s2.withUTF8({ needsCharacterPass($0, o) }) { return normalize(s, o.normalization) }
        var a = scalars(s)
        var changed = false
        var out = [UInt32]()
        out.reserveCapacity(a.count)
        for c in a {
            var v = c
            if o.removeControls {
                // C1 controls left after the cp1252 repair are junk in documents; ftfy fix_text keeps them
                if (v < 0x20 && v != 0x09 && v != 0x0A) || v == 0x7F || (!fullMode && v >= 0x80 && v < 0xA0) ||
                    v == 0xAD || v == 0x200B || v == 0xFEFF || v == 0x2060 || v == 0x180E {
                    changed = true; continue
                }
            }
            if o.uncurlQuotes {
                switch v {
                case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: v = 0x27
                case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: v = 0x22
                default: break
                }
            }
            if o.foldDashes, v >= 0x2010 && v <= 0x2015 { v = 0x2D }
            if o.foldWidth {
                if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 } else if v == 0x3000 { v = 0x20 }
            }
            if o.foldLigatures, let lig = ligatures[v] {
                out += lig; changed = true; continue
            }
            if v != c { changed = true }
            out.append(v)
        }
        if changed { a = out; s = string(a) }
        return normalize(s, o.normalization)
    }

    /// Does the text contain a character the character pass would remove or fold?
    static func needsCharacterPass(_ u: UnsafeBufferPointer<UInt8>, _ o: CleanOptions) -> Bool {
        let n = u.count
        var i = 0
        while i < n {
            let b = u[i]
            if b < 0x80 {
                if o.removeControls && ((b < 0x20 && b != 0x09 && b != 0x0A) || b == 0x7F) { return true }
                i += 1; continue
            }
            let b1: UInt8 = i + 1 < n ? u[i + 1] : 0
            let b2: UInt8 = i + 2 < n ? u[i + 2] : 0
            switch b {
            case 0xC2: if o.removeControls && ((b1 >= 0x80 && b1 < 0xA0) || b1 == 0xAD) { return true }
            case 0xC4, 0xC5, 0xC7: if o.foldLigatures { return true }
            case 0xE1: if o.removeControls && b1 == 0xA0 && b2 == 0x8E { return true }
            case 0xE2:
                if b1 == 0x80 {
                    if o.removeControls && b2 == 0x8B { return true }
                    if o.uncurlQuotes && ((b2 >= 0x98 && b2 <= 0x9F) || b2 == 0xB2 || b2 == 0xB3) { return true }
                    if o.foldDashes && b2 >= 0x90 && b2 <= 0x95 { return true }
                } else if b1 == 0x81 && b2 == 0xA0 && o.removeControls { return true }
            case 0xE3: if o.foldWidth && b1 == 0x80 && b2 == 0x80 { return true }
            case 0xEF:
                if o.removeControls && b1 == 0xBB && b2 == 0xBF { return true }
                if o.foldLigatures && b1 == 0xAC { return true }
                if o.foldWidth && (b1 == 0xBC || b1 == 0xBD) { return true }
            default: break
            }
            i += b < 0xE0 ? 2 : (b < 0xF0 ? 3 : 4)
        }
        return false
    }

    static let ligatures: [UInt32: [UInt32]] = [
        0xFB00: [0x66, 0x66], 0xFB01: [0x66, 0x69], 0xFB02: [0x66, 0x6C], 0xFB03: [0x66, 0x66, 0x69],
        0xFB04: [0x66, 0x66, 0x6C], 0xFB05: [0x73, 0x74], 0xFB06: [0x73, 0x74],
        0x132: [0x49, 0x4A], 0x133: [0x69, 0x6A], 0x149: [0x27, 0x6E], 0x1C7: [0x4C, 0x4A], 0x1C8: [0x4C, 0x6A],
        0x1C9: [0x6C, 0x6A], 0x1CA: [0x4E, 0x4A], 0x1CB: [0x4E, 0x6A], 0x1CC: [0x6E, 0x6A],
        0x1F1: [0x44, 0x5A], 0x1F2: [0x44, 0x7A], 0x1F3: [0x64, 0x7A], 0x1C4: [0x44, 0x17D], 0x1C5: [0x44, 0x17E],
        0x1C6: [0x64, 0x17E],
    ]

    static func normalize(_ s: String, _ n: CleanOptions.Normalization) -> String {
        switch n {
        case .nfc:
            return Unicode.nfc(s)   // (its quick check passes text that NFC leaves alone)
        case .nfkc:
            var t = s
            if t.withUTF8({ u in !u.contains { $0 >= 0xC2 } }) { return s }
            return s.precomposedStringWithCompatibilityMapping
        }
    }

    /// Collapse runs of spaces/tabs (and NBSP-like spaces) to one space, strip line ends.
    static func normalizeSpaces(_ s: String) -> String {
        var t = s
        return t.withUTF8 { u -> String in
            if !spacesNeedWork(u) { return s }
            return String(decoding: normalizeSpacesBytes(u), as: UTF8.self)
        }
    }

    static func normalizeSpacesBytes(_ u: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let n = u.count
        return [UInt8](unsafeUninitializedCapacity: n) { out, count in
            var o = 0
            var pendingSpace = false
            var i = 0
            let raw = UnsafeRawPointer(u.baseAddress)
            while i < n {
                if !pendingSpace && i + 17 <= n, let raw {
                    // 16 bytes at a time: copy the leading run of ordinary bytes (0x21-0xC1) and single spaces
                    // followed by one, which the byte loop below would copy unchanged
                    let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                    let v1 = raw.loadUnaligned(fromByteOffset: i + 1, as: SIMD16<UInt8>.self)
                    let lo = SIMD16<UInt8>(repeating: 0x21), hi = SIMD16<UInt8>(repeating: 0xC1)
                    let ord = (v .>= lo) .& (v .<= hi)
                    let ord1 = (v1 .>= lo) .& (v1 .<= hi)
                    let good = ord .| ((v .== SIMD16<UInt8>(repeating: 0x20)) .& ord1)
                    var k = min(16, (~laneMask(good) & 0xFFFF).trailingZeroBitCount)
                    // a space at the start of a line is dropped by the byte loop
                    if k > 0 && u[i] == 0x20 && (o == 0 || out[o - 1] == 0x0A) { k = 0 }
                    if k > 0 {
                        (out.baseAddress! + o).update(from: u.baseAddress! + i, count: k)
                        o += k; i += k
                        continue
                    }
                }
                let b = u[i]
                if b > 0x20 && b < 0xC2 {
                    // the common case: an ordinary character
                    if pendingSpace && o > 0 && out[o - 1] != 0x0A { out[o] = 0x20; o += 1 }
                    pendingSpace = false
                    out[o] = b; o += 1; i += 1
                    continue
                }
                var isSpace = b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C
                var len = 1
                if !isSpace, b == 0xC2, i + 1 < n, u[i + 1] == 0xA0 { isSpace = true; len = 2 }
                else if !isSpace, b == 0xE2, i + 2 < n, u[i + 1] == 0x80, (u[i + 2] >= 0x80 && u[i + 2] <= 0x8A) || u[i + 2] == 0xAF {
                    isSpace = true; len = 3
                } else if !isSpace, b == 0xE3, i + 2 < n, u[i + 1] == 0x80, u[i + 2] == 0x80 { isSpace = true; len = 3 }
                if isSpace { pendingSpace = true; i += len; continue }
                if b == 0x0A {
                    // drop trailing space before a newline
                    out[o] = 0x0A; o += 1; pendingSpace = false; i += 1
                    continue
                }
                if pendingSpace && o > 0 && out[o - 1] != 0x0A { out[o] = 0x20; o += 1 }
                pendingSpace = false
                out[o] = b; o += 1; i += 1
            }
            count = o
        }
    }

    /// False when `normalizeSpaces` would return its input unchanged: no tab/CR/VT/FF, no space-like
    /// non-ASCII character, no space at the start or end of a line, no two spaces in a row.
    static func spacesNeedWork(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = u.count
        if n == 0 { return false }
        if u[0] == 0x20 || u[n - 1] == 0x20 { return true }
        var prev: UInt8 = 0x0A
        for i in 0..<n {
            let b = u[i]
            if b <= 0x20 {
                if b == 0x20 { if prev == 0x20 || prev == 0x0A { return true } }
                else if b == 0x0A { if prev == 0x20 { return true } }
                else if b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C { return true }
            } else if b == 0xC2 || b == 0xE2 || b == 0xE3 {
                let b1: UInt8 = i + 1 < n ? u[i + 1] : 0
                if b == 0xC2 && b1 == 0xA0 { return true }
                if b1 == 0x80, i + 2 < n {
                    let b2 = u[i + 2]
                    if b == 0xE2 && ((b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xAF) { return true }
                    if b == 0xE3 && b2 == 0x80 { return true }
                }
            }
            prev = b
        }
        return false
    }

    struct ParagraphFlags {
        /// ASCII, no '&', no control byte other than tab and newline
        var plain = false
        var hyphenBreak = false
        /// (for ASCII text) `normalizeSpaces` has work to do
        var spaces = false
        var ascii = false, amp = false, ctl = false
        var maxByte: UInt8 = 0
        /// a character NFC might change may occur (a lead byte >= 0xCC other than U+2010-U+203F)
        var nfcCheck = true
        /// a non-ASCII space (NBSP, U+2000-U+200A, U+202F, U+3000) may occur
        var wideSpace = true
        /// two non-ASCII characters in a row, a non-ASCII character before a space, or a C1 control: the
        /// mojibake pre-check has something to look at
        var mojibakeCheck = true
        /// a character the character pass may change may occur (DEL, C2 xx, C4-C7, E1, E3, EF, E2 81, U+200B)
        var charCheck = true
        /// quotes, primes or dashes (U+2010-U+201F, U+2032, U+2033) occur
        var quoteDash = true
    }

    /// One pass over a paragraph's bytes: what the document cleanup will have to look at. 16 bytes at a time
    /// (each byte compared with its successor), a byte loop for the tail.
    static func paragraphFlags(_ u: UnsafeBufferPointer<UInt8>) -> ParagraphFlags {
        var orAll: UInt8 = 0
        var maxB: UInt8 = 0
        var amp = false, ctl = false, hyph = false, sp = false
        var nfcCheck = false, wide = false, moji = false, charC = false, qd = false
        let n = u.count
        guard n > 0, let base = u.baseAddress else { return ParagraphFlags(plain: true) }
        if u[0] == 0x20 || u[n - 1] == 0x20 { sp = true }
        var i = 0
        if n >= 18 {
            let raw = UnsafeRawPointer(base)
            var vOr = SIMD16<UInt8>(repeating: 0)
            var vMax = SIMD16<UInt8>(repeating: 0)
            var special = SIMDMask<SIMD16<Int8>>(repeating: false)
            var spaceBad = SIMDMask<SIMD16<Int8>>(repeating: false)
            var hyphen = SIMDMask<SIMD16<Int8>>(repeating: false)
            var nfcM = SIMDMask<SIMD16<Int8>>(repeating: false)
            var wideM = SIMDMask<SIMD16<Int8>>(repeating: false)
            var mojiM = SIMDMask<SIMD16<Int8>>(repeating: false)
            var charM = SIMDMask<SIMD16<Int8>>(repeating: false)
            var qdM = SIMDMask<SIMD16<Int8>>(repeating: false)
            let space = SIMD16<UInt8>(repeating: 0x20), nl = SIMD16<UInt8>(repeating: 0x0A)
            while i + 18 <= n {
                let v0 = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                let v1 = raw.loadUnaligned(fromByteOffset: i + 1, as: SIMD16<UInt8>.self)
                vOr |= v0
                charM .|= v0 .== SIMD16<UInt8>(repeating: 0x7F)     // DEL (removed only outside ASCII text)
                let hi0 = v0 .>= SIMD16<UInt8>(repeating: 0x80)
                if highBitMask(v0) != 0 {      // (not any(hi0): a slow reduction in Swift)
                    let v2 = raw.loadUnaligned(fromByteOffset: i + 2, as: SIMD16<UInt8>.self)
                    let c2 = v0 .== SIMD16<UInt8>(repeating: 0xC2)
                    mojiM .|= hi0 .& ((v1 .>= SIMD16<UInt8>(repeating: 0xC0)) .| (v1 .== SIMD16<UInt8>(repeating: 0x20)))
                    mojiM .|= c2 .& (v1 .< SIMD16<UInt8>(repeating: 0xA0))
                    charM .|= c2 .| ((v0 .>= SIMD16<UInt8>(repeating: 0xC4)) .& (v0 .<= SIMD16<UInt8>(repeating: 0xC7)))
                    charM .|= (v0 .== SIMD16<UInt8>(repeating: 0xE1)) .| (v0 .== SIMD16<UInt8>(repeating: 0xE3))
                        .| (v0 .== SIMD16<UInt8>(repeating: 0xEF))
                    let e2 = v0 .== SIMD16<UInt8>(repeating: 0xE2), c80 = v1 .== SIMD16<UInt8>(repeating: 0x80)
                    let punct = e2 .& c80 .& (v2 .>= SIMD16<UInt8>(repeating: 0x90))
                    nfcM .|= (v0 .>= SIMD16<UInt8>(repeating: 0xCC)) .& .!punct
                    charM .|= e2 .& ((v1 .== SIMD16<UInt8>(repeating: 0x81)) .| (c80 .& (v2 .== SIMD16<UInt8>(repeating: 0x8B))))
                    qdM .|= e2 .& c80 .& (((v2 .>= SIMD16<UInt8>(repeating: 0x90)) .& (v2 .<= SIMD16<UInt8>(repeating: 0x9F)))
                        .| (v2 .== SIMD16<UInt8>(repeating: 0xB2)) .| (v2 .== SIMD16<UInt8>(repeating: 0xB3)))
                    wideM .|= (v0 .== SIMD16<UInt8>(repeating: 0xC2)) .& (v1 .== SIMD16<UInt8>(repeating: 0xA0))
                    wideM .|= (v0 .== SIMD16<UInt8>(repeating: 0xE3)) .& c80
                    wideM .|= e2 .& c80 .& ((v2 .<= SIMD16<UInt8>(repeating: 0x8A)) .| (v2 .== SIMD16<UInt8>(repeating: 0xAF)))
                }
                vMax = pointwiseMax(vMax, v0)
                let s0 = v0 .== space, s1 = v1 .== space
                let n0 = v0 .== nl, n1 = v1 .== nl
                special .|= (v0 .< SIMD16<UInt8>(repeating: 0x20)) .& .!n0
                special .|= v0 .== SIMD16<UInt8>(repeating: 0x26)
                spaceBad .|= (s0 .& s1) .| (s0 .& n1) .| (n0 .& s1)
                hyphen .|= (v0 .== SIMD16<UInt8>(repeating: 0x2D)) .& n1
                i += 16
            }
            orAll = any(vOr .>= SIMD16<UInt8>(repeating: 0x80)) ? 0x80 : 0
            maxB = vMax.max()
            if any(hyphen) { hyph = true }
            if any(spaceBad) { sp = true }
            if any(nfcM) { nfcCheck = true }
            if any(wideM) { wide = true }
            if any(mojiM) { moji = true }
            if any(charM) { charC = true }
            if any(qdM) { qd = true }
            if any(special) {
                // tab, '&' or a control: the byte loop below sorts them out
                i = 0
            }
        }
        // bytes the vector loop did not judge: conservative
        var t = i
        while t < n { if u[t] >= 0x7F { nfcCheck = true; wide = true; moji = true; charC = true; qd = true; break }; t += 1 }
        var prev: UInt8 = i > 0 ? u[i - 1] : 0x0A
        while i < n {
            let b = u[i]
            orAll |= b
            maxB = max(maxB, b)
            if b <= 0x26 {
                if b == 0x20 { if prev == 0x20 || prev == 0x0A { sp = true } }
                else if b == 0x0A { if prev == 0x20 { sp = true }; if prev == 0x2D { hyph = true } }
                else if b == 0x26 { amp = true }
                else if b == 0x09 { sp = true }
                else if b < 0x20 { ctl = true }
            }
            prev = b
            i += 1
        }
        if prev == 0x20 { sp = true }
        return ParagraphFlags(plain: orAll < 0x80 && !amp && !ctl, hyphenBreak: hyph, spaces: sp,
                              ascii: orAll < 0x80, amp: amp, ctl: ctl, maxByte: maxB, nfcCheck: nfcCheck, wideSpace: wide,
                              mojibakeCheck: moji, charCheck: charC, quoteDash: qd)
    }

    /// Is there a hyphen right before a line break?
    static func hasHyphenBreak(_ s: String) -> Bool {
        var t = s
        return t.withUTF8 { u in
            guard u.count > 2 else { return false }
            for i in 1..<u.count where u[i] == 0x0A && u[i - 1] == 0x2D { return true }
            return false
        }
    }

    // MARK: documents

    enum ParagraphWork { case none, spacesOnly, full }

    /// What would `cleanFragment` + `normalizeSpaces` (+ dehyphenation) do to this paragraph: nothing, only
    /// space normalisation, or possibly more? Uses the same predicates as those functions, on the bytes.
    static func paragraphWork(_ u: UnsafeBufferPointer<UInt8>, _ o: CleanOptions) -> ParagraphWork {
        let f = paragraphFlags(u)
        if o.dehyphenate && f.hyphenBreak { return .full }
        if f.plain { return f.spaces ? .spacesOnly : .none }
        if f.amp && o.decodeEntities { return .full }
        if f.ascii {
            // ASCII with controls: unchanged unless they are removed (needsCharacterPass)
            if o.removeControls && f.ctl { return .full }
            return f.spaces ? .spacesOnly : .none
        }
        if o.fixMojibake && f.mojibakeCheck && MojibakeFixer.mayContainMojibake(u) { return .full }
        if (f.charCheck || f.ctl || ((o.uncurlQuotes || o.foldDashes) && f.quoteDash)) && needsCharacterPass(u, o) { return .full }
        switch o.normalization {
        case .nfc: if f.maxByte >= 0xCC && f.nfcCheck && !Unicode.isQuickNFC(u) { return .full }
        case .nfkc: if f.maxByte >= 0xC2 { return .full }
        }
        if f.wideSpace || f.ctl { return spacesNeedWork(u) ? .spacesOnly : .none }
        return f.spaces ? .spacesOnly : .none
    }

    /// The kept paragraphs of a document: their bytes, separated by a blank line, the range of each in
    /// `out`, and the hashes for exact-duplicate detection (64-bit hashes of the UTF-8 bytes; String
    /// hashing normalises: slow). A struct passed `inout`, not variables captured by local functions:
    /// those got dynamic exclusivity checks on every access (~10 % of `process`).
    struct KeptParagraphs {
        var out = [UInt8]()
        var ranges: [Range<Int>] = []
        var seen = HashSet64()
        var seenLines = HashSet64()

        /// Repeated paragraph / line checks, then append. Returns after noting what was dropped.
        mutating func keep(_ q: UnsafeBufferPointer<UInt8>, _ o: CleanOptions, _ doc: inout Document) {
            if q.isEmpty { return }
            if o.removeRepeatedParagraphs {
                let hq = StableHash.xxh64(UnsafeRawBufferPointer(q))
                if seen.contains(hq) {
                    doc.note("clean_text", "fix", rule: "repeated_paragraph", String(decoding: q, as: UTF8.self)); return
                }
                seen.insert(hq)
                if let base = q.baseAddress, memchr(base, 0x0A, q.count) != nil {
                    // a repeated line inside a paragraph (a caption printed twice): keep the first. Only the
                    // starts of dropped lines are recorded (rarely any, so usually no allocation).
                    var droppedStarts: [Int] = []
                    var a = 0
                    let n = q.count
                    while a <= n {
                        var b = n
                        if a < n, let hit = memchr(base + a, 0x0A, n - a) { b = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) }
                        let line = UnsafeBufferPointer(rebasing: q[a..<b])
                        let key = StableHash.xxh64(UnsafeRawBufferPointer(line))
                        if b - a >= 20 && seenLines.contains(key) {
                            doc.note("clean_text", "fix", rule: "repeated_line", String(decoding: line, as: UTF8.self))
                            droppedStarts.append(a)
                        } else {
                            seenLines.insert(key)
                        }
                        a = b + 1
                    }
                    if !droppedStarts.isEmpty {
                        // the lines again, without the dropped ones
                        var first = true
                        var start = out.count
                        var d = 0
                        a = 0
                        while a <= n {
                            var b = n
                            if a < n, let hit = memchr(base + a, 0x0A, n - a) { b = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) }
                            if d < droppedStarts.count && droppedStarts[d] == a { d += 1; a = b + 1; continue }
                            if first { if !out.isEmpty { out.append(0x0A); out.append(0x0A) }; start = out.count; first = false }
                            else { out.append(0x0A) }
                            out += UnsafeBufferPointer(rebasing: q[a..<b])
                            a = b + 1
                        }
                        // an empty result (all lines dropped, or only empty lines left) is not kept
                        if !first && out.count > start { ranges.append(start..<out.count) }
                        else if !first { out.removeLast(min(2, out.count)) }
                        return
                    }
                } else {
                    seenLines.insert(hq)
                }
            }
            if !out.isEmpty { out.append(0x0A); out.append(0x0A) }
            let start = out.count
            out += q
            ranges.append(start..<out.count)
        }

        /// Case restoration (if on), then `keep`.
        mutating func restoreCaseAndKeep(_ q: UnsafeBufferPointer<UInt8>, _ o: CleanOptions, _ doc: inout Document) {
            if o.restoreCase, let (r, changes) = CaseRestorer.shared.restore(bytes: q) {
                for c in changes { doc.note("clean_text", "fix", rule: "restore_case", c) }
                r.withUnsafeBufferPointer { keep($0, o, &doc) }
            } else {
                keep(q, o, &doc)
            }
        }

        /// Cleans one paragraph and keeps it: on the bytes when `paragraphWork` allows, else on a String.
        mutating func handle(_ p: UnsafeBufferPointer<UInt8>, _ o: CleanOptions, _ doc: inout Document) {
            switch paragraphWork(p, o) {
            case .none:
                restoreCaseAndKeep(p, o, &doc)
                return
            case .spacesOnly:
                let sp = normalizeSpacesBytes(p)
                sp.withUnsafeBufferPointer { restoreCaseAndKeep($0, o, &doc) }
                return
            case .full: break
            }
            let ps = String(decoding: p, as: UTF8.self)
            var q = cleanFragment(ps, o, fullMode: false)
            if q != ps { doc.note("clean_text", "fix", rule: "characters", q) }
            if o.dehyphenate, hasHyphenBreak(q) {
                let d = dehyphenate(q)
                if d != q { doc.note("clean_text", "fix", rule: "dehyphenate", d); q = d }
            }
            q = normalizeSpaces(q)
            if o.restoreCase {
                let (r, changes) = CaseRestorer.shared.restore(q)
                for c in changes { doc.note("clean_text", "fix", rule: "restore_case", c) }
                q = r
            }
            q.withUTF8 { keep($0, o, &doc) }
        }
    }

    static func process(_ doc: inout Document, _ o: CleanOptions, _ lid: LanguageIdentifier?) -> StageResult {
        var text = doc.text
        if hasByte(text, 0x0D) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        var paragraphs = KeptParagraphs()

        // split into paragraphs on blank lines (lines of spaces, tabs, NBSP only), on UTF-8 bytes
        text.withUTF8 { u in
            paragraphs.out.reserveCapacity(u.count + 16)
            var paraStart = -1, paraEnd = 0
            var i = 0
            let n = u.count
            let base = u.baseAddress
            while i <= n {
                var j = n
                if i < n, let base, let hit = memchr(base + i, 0x0A, n - i) {
                    j = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                }
                var blank = true
                var k = i
                while k < j {
                    let b = u[k]
                    if b == 0x20 || b == 0x09 { k += 1 } else if b == 0xC2, k + 1 < j, u[k + 1] == 0xA0 { k += 2 } else { blank = false; break }
                }
                if blank {
                    if paraStart >= 0 { paragraphs.handle(UnsafeBufferPointer(rebasing: u[paraStart..<paraEnd]), o, &doc); paraStart = -1 }
                } else {
                    if paraStart < 0 { paraStart = i }
                    paraEnd = j
                }
                i = j + 1
            }
            if paraStart >= 0 { paragraphs.handle(UnsafeBufferPointer(rebasing: u[paraStart..<paraEnd]), o, &doc) }
        }
        var out = paragraphs.out
        var ranges = paragraphs.ranges

        /// The cleaned text; the input String itself when the bytes did not change (no second UTF-8 validation).
        func result() -> String {
            var t = text
            let same = t.withUTF8 { u in
                out.withUnsafeBufferPointer { ob in
                    u.count == ob.count && (u.count == 0 || memcmp(u.baseAddress!, ob.baseAddress!, u.count) == 0)
                }
            }
            return same ? text : String(decoding: out, as: UTF8.self)
        }

        if let lid, o.languageID {
            if o.paragraphLanguages {
                var codes: [String] = []
                var kept = [UInt8]()
                var keptRanges: [Range<Int>] = []
                var dropped = false
                out.withUnsafeBufferPointer { ob in
                    for r in ranges {
                        let pb = UnsafeBufferPointer(rebasing: ob[r])
                        let (c, s) = lid.identify(bytes: pb)
                        let code = s >= o.minLanguageConfidence ? c : "und"
                        codes.append(code)
                        if !o.keepLanguages.isEmpty && code != "und" && !o.keepLanguages.contains(code) {
                            let p = String(decoding: pb, as: UTF8.self)
                            if letterCount(p) >= 40 {
                                doc.note("clean_text", "fix", rule: "paragraph_language", "\(code): \(p)")
                                dropped = true
                                continue
                            }
                        }
                        if !kept.isEmpty { kept.append(0x0A); kept.append(0x0A) }
                        let st = kept.count
                        kept += pb
                        keptRanges.append(st..<kept.count)
                    }
                }
                doc.meta["paragraph_languages"] = codes.joined(separator: ",")
                if dropped { out = kept; ranges = keptRanges }
            }
            let (c, s) = out.withUnsafeBufferPointer { lid.identify(bytes: $0) }
            let code = s >= o.minLanguageConfidence ? c : "und"
            doc.language = code
            doc.languageScore = (s * 10000).rounded() / 10000
            doc.text = result()
            if !o.keepLanguages.isEmpty && !o.keepLanguages.contains(code) {
                return .drop(reason: "language \(code) not kept")
            }
            return .keep
        }
        doc.text = result()
        return .keep
    }

    static func letterCount(_ s: String) -> Int {
        var n = 0
        for u in s.unicodeScalars where u.properties.isAlphabetic { n += 1 }
        return n
    }

    /// Join words split across lines: "infor-\nmation" → "information" when a letter precedes the hyphen
    /// and a lower-case letter follows the line break.
    static func dehyphenate(_ s: String) -> String {
        guard hasByte(s, 0x0A) else { return s }
        let chars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < chars.count {
            if chars[i] == "-", i > 0, i + 2 < chars.count, chars[i + 1] == "\n",
               chars[i - 1].properties.isAlphabetic, chars[i + 2].properties.isLowercase {
                i += 2; continue
            }
            out.append(chars[i]); i += 1
        }
        return String(out)
    }
}
