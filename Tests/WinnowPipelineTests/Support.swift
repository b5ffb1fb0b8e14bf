import Foundation
import Testing
import WinnowCore
import WinnowIO
@testable import WinnowPipeline

/// The package root, found from this file's path (tests run from anywhere).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

func tempDirectory(_ tag: String = "t") -> String {
    let d = NSTemporaryDirectory() + "winnow-test-\(getpid())-\(tag)-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
}

func loadConfig(_ relative: String) throws -> PipelineConfig {
    let path = packageRoot + "/" + relative
    return try PipelineConfig.parse(Array(FileManager.default.contents(atPath: path)!), file: relative)
}

func configFromJSON(_ text: String, file: String = "test.json") throws -> PipelineConfig {
    try PipelineConfig.parse(Array(text.utf8), file: file)
}

/// All output records of a run folder (every part, in order), parsed.
func readRecords(_ dir: String) throws -> [JSONValue] {
    try outputBytes(dir).split(separator: 0x0A).filter { !$0.isEmpty }.map { try JSONValue.parse(Array($0)) }
}

/// Concatenated bytes of every part file of a folder (decompressed).
func outputBytes(_ dir: String) throws -> [UInt8] {
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("part-") }.sorted()
    var all: [UInt8] = []
    for n in names {
        var bytes = Array(FileManager.default.contents(atPath: dir + "/" + n)!)
        if n.hasSuffix(".gz") { bytes = try Gzip.decompress(bytes) }
        all += bytes
    }
    return all
}

func rejects(_ dir: String) throws -> [JSONValue] {
    let bytes = Array(FileManager.default.contents(atPath: dir + "/rejects.jsonl") ?? Data())
    return try bytes.split(separator: 0x0A).filter { !$0.isEmpty }.map { try JSONValue.parse(Array($0)) }
}

/// The built `winnow` binary (swift test builds it next to the test bundle).
let winnowBinary: String? = {
    for config in ["debug", "release"] {
        let p = packageRoot + "/.build/\(config)/winnow"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}()

/// Runs the binary; returns exit status, stdout and stderr.
@discardableResult
func runWinnow(_ args: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> (status: Int32, out: String, err: String) {
    guard let bin = winnowBinary else { throw RunError("winnow binary not built") }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: bin)
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    let input = Pipe()
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Both pipes are drained at once (a child filling one pipe must not block), with reads that
    // retry on EINTR (Foundation's readDataToEndOfFile traps on it when a signal arrives).
    nonisolated(unsafe) var o: [UInt8] = []
    let outFD = out.fileHandleForReading.fileDescriptor
    let reader = Thread { o = drain(outFD) }
    reader.start()
    let e = drain(err.fileHandleForReading.fileDescriptor)
    while !reader.isFinished { usleep(1000) }
    p.waitUntilExit()
    let status = p.terminationReason == .uncaughtSignal ? -p.terminationStatus : p.terminationStatus
    return (status, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

/// Reads a descriptor to its end, retrying reads interrupted by signals.
func drain(_ fd: Int32) -> [UInt8] {
    var all: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 { all += buf[0..<n]; continue }
        if n < 0 && errno == EINTR { continue }
        return all
    }
}

/// Sets the modification time of every file under `dir` to `seconds` ago: files a test has just copied or
/// written look finished to a `--state` run (which defers files younger than `input.min_age_seconds`).
func backdate(_ dir: String, seconds: Double = 3600) {
    let t = Date().addingTimeInterval(-seconds)
    let e = FileManager.default.enumerator(atPath: dir)
    while let rel = e?.nextObject() as? String {
        try? FileManager.default.setAttributes([.modificationDate: t], ofItemAtPath: dir + "/" + rel)
    }
}

/// `source.path` is absolute for inputs outside the working directory (README "Output"): tests that name
/// files relative to their temporary input folder strip that folder from every string that starts with it.
func relativized(_ values: [JSONValue], root: String) -> [JSONValue] {
    let prefix = InputScanner.displayPath(of: root) + "/"
    func strip(_ v: JSONValue) -> JSONValue {
        switch v {
        case let .string(s) where s.hasPrefix(prefix): return .string(String(s.dropFirst(prefix.count)))
        case let .array(a): return .array(a.map(strip))
        case let .object(p): return .object(p.map { ($0.0, strip($0.1)) })
        default: return v
        }
    }
    return values.map(strip)
}
