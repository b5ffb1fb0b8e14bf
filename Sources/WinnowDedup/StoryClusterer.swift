import WinnowCore

/// Same-story clustering: groups different articles about the same event, above near-duplicate clusters.
///
/// Features of a document are its entity canonical names (when a tagger filled `document.entities`) or
/// else its capitalised words and pairs of adjacent capitalised words that do not start a sentence. Each
/// feature is weighted by its inverse document frequency over the documents the clusterer remembers, so
/// names every article mentions (a country, a president) count little and rare ones (a residence, a
/// weapon system) count a lot. Two documents are the same story when their published dates are at most
/// `windowDays` apart (a missing date on the earlier side raises the bar by `undatedPenalty`), they share
/// at least `minShared` features and the IDF-weighted overlap coefficient reaches `threshold`.
/// A document joins the story of its best-scoring earlier document (earliest, then smallest id, on ties).
///
/// Time is what separates two stories about the same people (a December visit, a February meeting), so
/// joining a story by entity overlap needs dates on both sides: a document without a date starts its
/// own story (its near-duplicates share it), and a dated document joins a story only if its date lies
/// within `windowDays` of the story's dated members, so undated members cannot bridge stories months
/// apart.
final class StoryClusterer {
    struct Options {
        var windowDays = 3
        var threshold = 0.35
        var minShared = 3
        var undatedPenalty = 0.15
        var maxFeatures = 16
        var memoryDocs = 200_000
    }

    struct Member {
        var story: String
        var day: Int            // 0 = unknown
        var features: [UInt32]  // sorted, unique
        var order: Int          // arrival order (earlier is smaller)
        var id: String
    }

    let options: Options
    private var members: [Member] = []
    private var first = 0                        // members before `first` are forgotten
    private var postings: [UInt32: [Int32]] = [:]
    private var df: [UInt32: Int] = [:]
    /// Earliest and latest date of each story's dated members.
    private var storyDays: [String: (min: Int, max: Int)] = [:]

    init(options: Options) { self.options = options }

    var count: Int { members.count - first }

    /// Remembers a document (from this run or a persisted segment).
    func add(story: String, day: Int, features: [UInt32], id: String) {
        let idx = Int32(members.count)
        members.append(Member(story: story, day: day, features: features, order: members.count, id: id))
        if day != 0 {
            let r = storyDays[story]
            storyDays[story] = (min(r?.min ?? day, day), max(r?.max ?? day, day))
        }
        for f in features { postings[f, default: []].append(idx); df[f, default: 0] += 1 }
        if members.count - first > options.memoryDocs { forgetOldest() }
    }

    private func forgetOldest() {
        let m = members[first]
        for f in m.features {
            df[f, default: 1] -= 1
            if df[f] == 0 { df[f] = nil; postings[f] = nil } else { postings[f]?.removeFirst() }
        }
        members[first].features = []
        first += 1
    }

    private func idf(_ f: UInt32) -> Double {
        let n = Double(count + 1)
        return log1pApprox(n / (Double(df[f] ?? 0) + 0.5))
    }

    /// Best earlier story for a new document, or nil.
    func match(day: Int, features: [UInt32]) -> String? {
        guard !features.isEmpty, day != 0 else { return nil }
        var shared: [Int32: Int] = [:]
        for f in features {
            guard let p = postings[f] else { continue }
            for m in p { shared[m, default: 0] += 1 }
        }
        var ownWeight = 0.0
        for f in features { ownWeight += idf(f) }
        var best: (score: Double, order: Int, id: String, story: String)? = nil
        for (mi, n) in shared where n >= options.minShared {
            let m = members[Int(mi)]
            var bar = options.threshold
            // Only stories with a dated member near this date can be joined by overlap.
            guard let r = storyDays[m.story], day >= r.min - options.windowDays, day <= r.max + options.windowDays else { continue }
            if m.day == 0 { bar += options.undatedPenalty }
            var inter = 0.0, other = 0.0
            for f in m.features {
                let w = idf(f)
                other += w
                if features.contains(f) { inter += w }
            }
            let score = inter / max(1e-9, min(ownWeight, other))
            guard score >= bar else { continue }
            if let b = best {
                if score < b.score { continue }
                if score == b.score && (m.order > b.order || (m.order == b.order && m.id >= b.id)) { continue }
            }
            best = (score, m.order, m.id, m.story)
        }
        return best?.story
    }

    // MARK: Features

