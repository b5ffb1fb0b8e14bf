import Foundation
import Testing
import WinnowKit

// Stages defined outside the shipped set, through WinnowKit's public API only.

/// A per-document stage with options declared once (parsed, validated and documented by the spec).
final class TagWithPrefix: DocumentStage, DescribedStage {
    static let typeName = "tag_with_prefix"
    static let summary = "Adds a tag made of a prefix and the title."
    static var optionTable: OptionTable { Options.spec.table }

    struct Options: StageOptions {
        enum Mode: String, CaseIterable, Sendable { case asIs = "as_is", upper }
        var prefix = "x:"
        var mode = Mode.asIs
        static let spec = OptionSpec<Self> {
            $0.string("prefix", \.prefix, "text put before the title")
            $0.choice("mode", \.mode, "as_is: the title as it is; upper: in capitals")
        }
    }

    let options: Options
    init(params: StageParams) throws { options = try params.decode(Options.self) }

    func process(_ document: inout Document) throws -> StageResult {
        guard let title = document.title else { return .drop(reason: "no title") }
        document.tags.append(options.prefix + (options.mode == .upper ? title.uppercased() : title))
        return .keep
    }
}

/// A stage with state across documents: not Sendable, run on one thread in input order.
final class NumberInOrder: SequentialStage {
    static let typeName = "number_in_order"
    static let summary = "Tags each document with its position in the run."
    private var seen = 0
    private(set) var closed = false
    init(params: StageParams) throws { try params.finish() }

    func process(_ document: inout Document) throws -> StageResult {
        seen += 1
        document.tags.append("n\(seen)")
        return .keep
    }

    func close() throws { closed = true }
}

/// A sequential stage whose per-document part (`prepare`: the text's word count) runs on the worker threads;
/// `process` pairs it with the document's position in the run.
final class CountThenNumber: PreparingStage {
    static let typeName = "count_then_number"
    static let summary = "Tags each document with its position in the run and its word count."
    private var seen = 0
    init(params: StageParams) throws { try params.finish() }

    func prepare(_ document: Document) -> Int { document.text.split(whereSeparator: \.isWhitespace).count }

    func process(_ document: inout Document, prepared words: Int) throws -> StageResult {
        seen += 1
        document.tags.append("p\(seen):\(words)")
        return .keep
    }
}

let fixtures = Bundle.module.resourcePath! + "/Fixtures"

func registry() -> StageRegistry {
    var r = BuiltinStages.registry
    r.register(TagWithPrefix.self)
    r.register(NumberInOrder.self)
    r.register(CountThenNumber.self)
    return r
}

func run(threads: Int) throws -> (RunStats, [JSONValue], String) {
    let config = try PipelineConfig.parse(Array(FileManager.default.contents(atPath: fixtures + "/pipeline.json")!),
                                          file: "pipeline.json")
    let out = NSTemporaryDirectory() + "winnowkit-\(getpid())-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: out) }
    var options = RunOptions()
    options.inputs = [fixtures + "/inbox"]
    options.output = out
    options.threads = threads
    let stats = try PipelineRunner(config: config, options: options, registry: registry()).run()
    let names = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("part-") }.sorted()
    var lines = ""
    for n in names { lines += String(decoding: FileManager.default.contents(atPath: out + "/" + n)!, as: UTF8.self) }
    let records = try lines.split(separator: "\n").map { try JSONValue.parse(Array($0.utf8)) }
    return (stats, records, lines)
}

@Suite struct ExternalStageTests {
    @Test func aStageDefinedOutsideWinnowRunsInAPipeline() throws {
        let (stats, records, _) = try run(threads: 2)
        #expect(stats.read == 3 && stats.written == 3)
        let tags: [[String]] = records.map { r in
            guard case let .array(a)? = r["tags"] else { return [] }
            return a.compactMap(\.stringValue)
        }
        let words = records.map { $0["text"]?.stringValue?.split(whereSeparator: \.isWhitespace).count ?? -1 }
        #expect(words.allSatisfy { $0 > 5 })
        #expect(tags == [
            ["kit:COUNCIL APPROVES NEW BRIDGE", "n1", "p1:\(words[0])"],
            ["kit:LIBRARY EXTENDS OPENING HOURS", "n2", "p2:\(words[1])"],
            ["kit:RAIL LINE REOPENS AFTER REPAIRS", "n3", "p3:\(words[2])"],
        ])
    }

    @Test func outputDoesNotDependOnTheThreadCount() throws {
        #expect(try run(threads: 1).2 == run(threads: 2).2)
    }

    @Test func itsOptionsAreValidatedLikeTheShippedOnes() throws {
        do {
            _ = try TagWithPrefix(params: StageParams([("mode", .string("lower"))], location: "stages[1] (tag_with_prefix)", file: "p.json"))
            Issue.record("accepted mode \"lower\"")
        } catch let e as ConfigError {
            #expect(e.key == "mode" && e.reason.contains("upper"))
        }
        let info = OptionReference.stages([TagWithPrefix.self]).first
        #expect(info?.options.keys == ["prefix", "mode"])
    }

    @Test func anUnregisteredTypeIsNamedWithTheKnownOnes() throws {
        let config = try PipelineConfig.parse(Array(#"{"stages":[{"type":"number_in_order"}]}"#.utf8), file: "p.json")
        do {
            _ = try PipelineRunner(config: config, options: RunOptions())
            Issue.record("the builtin registry knows number_in_order")
        } catch let e as ConfigError {
            #expect(e.reason.contains("unknown stage type") && e.reason.contains("strip_boilerplate"))
        }
        _ = try PipelineRunner(config: config, options: RunOptions(), registry: registry())
    }
}
