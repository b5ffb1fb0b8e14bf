import WinnowCore

/// Per-token values computed once per document; the feature templates combine them.
struct TokInfo {
    var lower: UInt64 = 0
    var word: UInt64 = 0
    var shape: UInt64 = 0
    var sshape: UInt64 = 0
    var pre1: UInt64 = 0, pre2: UInt64 = 0, pre3: UInt64 = 0, pre4: UInt64 = 0
    var suf1: UInt64 = 0, suf2: UInt64 = 0, suf3: UInt64 = 0, suf4: UInt64 = 0
    var flags: UInt16 = 0
    /// Gazetteer match bits: bit (type * 4 + position), position 0 B, 1 I, 2 L, 3 U.
    var gaz: UInt32 = 0
    /// Sentence id (tokens of one sentence share it).
    var sent: Int32 = 0
    /// Position in a run of capitalised tokens (0 none, 1 single, 2 first, 3 inside, 4 last) * 8 + run length (max 5).
    var capRun: UInt8 = 0
    /// Word cluster: fine * 256 + coarse, 0xFFFF unknown.
    var cluster: UInt16 = 0xFFFF
    /// GloVe word cluster (the optional second cluster set): fine * 256 + coarse, 0xFFFF unknown.
    var glove: UInt16 = 0xFFFF
    /// Contexts (lower-cased previous / next word) of up to two other mentions of the same capitalised word.
    var ctxPrev0: UInt64 = 0, ctxNext0: UInt64 = 0, ctxPrev1: UInt64 = 0, ctxNext1: UInt64 = 0
}

enum TokFlag {
    static let cap: UInt16 = 1          // first character upper case
    static let allCaps: UInt16 = 2      // every letter upper case, at least one letter
    static let lowerWord: UInt16 = 4    // first character lower case
    static let digit: UInt16 = 8        // has a digit
    static let punct: UInt16 = 16       // no letter or digit
    static let sentStart: UInt16 = 32
    static let capsSentence: UInt16 = 64  // the sentence is (nearly) all upper case: a headline
    static let seenLower: UInt16 = 128    // capitalised here, seen lower case elsewhere in the document
    static let letters: UInt16 = 256
    static let numericSentence: UInt16 = 512  // a table row: at least a third of the tokens are numbers
}

/// Lower-casing of UTF-8 bytes: ASCII, Latin-1, Latin Extended-A (even/odd pairs), Greek, Cyrillic.
/// Writes into `buf` and returns the count. Byte-level and allocation free.
@inline(__always)
func lowerBytes(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ buf: UnsafeMutablePointer<UInt8>) -> Int {
    var i = s, n = 0
    while i < e {
        let b = p[i]
        if b < 0x80 {
            buf[n] = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b; n += 1; i += 1
        } else if b >= 0xC0 && b < 0xE0 && i + 1 < e {
            var cp = (UInt32(b & 0x1F) << 6) | UInt32(p[i + 1] & 0x3F)
            switch cp {
            case 0xC0...0xDE where cp != 0xD7: cp += 0x20
            case 0x100...0x137, 0x14A...0x177: if cp & 1 == 0 { cp += 1 }
            case 0x139...0x148, 0x179...0x17E: if cp & 1 == 1 { cp += 1 }
            case 0x391...0x3A9: cp += 0x20
            case 0x410...0x42F: cp += 0x20
            case 0x400...0x40F: cp += 0x50
            default: break
            }
            let lead = UInt8(0xC0 | (cp >> 6)), c = UInt8(0x80 | (cp & 0x3F))
            buf[n] = lead; buf[n + 1] = c; n += 2; i += 2
        } else {
            buf[n] = b; n += 1; i += 1
        }
    }
    return n
}

