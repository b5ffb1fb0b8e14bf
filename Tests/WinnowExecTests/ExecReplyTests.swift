import Testing
import WinnowCore
@testable import WinnowExec

/// The reply reader on its own: one reply line against the document it answers.
@Suite struct ExecReplyTests {
    func base() -> Document {
        var d = Document(id: "d1", source: SourceRef(path: "a.jsonl", line: 2), format: .text, text: "Zürich und Genf.")
        d.title = "T"
        d.meta = ["charset": "utf-8", "keep": "me"]
        d.entities = [Entity(text: "Zürich", type: "LOC", canonical: "Zürich", start: 0, end: 6)]
        return d
    }

    func outcome(_ reply: String, _ d: inout Document) -> BatchOutcome {
        ExecReply.outcome(Array(reply.utf8), document: &d)
    }

    func rejectReason(_ reply: String) -> String? {
        var d = base()
        if case let .reject(r) = outcome(reply, &d) {
            #expect(DocumentRecord.encode(d) == DocumentRecord.encode(base()), "a rejected reply changes nothing")
            return r
        }
        return nil
    }

    @Test func everyOutputFieldHasARule() {
        #expect(Set(ExecRecord.outputFields) == Set(ReplyFields.rules.keys).union(["id"]),
                "a new output field needs a rule in ReplyFields.rules")
    }

    @Test func metaIsMergedKeyByKeyAndNullRemoves() {
        var d = base()
        #expect(outcome(#"{"id":"d1","meta":{"words":"3","charset":null}}"#, &d) == .keep)
        #expect(d.meta == ["keep": "me", "words": "3"])
    }

    @Test func validChangesAreApplied() {
        var d = base()
        let reply = #"{"id":"d1","title":null,"authors":["A B"],"language":"de","language_score":0.5,"text":"Genf und Zürich.","entities":[{"text":"Genf","type":"LOC","canonical":"Genf","start":0,"end":4}],"dedup":{"content_hash":"h","cluster":"c","duplicate_of":null,"similarity":null,"story":null}}"#
        #expect(outcome(reply, &d) == .keep)
        #expect(d.title == nil && d.authors == ["A B"] && d.language == "de" && d.languageScore == 0.5)
        #expect(d.text == "Genf und Zürich." && d.entities.map(\.text) == ["Genf"] && d.dedup?.cluster == "c")
    }

    @Test func schemaVersion2Fields() {
        var d = base()
        let reply = #"{"id":"d1","publisher":"Der Bund","published":"2023-02-17T18:52:00+01:00","updated":"Fri, 17 Feb 2023 19:00:00 +0100","hostname":"bund.ch","description":"D","tags":["Politik"],"image":null,"license":"CC-BY","meta":{"input":{"feed":"rss","n":2}},"dedup":{"content_hash":"h","cluster":"c","revision_of":"d0"}}"#
        #expect(outcome(reply, &d) == .keep)
        #expect(d.publisher == "Der Bund" && d.published == "2023-02-17T18:52:00+01:00" && d.updated == "2023-02-17T19:00:00+01:00")
        #expect(d.hostname == "bund.ch" && d.description == "D" && d.tags == ["Politik"] && d.image == nil && d.license == "CC-BY")
        #expect(d.inputMetadata == .object([("feed", .string("rss")), ("n", .number(2))]) && d.meta["charset"] == "utf-8")
        #expect(d.dedup?.revisionOf == "d0")
        #expect(rejectReason(#"{"id":"d1","published":"last Tuesday"}"#) == "document d1: field \"published\": \"last Tuesday\" is not a date (ISO 8601, RFC 3339 or RFC 2822)")
        #expect(rejectReason(#"{"id":"d1","tags":[1]}"#) == "document d1: field \"tags\": must be an array of strings, got number")
    }

    @Test func dropAndError() {
        var d = base()
        #expect(outcome(#"{"id":"d1","drop":"too short"}"#, &d) == .drop(reason: "too short"))
        #expect(rejectReason(#"{"id":"d1","error":"cannot parse"}"#) == "document d1: the program reported an error: cannot parse")
        #expect(rejectReason(#"{"id":"d1","drop":"x","title":"y"}"#) == "document d1: a reply with \"drop\" has only \"id\" and \"drop\", got keys drop, title")
        #expect(rejectReason(#"{"id":"d1","drop":""}"#) == "document d1: \"drop\" must be a non-empty reason string, got \"\"")
        #expect(rejectReason(#"{"id":"d1","error":5}"#) == "document d1: \"error\" must be a non-empty reason string, got 5")
    }

    @Test func badRepliesAreRejectedWithTheirReason() {
        #expect(rejectReason("[1,2]") == "document d1: reply is a JSON array, expected an object: [1,2]")
        #expect(rejectReason(#"{"title":"x"}"#) == "document d1: reply has no \"id\": {\"title\":\"x\"}")
        #expect(rejectReason(#"{"id":1}"#) == "document d1: reply is for id 1, expected \"d1\" (replies must come one per document, in order)")
        #expect(rejectReason(#"{"id":"d1","id":"d1"}"#) == "document d1: reply has the key \"id\" twice")
        #expect(rejectReason(#"{"id":"d1""#)?.hasPrefix("document d1: reply is not valid JSON (invalid JSON at byte 10") == true)
    }

    @Test func schemaBreakingChangesAreRejected() {
        #expect(rejectReason(#"{"id":"d1","schema":"other/1"}"#) == "document d1: field \"schema\": cannot be changed (must stay \"\(DocumentRecord.schemaVersion)\")")
        #expect(rejectReason(#"{"id":"d1","source":{"path":"a.jsonl","member":null,"line":3,"offset":null}}"#)?.contains("field \"source\": cannot be changed") == true)
        #expect(rejectReason(#"{"id":"d1","body":"x"}"#)?.hasPrefix("document d1: field \"body\": is not an output field (known: schema, id,") == true)
        #expect(rejectReason(#"{"id":"d1","authors":"A"}"#) == "document d1: field \"authors\": must be an array of strings, got string")
        #expect(rejectReason(#"{"id":"d1","language_score":2}"#) == "document d1: field \"language_score\": must be a number in 0...1 or null, got 2")
        #expect(rejectReason(#"{"id":"d1","meta":{"words":3}}"#) == "document d1: field \"meta.words\": must be a string or null, got number")
        #expect(rejectReason(#"{"id":"d1","entities":[{"text":"x","type":"LOC","canonical":"x","start":-1,"end":2}]}"#) == "document d1: field \"entities[].start\": must be an integer >= 0")
        #expect(rejectReason(#"{"id":"d1","entities":[{"text":"x","type":"LOC","canonical":"x","start":0,"end":1e300}]}"#) == "document d1: field \"entities[].end\": must be an integer >= 0")
        #expect(rejectReason(#"{"id":"d1","dedup":{"cluster":"c"}}"#) == "document d1: field \"dedup.content_hash\": must be a string")
        #expect(rejectReason(#"{"id":"d1","dedup":{"content_hash":"h","cluster":"c","extra":1}}"#)?.contains("field \"dedup\": unknown key \"extra\"") == true)
    }

    @Test func aShorterTextMustComeWithEntitiesThatFit() {
        #expect(rejectReason(#"{"id":"d1","text":"Zü"}"#) == "document d1: field \"entities\": \"Zürich\" at 0..<6 is outside the text (2 code points); a reply that changes the text must send matching entities")
        var d = base()
        #expect(outcome(#"{"id":"d1","text":"Zü","entities":[]}"#, &d) == .keep)
        #expect(d.text == "Zü" && d.entities.isEmpty)
    }

    @Test func anEchoOfTheWholeRecordIsAccepted() throws {
        var d = base()
        d.tracing = true
        d.note("clean_text", "fix", rule: "r", "x")
        let line = DocumentRecord.encode(d)
        var echoed = d
        #expect(ExecReply.outcome(Array(line.dropLast()), document: &echoed) == .keep)
        #expect(DocumentRecord.encode(echoed) == line)
    }
}
