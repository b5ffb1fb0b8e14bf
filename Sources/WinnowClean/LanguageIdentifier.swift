import WinnowCore
import Foundation

/// Character n-gram language identifier over 75 languages.
///
/// Model: `Resources/langid.bin`, built by `scripts/build_langid_model.py` from lingua's n-gram tables
/// (Apache-2.0, see Resources/SOURCES.md). Each kept n-gram (1..5 code points, inside one word) carries the
/// quantised conditional log-probability P(last char | previous chars) per language; an n-gram absent for
/// a language is charged that language's per-order floor.
///
/// Pipeline, one pass over the UTF-8 bytes: each word (a run of letters, \p{L}) is lower-cased into a small
/// buffer, its script counted and its n-grams scored for all languages (table lookups batched per word so the
/// cache misses overlap). The dominant script picks the candidates: a script used by exactly one language
/// (Greek, Hebrew, Thai, Georgian, Armenian, Hangul, Kana, Bengali, Gujarati, Gurmukhi, Tamil, Telugu) decides
/// directly, Han alone → zh; otherwise the best-scoring candidate wins; confidence = softmax probability of the
/// winner times the dominant script's share of letters.
/// Bounded work: after 250 letters (then every 50) scoring stops once the best candidate leads by a decisive
/// margin (reading goes on only to count scripts, and the text is re-scored in full if the dominant script
/// changes); at most 4,096 letters are read.
/// Code-page mix-up: Turkish saved as cp1254 and shown as cp1252 ("yýlýnda") is also read back with ı ş ğ İ Ş Ğ,
/// and the more likely reading decides (chosen and checked on held-out gettext catalogues, see
/// scripts/clean_devharness/lid_devset.py: Turkish in that form 55 % -> 99 %, no other prediction changed).
public final class LanguageIdentifier: @unchecked Sendable {
    public let codes: [String]
    private let nLangs: Int
    private let floors: [Int32]            // nLangs * 5
    private let scale: Double
    // open-addressing table: slot -> (fingerprint, postings start, count); allocated once, never mutated
    /// slot = key << 32 | postings start << 8 | postings count (0: empty slot)
    private let slots: UnsafeMutablePointer<UInt64>
    private let slotBlock: ZeroedBlock<UInt64>
    private let mask: Int
    /// posting = language | q << 8; a truncated list starts with (255 | rest << 8)
    private let postings: UnsafeMutablePointer<UInt16>
    private let floorPtr: UnsafeMutablePointer<Int32>
    /// Bytes of model data held in memory (tables + postings + character tables).
    public let memoryBytes: Int
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

