import FuzzSupport
import WinnowCore
import WinnowIO

// JSON parsing and JSON Lines record reading (line splitting, over-long lines, record fields).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    if let v = try? JSONValue.parse(input) { _ = v.typeName }
    var options = ReaderOptions()
    options.maxDocumentBytes = 512   // exercise the over-long-line path too
    var src = Readers.jsonl(stream: ChunkedMemory(input, step: size % 7 + 1), displayPath: "fuzz.jsonl", options: options)
    var n = 0
    while let o = src.next() {
        n += 1
        precondition(n <= input.count + 1, "more records than bytes")
        if case let .record(r) = o { precondition(r.source.line != nil) }
    }
    return 0
}

@_cdecl("FuzzJSONL_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