    static let stopCaps: Set<String> = ["the", "a", "an", "in", "on", "at", "he", "she", "it", "they", "we", "i",
        "but", "and", "or", "mr", "mrs", "ms", "dr", "this", "that", "these", "those", "his", "her", "their",
        "for", "of", "to", "as", "by", "with", "from", "if", "when", "after", "before", "while", "there",
        "what", "who", "how", "why", "our", "my", "you", "your", "its", "is", "was", "are", "be", "update"]

    /// Feature hashes (most frequent first, at most `maxFeatures`, returned sorted).
    static func features(of document: Document, maxFeatures: Int) -> [UInt32] {
        // Features in first-seen order with their counts; `slot` finds a feature's place (one lookup per note).
        var keys: [UInt32] = []
        var counts: [Int] = []
        var slot: [UInt32: Int] = [:]
        func note(_ s: String) {
            let h = UInt32(truncatingIfNeeded: StableHash.mix64(StableHash.fnv1a64(s)))
            if let k = slot[h] { counts[k] += 1 } else { slot[h] = keys.count; keys.append(h); counts.append(1) }
        }
        if !document.entities.isEmpty {
            for e in document.entities {
                let c = (e.canonical.isEmpty ? e.text : e.canonical).lowercased()
                if !c.isEmpty { note("e:" + c) }
            }
        } else {
            var prevCap: String? = nil
            var sentenceStart = true
            var word: [UInt8] = []
            var t = document.text
            t.withUTF8 { bytes in
                var i = 0
                let n = bytes.count
                func flush(_ terminator: UInt8) {
                    if !word.isEmpty {
                        let first = word[0]
                        let isCap = (first >= 0x41 && first <= 0x5A) && word.count >= 2
                        if isCap && !sentenceStart {
                            let w = String(decoding: word.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
                            if !stopCaps.contains(w) {
                                note("w:" + w)
                                if let p = prevCap { note("b:" + p + " " + w) }
                                prevCap = w
                            } else { prevCap = nil }
                        } else { prevCap = nil }
                        sentenceStart = false
                        word.removeAll(keepingCapacity: true)
                    }
                    if terminator == 0x2E || terminator == 0x21 || terminator == 0x3F || terminator == 0x0A
                        || terminator == 0x3A || terminator == 0x7C {
                        sentenceStart = true; prevCap = nil
                    } else if terminator != 0x20 && terminator != 0x2D {
                        prevCap = nil
                    }
                }
                while i < n {
                    let b = bytes[i]
                    let isWord = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
                        || b >= 0x80 || (b == 0x2D && !word.isEmpty)
                    if isWord { word.append(b) } else { flush(b) }
                    i += 1
                }
                flush(0x0A)
            }
        }
        // Most frequent first, ties in first-seen order (a total order, so any sort gives the same ranking).
        let ranked = keys.indices.sorted { a, b in counts[a] != counts[b] ? counts[a] > counts[b] : a < b }
        return ranked.prefix(maxFeatures).map { keys[$0] }.sorted()
    }
}

/// log(1 + x) without Foundation.
@inline(__always) func log1pApprox(_ x: Double) -> Double {
    // ln(y) by range reduction to [1, 2) and a short series; accuracy ~1e-9, plenty for weights.
    var y = 1 + x
    var k = 0.0
    while y >= 2 { y /= 2; k += 1 }
    let z = (y - 1) / (y + 1)
    let z2 = z * z
    var term = z, sum = 0.0
    var n = 1.0
    for _ in 0..<12 { sum += term / n; term *= z2; n += 2 }
    return 2 * sum + k * 0.6931471805599453
}

/// Days since 1970-01-01 for an ISO 8601 date ("YYYY-MM-DD..."), or 0 when absent or unreadable.
func epochDay(_ iso: String?) -> Int {
    guard let iso else { return 0 }
    let u = Array(iso.utf8.prefix(10))
    guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return 0 }
    func num(_ r: Range<Int>) -> Int? {
        var v = 0
        for i in r { guard u[i] >= 0x30 && u[i] <= 0x39 else { return nil }; v = v * 10 + Int(u[i] - 0x30) }
        return v
    }
    guard var y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m), (1...31).contains(d) else { return 0 }
    // Howard Hinnant's days_from_civil.
    y -= m <= 2 ? 1 : 0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    let days = era * 146097 + doe - 719468
    return days > 0 && days < 65535 ? days : 0
}
