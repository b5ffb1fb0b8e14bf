import FuzzSupport
import WinnowCore
import WinnowExec

// The exec stage's reply reader: one plugin reply line against the document it answers. Whatever the
// line, the outcome is keep/drop/reject without a crash; a kept document keeps its id and source and
// still encodes to one valid JSON line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    var doc = Document(id: "doc-1", source: SourceRef(path: "in/a.jsonl", line: 3), format: .text,
                       text: "Zürich und Genf.\n\nZweiter Absatz.")
    doc.title = "Titel"
    doc.meta = ["charset": "utf-8"]
    if size % 2 == 0 {
        doc.entities = [Entity(text: "Zürich", type: "LOC", canonical: "Zürich", start: 0, end: 6)]
        doc.dedup = DedupInfo(contentHash: "ab", cluster: "doc-1")
    }
    let before = doc
    switch ExecReply.outcome(input, document: &doc) {
    case .keep:
        precondition(doc.id == before.id && doc.source == before.source, "id or source changed")
        for e in doc.entities { precondition(e.start <= e.end && e.end <= doc.text.unicodeScalars.count, "entity outside text") }
        let line = DocumentRecord.encode(doc)
        precondition(line.last == 0x0A && !line.dropLast().contains(0x0A), "not one line")
        precondition((try? JSONValue.parse(Array(line.dropLast()))) != nil, "output is not JSON")
    case .drop(let reason):
        precondition(!reason.isEmpty)
        precondition(DocumentRecord.encode(doc) == DocumentRecord.encode(before), "a drop changed the document")
    case .reject(let reason):
        precondition(reason.hasPrefix("document doc-1: "))
        precondition(DocumentRecord.encode(doc) == DocumentRecord.encode(before), "a reject changed the document")
    }
    return 0
}

@_cdecl("FuzzExecReply_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
