#if canImport(Glibc)
import Glibc
#endif
/// Charset resolution for raw page bytes: BOM, then `<meta charset>` / `http-equiv`, then detection.
public enum Charset {
    public enum Source: String, Sendable { case bom, meta, header, config, detectedUTF8 = "detected-utf8", fallback }

    public struct Resolution: Sendable, Equatable {
        /// IANA name to hand to libxml2 / the text decoder, e.g. "UTF-8", "windows-1252".
        public var name: String
        public var source: Source
        /// Bytes of BOM to skip.
        public var bomLength: Int
    }

    /// Resolve the charset of `bytes`. `hint` comes from transport (HTTP header) or the pipeline file.
    public static func resolve(_ bytes: [UInt8], hint: String? = nil, isHTML: Bool) -> Resolution {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return Resolution(name: "UTF-8", source: .bom, bomLength: 3)
        }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return Resolution(name: "UTF-16LE", source: .bom, bomLength: 2) }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return Resolution(name: "UTF-16BE", source: .bom, bomLength: 2) }
        let validUTF8 = isValidUTF8(bytes[...])
        if let hint, let n = normalize(hint) {
            // A declared single-byte charset on bytes that are valid, non-ASCII UTF-8 is a lie
            // pages often tell; trust the bytes.
            if n != "UTF-8" && validUTF8 && !isASCII(bytes) { return Resolution(name: "UTF-8", source: .detectedUTF8, bomLength: 0) }
            return Resolution(name: n, source: .header, bomLength: 0)
        }
        if isHTML, let declared = sniffMeta(bytes), let n = normalize(declared) {
            if n != "UTF-8" && validUTF8 && !isASCII(bytes) { return Resolution(name: "UTF-8", source: .detectedUTF8, bomLength: 0) }
            if n == "UTF-8" && !validUTF8 && !looksMostlyUTF8(bytes) {
                return Resolution(name: "windows-1252", source: .fallback, bomLength: 0)
            }
            return Resolution(name: n, source: .meta, bomLength: 0)
        }
        if validUTF8 || looksMostlyUTF8(bytes) { return Resolution(name: "UTF-8", source: .detectedUTF8, bomLength: 0) }
        return Resolution(name: "windows-1252", source: .fallback, bomLength: 0)
    }

    /// Map common labels to the names libxml2/iconv and our decoder understand (WHATWG label aliases).
    public static func normalize(_ label: String) -> String? {
        var l = ""
        for ch in label.lowercased() where !ch.isWhitespace && ch != "\"" && ch != "'" { l.append(ch) }
        switch l {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "UTF-8"
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252",
             "x-cp1252", "iso_8859-1", "ansi_x3.4-1968": return "windows-1252"   // WHATWG: all mean cp1252
        case "iso-8859-15", "latin9", "iso8859-15": return "ISO-8859-15"
        case "iso-8859-2", "latin2", "windows-1250", "cp1250": return l.hasPrefix("win") || l.hasPrefix("cp") ? "windows-1250" : "ISO-8859-2"
        case "windows-1251", "cp1251", "x-cp1251": return "windows-1251"
        case "koi8-r", "koi8r": return "KOI8-R"
        case "koi8-u": return "KOI8-U"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j": return "SHIFT_JIS"
        case "euc-jp": return "EUC-JP"
        case "iso-2022-jp": return "ISO-2022-JP"
        case "gb2312", "gbk", "gb18030", "x-gbk", "chinese": return "GB18030"
        case "big5", "big5-hkscs": return "BIG5"
        case "euc-kr", "ks_c_5601-1987", "windows-949": return "EUC-KR"
        case "utf-16", "utf-16le": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        case "windows-1253", "cp1253": return "windows-1253"
        case "windows-1254", "cp1254", "iso-8859-9": return "windows-1254"
        case "windows-1255", "cp1255": return "windows-1255"
        case "windows-1256", "cp1256": return "windows-1256"
        case "windows-1257", "cp1257": return "windows-1257"
        case "windows-874", "tis-620", "iso-8859-11": return "windows-874"
        case "iso-8859-5": return "ISO-8859-5"
        case "iso-8859-7", "greek": return "ISO-8859-7"
        case "macintosh", "mac", "x-mac-roman": return "MACINTOSH"
        default:
            if l.isEmpty || l.count > 40 { return nil }
            // Unknown labels: only pass names made of safe characters.
            return l.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) ? l.uppercased() : nil
        }
    }

    /// Look for `<meta charset=...>` or `<meta http-equiv content="...; charset=...">` in the first 4 KB.
    public static func sniffMeta(_ bytes: [UInt8]) -> String? {
        let n = min(bytes.count, 4096)
        var lower = [UInt8](repeating: 0, count: n)
        for i in 0..<n { let b = bytes[i]; lower[i] = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }
        let needle = Array("charset".utf8)
        var i = 0
        while i + needle.count < n {
            if lower[i] == 0x63 && Array(lower[i..<i + needle.count]) == needle {
                // Must be inside a <meta ...> tag.
                var j = i
                var inMeta = false
                while j > 0 && i - j < 512 {
                    j -= 1
                    if lower[j] == UInt8(ascii: ">") { break }
                    if lower[j] == UInt8(ascii: "<") {
                        inMeta = j + 5 <= n && Array(lower[j + 1..<j + 5]) == Array("meta".utf8)
                        break
                    }
                }
                var k = i + needle.count
                while k < n && (lower[k] == 0x20 || lower[k] == 0x09) { k += 1 }
                if inMeta && k < n && lower[k] == UInt8(ascii: "=") {
                    k += 1
                    while k < n && (lower[k] == 0x20 || lower[k] == 0x22 || lower[k] == 0x27) { k += 1 }
                    let s = k
                    while k < n, lower[k] != 0x22, lower[k] != 0x27, lower[k] != 0x3B, lower[k] != 0x20,
                          lower[k] != UInt8(ascii: ">"), lower[k] != UInt8(ascii: "/") { k += 1 }
                    if k > s { return String(decoding: lower[s..<k], as: UTF8.self) }
                }
            }
            i += 1
        }
        return nil
    }

    public static func isASCII(_ bytes: [UInt8]) -> Bool {
        for b in bytes where b >= 0x80 { return false }
        return true
    }

    /// Strict UTF-8 validation (no overlongs, no surrogates, max U+10FFFF).
    public static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        invalidUTF8Count(bytes, stopAfter: 1) == 0
    }

    /// Counts invalid sequences (up to `stopAfter`).
    public static func invalidUTF8Count(_ bytes: ArraySlice<UInt8>, stopAfter: Int = .max) -> Int {
        utf8Sequences(bytes, stopAfter: stopAfter).invalid
    }

    /// Counts valid multi-byte sequences and invalid bytes/sequences (scanning stops after `stopAfter` invalid).
    public static func utf8Sequences(_ bytes: ArraySlice<UInt8>, stopAfter: Int = .max) -> (valid: Int, invalid: Int) {
        bytes.withUnsafeBufferPointer { buf in
            var valid = 0
            var bad = 0
            var i = 0
            let end = buf.count
            guard let base = buf.baseAddress else { return (0, 0) }
            let raw = UnsafeRawPointer(base)
            while i < end {
                // ASCII runs (most of any page's markup) eight bytes at a time.
                while i + 8 <= end && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
                if i >= end { break }
                let b = buf[i]
                if b < 0x80 { i += 1; continue }
                var need = 0
                var minCP: UInt32 = 0
                var cp: UInt32 = 0
                if b & 0xE0 == 0xC0 { need = 1; cp = UInt32(b & 0x1F); minCP = 0x80 }
                else if b & 0xF0 == 0xE0 { need = 2; cp = UInt32(b & 0x0F); minCP = 0x800 }
                else if b & 0xF8 == 0xF0 { need = 3; cp = UInt32(b & 0x07); minCP = 0x10000 }
                else { bad += 1; if bad >= stopAfter { return (valid, bad) }; i += 1; continue }
                if i + need >= end {  // sequence cut off by the end of input
                    bad += 1; if bad >= stopAfter { return (valid, bad) }; i += 1; continue
                }
                var ok = true
                for k in 1...need {
                    let c = buf[i + k]
                    if c & 0xC0 != 0x80 { ok = false; break }
                    cp = (cp << 6) | UInt32(c & 0x3F)
                }
                if !ok || cp < minCP || cp > 0x10FFFF || (0xD800...0xDFFF).contains(cp) {
                    bad += 1; if bad >= stopAfter { return (valid, bad) }; i += 1; continue
                }
                i += need + 1
                valid += 1
            }
            return (valid, bad)
        }
    }

    /// Mostly UTF-8 with a few stray bytes: still decode as UTF-8 (stray bytes become U+FFFD).
    static func looksMostlyUTF8(_ bytes: [UInt8]) -> Bool {
        let (valid, bad) = utf8Sequences(bytes[...])
        return valid >= 4 && bad * 4 <= valid
    }

    // MARK: - Decoding to String (text inputs; HTML decoding is done by libxml2)

    /// Decode bytes in the resolved charset to a Swift String. Invalid UTF-8 becomes U+FFFD.
    /// Single-byte charsets we know are decoded by table; others fall back to UTF-8 with replacement.
    public static func decode(_ bytes: ArraySlice<UInt8>, charset: String) -> String {
        switch charset {
        case "windows-1252": return decodeSingleByte(bytes, high: cp1252High)
        case "UTF-16LE", "UTF-16BE": return decodeUTF16(bytes, bigEndian: charset == "UTF-16BE")
        default: return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(bigEndian ? (a << 8 | b) : (b << 8 | a))
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    static func decodeSingleByte(_ bytes: ArraySlice<UInt8>, high: [UInt16]) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            if b < 0x80 { scalars.append(Unicode.Scalar(b)) }
            else { scalars.append(Unicode.Scalar(UInt32(high[Int(b) - 0x80])) ?? "\u{FFFD}") }
        }
        return String(scalars)
    }

    /// cp1252 0x80–0xFF (undefined positions map to the C1 control, as browsers do).
    public static let cp1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ] + (0xA0...0xFF).map { UInt16($0) }
}

extension Charset {
    /// True when `label` names a charset Winnow can decode (a known label, or one iconv accepts): checked
    /// when a pipeline is validated, so a typo in `input.charset` is a config error, not garbled text.
    public static func isKnown(_ label: String) -> Bool {
        guard let name = normalize(label) else { return false }
        let cd = iconv_open("UTF-8", name)
        if cd == iconv_t(bitPattern: -1) { return false }
        iconv_close(cd)
        return true
    }
}
