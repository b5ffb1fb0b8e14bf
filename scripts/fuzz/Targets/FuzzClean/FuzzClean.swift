import FuzzSupport
import WinnowClean
import WinnowCore

// clean_text on arbitrary text (decoded leniently from the input bytes).
nonisolated(unsafe) let stage = try! CleanTextStage(params: StageParams())

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    var doc = Document(id: "fuzz", source: SourceRef(path: "fuzz.txt"), format: .text)
    doc.text = String(decoding: input, as: UTF8.self)
    _ = try? stage.process(&doc)
    return 0
}

@_cdecl("FuzzClean_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    // Load the language model before the first timed input.
    var doc = Document(id: "warm", source: SourceRef(path: "warm.txt"), format: .text, text: "Warm up the language model.")
    _ = try? stage.process(&doc)
    return runFuzzer(argc, argv, fuzz)
}
