import Testing
@testable import WinnowCore

@Suite struct StableHashTests {
    @Test func xxh64MatchesReferenceVectors() {
        #expect(StableHash.xxh64("") == 0xef46db3751d8e999)
        #expect(StableHash.xxh64("abc") == 0x44bc2cf5ad770999)
        #expect(StableHash.xxh64("abc", seed: 42) == 0x13c1d910702770e6)
        let long = "The quick brown fox jumps over the lazy dog, again and again and again!"
        #expect(StableHash.xxh64(long) == 0x997c8f93ea91563b)
        #expect(StableHash.xxh64(long, seed: 42) == 0xfa22c68bd7e1b434)
    }

    @Test func hexIsSixteenLowercaseDigits() {
        #expect(StableHash.hex(0xef46db3751d8e999) == "ef46db3751d8e999")
        #expect(StableHash.hex(1) == "0000000000000001")
    }
}

@Suite struct JSONTests {
    @Test func parsesAndPreservesKeyOrder() throws {
        let v = try JSONValue.parse(#"{"b":1,"a":[true,null,"x\u00e9\ud83d\ude00"],"c":{"d":-2.5e1}}"#)
        #expect(v.objectPairs?.map(\.0) == ["b", "a", "c"])
        #expect(v["a"] == .array([.bool(true), .null, .string("xé😀")]))
        #expect(v["c"]?["d"] == .number(-25))
    }

    @Test func rejectsInvalidJSONWithOffset() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse("{\"a\":}") }
        do { _ = try JSONValue.parse("[1, 2,, 3]"); Issue.record("should throw") } catch let e as JSONParseError {
            #expect(e.offset == 6)
        } catch { Issue.record("wrong error \(error)") }
        #expect(throws: JSONParseError.self) { try JSONValue.parse("{\"a\":1} trailing") }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func writerKeepsKeyOrderAndEscapes() {
        var w = JSONWriter()
        w.beginObject()
        w.key("z"); w.string("a\"b\\c\nd\u{01}é")
        w.key("a"); w.beginArray(); w.int(1); w.double(0.25); w.null(); w.endArray()
        w.key("m"); w.beginObject(); w.endObject()
        w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"z":"a\"b\\c\nd\u0001é","a":[1,0.25,null],"m":{}}"#)
    }

    @Test func hugeAndTinyNumbersDoNotTrap() throws {
        var w = JSONWriter()
        w.beginArray(); w.double(1e300); w.double(-9.5e15); w.double(0.00001); w.double(.nan); w.endArray()
        #expect(String(decoding: w.bytes, as: UTF8.self) == "[1e+300,-9.5e+15,0,null]")
        #expect(try JSONValue.parse(w.bytes) == .array([.number(1e300), .number(-9.5e15), .number(0), .null]))
    }

    @Test func integersAreWrittenLikeTheirDescription() {
        for v in [0, 7, -7, 10, 99, 100, 123_456, -1_000_000, Int.max, Int.min] {
            var w = JSONWriter()
            w.int(v)
            #expect(String(decoding: w.bytes, as: UTF8.self) == String(v))
        }
    }

    @Test func writerOutputParsesBack() throws {
        var w = JSONWriter()
        w.beginArray(); w.string("x"); w.beginObject(); w.key("k"); w.bool(false); w.endObject(); w.endArray()
        #expect(try JSONValue.parse(w.bytes) == .array([.string("x"), .object([("k", .bool(false))])]))
    }
}

@Suite struct StageParamsTests {
    @Test func typedAccessorsAndDefaults() throws {
        let p = StageParams([("n", .number(3)), ("flag", .bool(true)), ("langs", .array([.string("en")]))], location: "stages[0] (x)")
        #expect(try p.int("n", default: 1, in: 0...10) == 3)
        #expect(try p.bool("flag", default: false))
        #expect(try p.strings("langs", default: []) == ["en"])
        #expect(try p.double("missing", default: 0.5) == 0.5)
        try p.finish()
    }

    @Test func unknownOptionIsNamed() throws {
        let p = StageParams([("treshold", .number(0.5))], location: "stages[1] (dedup)", file: "p.json")
        _ = try p.double("threshold", default: 0.8)
        do { try p.finish(); Issue.record("should throw") } catch let e as ConfigError {
            #expect(e.description.contains("p.json"))
            #expect(e.description.contains("stages[1] (dedup)"))
            #expect(e.description.contains("'treshold'"))
            #expect(e.description.contains("unknown option"))
        }
    }

    @Test func wrongTypeAndRangeAreErrors() {
        let p = StageParams([("n", .string("3")), ("r", .number(2))], location: "s")
        #expect(throws: ConfigError.self) { try p.int("n", default: 1) }
        #expect(throws: ConfigError.self) { try p.double("r", default: 0, in: 0...1) }
        let q = StageParams([("mode", .string("zap"))], location: "s")
        #expect(throws: ConfigError.self) { try q.choice("mode", default: "mark", from: ["mark", "drop"]) }
    }
}

@Suite struct PipelineConfigTests {
    @Test func parsesAFullPipeline() throws {
        let text = """
        {"name":"n","input":{"paths":["a","b"],"format":"html","charset":"auto"},
         "output":{"path":"-","gzip":true,"max_file_bytes":1000},"errors":{"policy":"fail"},
         "stages":[{"type":"x","params":{"k":1}},{"type":"y"}]}
        """
        let c = try PipelineConfig.parse(Array(text.utf8), file: "p.json")
        #expect(c.input.paths == ["a", "b"])
        #expect(c.input.format == .html)
        #expect(c.output.gzip && c.output.path == "-" && c.output.maxFileBytes == 1000)
        #expect(c.errorPolicy == .fail)
        #expect(c.stages.map(\.type) == ["x", "y"])
        #expect(c.stages[0].location == "stages[0] (x)")
    }

