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
if args[1] == "benchdoc" {
    // documents separated by form feed lines; time process() (CPU clock), best of 5
    let docs = String(decoding: data, as: UTF8.self).components(separatedBy: "\u{0C}\n")
    var best = Double.infinity
    var sink = 0
    for _ in 0..<5 {
        let t0 = clock()
        for (i, t) in docs.enumerated() {
            var d = Document(id: String(i), source: SourceRef(path: "b"), format: .text, text: t)
            _ = try stage.process(&d)
            sink &+= d.text.utf8.count
        }
        best = min(best, Double(clock() - t0) / Double(CLOCKS_PER_SEC))
    }
    print("benchdoc: \(data.count) bytes, \(docs.count) docs, best of 5: \(best) s CPU, \(Double(data.count) / 1e6 / best) MB/s (sink \(sink))")
    exit(0)
}
if args[1] == "benchclean" || args[1] == "benchlangid" {
    // in-process timing: lines are decoded to Strings first; only the stage call is timed (CPU clock)
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var best = Double.infinity
    var sink = 0
    for _ in 0..<5 {
        let t0 = clock()
        for l in lines {
            if args[1] == "benchclean" { sink &+= stage.cleanLine(l).utf8.count } else { sink &+= stage.identifyLanguage(l).code.utf8.count }
        }
        best = min(best, Double(clock() - t0) / Double(CLOCKS_PER_SEC))
    }
    print("\(args[1]): \(data.count) bytes, \(lines.count) lines, best of 5: \(best) s CPU, \(Double(data.count) / 1e6 / best) MB/s (sink \(sink))")
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
