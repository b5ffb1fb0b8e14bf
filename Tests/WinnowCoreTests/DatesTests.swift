import Testing
import WinnowCore

@Suite struct DateValueTests {
    @Test func keepsTheSourcesOwnOffsetAndDay() {
        #expect(DateValue.normalize("2023-02-17T18:52:00+01:00") == "2023-02-17T18:52:00+01:00")
        // Late evening in New York is the next day in UTC: the publisher's day stays.
        #expect(DateValue.normalize("2023-02-17T23:30:00-05:00") == "2023-02-17T23:30:00-05:00")
        #expect(DateValue.normalize("2023-02-17T18:52:00Z") == "2023-02-17T18:52:00Z")
    }

    @Test func completesMinutesOnlyAndCompactForms() {
        #expect(DateValue.normalize("2023-02-17T18:52+01:00") == "2023-02-17T18:52:00+01:00")
        #expect(DateValue.normalize("2023-02-17 18:52:07.123+0100") == "2023-02-17T18:52:07+01:00")
        #expect(DateValue.normalize("2023-02-17T18:52:07.5Z") == "2023-02-17T18:52:07Z")
        #expect(DateValue.normalize("2023-02-17T18:52:07 UTC") == "2023-02-17T18:52:07Z")
        #expect(DateValue.normalize("20230217") == "2023-02-17")
    }

    @Test func aNaiveTimestampKeepsOnlyItsDay() {
        #expect(DateValue.normalize("2023-02-17T18:52:00") == "2023-02-17")
        #expect(DateValue.normalize("2023-02-17") == "2023-02-17")
        #expect(DateValue.normalize("  2023-02-17 ") == "2023-02-17")
    }

    @Test func readsHTTPAndRSSDates() {
        #expect(DateValue.normalize("Fri, 17 Feb 2023 18:52:00 +0100") == "2023-02-17T18:52:00+01:00")
        #expect(DateValue.normalize("Fri, 17 Feb 2023 18:52:00 GMT") == "2023-02-17T18:52:00Z")
        #expect(DateValue.normalize("17 February 2023") == "2023-02-17")
        #expect(DateValue.normalize("5 Sept 2023 09:00") == "2023-09-05")
    }

    @Test func rejectsWhatIsNotADate() {
        for bad in ["", "yesterday", "2023-02-30", "2023-13-01", "0001-01-01", "2023-02-17T25:00:00Z",
                    "2023-02-17T18:52:00+01:00 extra", "17/02/2023", "2023-02-17T18:52:00+25:00"] {
            #expect(DateValue.normalize(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct DocumentRecordV2Tests {
    @Test func inputMetadataAndRevisionRoundTrip() throws {
        var d = Document(id: "r2", source: SourceRef(path: "in.jsonl", line: 3), format: .text, text: "Body")
        d.inputMetadata = .object([("crawl", .string("c1")), ("rank", .number(7))])
        d.meta["published_raw"] = "yesterday"
        d.tags = ["Politics", "Europe"]
        d.updated = "2023-02-18"
        d.dedup = DedupInfo(contentHash: "ab", cluster: "r1", revisionOf: "r1")
        let line = DocumentRecord.encode(d)
        let v = try JSONValue.parse(Array(line.dropLast()))
        #expect(v["meta"]?["input"]?["rank"] == .number(7))
        #expect(v["meta"]?.objectPairs?.map(\.0) == ["input", "published_raw"])
        #expect(v["dedup"]?["revision_of"] == .string("r1"))
        let back = try DocumentRecord.decode(v)
        #expect(DocumentRecord.encode(back) == line)
    }
}