/// Upper/lower/other class of the character at `i`: 1 upper, 2 lower, 3 digit, 0 other.
@inline(__always)
func charClass(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ e: Int) -> UInt8 {
    let b = p[i]
    if b < 0x80 {
        if b >= 0x41 && b <= 0x5A { return 1 }
        if b >= 0x61 && b <= 0x7A { return 2 }
        if b >= 0x30 && b <= 0x39 { return 3 }
        return 0
    }
    guard i + 1 < e else { return 2 }
    let c = p[i + 1]
    switch b {
    case 0xC3: return c == 0x97 || c == 0xB7 ? 0 : (c <= 0x9E ? 1 : 2)
    case 0xC4, 0xC5: return c & 1 == 0 ? 1 : 2
    case 0xD0: return c <= 0xAF ? 1 : 2
    case 0xD1: return 2
    case 0xC2, 0xE2, 0xE3: return 0
    default: return b >= 0xC0 ? 2 : 0
    }
}

@inline(__always) func fnv(_ p: UnsafePointer<UInt8>, _ n: Int, _ seed: UInt64 = 0xcbf29ce484222325) -> UInt64 {
    var h = seed
    for k in 0..<n { h = (h ^ UInt64(p[k])) &* 0x100000001b3 }
    return h
}

/// Fills the per-token values of one document.
func computeInfos(_ p: UnsafeBufferPointer<UInt8>, _ toks: [Token], _ infos: inout [TokInfo],
                  _ scratch: UnsafeMutablePointer<UInt8>, scratchSize: Int) {
    infos.removeAll(keepingCapacity: true)
    var sent: Int32 = -1
    for t in toks {
        var info = TokInfo()
        let s = Int(t.byteStart), e = Int(t.byteEnd)
        let len = min(e - s, scratchSize / 2 - 4)
        let ln = lowerBytes(p, s, s + len, scratch)
        info.lower = fnv(scratch, ln)
        info.word = p.baseAddress.map { fnv($0 + s, len) } ?? 0
        let h1: UInt64 = 0x1F, h2: UInt64 = 0x2F
        info.pre1 = fnv(scratch, min(1, ln), h1); info.pre2 = fnv(scratch, min(2, ln), h1 &+ 1)
        info.pre3 = fnv(scratch, min(3, ln), h1 &+ 2); info.pre4 = fnv(scratch, min(4, ln), h1 &+ 3)
        info.suf1 = fnv(scratch + max(0, ln - 1), min(1, ln), h2); info.suf2 = fnv(scratch + max(0, ln - 2), min(2, ln), h2 &+ 1)
        info.suf3 = fnv(scratch + max(0, ln - 3), min(3, ln), h2 &+ 2); info.suf4 = fnv(scratch + max(0, ln - 4), min(4, ln), h2 &+ 3)
        // shapes
        var sh = 0, ssh = 0
        var shapeH: UInt64 = 0xcbf29ce484222325, sshapeH: UInt64 = 0x84222325cbf29ce4
        var last: UInt8 = 255
        var i = s
        var nUpper = 0, nLower = 0, nDigit = 0
        var first: UInt8 = 255
        while i < e {
            let cls = charClass(p, i, e)
            let ch: UInt8
            switch cls {
            case 1: ch = 0x58; nUpper += 1
            case 2: ch = 0x78; nLower += 1
            case 3: ch = 0x64; nDigit += 1
            default: ch = p[i] < 0x80 ? p[i] : 0x75
            }
            if first == 255 { first = cls }
            if sh < 8 { shapeH = (shapeH ^ UInt64(ch)) &* 0x100000001b3; sh += 1 }
            if ch != last { sshapeH = (sshapeH ^ UInt64(ch)) &* 0x100000001b3; ssh += 1; last = ch }
            let b = p[i]
            i += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
        }
        info.shape = shapeH
        info.sshape = sshapeH
        var f: UInt16 = 0
        if first == 1 { f |= TokFlag.cap }
        if first == 2 { f |= TokFlag.lowerWord }
        if nUpper > 0 && nLower == 0 { f |= TokFlag.allCaps }
        if nDigit > 0 { f |= TokFlag.digit }
        if nUpper + nLower + nDigit == 0 { f |= TokFlag.punct }
        if nUpper + nLower > 0 { f |= TokFlag.letters }
        if t.sentenceStart { f |= TokFlag.sentStart; sent += 1 }
        if sent < 0 { sent = 0 }
        info.flags = f
        info.sent = sent
        infos.append(info)
    }
    // headline sentences: most letter tokens all upper case
    var a = 0
    while a < infos.count {
        var b = a + 1
        while b < infos.count && infos[b].sent == infos[a].sent { b += 1 }
        var letters = 0, caps = 0
        for k in a..<b where infos[k].flags & TokFlag.letters != 0 {
            letters += 1
            if infos[k].flags & TokFlag.allCaps != 0 { caps += 1 }
        }
        if letters >= 2 && caps * 10 >= letters * 8 {
            for k in a..<b { infos[k].flags |= TokFlag.capsSentence }
        }
        var nums = 0
        for k in a..<b where infos[k].flags & TokFlag.digit != 0 { nums += 1 }
        if nums >= 2 && nums * 3 >= (b - a) {
            for k in a..<b { infos[k].flags |= TokFlag.numericSentence }
        }
        a = b
    }
    // runs of capitalised tokens
    var r = 0
    while r < infos.count {
        if infos[r].flags & TokFlag.cap == 0 { r += 1; continue }
        var e = r + 1
        while e < infos.count && infos[e].flags & TokFlag.cap != 0 && infos[e].sent == infos[r].sent { e += 1 }
        let len = UInt8(min(5, e - r))
        for k in r..<e {
            let pos: UInt8 = e - r == 1 ? 1 : (k == r ? 2 : (k == e - 1 ? 4 : 3))
            infos[k].capRun = pos * 8 + len
        }
        r = e
    }
    // context aggregation over other mentions of the same capitalised word: the mentions grouped by
    // word (a stable sort keeps each group in text order), each takes the contexts of the first two others
    var mentions: [Int32] = []
    for k in infos.indices where infos[k].flags & TokFlag.cap != 0 && infos[k].flags & TokFlag.capsSentence == 0 {
        mentions.append(Int32(k))
    }
    mentions.sort { (infos[Int($0)].lower, $0) < (infos[Int($1)].lower, $1) }
    var g = 0
    while g < mentions.count {
        var e = g + 1
        while e < mentions.count && infos[Int(mentions[e])].lower == infos[Int(mentions[g])].lower { e += 1 }
        if e - g > 1 {
            for k in mentions[g..<e] {
                var got = 0
                for o in mentions[g..<e] where o != k {
                    let oi = Int(o)
                    let pv = oi > 0 && infos[oi - 1].sent == infos[oi].sent ? infos[oi - 1].lower : FeatureExtractor.bos
                    let nx = oi + 1 < infos.count && infos[oi + 1].sent == infos[oi].sent ? infos[oi + 1].lower : FeatureExtractor.eos
                    if got == 0 { infos[Int(k)].ctxPrev0 = pv; infos[Int(k)].ctxNext0 = nx }
                    else { infos[Int(k)].ctxPrev1 = pv; infos[Int(k)].ctxNext1 = nx }
                    got += 1
                    if got == 2 { break }
                }
            }
        }
        g = e
    }
    // capitalised tokens whose lower-case form occurs lower case in the document
    var lowerSeen = HashTable64Set(minimumCapacity: infos.count)
    for inf in infos where inf.flags & TokFlag.lowerWord != 0 { lowerSeen.insert(inf.lower) }
    for k in infos.indices where infos[k].flags & TokFlag.cap != 0 && lowerSeen.contains(infos[k].lower) {
        infos[k].flags |= TokFlag.seenLower
    }
}

