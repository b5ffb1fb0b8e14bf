import ArgumentParser
import Foundation
import WinnowClean
import WinnowCore
import WinnowDedup
import WinnowIO
import WinnowPipeline
import WinnowTag

// `langid`, `tag` and `dedup`: stdin filters with compact outputs (the evaluation formats), on the same path
// as `winnow filter` (StdinFilter). See `CompactAnswer` for when a record's other keys are passed on.

struct LangidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "langid", abstract: "Identify languages: JSONL {id, text} in, {id, lang, score} out (ISO 639-1).",
        discussion: "A record with keys besides id and text is passed on with lang and score added.")
    @OptionGroup var stageParams: StageParamsOption

    static let answer = CompactAnswer(reads: ["id", "text"], writes: ["lang", "score"])

    func run() throws {
        let stage = try stageParams.make(CleanTextStage.self)
        try stage.open(context: StageContext())
        let lid: any LanguageIdentifying = stage
        let out = StdoutWriter()
        // No stage runs on the documents (the identifier is clean_text's, applied to the text as given), so the
        // records skip the executor: 74,141 short sentences took 30-50 % more CPU through it.
        let counts = try StdinFilter.forEachRecord(StdinRecords()) { record, input in
            let (code, score) = lid.identifyLanguage(record.text ?? "")
            out.write(Self.answer.encode(id: DocumentFactory.id(for: record), input: input) { w in
                w.key("lang"); w.string(code); w.key("score"); w.double(score)
            })
        }
        try stage.close()
        out.flush()
        if counts.rejected > 0 { throw WinnowExit.partial }
    }
}

struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "Tag entities: JSONL {id, text[, language]} in, {id, entities:[{start, end, type, text, canonical}]} out.",
        discussion: """
            A record's optional "language" (or "lang", as `winnow langid` writes it) is honoured as in a pipeline: \
            a language not in the stage's `languages` option gets only the alias table's names. A record with \
            other keys too is passed on with entities added.
            """)
    @OptionGroup var stageParams: StageParamsOption
    @OptionGroup var threads: ThreadsOption

    static let answer = CompactAnswer(reads: ["id", "text", "language", "lang"], writes: ["entities"])

    func run() throws {
        let stream = StageStream(stages: [try stageParams.make(TagEntitiesStage.self)], threads: threads.count, encodeRecords: false)
        try stream.open(context: StageContext())
        let out = StdoutWriter()
        let filter = StdinFilter(stream: stream, adjust: { record, object in
            if record.language == nil, let lang = object["lang"]?.stringValue { record.language = lang }
        })
        let counts = try filter.run { outcome, input in
            guard let doc = outcome.document else { return }
            out.write(Self.answer.encode(id: doc.id, input: input) { w in
                w.key("entities"); w.beginArray()
                for e in doc.entities {
                    w.beginObject()
                    w.key("start"); w.int(e.start); w.key("end"); w.int(e.end)
                    w.key("type"); w.string(e.type); w.key("text"); w.string(e.text); w.key("canonical"); w.string(e.canonical)
                    w.endObject()
                }
                w.endArray()
            })
        }
        try stream.close()
        out.flush()
        if counts.rejected > 0 { throw WinnowExit.partial }
    }
}

struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup", abstract: "Deduplicate: JSONL {id, text[, url, published|date, fetched]} in, {id, cluster, duplicate_of} out.",
        discussion: """
            Output comes when the input is done, so that clusters united during the run carry one label. \
            A record with other keys too is passed on with the dedup fields added.
            """)
    @Option(name: .long, help: "State directory: deduplicate against earlier runs and remember this one.") var state: String?
    @OptionGroup var stageParams: StageParamsOption

    static let answer = CompactAnswer(reads: ["id", "text", "url", "published", "date", "fetched"],
                                      writes: ["cluster", "duplicate_of", "similarity", "revision_of", "story"])

    /// One output record, written when the input is done.
    struct Row { var id: String; var input: JSONValue?; var cluster: String?; var duplicateOf: String?; var similarity: Double?
                 var revisionOf: String?; var story: String? }

    func run() throws {
        let stage = try stageParams.make(DedupStage.self)
        if let state { try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true) }
        let stream = StageStream(stages: [stage], threads: 1, encodeRecords: false)
        try stream.open(context: StageContext(stateDirectory: state, runName: "dedup"))
        var rows: [Row] = []
        let filter = StdinFilter(stream: stream, adjust: { record, object in
            if record.published == nil, let date = object["date"]?.stringValue { record.published = DateValue.normalize(date) }
        })
        // A document the stage drops (`action: drop`) still gets its row: the answer says what it duplicates.
        let counts = try filter.run { outcome, input in
            guard let doc = outcome.document else { return }
            let d = doc.dedup
            rows.append(Row(id: doc.id, input: input, cluster: d?.cluster == doc.id ? nil : d?.cluster, duplicateOf: d?.duplicateOf,
                            similarity: d?.similarity, revisionOf: d?.revisionOf, story: d?.story == d?.cluster ? nil : d?.story))
        }
        let out = StdoutWriter()
        for r in rows { out.write(encode(r, stage)) }
        try stream.close()
        out.flush()
        if counts.rejected > 0 { throw WinnowExit.partial }
    }

    func encode(_ r: Row, _ stage: DedupStage) -> [UInt8] {
        let cluster = stage.resolveCluster(r.cluster ?? r.id)
        return Self.answer.encode(id: r.id, input: r.input) { w in
            w.key("cluster"); w.string(cluster)
            w.key("duplicate_of"); w.stringOrNull(r.duplicateOf)
            if let s = r.similarity { w.key("similarity"); w.double(s) }
            if let v = r.revisionOf { w.key("revision_of"); w.string(v) }
            if stage.storyEnabled { w.key("story"); w.string(r.story.map(stage.resolveCluster) ?? cluster) }
        }
    }
}
