import Testing
import WinnowCore
@testable import WinnowExtract

/// Pages with nothing (or almost nothing) in them must give an empty result or a clear error,
/// never a crash (fuzzing found a blank page crashing the extractor).
@Test(arguments: ["", "   \n\t  ", "<!-- only a comment -->", "<html></html>", "<br>", "plain words, no tags",
                  "<script>var x = 1;</script>", "<html><body></body></html>", "<p></p><p> </p>", "<?xml version=\"1.0\"?>",
                  "<table><tr><td></td></tr></table>", "&nbsp;", "<a href=x>link</a>"])
func degeneratePagesDoNotCrash(html: String) throws {
    let stage = try StripBoilerplateStage(params: StageParams())
    var doc = Document(id: "d", source: SourceRef(path: "x.html"), format: .html, raw: Array(html.utf8))
    doc.charsetHint = "UTF-8"
    do {
        let r = try stage.process(&doc)
        if case .keep = r { #expect(!doc.text.isEmpty) }
    } catch let e as StageError {
        #expect(e.reason.contains("could not be parsed"), "\(e.reason)")
    }
}
