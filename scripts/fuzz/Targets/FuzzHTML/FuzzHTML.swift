import FuzzSupport
import WinnowCore
import WinnowExtract
import WinnowHTML
import WinnowIO
import WinnowPipeline

// The HTML path of a run: record → DocumentFactory (charset) → HTMLDocument.parse → strip_boilerplate.
nonisolated(unsafe) let stage = try! StripBoilerplateStage(params: StageParams())

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    if let doc = try? HTMLDocument.parse(input, encoding: "UTF-8") {
        // Tree invariants the extractors rely on.
        for (i, n) in doc.nodes.enumerated() {
            precondition(Int(n.subtreeEnd) > i && Int(n.subtreeEnd) <= doc.nodes.count)
            precondition(Int(n.parent) < i)
        }
    }
    // Blank pages never reach the extractor (readers reject them): strip_boilerplate traps on them
    // (index out of range in DOMExtractor.emit; reported, regression in FuzzRegressionTests).
    if Readers.isBlank(input) { return 0 }
    let record = RawRecord(source: SourceRef(path: "fuzz.html"), bytes: input, format: .html)
    var doc = DocumentFactory.make(record)
    _ = try? stage.process(&doc)
    return 0
}

@_cdecl("FuzzHTML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = stage   // load resources before the first timed input
    return runFuzzer(argc, argv, fuzz)
}
