import Foundation

/// Character n-gram language identifier over 75 languages.
///
/// Model: `Resources/langid.bin`, built by `scripts/build_langid_model.py` from lingua's n-gram tables
/// (Apache-2.0, see Resources/SOURCES.md). Each kept n-gram (1..5 code points, inside one word) carries the
/// quantised conditional log-probability P(last char | previous chars) per language; an n-gram absent for
/// a language is charged that language's per-order floor.
///
/// Pipeline: (1) lower-case the letters (\p{L}) and split into words; (2) count scripts: a script used by
/// exactly one language (Greek, Hebrew, Thai, Georgian, Armenian, Hangul, Kana, Bengali, Gujarati, Gurmukhi,
/// Tamil, Telugu) decides directly, Han alone → zh; (3) otherwise score the languages written in the
/// dominant script with the n-gram model and pick the best; confidence = softmax probability of the winner.
public final class LanguageIdentifier: @unchecked Sendable {
    public let codes: [String]
    private let nLangs: Int
    private let floors: [Int32]            // nLangs * 5
    private let scale: Double
    // open-addressing table: slot -> (fingerprint, postings start, count)
    private let slotKey: [UInt64]
    private let slotStart: [UInt32]
    private let slotCount: [UInt8]
    private let mask: Int
    private let postLang: [UInt8]
    private let postQ: [UInt8]
    /// language indices per script group
    private let scriptLangs: [[Int]]
    private let langIndex: [String: Int]

    /// BMP table: 0 = not a letter, else lower-cased scalar value.
    private let lowerTable: [UInt32]
    /// BMP table: script id per code point (see Script).
    private let scriptTable: [UInt8]

    enum Script: UInt8, CaseIterable {
        case other = 0, latin, greek, cyrillic, armenian, hebrew, arabic, devanagari, bengali, gurmukhi,
             gujarati, tamil, telugu, thai, georgian, hangul, kana, han
    }

    /// The 75 languages of the model (ISO 639-1).
    public static let supportedCodes: Set<String> = [
        "af", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo", "es", "et", "eu", "fa",
        "fi", "fr", "ga", "gu", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "kk", "ko", "la", "lg", "lt",
        "lv", "mi", "mk", "mn", "mr", "ms", "nb", "nl", "nn", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "sn", "so", "sq",
        "sr", "st", "sv", "sw", "ta", "te", "th", "tl", "tn", "tr", "ts", "uk", "ur", "vi", "xh", "yo", "zh", "zu",
    ]

    public static let shared: LanguageIdentifier? = {
        guard let url = Bundle.module.url(forResource: "langid", withExtension: "bin", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? LanguageIdentifier(data: [UInt8](data))
    }()

    struct FormatError: Error {}

    public init(data d: [UInt8]) throws {
        func u32(_ o: Int) -> UInt32 {
            UInt32(d[o]) | UInt32(d[o + 1]) << 8 | UInt32(d[o + 2]) << 16 | UInt32(d[o + 3]) << 24
        }
        guard d.count > 24, d[0] == 0x57, d[1] == 0x4C, d[2] == 0x49, d[3] == 0x44, u32(4) == 1 else { throw FormatError() }
        let nl = Int(u32(8)), nk = Int(u32(12)), np = Int(u32(16))
        scale = Double(Float(bitPattern: u32(20)))
        var o = 24
        var cs: [String] = []
        for i in 0..<nl {
            let b = d[(o + 4 * i)..<(o + 4 * i + 4)].filter { $0 != 0 }
            cs.append(String(decoding: b, as: UTF8.self))
        }
        o += 4 * nl
        codes = cs; nLangs = nl
        floors = d[o..<(o + 5 * nl)].map { Int32($0) }
        o += 5 * nl
        let keysOff = o
        o += 8 * nk
        let countsOff = o
        o += nk
        let langOff = o, qOff = o + np
        guard qOff + np <= d.count else { throw FormatError() }
        postLang = Array(d[langOff..<(langOff + np)])
        postQ = Array(d[qOff..<(qOff + np)])
        var cap = 1
        while cap < nk * 2 { cap <<= 1 }
        mask = cap - 1
        var sk = [UInt64](repeating: 0, count: cap)
        var ss = [UInt32](repeating: 0, count: cap)
        var sc = [UInt8](repeating: 0, count: cap)
        var start: UInt32 = 0
        for i in 0..<nk {
            let ko = keysOff + 8 * i
            let key = UInt64(u32(ko)) | UInt64(u32(ko + 4)) << 32
            let c = d[countsOff + i]
            var s = Int(truncatingIfNeeded: key ^ (key >> 29)) & (cap - 1)
            while sc[s] != 0 { s = (s + 1) & (cap - 1) }
            sk[s] = key; ss[s] = start; sc[s] = c
            start += UInt32(c)
        }
        slotKey = sk; slotStart = ss; slotCount = sc
        var li: [String: Int] = [:]
        for (i, c) in cs.enumerated() { li[c] = i }
        langIndex = li

        // character tables
        var lt = [UInt32](repeating: 0, count: 0x10000)
        var st = [UInt8](repeating: 0, count: 0x10000)
        for v in 0..<0x10000 {
            guard let s = Unicode.Scalar(UInt32(v)) else { continue }
            let p = s.properties
            switch p.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
                var low = UInt32(v)
                if p.changesWhenLowercased {
                    let m = p.lowercaseMapping.unicodeScalars
                    if m.count == 1, let f = m.first { low = f.value }
                }
                lt[v] = low
                st[v] = LanguageIdentifier.scriptOf(UInt32(v)).rawValue
            default: break
            }
        }
        lowerTable = lt; scriptTable = st

        var groups = [[Int]](repeating: [], count: Script.allCases.count)
        let byScript: [Script: [String]] = [
            .latin: ["af", "az", "bs", "ca", "cs", "cy", "da", "de", "en", "eo", "es", "et", "eu", "fi", "fr", "ga",
                     "hr", "hu", "id", "is", "it", "la", "lg", "lt", "lv", "mi", "ms", "nb", "nl", "nn", "pl", "pt",
                     "ro", "sk", "sl", "sn", "so", "sq", "st", "sv", "sw", "tl", "tn", "tr", "ts", "vi", "xh", "yo", "zu"],
            .cyrillic: ["be", "bg", "kk", "mk", "mn", "ru", "sr", "uk"],
            .arabic: ["ar", "fa", "ur"], .devanagari: ["hi", "mr"],
            .greek: ["el"], .armenian: ["hy"], .hebrew: ["he"], .bengali: ["bn"], .gurmukhi: ["pa"],
            .gujarati: ["gu"], .tamil: ["ta"], .telugu: ["te"], .thai: ["th"], .georgian: ["ka"],
            .hangul: ["ko"], .kana: ["ja"], .han: ["zh"],
        ]
        for (s, ls) in byScript { groups[Int(s.rawValue)] = ls.compactMap { li[$0] } }
        scriptLangs = groups
    }