    /// The shipped model, loaded once on first use (or the reason it could not be).
    public static let shared: Result<LanguageIdentifier, LoadError> = {
        let path: String
        do { path = try DataFiles.path("langid.bin", module: "WinnowClean") } catch {
            return .failure(LoadError(reason: "\(error)"))
        }
        guard let file = MappedFile(path: path) else { return .failure(LoadError(reason: "\(path) cannot be read")) }
        guard let model = try? file.withBytes({ try LanguageIdentifier(bytes: $0) }) else {
            return .failure(LoadError(reason: "\(path) is not a language model of this version"))
        }
        return .success(model)
    }()

    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var reason: String
        public var description: String { reason }
    }

    struct FormatError: Error {}

    public convenience init(data: [UInt8]) throws {
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: data.count)
        defer { copy.deallocate() }
        _ = copy.initialize(from: data)
        try self.init(bytes: UnsafeBufferPointer(copy))
    }

    /// The model from the file's bytes, which are only read while this runs (the tables are copies).
    public init(bytes d: UnsafeBufferPointer<UInt8>) throws {
        func u32(_ o: Int) -> UInt32 {
            UInt32(d[o]) | UInt32(d[o + 1]) << 8 | UInt32(d[o + 2]) << 16 | UInt32(d[o + 3]) << 24
        }
        guard d.count > 24, d[0] == 0x57, d[1] == 0x4C, d[2] == 0x49, d[3] == 0x44, u32(4) == 3 else { throw FormatError() }
        let nl = Int(u32(8)), nk = Int(u32(12)), np = Int(u32(16))
        // A damaged or truncated file must be refused, never read out of bounds: the sections' sizes follow
        // from the header (codes 4·nl, floors 5·nl, keys 4·nk, counts nk, rests nk, languages np, q np), and
        // postings are addressed with 24 bits and count languages in a byte.
        guard (1...255).contains(nl), np < 1 << 23, nk < 1 << 23,
              24 + 9 * nl + 6 * nk + 2 * np <= d.count else { throw FormatError() }
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
        o += 4 * nk
        let countsOff = o
        o += nk
        let restOff = o
        o += nk
        let langOff = o, qOff = o + np   // qOff + np <= d.count: checked with the header above
        let cap = LanguageIdentifier.capacity(keys: nk)
        mask = cap - 1
        let sections = Sections(keys: keysOff, counts: countsOff, rests: restOff, languages: langOff, qs: qOff)
        guard let table = LanguageIdentifier.buildTable(d, sections, keys: nk, postings: np, languages: nl, capacity: cap)
        else { throw FormatError() }
        (slotBlock, postings) = (table.slots, table.postings)
        slots = slotBlock.pointer
        let nTrunc = table.truncated
        floorPtr = .allocate(capacity: 5 * nl)
        for j in 0..<(5 * nl) { floorPtr[j] = floors[j] }
        memoryBytes = cap * 8 + 2 * (np + nTrunc) + 0x10000 * 5
        var li: [String: Int] = [:]
        for (i, c) in cs.enumerated() { li[c] = i }
        langIndex = li

        (lowerTable, scriptTable) = LanguageIdentifier.characterTables()

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

    /// The BMP letter tables: lower-cased scalar (0: not a letter) and script per code point. Only upper- and
    /// title-case letters can lower-case to something else (checked over the whole BMP: no lower-case,
    /// modifier or other letter changes when lower-cased), so only they pay for the case-mapping lookup.
    static func characterTables() -> (lower: [UInt32], script: [UInt8]) {
        var lt = [UInt32](repeating: 0, count: 0x10000)
        var st = [UInt8](repeating: 0, count: 0x10000)
        for v in 0..<0x10000 {
            guard let s = Unicode.Scalar(UInt32(v)) else { continue }
            let p = s.properties
            switch p.generalCategory {
            case .uppercaseLetter, .titlecaseLetter:
                var low = UInt32(v)
                if p.changesWhenLowercased {
                    let m = p.lowercaseMapping.unicodeScalars
                    if m.count == 1, let f = m.first { low = f.value }
                }
                lt[v] = low
            case .lowercaseLetter, .modifierLetter, .otherLetter:
                lt[v] = UInt32(v)
            default: continue
            }
            st[v] = LanguageIdentifier.scriptOf(UInt32(v)).rawValue
        }
        return (lt, st)
    }

    /// Byte offsets of the model file's sections.
    struct Sections { var keys, counts, rests, languages, qs: Int }

    /// The open-addressing table and postings, built straight from the file's bytes (start-up cost: this runs
    /// over a million keys, so it reads through one buffer pointer without per-byte bounds checks; the sizes
    /// were checked against the header, and every posting's language is checked here). Nil: a damaged file.
    static func buildTable(_ d: UnsafeBufferPointer<UInt8>, _ at: Sections, keys nk: Int, postings np: Int,
                           languages nl: Int, capacity cap: Int)
        -> (slots: ZeroedBlock<UInt64>, postings: UnsafeMutablePointer<UInt16>, truncated: Int)? {
        let counts = d.baseAddress! + at.counts, rests = d.baseAddress! + at.rests
        let langs = d.baseAddress! + at.languages, qs = d.baseAddress! + at.qs
        var total = 0, nTrunc = 0
        for i in 0..<nk { total += Int(counts[i]); nTrunc += rests[i] != 0 ? 1 : 0 }
        guard total <= np else { return nil }
        for i in 0..<total where Int(langs[i]) >= nl { return nil }
        let postings = UnsafeMutablePointer<UInt16>.allocate(capacity: np + nTrunc + 1)
        let block = ZeroedBlock<UInt64>(count: cap)
        let slots = block.pointer
        let raw = UnsafeRawPointer(d.baseAddress! + at.keys)
        // One pass in file order: each key's postings are copied, then its slot word inserted. The build script
        // writes the keys in the order of their home slots, so the inserts sweep the 16 MB table once instead of
        // missing the cache on nearly every key (any order gives the same lookups: keys are unique).
        var src = 0, dst = 0
        for i in 0..<nk {
            let key = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
            let start = dst
            if rests[i] != 0 { postings[dst] = 255 | UInt16(rests[i]) << 8; dst += 1 }
            for k in src..<(src + Int(counts[i])) { postings[dst] = UInt16(langs[k]) | UInt16(qs[k]) << 8; dst += 1 }
            src += Int(counts[i])
            var s = LanguageIdentifier.slot(key) & (cap - 1)
            while slots[s] != 0 { s = (s + 1) & (cap - 1) }
            slots[s] = UInt64(key) << 32 | UInt64(start) << 8 | UInt64(dst - start)
        }
        return (block, postings, nTrunc)
    }

    deinit {
        slotBlock.release(); postings.deallocate(); floorPtr.deallocate()
    }

    @inline(__always) static func slot(_ key: UInt32) -> Int { Int(truncatingIfNeeded: key &* 0x9E3779B1) }

    /// Slots of the table for `nk` keys: the smallest power of two >= 1.5 nk (scripts/build_langid_model.py
    /// writes the keys in the order of their home slot in this table).
    static func capacity(keys nk: Int) -> Int {
        var cap = 1
        while cap < nk + nk / 2 { cap <<= 1 }
        return cap
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

    /// The slot word of the n-gram with hash `h`, or 0.
    @inline(__always) private func lookup(_ h: UInt64) -> UInt64 {
        let key = UInt32(truncatingIfNeeded: h >> 32)
        var s = LanguageIdentifier.slot(key) & mask
        while true {
            let v = slots[s]
            if v == 0 || UInt32(truncatingIfNeeded: v >> 32) == key { return v }
            s = (s + 1) & mask
        }
    }

    /// Identify the language of `text`. Returns ("und", 0) for text with fewer than 3 letters. The score is the
    /// softmax probability of the winner among the candidate languages of the dominant script, times the share
    /// of letters in that script (so mixed-script text gets a low score).
    public func identify(_ text: String) -> (code: String, score: Double) {
        var t = text
        return t.withUTF8 { identify(bytes: $0) }
    }

    public func identify(bytes u: UnsafeBufferPointer<UInt8>) -> (code: String, score: Double) {
        if let alt = LanguageIdentifier.cp1254Reading(u) {
            // Turkish (or Azerbaijani) saved as cp1254 and shown as cp1252/Latin-1 reads "yýlýnda", "baþka",
            // "deðil": the six letters ı ş ğ İ Ş Ğ became ý þ ð Ý Þ Ð. Icelandic, Czech, ... use those letters
            // for real, so take the reading whose best language is more likely, all n-grams charged alike.
            let a = alt.withUnsafeBufferPointer { fullLogLikelihood(bytes: $0) }
            let o = fullLogLikelihood(bytes: UnsafeBufferPointer(rebasing: u[0..<alt.count]))   // same prefix
            if a > o { return alt.withUnsafeBufferPointer { score(bytes: $0) } }
        }
        return score(bytes: u)
    }

    /// The text with ý þ ð Ý Þ Ð read back as ı ş ğ İ Ş Ğ (the cp1254 letters at the same bytes), when it has
    /// some of the former and none of the latter; nil otherwise. Same length in UTF-8.
    static func cp1254Reading(_ u: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        // (the scorer reads at most 4,096 letters: look at the first 64 KB only)
        let n = min(u.count, 1 << 16)
        guard n >= 2, let base = u.baseAddress, memchr(base, 0xC3, n) != nil else { return nil }
        var found = false
        for i in 0..<(n - 1) {
            let b = u[i], c = u[i + 1]
            if b == 0xC3 && (c == 0xBD || c == 0xBE || c == 0xB0 || c == 0x9D || c == 0x9E || c == 0x90) { found = true }
            if (b == 0xC4 && (c == 0xB1 || c == 0x9F || c == 0xB0 || c == 0x9E)) || (b == 0xC5 && (c == 0x9F || c == 0x9E)) { return nil }
        }
        guard found else { return nil }
        var out = Array(UnsafeBufferPointer(rebasing: u[0..<n]))
        var i = 0
        while i + 1 < out.count {
            if out[i] == 0xC3 {
                switch out[i + 1] {
                case 0xBD: out[i] = 0xC4; out[i + 1] = 0xB1      // ý -> ı
                case 0xBE: out[i] = 0xC5; out[i + 1] = 0x9F      // þ -> ş
                case 0xB0: out[i] = 0xC4; out[i + 1] = 0x9F      // ð -> ğ
                case 0x9D: out[i] = 0xC4; out[i + 1] = 0xB0      // Ý -> İ
                case 0x9E: out[i] = 0xC5; out[i + 1] = 0x9E      // Þ -> Ş
                case 0x90: out[i] = 0xC4; out[i + 1] = 0x9E      // Ð -> Ğ
                default: break
                }
                i += 2
            } else { i += 1 }
        }
        return out
    }

    /// Log-likelihood (in model units) of the best candidate language of the dominant script, reading the whole
    /// text (no early exit) and charging an n-gram unknown to every language the floor of each language, so
    /// that two readings of the same text with the same words are compared over the same n-gram positions.
    func fullLogLikelihood(bytes u: UnsafeBufferPointer<UInt8>) -> Double {
        var best = -Double.infinity
        _ = scoreOnce(bytes: u, allowEarly: false, chargeUnknown: true, best: &best)
        return best
    }

    /// Letters after which scoring stops once the leader is far ahead (checked every `checkEvery` letters).
    static let earlyAfter = 250
    static let checkEvery = 50
    /// Bounded sample: at most this many letters are read (long documents are decided on their start).
    static let maxLetters = 4096
    /// Longest run of letters scored as one word (longer runs are split).
    static let maxWordChars = 64

    /// One pass over the bytes: decode and lower-case a word into a small buffer, count its script, score its
    /// n-grams (for all languages; candidates are chosen by script only when deciding), stop early when the
    /// best candidate is far ahead or after `maxLetters` letters.
    ///
    /// After an early decision, reading goes on without scoring (scripts are still counted, up to `maxLetters`):
    /// if the dominant script turns out different (a Urdu text that starts with a Latin name), the text is
    /// scored again without early exit.
    private func score(bytes u: UnsafeBufferPointer<UInt8>) -> (code: String, score: Double) {
        var best = 0.0
        return scoreOnce(bytes: u, allowEarly: true, chargeUnknown: false, best: &best)
            ?? scoreOnce(bytes: u, allowEarly: false, chargeUnknown: false, best: &best)!
    }

    private func scoreOnce(bytes u: UnsafeBufferPointer<UInt8>, allowEarly: Bool, chargeUnknown: Bool,
                           best bestOut: inout Double) -> (code: String, score: Double)? {
        let nL = nLangs
        let scale = self.scale
        let decisive = Int32(30 * scale)
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: nL + 8 + 24) { tmp -> (code: String, score: Double)? in
            let g = UnsafeMutablePointer<Int32>(tmp.baseAddress!)          // gain per language
            let orderCount = g + nL                                         // 5 used (+ restSum at [5])
            let scriptCount = g + nL + 8                                    // 18 used
            (g).initialize(repeating: 0, count: nL + 8 + 24)
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: LanguageIdentifier.maxWordChars * 4 + 8) { wb in
            return withUnsafeTemporaryAllocation(of: Int32.self, capacity: LanguageIdentifier.maxWordChars + 2) { cs in
            return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: LanguageIdentifier.maxWordChars * 5) { hsb in
            return lowerTable.withUnsafeBufferPointer { lowerT in
            return scriptTable.withUnsafeBufferPointer { scriptT in
                let buf = wb.baseAddress!
                let hs = hsb.baseAddress!
                let starts = cs.baseAddress!
                var wChars = 0, wBytes = 0
                var letters = 0
                var nextCheck = LanguageIdentifier.earlyAfter
                var i = 0
                let n = u.count
                var scoring = true
                var exitScript = -1
                while i < n {
                    let b0 = u[i]
                    var v: UInt32
                    if b0 < 0x80 { v = UInt32(b0); i += 1 }
                    else if b0 < 0xE0, i + 1 < n { v = (UInt32(b0 & 0x1F) << 6) | UInt32(u[i + 1] & 0x3F); i += 2 }
                    else if b0 < 0xF0, i + 2 < n {
                        v = (UInt32(b0 & 0x0F) << 12) | (UInt32(u[i + 1] & 0x3F) << 6) | UInt32(u[i + 2] & 0x3F); i += 3
                    } else { v = 0x10000; i += min(4, n - i) }
                    var low: UInt32 = 0
                    var sc: UInt8 = 0
                    if v < 0x80 {
                        let l = v | 0x20
                        if l >= 0x61 && l <= 0x7A { low = l; sc = 1 }
                    } else if v < 0x10000 {
                        low = lowerT[Int(v)]; sc = scriptT[Int(v)]
                    } else if v >= 0x20000 && v < 0x2FA20 { low = v; sc = Script.han.rawValue }
                    if !scoring {
                        if low != 0 {
                            letters += 1
                            scriptCount[Int(sc)] += 1
                            if letters >= LanguageIdentifier.maxLetters { break }
                        }
                        continue
                    }
                    if low == 0 {
                        if wChars > 0 {
                            scoreWord(buf, starts, wChars, wBytes, g, orderCount, hs, chargeUnknown)
                            wChars = 0; wBytes = 0
                            if letters >= nextCheck {
                                nextCheck = letters + LanguageIdentifier.checkEvery
                                if letters >= LanguageIdentifier.maxLetters { break }
                                if allowEarly && margin(scriptCount, g, orderCount) > decisive {
                                    scoring = false; exitScript = dominant(scriptCount).0
                                }
                            }
                        }
                        continue
                    }
                    letters += 1
                    scriptCount[Int(sc)] += 1
                    // Han/Hangul/Kana characters form one-character words (as in lingua).
                    let single = sc >= Script.hangul.rawValue
                    if single && wChars > 0 { scoreWord(buf, starts, wChars, wBytes, g, orderCount, hs, chargeUnknown); wChars = 0; wBytes = 0 }
                    starts[wChars] = Int32(wBytes)
                    if low < 0x80 { buf[wBytes] = UInt8(low); wBytes += 1 }
                    else if low < 0x800 { buf[wBytes] = UInt8(0xC0 | (low >> 6)); buf[wBytes + 1] = UInt8(0x80 | (low & 0x3F)); wBytes += 2 }
                    else if low < 0x10000 {
                        buf[wBytes] = UInt8(0xE0 | (low >> 12)); buf[wBytes + 1] = UInt8(0x80 | ((low >> 6) & 0x3F))
                        buf[wBytes + 2] = UInt8(0x80 | (low & 0x3F)); wBytes += 3
                    } else {
                        buf[wBytes] = UInt8(0xF0 | (low >> 18)); buf[wBytes + 1] = UInt8(0x80 | ((low >> 12) & 0x3F))
                        buf[wBytes + 2] = UInt8(0x80 | ((low >> 6) & 0x3F)); buf[wBytes + 3] = UInt8(0x80 | (low & 0x3F)); wBytes += 4
                    }
                    wChars += 1
                    if single || wChars == LanguageIdentifier.maxWordChars {
                        scoreWord(buf, starts, wChars, wBytes, g, orderCount, hs, chargeUnknown); wChars = 0; wBytes = 0
                    }
                }
                if scoring && wChars > 0 { scoreWord(buf, starts, wChars, wBytes, g, orderCount, hs, chargeUnknown) }
                // too short to say anything (fewer than 3 letters)
                if letters < 3 { return ("und", 0) }
                let (script, bestC) = dominant(scriptCount)
                if !scoring && script != exitScript { return nil }
                let cands = scriptLangs[script]
                let share = Double(bestC) / Double(letters)
                if cands.isEmpty { return ("und", 0) }
                if cands.count == 1 { return (codes[cands[0]], share) }
                var bestL = -1
                var bestS = -Double.infinity
                var sc = [Double](repeating: 0, count: nL)
                for l in cands {
                    var s = Double(g[l] - orderCount[5])
                    for k in 0..<5 { s -= Double(orderCount[k]) * Double(floorPtr[l * 5 + k]) }
                    s /= scale
                    sc[l] = s
                    if s > bestS { bestS = s; bestL = l }
                }
                bestOut = bestS
                // confidence: softmax over candidates, temperature = number of orders (the 5 orders are correlated)
                var z = 0.0
                for l in cands { z += exp((sc[l] - bestS) / 5.0) }
                return (codes[bestL], share / z)
            }
            }
            }
            }
            }
        }
    }

    /// The dominant script (Japanese: kana, or Han with any kana) and its letter count.
    @inline(__always) private func dominant(_ scriptCount: UnsafeMutablePointer<Int32>) -> (Int, Int) {
        var best = 0, bestC: Int32 = -1
        for s in 1..<18 where scriptCount[s] > bestC { best = s; bestC = scriptCount[s] }
        let kana = scriptCount[Int(Script.kana.rawValue)], han = scriptCount[Int(Script.han.rawValue)]
        if best == Int(Script.kana.rawValue) || (best == Int(Script.han.rawValue) && kana > 0) {
            best = Int(Script.kana.rawValue)
            bestC = kana + han
        }
        return (best, Int(bestC))
    }

    /// Score difference between the best two candidates (Int32.max when the script decides alone).
    private func margin(_ scriptCount: UnsafeMutablePointer<Int32>, _ g: UnsafeMutablePointer<Int32>,
                        _ orderCount: UnsafeMutablePointer<Int32>) -> Int32 {
        let cands = scriptLangs[dominant(scriptCount).0]
        if cands.count <= 1 { return Int32.max }
        var b1 = Int32.min, b2 = Int32.min
        for l in cands {
            var v = g[l] - orderCount[5]
            for k in 0..<5 { v -= orderCount[k] * floorPtr[l * 5 + k] }
            if v > b1 { b2 = b1; b1 = v } else if v > b2 { b2 = v }
        }
        return b1 &- b2
    }

    /// Add the n-grams (orders 1...5) of one lower-cased word to the per-language gains.
    /// gain[l] accumulates floor - q for listed languages; orderCount[k] counts known n-grams of order k+1;
    /// orderCount[5] sums the q charged to languages cut from truncated lists.
    ///
    /// The table lookups miss the cache, so they are batched: all hashes of the word first, then all slot
    /// loads (independent, so the misses overlap), then the postings are touched, then accumulated.
    @inline(__always) private func scoreWord(_ bp: UnsafeMutablePointer<UInt8>, _ cs: UnsafeMutablePointer<Int32>,
                                             _ nChars: Int, _ nBytes: Int, _ g: UnsafeMutablePointer<Int32>,
                                             _ orderCount: UnsafeMutablePointer<Int32>,
                                             _ hs: UnsafeMutablePointer<UInt64>, _ chargeUnknown: Bool = false) {
        cs[nChars] = Int32(nBytes)
        let postings = self.postings, floorPtr = self.floorPtr, slots = self.slots, mask = self.mask
        // 1. hashes of the n-grams starting at each position, orders 1..5
        var m = 0
        for st in 0..<nChars {
            var h: UInt64 = 0xcbf29ce484222325
            var p = Int(cs[st])
            let kEnd = min(5, nChars - st)
            for k in 0..<kEnd {
                let e = Int(cs[st + k + 1])
                while p < e { h = (h ^ UInt64(bp[p])) &* 0x100000001b3; p += 1 }
                hs[m] = h; m += 1
            }
        }
        // 2. touch the home slots (independent loads)
        var acc: UInt64 = 0
        for x in 0..<m {
            let key = UInt32(truncatingIfNeeded: hs[x] >> 32)
            acc ^= slots[LanguageIdentifier.slot(key) & mask]
        }
        // 3. probe; replace each hash by its slot word (0: unknown) and touch its postings
        var acc2: UInt16 = UInt16(truncatingIfNeeded: acc)
        for x in 0..<m {
            let v = lookup(hs[x])
            hs[x] = v
            if v != 0 { acc2 ^= postings[Int(truncatingIfNeeded: (v >> 8) & 0xFF_FFFF)] }
        }
        orderCount[6] ^= Int32(acc2)
        // 4. accumulate; an n-gram unknown to every language stops its start position (its extensions
        // would be unknown too)
        m = 0
        for st in 0..<nChars {
            let kEnd = min(5, nChars - st)
            var k = 0
            while k < kEnd {
                let v = hs[m + k]
                if v == 0 {
                    // (chargeUnknown) every language pays its floor for this position and the longer ones
                    if chargeUnknown { while k < kEnd { orderCount[k] += 1; k += 1 } }
                    break
                }
                var j = Int(truncatingIfNeeded: (v >> 8) & 0xFF_FFFF)
                let end = j + Int(truncatingIfNeeded: v & 0xFF)
                let first = postings[j]
                if first & 0xFF != 255 {
                    orderCount[k] += 1
                    while j < end {
                        let q = postings[j]
                        let l = Int(q & 0xFF)
                        g[l] += floorPtr[l * 5 + k] - Int32(q >> 8)
                        j += 1
                    }
                } else {
                    let rest = Int32(first >> 8)
                    orderCount[5] += rest
                    j += 1
                    while j < end {
                        let q = postings[j]
                        g[Int(q & 0xFF)] += rest - Int32(q >> 8)
                        j += 1
                    }
                }
                k += 1
            }
            m += kEnd
        }
    }

    public func code(index: Int) -> String { codes[index] }
    public func index(of code: String) -> Int? { langIndex[code] }
}
