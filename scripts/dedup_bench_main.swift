// Benchmark driver for the dedup stage (compiled by scripts/dedup_bench.sh; not part of the package).
import WinnowCore
import WinnowDedup
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double { var ts = timespec(); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9 }
func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }

let args = CommandLine.arguments
let docsPath = args[1]
let n = Int(args[2]) ?? 100_000
let stateDir = args.count > 3 ? args[3] : "/tmp/winnow-dedup-bench"

// Texts: the dev set's texts, each re-used with a per-copy word substitution so that documents differ.
var base: [String] = []
if let f = fopen(docsPath, "r") {
    var line: UnsafeMutablePointer<CChar>? = nil; var cap = 0
    while getline(&line, &cap, f) > 0 {
        let s = String(cString: line!)
        if let v = try? JSONValue.parse(s), let t = v["text"]?.stringValue { base.append(t) }
    }
    fclose(f)
}
precondition(!base.isEmpty, "no texts in \(docsPath)")
var texts: [String] = []
texts.reserveCapacity(n)
for i in 0..<n {
    let t = base[i % base.count]
    // Make every copy unique: in round r > 0, every third word gets a round-specific suffix, so no
    // 3-word shingle is shared between rounds (a corpus of distinct articles, not of duplicates).
    let round = i / base.count
    if round == 0 { texts.append(t); continue }
    var out = ""
    var j = 0
    for line in t.split(separator: "\n", omittingEmptySubsequences: false) {
        var first = true
        for w in line.split(separator: " ") {
            if !first { out += " " }
            first = false
            out += w
            if (j + round) % 3 == 0 { out += "q\(round)" }
            j += 1
        }
        out += "\n"
    }
    texts.append(out)
}
let totalBytes = texts.reduce(0) { $0 + $1.utf8.count }
print("docs \(n), mean \(totalBytes / n) bytes"); fflush(stdout)

// 1. Signatures only (normalise + shingle + MinHash + band keys).
let builder = SignatureBuilder(params: SignatureParams())
var sigTimes: [Double] = []
for _ in 0..<5 {
    let t0 = now()
    var x: UInt64 = 0
    for t in texts { x ^= builder.signature(of: t).contentHash }
    sigTimes.append(now() - t0)
    if x == 42 { print("") }
}
print("signature: median \(Int(Double(n) / median(sigTimes))) docs/CPU-s (\(Int(Double(totalBytes) / median(sigTimes) / 1e6)) MB/s) over 5 runs"); fflush(stdout)

// 2. Full stage, in memory (signature + lookup + verify + insert).
var stageTimes: [Double] = []
for _ in 0..<3 {
    let stage = try DedupStage(params: StageParams())
    try stage.open(context: StageContext())
    let t0 = now()
    for (i, t) in texts.enumerated() {
        var d = Document(id: "d\(i)", source: SourceRef(path: "b", line: i + 1), format: .text, text: t)
        _ = try stage.process(&d)
    }
    stageTimes.append(now() - t0)
}
print("stage in memory: median \(Int(Double(n) / median(stageTimes))) docs/CPU-s over 3 runs"); fflush(stdout)

// 3. Persisted: commit the n documents as one run, then look up n new documents against it.
system("rm -rf '\(stateDir)'")
do {
    let stage = try DedupStage(params: StageParams())
    try stage.open(context: StageContext(stateDirectory: stateDir, runName: "bench-1"))
    for (i, t) in texts.enumerated() {
        var d = Document(id: "ddragnet-\(i)-orig", source: SourceRef(path: "b", line: i + 1), format: .text, text: t)
        _ = try stage.process(&d)
    }
    let t0 = now()
    try stage.close()
    print("commit of \(n) docs: \(Int((now() - t0) * 1000)) ms CPU")
}
let idx = try DedupIndex(directory: stateDir, fingerprint: nil, readOnly: true)
let st = idx.stats(verify: false)
print("index: \(st.docs) docs, \(st.bytes) bytes, \(Double(st.bytes) / Double(st.docs)) bytes/doc")
// Queries: every 10th repeats an indexed document with an added note; the rest are new texts (each word
// changed), built before timing.
let queries: [String] = texts.enumerated().map { i, t in
    i % 10 == 0 ? t + "\nUPDATE: corrected." : t.split(separator: " ").map { $0 + "z" }.joined(separator: " ")
}
var lookTimes: [Double] = []
var dupes = 0
for r in 0..<3 {
    let stage = try DedupStage(params: StageParams())
    try stage.open(context: StageContext(stateDirectory: stateDir, runName: "bench-2"))
    dupes = 0
    let t0 = now()
    for i in 0..<n {
        // Every 10th document repeats an indexed one (edited); the rest are new.
        var d = Document(id: "q\(r)-\(i)", source: SourceRef(path: "b", line: i + 1), format: .text,
                         text: queries[i])
        _ = try stage.process(&d)
        if d.dedup?.duplicateOf != nil { dupes += 1 }
    }
    lookTimes.append(now() - t0)
    // No close(): nothing is added to the index.
}
print("stage against the persisted index: median \(Int(Double(n) / median(lookTimes))) docs/CPU-s over 3 runs (\(dupes) duplicates found)")