    @Test func unknownKeysAreErrorsNamingFileAndPath() {
        for (text, expected) in [
            (#"{"stages":[],"inputs":{}}"#, "'inputs'"),
            (#"{"stages":[],"input":{"pathz":[]}}"#, "input: 'pathz'"),
            (#"{"stages":[{"type":"x","parms":{}}]}"#, "stages[0]: 'parms'"),
            (#"{"stages":[],"input":{"format":"pdf"}}"#, "'format'"),
            (#"{"input":{}}"#, "'stages'"),
            (#"[1]"#, "must be a JSON object"),
            (#"{"stages":[{"type":"x"}],"threads":-1}"#, "'threads'"),
        ] {
            do { _ = try PipelineConfig.parse(Array(text.utf8), file: "bad.json"); Issue.record("no error for \(text)") } catch {
                let d = "\(error)"
                #expect(d.hasPrefix("bad.json"), "\(d)")
                #expect(d.contains(expected), "\(d) should mention \(expected)")
            }
        }
    }
}

@Suite struct DocumentRecordTests {
    @Test func fixedKeyOrderAndNFC() throws {
        var d = Document(id: "x1", source: SourceRef(path: "a.html"), format: .html, text: "Cafe\u{301} au lait")
        d.entities = [Entity(text: "Café", type: "LOC", canonical: "Café", start: 0, end: 4)]
        let line = DocumentRecord.encode(d)
        #expect(line.last == 0x0A)
        let v = try JSONValue.parse(Array(line.dropLast()))
        #expect(v.objectPairs?.map(\.0) == ["schema", "id", "source", "url", "title", "authors", "publisher", "published",
                                             "updated", "fetched", "site", "hostname", "language", "language_score",
                                             "description", "tags", "image", "license", "text", "entities", "dedup"])
        #expect(v["text"] == .string("Caf\u{e9} au lait"))
        #expect(v["text"]?.stringValue?.unicodeScalars.count == 12)
    }

    /// Entity offsets are code points of the written (NFC) text, also when the pipeline left the text decomposed.
    @Test func entityOffsetsFollowTheNormalizedText() throws {
        let text = "The cafe\u{301} owner met Jose\u{301} Mari\u{301}a Aznar and Olaf Scholz in Berlin."
        let scalars = Array(text.unicodeScalars)
        func span(_ s: String) -> (Int, Int) {
            let n = Array(s.unicodeScalars)
            let i = (0...(scalars.count - n.count)).first { Array(scalars[$0..<($0 + n.count)]) == n }!
            return (i, i + n.count)
        }
        var d = Document(id: "x2", source: SourceRef(path: "a.txt"), format: .text, text: text)
        d.entities = ["Jose\u{301} Mari\u{301}a Aznar", "Olaf Scholz", "Berlin"].map {
            let (a, b) = span($0)
            return Entity(text: $0, type: "PER", canonical: $0, start: a, end: b)
        }
        let v = try JSONValue.parse(Array(DocumentRecord.encode(d).dropLast()))
        let out = Array(v["text"]!.stringValue!.unicodeScalars)
        guard case let .array(ents)? = v["entities"] else { Issue.record("no entities"); return }
        #expect(ents.count == 3)
        for e in ents {
            guard case let .number(a)? = e["start"], case let .number(b)? = e["end"] else { Issue.record("\(e)"); continue }
            var slice = String.UnicodeScalarView(); slice.append(contentsOf: out[Int(a)..<Int(b)])
            #expect(String(slice) == e["text"]?.stringValue, "\(e)")
        }
        #expect(ents.first?["text"]?.stringValue == "Jos\u{e9} Mar\u{ed}a Aznar")
    }
}

@Test func nfcQuickCheckPassesNFCTextAndNeverPassesTextNFCWouldChange() {
    func quick(_ s: String) -> Bool { var t = s; return t.withUTF8 { Unicode.isQuickNFC($0) } }
    for s in ["Zelensky", "Зеленський у Києві", "Ζελένσκι", "זלנסקי", "زيلينسكي", "泽连斯基", "젤렌스키", "naïve café"] {
        #expect(quick(s), "\(s)")
        #expect(Unicode.nfc(s) == s)
    }
    // decomposed accents, a Hangul syllable with a trailing jamo, Arabic marks out of canonical order,
    // ideographic tone marks, the Kelvin sign: NFC changes each, so the quick check must not pass them
    for s in ["cafe\u{301}", "\u{AC00}\u{11A8}", "\u{627}\u{610}\u{670}", "\u{4E00}\u{302E}\u{302A}", "\u{212A}"] {
        #expect(!quick(s), "\(Array(s.unicodeScalars))")
        #expect(Unicode.nfc(s) == s.precomposedStringWithCanonicalMapping)
    }
    #expect(Unicode.nfc("cafe\u{301}") == "caf\u{E9}")
    #expect(Array(Unicode.nfc("\u{627}\u{610}\u{670}").unicodeScalars) == ["\u{627}", "\u{670}", "\u{610}"])
}