    static func scriptOf(_ v: UInt32) -> Script {
        switch v {
        case 0x41...0x24F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xFF21...0xFF5A: return .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF: return .greek
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: return .cyrillic
        case 0x530...0x58F: return .armenian
        case 0x590...0x5FF: return .hebrew
        case 0x600...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return .arabic
        case 0x900...0x97F: return .devanagari
        case 0x980...0x9FF: return .bengali
        case 0xA00...0xA7F: return .gurmukhi
        case 0xA80...0xAFF: return .gujarati
        case 0xB80...0xBFF: return .tamil
        case 0xC00...0xC7F: return .telugu
        case 0xE00...0xE7F: return .thai
        case 0x10A0...0x10FF, 0x2D00...0x2D2F, 0x1C90...0x1CBF: return .georgian
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return .hangul
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return .kana
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: return .han
        default: return .other
        }
    }

    @inline(__always) private func lookup(_ h: UInt64) -> Int {
        var s = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while true {
            let c = slotCount[s]
            if c == 0 { return -1 }
            if slotKey[s] == h { return s }
            s = (s + 1) & mask
        }
    }

    /// Identify the language of `text`. Returns ("und", 0) when there are no letters.
    public func identify(_ text: String) -> (code: String, score: Double) {
        var t = text
        return t.withUTF8 { identify(bytes: $0) }
    }

    public func identify(bytes u: UnsafeBufferPointer<UInt8>) -> (code: String, score: Double) {
        let scores = score(bytes: u)
        return scores
    }

