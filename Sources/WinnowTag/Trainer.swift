import Foundation
import WinnowCore

/// A document with gold spans in code points: the training and evaluation unit.
public struct AnnotatedDocument: Sendable {
    public var text: String
    public var spans: [(start: Int, end: Int, type: String)]
    public init(text: String, spans: [(start: Int, end: Int, type: String)]) { self.text = text; self.spans = spans }
}

/// Reads CoNLL-format files: one token per line, the first column the word and the last the entity
/// tag (IOB1, IOB2 or BILOU/BIOES), blank lines between sentences, `-DOCSTART-` between documents.
/// Text is rebuilt as tokens joined by spaces and sentences by newlines (as the CoNLL scorer does).
/// Files without `-DOCSTART-` are cut into documents of `sentencesPerDoc` sentences.
public enum CoNLLReader {
    public static func read(path: String, sentencesPerDoc: Int = 50) throws -> [AnnotatedDocument] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: data, as: UTF8.self)
        var docs: [AnnotatedDocument] = []
        var sents: [[(String, String)]] = []
        var cur: [(String, String)] = []
        var sawDocstart = false
        func flushSent() { if !cur.isEmpty { sents.append(cur); cur = [] } }
        func flushDoc() {
            flushSent()
            if !sents.isEmpty { docs.append(build(sents)); sents = [] }
        }
        for lineSub in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = lineSub.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { flushSent(); continue }
            let cols = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if cols[0] == "-DOCSTART-" { sawDocstart = true; flushDoc(); continue }
            cur.append((String(cols[0]), cols.count > 1 ? String(cols[cols.count - 1]) : "O"))
            if !sawDocstart && cur.isEmpty == false && sents.count >= sentencesPerDoc { flushDoc() }
        }
        flushDoc()
        return docs
    }

    static func build(_ sents: [[(String, String)]]) -> AnnotatedDocument {
        var text = ""
        var cp = 0
        var spans: [(start: Int, end: Int, type: String)] = []
        for (si, s) in sents.enumerated() {
            if si > 0 { text += "\n"; cp += 1 }
            var open: (start: Int, end: Int, type: String)? = nil
            for (ti, (w, tag)) in s.enumerated() {
                if ti > 0 { text += " "; cp += 1 }
                let start = cp
                text += w; cp += w.unicodeScalars.count
                let prefix = tag.first ?? "O"
                let type = tag.count > 2 ? String(tag.dropFirst(2)) : ""
                if tag == "O" || type.isEmpty {
                    if let o = open { spans.append(o); open = nil }
                    continue
                }
                let startsNew = prefix == "B" || prefix == "U" || prefix == "S" || open == nil || open!.type != type
                if startsNew {
                    if let o = open { spans.append(o) }
                    open = (start, cp, type)
                } else {
                    open!.end = cp
                }
                if prefix == "L" || prefix == "E" || prefix == "U" || prefix == "S" {
                    spans.append(open!); open = nil
                }
            }
            if let o = open { spans.append(o) }
        }
        return AnnotatedDocument(text: text, spans: spans)
    }
}

/// Precision, recall and F1 per type and overall (exact span and type).
public struct SpanScores: CustomStringConvertible, Sendable {
    public var tp: [String: Int] = [:], fp: [String: Int] = [:], fn: [String: Int] = [:]
    public mutating func add(gold: [(start: Int, end: Int, type: String)], pred: [(start: Int, end: Int, type: String)]) {
        var g = Set<String>()
        for s in gold { g.insert("\(s.start):\(s.end):\(s.type)") }
        var p = Set<String>()
        for s in pred { p.insert("\(s.start):\(s.end):\(s.type)") }
        for s in pred { let key = "\(s.start):\(s.end):\(s.type)"; if g.contains(key) { tp[s.type, default: 0] += 1 } else { fp[s.type, default: 0] += 1 } }
        for s in gold where !p.contains("\(s.start):\(s.end):\(s.type)") { fn[s.type, default: 0] += 1 }
    }
    static func prf(_ tp: Int, _ fp: Int, _ fn: Int) -> (Double, Double, Double) {
        let p = tp + fp > 0 ? Double(tp) / Double(tp + fp) : 0
        let r = tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0
        return (p, r, p + r > 0 ? 2 * p * r / (p + r) : 0)
    }
    public var f1: Double {
        SpanScores.prf(tp.values.reduce(0, +), fp.values.reduce(0, +), fn.values.reduce(0, +)).2
    }
    public var description: String {
        var lines: [String] = []
        let types = Set(tp.keys).union(fp.keys).union(fn.keys).sorted()
        func fmt(_ x: Double) -> String { String(format: "%6.2f", 100 * x) }
        for t in types {
            let (p, r, f) = SpanScores.prf(tp[t, default: 0], fp[t, default: 0], fn[t, default: 0])
            lines.append("  \(t.padding(toLength: 6, withPad: " ", startingAt: 0)) P \(fmt(p)) R \(fmt(r)) F1 \(fmt(f))")
        }
        let (p, r, f) = SpanScores.prf(tp.values.reduce(0, +), fp.values.reduce(0, +), fn.values.reduce(0, +))
        lines.append("  all    P \(fmt(p)) R \(fmt(r)) F1 \(fmt(f))")
        return lines.joined(separator: "\n")
    }
}

