import Foundation
import Testing
import WinnowCore
@testable import WinnowExtract

/// Typed blocks from HTML fixtures (Fixtures/structure/NAME.html): the Markdown rendering must equal NAME.md,
/// the plain rendering NAME.txt (as `winnow extract` prints them, with a final newline).
@Suite struct StructureTests {
    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.resourceURL?.appendingPathComponent("Fixtures/structure/" + name))
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func extract(_ name: String, params: [(String, JSONValue)] = [], keepBlocks: Bool = false) throws -> Document {
        let stage = try StripBoilerplateStage(params: StageParams(params), keepBlocks: keepBlocks)
        var d = Document(id: "t", source: SourceRef(path: name), format: .html, raw: Array(try fixture(name).utf8))
        d.charsetHint = "UTF-8"
        _ = try stage.process(&d)
        return d
    }

    @Test(arguments: ["story", "nested"])
    func markdownAndPlainMatchTheExpectedFiles(name: String) throws {
        let md = try Self.extract(name + ".html", params: [("text_format", .string("markdown"))])
        #expect(md.text + "\n" == (try Self.fixture(name + ".md")))
        let plain = try Self.extract(name + ".html")
        #expect(plain.text + "\n" == (try Self.fixture(name + ".txt")))
    }

    /// The headline is the title, not the text's first block; include_title puts it back as a level-1 heading.
    @Test func headlineStartsTheMarkdownOnlyWithIncludeTitle() throws {
        let md = try Self.extract("story.html", params: [("text_format", .string("markdown"))])
        #expect(md.title == "Big Storm Hits The Coast Tonight")
        #expect(!md.text.contains("Big Storm Hits The Coast Tonight"))
        let titled = try Self.extract("story.html", params: [("text_format", .string("markdown")), ("include_title", .bool(true))])
        #expect(titled.text == "# Big Storm Hits The Coast Tonight\n\n" + md.text)
    }

    /// The text format changes only the rendering: the same blocks, the same plain text.
    @Test(arguments: ["story", "nested"])
    func blocksRenderToThePlainText(name: String) throws {
        let d = try Self.extract(name + ".html", keepBlocks: true)
        #expect(!d.blocks.isEmpty)
        #expect(BlockRenderer.plain(d.blocks) == d.text)
        let md = try Self.extract(name + ".html", params: [("text_format", .string("markdown"))], keepBlocks: true)
        #expect(md.blocks == d.blocks)
        #expect(BlockRenderer.markdown(md.blocks) == md.text)
    }

    @Test func kindsLevelsAndNumbers() throws {
        let d = try Self.extract("nested.html", keepBlocks: true)
        /// "kind level number" of the first block starting with `prefix`.
        func block(_ prefix: String) -> String? {
            d.blocks.first { $0.text.hasPrefix(prefix) }.map { "\($0.kind.name) \($0.level) \($0.number)" }
        }
        #expect(block("The steps they took") == "heading 3 0")
        // <ol start="4">, an <li><p> is an item, a nested <ul> is a level deeper and unnumbered.
        #expect(block("Cleared the silt") == "list_item 1 4")
        #expect(block("Tested the soil") == "list_item 1 5")
        #expect(block("Lead was below") == "list_item 2 0")
        #expect(block("Replanted beans") == "list_item 1 6")
        #expect(block("It felt like") == "quote 1 0")
        #expect(block("Nothing grows") == "quote 2 0")
        // A paragraph inside a layout table's cell is a paragraph, not a table row.
        #expect(block("The garden committee") == "paragraph 0 0")
        // Rows of one cell, and rows longer than `BlockState.maxRowBytes`, are layout: paragraphs.
        #expect(block("The committee also wrote") == "paragraph 0 0")
        #expect(block("The new shed was built") == "paragraph 0 0")
    }

    /// A line the line rules drop takes its kind with it: the blocks after it keep theirs.
    @Test func droppedLinesTakeTheirKindAlong() throws {
        let d = try Self.extract("nested.html", keepBlocks: true)
        #expect(!d.blocks.contains { $0.text == "Advertisement" })
        let i = try #require(d.blocks.firstIndex { $0.text.hasPrefix("Replanted beans") })
        #expect(d.blocks[i + 1].kind == .quote && d.blocks[i + 1].text.hasPrefix("It felt like"))
    }

    @Test func tableCellsAndPreformattedTextAreKeptOnlyWithLayout() throws {
        let d = try Self.extract("story.html", keepBlocks: true)
        let rows = d.blocks.filter { $0.kind == .tableRow }
        #expect(rows.map(\.cellTexts) == [["Town", "Rain (mm)"], ["Porthaven", "84"], ["Eastwick | North", "61"]])
        #expect(rows.map(\.number) == [1, 2, 3])
        let pre = try #require(d.blocks.first { $0.kind == .preformatted })
        #expect(pre.text == "wind = 120 rain = 84")
        #expect(pre.raw == "wind  = 120\nrain  = 84")
        // The default (plain) path records neither.
        let plain = try Self.extract("story.html")
        #expect(plain.blocks.isEmpty)
    }

    @Test func textInputIsParagraphs() throws {
        let stage = try StripBoilerplateStage(params: StageParams([("text_format", .string("markdown"))]))
        var d = Document(id: "t", source: SourceRef(path: "t.txt"), format: .text,
                         text: "# Budget passes after a long night\n\nThe council approved the budget on Tuesday after a debate that lasted well into the night, officials said.\n- The vote was close, with seven members in favour and six against the plan.")
        _ = try stage.process(&d)
        #expect(d.text == "\\# Budget passes after a long night\n\nThe council approved the budget on Tuesday after a debate that lasted well into the night, officials said.\n\n\\- The vote was close, with seven members in favour and six against the plan.")
    }

    @Test func unknownTextFormatIsAnErrorNamingTheKey() throws {
        do {
            _ = try StripBoilerplateStage(params: StageParams([("text_format", .string("html"))], location: "stages[0] (strip_boilerplate)", file: "p.json"))
            Issue.record("accepted text_format \"html\"")
        } catch {
            let d = "\(error)"
            #expect(d.contains("p.json") && d.contains("text_format") && d.contains("markdown"), "\(d)")
        }
    }
}