/// Feature templates. Feature ids are hashed into `1 << bits` rows.
///
/// A token's features come in six groups: its own word's (`own`), those of the words one and two to
/// the left and right (`left1`, `right1`, `left2`, `right2`; a sentence boundary stands in for a missing
/// word), and those that combine several tokens, labels or document state (`context`). The first five
/// depend on one word only, so the decoder caches their summed weights per word (`WordScoreCache`); the
/// trainer uses `extract`, which lists all six groups.
struct FeatureExtractor {
    let bits: Int
    /// The GloVe cluster features (templates 76-79) are on: the model was trained with a GloVe cluster file.
    var glove = false
    @inline(__always) func fid(_ template: UInt64, _ v: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: StableHash.mix64(v ^ (template &* 0x9E3779B97F4A7C15)) >> UInt64(64 - bits))
    }
    static let bos: UInt64 = 0xB05B05B05
    static let eos: UInt64 = 0xE05E05E05

    /// What the neighbour groups read of a word; the sentence boundaries have their own values.
    struct Neighbour {
        var lower: UInt64, sshape: UInt64, word: UInt64
        /// Fine cluster id (or a boundary marker above 0xFF).
        var fine: UInt64
        /// Fine GloVe cluster id (or a boundary marker above 0xFF).
        var gfine: UInt64
        init(_ t: TokInfo) { lower = t.lower; sshape = t.sshape; word = t.word; fine = UInt64(t.cluster >> 8); gfine = UInt64(t.glove >> 8) }
        init(boundary v: UInt64, fine c: UInt64) { lower = v; sshape = v; word = v; fine = c; gfine = c }
        static let bos = Neighbour(boundary: FeatureExtractor.bos, fine: 0x100)
        static let eos = Neighbour(boundary: FeatureExtractor.eos, fine: 0x200)
    }

    @inline(__always) func own(_ t: TokInfo, into out: inout [UInt32]) {
        out.append(fid(1, 0))
        out.append(fid(2, t.lower))
        out.append(fid(3, t.word))
        out.append(fid(8, t.pre1)); out.append(fid(9, t.pre2)); out.append(fid(10, t.pre3)); out.append(fid(11, t.pre4))
        out.append(fid(12, t.suf1)); out.append(fid(13, t.suf2)); out.append(fid(14, t.suf3)); out.append(fid(15, t.suf4))
        out.append(fid(16, t.shape))
        out.append(fid(17, t.sshape))
        out.append(fid(70, UInt64(t.cluster >> 8)))
        out.append(fid(71, UInt64(t.cluster & 0xFF)))
        if glove { out.append(fid(76, UInt64(t.glove >> 8))); out.append(fid(77, UInt64(t.glove & 0xFF))) }
    }
    @inline(__always) func left1(_ w: Neighbour, into out: inout [UInt32]) {
        out.append(fid(4, w.lower)); out.append(fid(18, w.sshape)); out.append(fid(62, w.word)); out.append(fid(72, w.fine))
        if glove { out.append(fid(78, w.gfine)) }
    }
    @inline(__always) func right1(_ w: Neighbour, into out: inout [UInt32]) {
        out.append(fid(5, w.lower)); out.append(fid(19, w.sshape)); out.append(fid(63, w.word)); out.append(fid(73, w.fine))
        if glove { out.append(fid(79, w.gfine)) }
    }
    @inline(__always) func left2(_ w: Neighbour, into out: inout [UInt32]) { out.append(fid(6, w.lower)) }
    @inline(__always) func right2(_ w: Neighbour, into out: inout [UInt32]) { out.append(fid(7, w.lower)) }

    /// The neighbours of token `i` within its sentence: left 2, left 1, right 1, right 2.
    @inline(__always)
    static func neighbours(_ infos: UnsafeBufferPointer<TokInfo>, _ i: Int) -> (Int?, Int?, Int?, Int?) {
        let s = infos[i].sent, n = infos.count
        let hasP1 = i > 0 && infos[i - 1].sent == s
        let hasP2 = hasP1 && i > 1 && infos[i - 2].sent == s
        let hasN1 = i + 1 < n && infos[i + 1].sent == s
        let hasN2 = hasN1 && i + 2 < n && infos[i + 2].sent == s
        return (hasP2 ? i - 2 : nil, hasP1 ? i - 1 : nil, hasN1 ? i + 1 : nil, hasN2 ? i + 2 : nil)
    }

    /// All features of token `i`. `prev`/`prev2`: previous labels in the sentence (0 = O; -1 none).
    /// `hist`: document history code for the token (0 none, 1 + type of the majority earlier tag).
    @inline(__always)
    func extract(_ infos: UnsafeBufferPointer<TokInfo>, _ i: Int, prev: Int, prev2: Int, hist: Int,
                 into out: inout [UInt32]) {
        out.removeAll(keepingCapacity: true)
        let (p2, p1, n1, n2) = Self.neighbours(infos, i)
        own(infos[i], into: &out)
        left1(p1.map { Neighbour(infos[$0]) } ?? .bos, into: &out)
        right1(n1.map { Neighbour(infos[$0]) } ?? .eos, into: &out)
        left2(p2.map { Neighbour(infos[$0]) } ?? .bos, into: &out)
        right2(n2.map { Neighbour(infos[$0]) } ?? .eos, into: &out)
        context(infos, i, prev: prev, prev2: prev2, hist: hist, into: &out)
    }

    /// The features that combine the token with its neighbours, the labels so far and the document.
    @inline(__always)
    func context(_ infos: UnsafeBufferPointer<TokInfo>, _ i: Int, prev: Int, prev2: Int, hist: Int,
                 into out: inout [UInt32]) {
        let t = infos[i]
        let (_, p1, n1, _) = Self.neighbours(infos, i)
        let hasP1 = p1 != nil, hasN1 = n1 != nil
        let lm1 = hasP1 ? infos[i - 1].lower : Self.bos
        let lp1 = hasN1 ? infos[i + 1].lower : Self.eos
        let sm1 = hasP1 ? infos[i - 1].sshape : Self.bos
        let sp1 = hasN1 ? infos[i + 1].sshape : Self.eos
        let caps = UInt64(t.flags & (TokFlag.capsSentence | TokFlag.sentStart))
        let pv = UInt64(bitPattern: Int64(prev)), pv2 = UInt64(bitPattern: Int64(prev2))
        out.append(fid(20, sm1 &* 31 &+ t.sshape &* 17 &+ sp1))
        out.append(fid(21, lm1 &* 31 &+ t.lower))
        out.append(fid(22, t.lower &* 31 &+ lp1))
        out.append(fid(23, pv))
        out.append(fid(24, pv2 &* 64 &+ pv))
        out.append(fid(25, pv &* 0x1234567 &+ t.lower))
        out.append(fid(26, pv &* 0x1234567 &+ t.sshape))
        out.append(fid(27, caps &* 0x1234567 &+ t.sshape))
        if t.flags & TokFlag.sentStart != 0 { out.append(fid(28, t.lower)) }
        if t.flags & TokFlag.capsSentence != 0 { out.append(fid(29, t.lower)) }

        out.append(fid(30, lm1 &* 31 &+ t.sshape))
        out.append(fid(31, t.sshape &* 31 &+ lp1))
        // gazetteers
        var g = t.gaz
        while g != 0 {
            let b = UInt64(g.trailingZeroBitCount)
            out.append(fid(40, b))
            out.append(fid(41, b &* 64 &+ UInt64(t.flags & (TokFlag.cap | TokFlag.allCaps))))
            g &= g - 1
        }
        if hasP1 {
            var g = infos[i - 1].gaz
            while g != 0 { out.append(fid(42, UInt64(g.trailingZeroBitCount))); g &= g - 1 }
        }
        if hasN1 {
            var g = infos[i + 1].gaz
            while g != 0 { out.append(fid(43, UInt64(g.trailingZeroBitCount))); g &= g - 1 }
        }
        // document level
        if hist != 0 {
            out.append(fid(50, UInt64(hist)))
            out.append(fid(51, UInt64(hist) &* 64 &+ UInt64(t.flags & (TokFlag.cap | TokFlag.allCaps | TokFlag.sentStart))))
        }
        if t.flags & TokFlag.seenLower != 0 {
            out.append(fid(52, caps))
        }
        if t.capRun != 0 {
            out.append(fid(53, UInt64(t.capRun)))
            out.append(fid(54, UInt64(t.capRun) &* 0x1234567 &+ pv))
        }
        if t.ctxPrev0 != 0 {
            out.append(fid(60, t.ctxPrev0)); out.append(fid(61, t.ctxNext0))
            if t.ctxPrev1 != 0 { out.append(fid(60, t.ctxPrev1)); out.append(fid(61, t.ctxNext1)) }
        }
        let cm1 = hasP1 ? UInt64(infos[i - 1].cluster) : 0x10000, cp1 = hasN1 ? UInt64(infos[i + 1].cluster) : 0x20000
        out.append(fid(74, UInt64(t.cluster >> 8) &* 0x1234567 &+ pv))
        out.append(fid(75, (cm1 & 0xFF) &* 1031 &+ UInt64(t.cluster & 0xFF) &* 31 &+ (cp1 & 0xFF)))
    }
}