    private func score(bytes u: UnsafeBufferPointer<UInt8>) -> (code: String, score: Double) {
        // Pass 1: decode, lower-case, split into words; count scripts.
        var scriptCount = [Int](repeating: 0, count: Script.allCases.count)
        var buf = [UInt8](); buf.reserveCapacity(u.count)
        var charStart = [Int32](); charStart.reserveCapacity(u.count)   // start offset in buf of each char
        var wordStarts = [Int32]()   // index into charStart where each word begins
        var inWord = false
        var i = 0
        let n = u.count
        var letters = 0
        while i < n {
            let b0 = u[i]
            var v: UInt32
            var len: Int
            if b0 < 0x80 { v = UInt32(b0); len = 1 }
            else if b0 < 0xE0, i + 1 < n { v = (UInt32(b0 & 0x1F) << 6) | UInt32(u[i + 1] & 0x3F); len = 2 }
            else if b0 < 0xF0, i + 2 < n {
                v = (UInt32(b0 & 0x0F) << 12) | (UInt32(u[i + 1] & 0x3F) << 6) | UInt32(u[i + 2] & 0x3F); len = 3
            } else { v = 0x10000; len = min(4, n - i) }
            i += len
            var low: UInt32 = 0
            var sc: UInt8 = 0
            if v < 0x80 {
                if v >= 0x41 && v <= 0x5A { low = v + 32; sc = 1 } else if v >= 0x61 && v <= 0x7A { low = v; sc = 1 }
            } else if v < 0x10000 {
                low = lowerTable[Int(v)]; sc = scriptTable[Int(v)]
            } else if v >= 0x20000 && v < 0x2FA20 { low = v; sc = Script.han.rawValue }
            if low == 0 { inWord = false; continue }
            letters += 1
            scriptCount[Int(sc)] += 1
            // Han/Hangul/Kana characters form one-character words (as in lingua).
            let single = sc >= Script.hangul.rawValue
            if !inWord || single { wordStarts.append(Int32(charStart.count)) }
            inWord = !single
            charStart.append(Int32(buf.count))
            if low < 0x80 { buf.append(UInt8(low)) }
            else if low < 0x800 { buf.append(UInt8(0xC0 | (low >> 6))); buf.append(UInt8(0x80 | (low & 0x3F))) }
            else if low < 0x10000 {
                buf.append(UInt8(0xE0 | (low >> 12))); buf.append(UInt8(0x80 | ((low >> 6) & 0x3F)))
                buf.append(UInt8(0x80 | (low & 0x3F)))
            } else {
                buf.append(UInt8(0xF0 | (low >> 18))); buf.append(UInt8(0x80 | ((low >> 12) & 0x3F)))
                buf.append(UInt8(0x80 | ((low >> 6) & 0x3F))); buf.append(UInt8(0x80 | (low & 0x3F)))
            }
        }
        if letters == 0 { return ("und", 0) }
        // dominant script
        var best = 0, bestC = -1
        for s in 1..<scriptCount.count where scriptCount[s] > bestC { best = s; bestC = scriptCount[s] }
        // Japanese: any kana with Han → ja
        if best == Int(Script.han.rawValue), scriptCount[Int(Script.kana.rawValue)] > 0 {
            best = Int(Script.kana.rawValue)
            bestC += scriptCount[Int(Script.kana.rawValue)]
        }
        if best == Int(Script.kana.rawValue) { bestC += scriptCount[Int(Script.han.rawValue)] }
        let cands = scriptLangs[best]
        let share = Double(bestC) / Double(letters)
        if cands.isEmpty { return ("und", 0) }
        if cands.count == 1 { return (codes[cands[0]], share) }

        // Pass 2: n-gram scoring over candidates.
        var gain = [Int32](repeating: 0, count: nLangs)
        var isCand = [Bool](repeating: false, count: nLangs)
        for c in cands { isCand[c] = true }
        var orderCount = [Int32](repeating: 0, count: 5)
        charStart.append(Int32(buf.count))
        wordStarts.append(Int32(charStart.count - 1))
        buf.withUnsafeBufferPointer { bp in
            for w in 0..<(wordStarts.count - 1) {
                let ws = Int(wordStarts[w]), we = Int(wordStarts[w + 1])   // char indices [ws, we)
                var e = ws
                while e < we {
                    // n-grams ending at char e
                    let endByte = Int(charStart[e + 1])
                    var k = 1
                    while k <= 5 && e - k + 1 >= ws {
                        var h: UInt64 = 0xcbf29ce484222325
                        var p = Int(charStart[e - k + 1])
                        while p < endByte { h = (h ^ UInt64(bp[p])) &* 0x100000001b3; p += 1 }
                        let s = lookup(h)
                        if s >= 0 {
                            orderCount[k - 1] += 1
                            let st = Int(slotStart[s]), c = Int(slotCount[s])
                            for j in st..<(st + c) {
                                let l = Int(postLang[j])
                                if isCand[l] { gain[l] += floors[l * 5 + k - 1] - Int32(postQ[j]) }
                            }
                        }
                        k += 1
                    }
                    e += 1
                }
            }
        }
        var bestL = -1
        var bestS = -Double.infinity
        var sc = [Double](repeating: 0, count: nLangs)
        for l in cands {
            var s = Double(gain[l])
            for k in 0..<5 { s -= Double(orderCount[k]) * Double(floors[l * 5 + k]) }
            s /= scale
            sc[l] = s
            if s > bestS { bestS = s; bestL = l }
        }
        // confidence: softmax over candidates, temperature = number of orders (the 5 orders are correlated)
        var z = 0.0
        for l in cands { z += exp((sc[l] - bestS) / 5.0) }
        return (codes[bestL], share / z)
    }

    public func code(index: Int) -> String { codes[index] }
    public func index(of code: String) -> Int? { langIndex[code] }
}
