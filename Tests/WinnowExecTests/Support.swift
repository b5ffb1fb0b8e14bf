import Foundation
import WinnowCore
@testable import WinnowExec

/// The package root, found from this file's path (tests run from anywhere).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// A test plugin shipped as a resource of this test target.
func testPlugin(_ name: String) -> String {
    Bundle.module.resourcePath! + "/Plugins/" + name
}

func tempDirectory(_ tag: String) -> String {
    let d = NSTemporaryDirectory() + "winnow-exec-test-\(getpid())-\(tag)-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.removeItem(atPath: d)
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
}

/// An exec stage from pipeline-style params, opened.
func execStage(_ params: [(String, JSONValue)]) throws -> ExecStage {
    let stage = try ExecStage(params: StageParams(params, location: "stages[0] (exec)", file: "test.json"))
    try stage.open(context: StageContext())
    return stage
}

func command(_ argv: [String]) -> (String, JSONValue) {
    ("command", .array(argv.map { .string($0) }))
}

func doc(_ id: String, _ text: String) -> Document {
    var d = Document(id: id, source: SourceRef(path: "in/\(id).txt"), format: .text, text: text)
    d.title = "Title \(id)"
    return d
}

/// Whether a program is on PATH (python3 is optional on a fresh Debian).
func onPath(_ program: String) -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
    }
}

func reason(_ o: BatchOutcome) -> String? {
    if case let .reject(r) = o { return r }
    return nil
}
