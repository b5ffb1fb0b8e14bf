import Foundation
import Testing
import WinnowCore
import WinnowExtract
@testable import WinnowPipeline

/// `output.text_format` (validated, passed to the stage that renders the text) and `winnow extract --format`.
@Suite struct TextFormatConfigTests {
    static func error(_ json: String) -> String? {
        do {
            _ = try PipelineRunner(config: try configFromJSON(json, file: "p.json"))
            return nil
        } catch { return "\(error)" }
    }

    @Test func unknownValueNamesTheFileAndKey() throws {
        let e = try #require(Self.error(#"{"output":{"text_format":"html"},"stages":[{"type":"strip_boilerplate"}]}"#))
        #expect(e.contains("p.json") && e.contains("output") && e.contains("text_format") && e.contains("markdown"), "\(e)")
        let typed = try #require(Self.error(#"{"output":{"text_format":true},"stages":[{"type":"strip_boilerplate"}]}"#))
        #expect(typed.contains("p.json") && typed.contains("text_format"), "\(typed)")
    }

    @Test func markdownNeedsAStageThatRendersText() throws {
        let e = try #require(Self.error(#"{"output":{"text_format":"markdown"},"stages":[{"type":"clean_text","params":{"language_id":false}}]}"#))
        #expect(e.contains("p.json") && e.contains("text_format") && e.contains("strip_boilerplate"), "\(e)")
        #expect(Self.error(#"{"output":{"text_format":"markdown"},"stages":[{"type":"strip_boilerplate"}]}"#) == nil)
        #expect(Self.error(#"{"output":{"text_format":"text"},"stages":[{"type":"clean_text","params":{"language_id":false}}]}"#) == nil)
    }

    @Test func aStageParamMayOnlyRepeatTheOutputSetting() throws {
        let e = try #require(Self.error(#"{"stages":[{"type":"strip_boilerplate","params":{"text_format":"markdown"}}]}"#))
        #expect(e.contains("p.json") && e.contains("stages[0] (strip_boilerplate)") && e.contains("output.text_format"), "\(e)")
        #expect(Self.error(#"{"output":{"text_format":"markdown"},"stages":[{"type":"strip_boilerplate","params":{"text_format":"markdown"}}]}"#) == nil)
    }