/// Averaged perceptron training of the greedy BILOU tagger.
public final class TaggerTrainer {
    public struct Options: Sendable {
        public var epochs = 10
        public var bits = 20
        public var seed: UInt64 = 1
        public var prune: Float = 0
        public var useHistory = true
        /// Train this many models on different document orders and average their weights.
        public var ensemble = 1
        public init() {}
    }

    struct Prepared {
        var bytes: [UInt8]
        var infos: [TokInfo]
        var toks: [Token]
        var gold: [Int]
        var spans: [(start: Int, end: Int, type: String)]
    }

    public let types: [String]
    let gazetteer: Gazetteer
    let options: Options
    var w: [Float]
    var wa: [Double]
    var c: Double = 1

    public init(types: [String], gazetteer: Gazetteer, options: Options) {
        self.types = types; self.gazetteer = gazetteer; self.options = options
        let n = (1 << options.bits) * (1 + 4 * types.count)
        w = [Float](repeating: 0, count: n)
        wa = [Double](repeating: 0, count: n)
    }

    /// The entity types found in some documents, in the CoNLL order first.
    public static func types(of docs: [AnnotatedDocument]) -> [String] {
        var seen = Set<String>()
        for d in docs { for s in d.spans { seen.insert(s.type) } }
        let order = ["PER", "LOC", "ORG", "MISC"]
        return order.filter { seen.contains($0) } + seen.subtracting(order).sorted()
    }

    func prepare(_ d: AnnotatedDocument, _ s: TagScratch) -> Prepared {
        let bytes = Array(d.text.utf8)
        bytes.withUnsafeBufferPointer { TaggerModel.prepare($0, s, gazetteer: gazetteer) }
        // gold BILOU labels by code-point alignment
        var gold = [Int](repeating: 0, count: s.toks.count)
        var startAt: [Int: Int] = [:], endAt: [Int: Int] = [:]
        for (k, t) in s.toks.enumerated() { startAt[Int(t.cpStart)] = k; endAt[Int(t.cpEnd)] = k }
        for sp in d.spans {
            guard let ti = types.firstIndex(of: sp.type), let a = startAt[sp.start], let b = endAt[sp.end], a <= b else { continue }
            if a == b { gold[a] = 4 + 4 * ti }
            else {
                gold[a] = 1 + 4 * ti
                for k in (a + 1)..<b { gold[k] = 2 + 4 * ti }
                gold[b] = 3 + 4 * ti
            }
        }
        return Prepared(bytes: bytes, infos: s.infos, toks: s.toks, gold: gold, spans: d.spans)
    }

