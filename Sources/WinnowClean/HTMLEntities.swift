/// Decodes HTML character references left in text after extraction: numeric (&#8217; &#x2019;) and the
/// common named ones. Unknown names are left as they are.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "ndash": "\u{2013}",
        "mdash": "\u{2014}", "hellip": "\u{2026}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "sbquo": "\u{201A}",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "bdquo": "\u{201E}", "laquo": "\u{AB}", "raquo": "\u{BB}",
        "lsaquo": "\u{2039}", "rsaquo": "\u{203A}", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}",
        "euro": "\u{20AC}", "pound": "\u{A3}", "yen": "\u{A5}", "cent": "\u{A2}", "sect": "\u{A7}", "deg": "\u{B0}",
        "plusmn": "\u{B1}", "times": "\u{D7}", "divide": "\u{F7}", "frac14": "\u{BC}", "frac12": "\u{BD}",
        "frac34": "\u{BE}", "middot": "\u{B7}", "bull": "\u{2022}", "shy": "\u{AD}", "para": "\u{B6}",
        "iexcl": "\u{A1}", "iquest": "\u{BF}", "micro": "\u{B5}", "ordf": "\u{AA}", "ordm": "\u{BA}",
        "sup1": "\u{B9}", "sup2": "\u{B2}", "sup3": "\u{B3}", "acute": "\u{B4}", "uml": "\u{A8}", "macr": "\u{AF}",
        "cedil": "\u{B8}", "curren": "\u{A4}", "brvbar": "\u{A6}", "not": "\u{AC}", "thinsp": "\u{2009}",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "zwj": "\u{200D}", "zwnj": "\u{200C}", "prime": "\u{2032}",
        "Prime": "\u{2033}", "dagger": "\u{2020}", "Dagger": "\u{2021}", "permil": "\u{2030}", "larr": "\u{2190}",
        "rarr": "\u{2192}", "uarr": "\u{2191}", "darr": "\u{2193}", "szlig": "\u{DF}",
        "Agrave": "\u{C0}", "Aacute": "\u{C1}", "Acirc": "\u{C2}", "Atilde": "\u{C3}", "Auml": "\u{C4}", "Aring": "\u{C5}",
        "AElig": "\u{C6}", "Ccedil": "\u{C7}", "Egrave": "\u{C8}", "Eacute": "\u{C9}", "Ecirc": "\u{CA}", "Euml": "\u{CB}",
        "Igrave": "\u{CC}", "Iacute": "\u{CD}", "Icirc": "\u{CE}", "Iuml": "\u{CF}", "ETH": "\u{D0}", "Ntilde": "\u{D1}",
        "Ograve": "\u{D2}", "Oacute": "\u{D3}", "Ocirc": "\u{D4}", "Otilde": "\u{D5}", "Ouml": "\u{D6}", "Oslash": "\u{D8}",
        "Ugrave": "\u{D9}", "Uacute": "\u{DA}", "Ucirc": "\u{DB}", "Uuml": "\u{DC}", "Yacute": "\u{DD}", "THORN": "\u{DE}",
        "agrave": "\u{E0}", "aacute": "\u{E1}", "acirc": "\u{E2}", "atilde": "\u{E3}", "auml": "\u{E4}", "aring": "\u{E5}",
        "aelig": "\u{E6}", "ccedil": "\u{E7}", "egrave": "\u{E8}", "eacute": "\u{E9}", "ecirc": "\u{EA}", "euml": "\u{EB}",
        "igrave": "\u{EC}", "iacute": "\u{ED}", "icirc": "\u{EE}", "iuml": "\u{EF}", "eth": "\u{F0}", "ntilde": "\u{F1}",
        "ograve": "\u{F2}", "oacute": "\u{F3}", "ocirc": "\u{F4}", "otilde": "\u{F5}", "ouml": "\u{F6}", "oslash": "\u{F8}",
        "ugrave": "\u{F9}", "uacute": "\u{FA}", "ucirc": "\u{FB}", "uuml": "\u{FC}", "yacute": "\u{FD}", "thorn": "\u{FE}",
        "yuml": "\u{FF}", "OElig": "\u{152}", "oelig": "\u{153}", "Scaron": "\u{160}", "scaron": "\u{161}",
        "Yuml": "\u{178}", "fnof": "\u{192}", "circ": "\u{2C6}", "tilde": "\u{2DC}",
    ]

    static func decode(_ s: String) -> String {
        guard s.utf8.contains(0x26) else { return s }
        let u = Array(s.utf8)
        var out = [UInt8]()
        out.reserveCapacity(u.count)
        var i = 0
        while i < u.count {
            if u[i] == 0x26, let (rep, len) = entity(u, i) {
                out += rep; i += len
            } else { out.append(u[i]); i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The entity starting at `i` ('&'): replacement bytes and length, or nil.
    static func entity(_ u: [UInt8], _ i: Int) -> ([UInt8], Int)? {
        var j = i + 1
        guard j < u.count else { return nil }
        if u[j] == 0x23 {   // numeric
            j += 1
            var hex = false
            if j < u.count, u[j] == 0x78 || u[j] == 0x58 { hex = true; j += 1 }
            var v: UInt32 = 0
            let start = j
            while j < u.count, j - start < 8 {
                let b = u[j]
                if b >= 0x30 && b <= 0x39 { v = v * (hex ? 16 : 10) + UInt32(b - 0x30) }
                else if hex, (b | 0x20) >= 0x61 && (b | 0x20) <= 0x66 { v = v * 16 + UInt32((b | 0x20) - 0x61 + 10) }
                else { break }
                j += 1
            }
            guard j > start, j < u.count, u[j] == 0x3B else { return nil }
            // Windows-1252 numeric references (&#146;) mean the cp1252 character, as browsers do
            if v >= 0x80 && v < 0xA0 { v = MojibakeFixer.cp1252.upper[Int(v - 0x80)] }
            guard v > 0, let sc = Unicode.Scalar(v) else { return nil }
            return (Array(String(Character(sc)).utf8), j + 1 - i)
        }
        let start = j
        while j < u.count, j - start < 10, (u[j] | 0x20) >= 0x61 && (u[j] | 0x20) <= 0x7A || (u[j] >= 0x30 && u[j] <= 0x39) { j += 1 }
        guard j > start, j < u.count, u[j] == 0x3B else { return nil }
        let name = String(decoding: u[start..<j], as: UTF8.self)
        guard let rep = named[name] else { return nil }
        return (Array(rep.utf8), j + 1 - i)
    }
}
