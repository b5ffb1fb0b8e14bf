// Driver for the clean_text development harness (see ../../Package.swift).
import Foundation
import WinnowClean
import WinnowCore

// cleandev clean [paramsJSON] | cleandev langid
let args = CommandLine.arguments
var pairs: [(String, JSONValue)] = []
if args.count > 2, case let .object(p) = try JSONValue.parse(args[2]) { pairs = p }
let stage = try CleanTextStage(params: StageParams(pairs))
let data = FileHandle.standardInput.readDataToEndOfFile()
if args[1] == "doc" {
    // one whole document on stdin -> cleaned text, language and trace on stdout
    var d = Document(id: "doc", source: SourceRef(path: "<stdin>"), format: .text, text: String(decoding: data, as: UTF8.self))
    d.tracing = true
    let r = try stage.process(&d)
    print("result: \(r) language: \(d.language ?? "-") score: \(d.languageScore ?? 0) meta: \(d.meta)")
    for t in d.trace { print("trace: \(t.rule): \(t.detail.prefix(100))") }
    print("----"); print(d.text)
    exit(0)
}
let reps = Int(ProcessInfo.processInfo.environment["BENCH_REPS"] ?? "") ?? 5
func median(_ a: [Double]) -> Double { let s = a.sorted(); return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2 }
func cpuNow() -> Double {
    var ru = rusage(); getrusage(RUSAGE_SELF.rawValue, &ru)
    return Double(ru.ru_utime.tv_sec) + Double(ru.ru_utime.tv_usec) / 1e6 + Double(ru.ru_stime.tv_sec) + Double(ru.ru_stime.tv_usec) / 1e6
}
if args[1] == "dumpdocs" {
    // documents separated by form feed lines -> one JSON line each: result, language, score, text, trace rules
    let docs = String(decoding: data, as: UTF8.self).components(separatedBy: "\u{0C}\n")
    var outB = [UInt8]()
    for (i, t) in docs.enumerated() {
        var d = Document(id: String(i), source: SourceRef(path: "b"), format: .text, text: t)
        d.tracing = true
        let r = try stage.process(&d)
        var w = JSONWriter()
        w.beginObject(); w.key("r"); w.string("\(r)"); w.key("lang"); w.string(d.language ?? "-")
        w.key("score"); w.double(d.languageScore ?? 0); w.key("text"); w.string(d.text)
        w.key("trace"); w.string(d.trace.map { "\($0.rule): \($0.detail)" }.joined(separator: "|")); w.endObject()
        outB += w.bytes; outB.append(0x0A)
    }
    FileHandle.standardOutput.write(Data(outB))
    exit(0)
}
if args[1] == "benchdoc" || args[1] == "benchlangiddoc" {
    // documents separated by form feed lines; time process() / identifyLanguage() per document (CPU time),
    // median of BENCH_REPS repetitions
    let docs = String(decoding: data, as: UTF8.self).components(separatedBy: "\u{0C}\n")
    var times: [Double] = []
    var sink = 0
    _ = stage.identifyLanguage("warm up the model")
    for _ in 0..<reps {
        let t0 = cpuNow()
        for (i, t) in docs.enumerated() {
            if args[1] == "benchdoc" {
                var d = Document(id: String(i), source: SourceRef(path: "b"), format: .text, text: t)
                _ = try stage.process(&d)
                sink &+= d.text.utf8.count
            } else {
                sink &+= stage.identifyLanguage(t).code.utf8.count
            }
        }
        times.append(cpuNow() - t0)
    }
    let m = median(times)
    print("\(args[1]): \(data.count) bytes, \(docs.count) docs, median of \(reps): \(m) s CPU, \(Double(data.count) / 1e6 / m) MB/s (min \(Double(data.count) / 1e6 / times.min()!) MB/s, sink \(sink))")
    exit(0)
}
if args[1] == "benchclean" || args[1] == "benchlangid" {
    // in-process timing: lines are decoded to Strings first; only the stage call is timed (CPU time)
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var times: [Double] = []
    var sink = 0
    for _ in 0..<reps {
        let t0 = cpuNow()
        for l in lines {
            if args[1] == "benchclean" { sink &+= stage.cleanLine(l).utf8.count } else { sink &+= stage.identifyLanguage(l).code.utf8.count }
        }
        times.append(cpuNow() - t0)
    }
    let m = median(times)
    print("\(args[1]): \(data.count) bytes, \(lines.count) lines, median of \(reps): \(m) s CPU, \(Double(data.count) / 1e6 / m) MB/s (min \(Double(data.count) / 1e6 / times.min()!) MB/s, sink \(sink))")
    exit(0)
}
var out = [UInt8]()
out.reserveCapacity(data.count + 1024)
var detect = 0.0
data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
    let u = raw.bindMemory(to: UInt8.self)
    var start = 0
    let n = u.count
    while start < n {
        var end = start
        while end < n && u[end] != 0x0A { end += 1 }
        let line = String(decoding: UnsafeBufferPointer(rebasing: u[start..<end]), as: UTF8.self)
        if args[1] == "clean" {
            out += Array(stage.cleanLine(line).utf8); out.append(0x0A)
        } else if !line.isEmpty {
            guard case let .object(o)? = try? JSONValue.parse(line) else { start = end + 1; continue }
            var id = "", text = ""
            for (k, v) in o {
                if k == "id", case let .string(s) = v { id = s }
                if k == "id", case let .number(x) = v { id = String(Int(x)) }
                if k == "text", case let .string(s) = v { text = s }
            }
            let t0 = Date()
            let (c, s) = stage.identifyLanguage(text)
            detect += Date().timeIntervalSince(t0)
            var w = JSONWriter()
            w.beginObject(); w.key("id"); w.string(id); w.key("lang"); w.string(c); w.key("score"); w.double(s); w.endObject()
            out += w.bytes; out.append(0x0A)
        }
        start = end + 1
    }
}
FileHandle.standardOutput.write(Data(out))
if args[1] == "langid" { FileHandle.standardError.write(Data("LIDSTATS {\"detect_s\": \(detect)}\n".utf8)) }