    /// Trains; after each epoch, reports the held-out score if `dev` is given. Returns the model of
    /// the best epoch on `dev` (or of the last epoch), and the log lines.
    public func train(_ train: [AnnotatedDocument], dev: [AnnotatedDocument],
                      log: (String) -> Void) -> (TaggerModel, Int, SpanScores?) {
        let s = TagScratch()
        let prepTrain = train.map { prepare($0, s) }
        let prepDev = dev.map { prepare($0, s) }
        let ntok = prepTrain.reduce(0) { $0 + $1.toks.count }
        var lost = 0
        for (p, d) in zip(prepTrain, train) { lost += d.spans.count - TaggerModel.spans(p.gold).count }
        log("train: \(train.count) docs, \(ntok) tokens, \(lost) gold spans not aligned to tokens; dev: \(dev.count) docs; types \(types)")
        if options.ensemble > 1 {
            var sum = [Float](repeating: 0, count: w.count)
            for m in 0..<options.ensemble {
                for i in w.indices { w[i] = 0; wa[i] = 0 }
                c = 1
                var rng = SplitMix(options.seed &+ UInt64(m) &* 7919)
                var order = Array(prepTrain.indices)
                for epoch in 1...options.epochs {
                    for i in stride(from: order.count - 1, to: 0, by: -1) {
                        let j = Int(rng.next() % UInt64(i + 1)); order.swapAt(i, j)
                    }
                    var errors = 0
                    for di in order { errors += trainDoc(prepTrain[di], s) }
                    log("model \(m + 1)/\(options.ensemble) epoch \(epoch): \(errors) token errors")
                }
                for i in sum.indices { sum[i] += w[i] - Float(wa[i] / c) }
            }
            let k = Float(options.ensemble)
            for i in sum.indices { sum[i] /= k }
            let model = TaggerModel(types: types, bits: options.bits, dense: sum, gazetteer: gazetteer, prune: options.prune)
            if prepDev.isEmpty { return (model, options.epochs, nil) }
            let sc = evaluate(model, prepDev, s)
            log(String(format: "ensemble of %d: dev F1 %.2f", options.ensemble, 100 * sc.f1))
            return (model, options.epochs, sc)
        }
        var rng = SplitMix(options.seed)
        var order = Array(prepTrain.indices)
        var best: (TaggerModel, Int, SpanScores?)? = nil
        for epoch in 1...options.epochs {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1)); order.swapAt(i, j)
            }
            var errors = 0
            let t0 = Date()
            for di in order { errors += trainDoc(prepTrain[di], s) }
            let model = averaged()
            var line = "epoch \(epoch): \(errors) token errors, \(String(format: "%.1f", Date().timeIntervalSince(t0))) s"
            if !prepDev.isEmpty {
                let sc = evaluate(model, prepDev, s)
                line += String(format: ", dev F1 %.2f", 100 * sc.f1)
                if best == nil || sc.f1 > best!.2!.f1 { best = (model, epoch, sc) }
            } else {
                best = (model, epoch, nil)
            }
            log(line)
        }
        return best!
    }

    func trainDoc(_ d: Prepared, _ s: TagScratch) -> Int {
        let k = 1 + 4 * types.count
        let fx = FeatureExtractor(bits: options.bits, glove: gazetteer.gloveCount > 0)
        var hist = DocHistory()
        var scores = [Float](repeating: 0, count: k)
        var errors = 0
        var prev = -1, prev2 = -1
        var entStart = 0
        let n = d.infos.count
        d.infos.withUnsafeBufferPointer { infos in
            for i in 0..<n {
                if infos[i].sent != (i > 0 ? infos[i - 1].sent : -1) { prev = -1; prev2 = -1 }
                let last = i + 1 == n || infos[i + 1].sent != infos[i].sent
                let capd = infos[i].flags & (TokFlag.cap | TokFlag.allCaps) != 0
                let h = options.useHistory && capd ? hist.code(infos[i].lower) : 0
                fx.extract(infos, i, prev: prev, prev2: prev2, hist: h, into: &s.feats)
                for j in 0..<k { scores[j] = 0 }
                w.withUnsafeBufferPointer { w in
                    for f in s.feats { let b = Int(f) * k; for j in 0..<k { scores[j] += w[b + j] } }
                }
                var best = 0
                var bestScore = -Float.infinity
                for j in 0..<k where BILOU.valid(prev, j, last: last) {
                    if scores[j] > bestScore { bestScore = scores[j]; best = j }
                }
                let g = d.gold[i]
                if best != g {
                    errors += 1
                    let cc = c
                    w.withUnsafeMutableBufferPointer { w in
                        wa.withUnsafeMutableBufferPointer { wa in
                            for f in s.feats {
                                let b = Int(f) * k
                                w[b + g] += 1; wa[b + g] += cc
                                w[b + best] -= 1; wa[b + best] -= cc
                            }
                        }
                    }
                }
                c += 1
                if best > 0 {
                    let ps = BILOU.pos(best)
                    if ps == 0 || ps == 3 { entStart = i }
                    if ps >= 2 {
                        for q in entStart...i where infos[q].flags & (TokFlag.cap | TokFlag.allCaps) != 0 {
                            hist.add(infos[q].lower, type: BILOU.type(best))
                        }
                    }
                }
                prev2 = prev; prev = best
            }
        }
        return errors
    }

    func averaged() -> TaggerModel {
        var avg = [Float](repeating: 0, count: w.count)
        for i in 0..<w.count { avg[i] = w[i] - Float(wa[i] / c) }
        return TaggerModel(types: types, bits: options.bits, dense: avg, gazetteer: gazetteer, prune: options.prune)
    }

    func evaluate(_ model: TaggerModel, _ docs: [Prepared], _ s: TagScratch) -> SpanScores {
        var sc = SpanScores()
        for d in docs {
            s.toks = d.toks; s.infos = d.infos
            model.decode(s, useHistory: options.useHistory)
            let pred = TaggerModel.spans(s.labels).map {
                (start: Int(d.toks[$0.start].cpStart), end: Int(d.toks[$0.end - 1].cpEnd), type: types[$0.type])
            }
            sc.add(gold: d.spans, pred: pred)
        }
        return sc
    }
}

struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 { state = state &+ 0x9e3779b97f4a7c15; return StableHash.mix64(state) }
}
