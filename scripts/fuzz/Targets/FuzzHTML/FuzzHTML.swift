import FuzzSupport
import WinnowCore
import WinnowExtract
import WinnowHTML
import WinnowIO
import WinnowPipeline

// The HTML path of a run: record → DocumentFactory (charset) → HTMLDocument.parse → strip_boilerplate.
nonisolated(unsafe) let stage = try! StripBoilerplateStage(params: StageParams())
// Markdown with the blocks kept (table cells, <pre> text): the layout path must give the same plain text.
nonisolated(unsafe) let markdownStage = try! StripBoilerplateStage(params: StageParams([("text_format", .string("markdown"))]),
                                                                   keepBlocks: true)

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
    var md = doc
    let plain = try? stage.process(&doc)
    let marked = try? markdownStage.process(&md)
    precondition(plain == marked, "the text format changed the stage result")
    if plain == .keep { precondition(BlockRenderer.plain(md.blocks) == doc.text, "blocks do not render to the plain text") }
    return 0
}

@_cdecl("FuzzHTML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = (stage, markdownStage)   // load resources before the first timed input
    return runFuzzer(argc, argv, fuzz)
}