    @Test func theStageGetsThePipelineSetting() throws {
        let c = try configFromJSON(#"{"output":{"text_format":"markdown"},"stages":[{"type":"strip_boilerplate"}]}"#)
        let stages = try PipelineRunner.instantiate(c, registry: BuiltinStages.registry)
        let s = try #require(stages.first as? StripBoilerplateStage)
        #expect(s.textFormat == .markdown)
        let plain = try PipelineRunner.instantiate(try configFromJSON(#"{"stages":[{"type":"strip_boilerplate"}]}"#), registry: BuiltinStages.registry)
        #expect((plain.first as? StripBoilerplateStage)?.textFormat == .text)
    }
}

/// A Markdown run over the HTML samples: the same documents as a plain run, Markdown text, and entity offsets
/// that index the Markdown as written.
@Suite(.serialized) struct MarkdownRunTests {
    static func run(_ format: TextFormat) throws -> [JSONValue] {
        var c = try loadConfig("pipelines/news.json")
        c.output.textFormat = format
        var options = RunOptions()
        options.inputs = [packageRoot + "/samples/html"]
        let dir = tempDirectory("md")
        options.output = dir
        _ = try PipelineRunner(config: c, options: options).run()
        return try readRecords(dir)
    }

    @Test func markdownRunKeepsTheDocumentsAndOffsetsIndexTheWrittenText() throws {
        let md = try Self.run(.markdown), plain = try Self.run(.text)
        #expect(md.count == plain.count && md.count >= 4)
        #expect(md.map { $0["id"]?.stringValue } == plain.map { $0["id"]?.stringValue })
        var headings = 0, entities = 0
        for rec in md {
            let text = try #require(rec["text"]?.stringValue)
            // (The headline is the title, not text: headings are the story's subheadings.)
            headings += text.split(separator: "\n").filter { $0.hasPrefix("#") }.count
            let scalars = Array(text.unicodeScalars)
            guard case let .array(es)? = rec["entities"] else { continue }
            for e in es {
                let s = intValue(e["start"]), en = intValue(e["end"])
                #expect(s >= 0 && s < en && en <= scalars.count)
                guard s >= 0 && s < en && en <= scalars.count else { continue }
                var span = String.UnicodeScalarView()
                span.append(contentsOf: scalars[s..<en])
                #expect(String(span) == e["text"]?.stringValue)
                entities += 1
            }
        }
        #expect(headings >= 1)
        #expect(entities > 0)
    }
}

/// `winnow extract --format text|markdown|json` (the input format is `--input-format`).
@Suite struct ExtractFormatTests {
    static let fixtures = packageRoot + "/Tests/WinnowExtractTests/Fixtures/structure"

    @Test(arguments: [("text", "txt"), ("markdown", "md")])
    func textAndMarkdownPrintTheExpectedFile(format: String, ext: String) throws {
        guard winnowBinary != nil else { return }
        let r = try runWinnow(["extract", "--format", format, Self.fixtures + "/story.html"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == (try String(contentsOfFile: Self.fixtures + "/story." + ext, encoding: .utf8)))
    }

    @Test func defaultIsPlainText() throws {
        guard winnowBinary != nil else { return }
        let r = try runWinnow(["extract", Self.fixtures + "/nested.html"])
        #expect(r.out == (try String(contentsOfFile: Self.fixtures + "/nested.txt", encoding: .utf8)))
    }

    @Test func jsonPrintsMetadataTextAndBlocks() throws {
        guard winnowBinary != nil else { return }
        let r = try runWinnow(["extract", "--format", "json", Self.fixtures + "/story.html"])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 1)
        let rec = try JSONValue.parse(Array(lines[0].utf8))
        #expect(rec["title"]?.stringValue == "Big Storm Hits The Coast Tonight")
        let plain = try String(contentsOfFile: Self.fixtures + "/story.txt", encoding: .utf8)
        #expect(rec["text"]?.stringValue.map { $0 + "\n" } == plain)
        guard case let .array(blocks)? = rec["blocks"] else { Issue.record("no blocks"); return }
        let kinds = blocks.compactMap { $0["kind"]?.stringValue }
        #expect(Set(kinds) == ["heading", "paragraph", "list_item", "quote", "table_row", "preformatted"])
        // Block texts joined as the plain text.
        #expect(blocks.compactMap { $0["text"]?.stringValue }.joined(separator: "\n\n") + "\n" == plain)
        let row = try #require(blocks.first { $0["kind"]?.stringValue == "table_row" && intValue($0["number"]) == 3 })
        guard case let .array(cells)? = row["cells"] else { Issue.record("no cells"); return }
        #expect(cells.compactMap(\.stringValue) == ["Eastwick | North", "61"])
        let ordered = blocks.filter { $0["kind"]?.stringValue == "list_item" && intValue($0["number"]) > 0 }
        #expect(ordered.map { intValue($0["number"]) } == [1, 2])
        let pre = try #require(blocks.first { $0["kind"]?.stringValue == "preformatted" })
        #expect(pre["raw"]?.stringValue == "wind  = 120\nrain  = 84")
    }

    @Test func outDirGetsTheFormatsExtension() throws {
        guard winnowBinary != nil else { return }
        let inDir = tempDirectory("xin"), out = tempDirectory("xout")
        try FileManager.default.copyItem(atPath: Self.fixtures + "/story.html", toPath: inDir + "/story.html")
        #expect(try runWinnow(["extract", "--format", "markdown", "--in", inDir, "--out", out]).status == 0)
        #expect(try String(contentsOfFile: out + "/story.md", encoding: .utf8)
                == String(contentsOfFile: Self.fixtures + "/story.md", encoding: .utf8))
    }

    @Test func badValuesAndContradictionsAreUsageErrors() throws {
        guard winnowBinary != nil else { return }
        let bad = try runWinnow(["extract", "--format", "jsonl", Self.fixtures + "/story.html"])
        #expect(bad.status == 64, "\(bad.status) \(bad.err)")
        let clash = try runWinnow(["extract", "--format", "text", "--params", #"{"text_format": "markdown"}"#, Self.fixtures + "/story.html"])
        #expect(clash.status != 0 && clash.err.contains("text_format"), "\(clash.err)")
        // --params alone sets the stage's format.
        let viaParams = try runWinnow(["extract", "--params", #"{"text_format": "markdown"}"#, Self.fixtures + "/story.html"])
        #expect(viaParams.out == (try String(contentsOfFile: Self.fixtures + "/story.md", encoding: .utf8)))
    }
}
