import Foundation
import Testing
import WinnowCore
@testable import WinnowTag

private func stage(_ params: [(String, JSONValue)] = []) throws -> TagEntitiesStage {
    let s = try TagEntitiesStage(params: StageParams(params))
    try s.open(context: StageContext())
    return s
}

private func tag(_ text: String, _ s: TagEntitiesStage) throws -> [Entity] {
    var d = Document(id: "t", source: SourceRef(path: "t"), format: .text, text: text)
    _ = try s.process(&d)
    return d.entities
}

// Short excerpts of the five seed articles (samples/text/*.txt), one or two sentences per name.
private let seedExcerpts = [
    "Military cooperation and fighter jets Putin meets ally Lukashenko\n\nRussia is not welcome in Munich this year. For this, Putin receives the ruler of Belarus, Alexander Lukashenko, near Moscow.",
    "Riga While Ukrainian President Volodymyr Zelenskiy was connected via video to the Munich Security Conference on Friday, Russian President Vladimir Putin received Belarusian ruler Alexander Lukashenko at Novo-Ogaryovo, a residence outside Moscow.",
    "According to US-funded broadcaster RFE/RL, Belarusian opposition politician Pavel Latushka said that Belarusian authorities could soon start moving to provide military support to Russia in its war against Ukraine. Latuschka currently lives in Poland.",
    "Russia had massed troops in Belarus and launched the failed Kiev offensive from there. According to Belta, Lukashenko says that the Moscow government never asked Belarus to join.",
    "In Germany, the exiled leader of the Belarusian political opposition, Svetlana Tikhanovskaya, on Friday called for an international coalition. “Belarus shouldn’t be overlooked,” Tikhanovskaya said.",
    "After talks with President Vladimir Putin, Alexander Lukashenko announced that Belarus had received S-400 and Iskander missile systems from Russia. As Reuters points out, none of the accredited journalists in Minsk have asked the leaders about the war in Ukraine.",
    "Media in Kiev noted that Putin and Lukashenka were seen “talking about Ukraine”. According to the US think tank Institute of War Studies (ISW), the ability of the Russian military is limited.",
    "The Russian Defense Ministers, Sergei Shoigu, and Foreign Ministers, Sergei Lavrov, have also traveled to Belarus, where, according to the Kremlin spokesman, Dmitri Peskov, the agenda has focused on the situation.",
    "A spokesman for the Executive, Steffen Hebestreit, has stated that Chancellor Olaf Scholz is concerned about the trip. High officials of the Executive of Volodímir Zelenski even speak of the fact that the Kremlin may be considering launching itself on kyiv again.",
    "These weeks, the Kremlin is focusing its offensive on Donbas, where they are trying to capture the city of Bakhmut. There, the fighting is already constant, with groups of mercenaries from the Wagner group launching raids on the city.",
    "Russia has already moved MiG-31K fighter jets there. They are ready to start production of the Su-25 aircraft. A new economic aid package from the EU. A strong call from NATO countries. See also Zełeński's adviser assesses Germany's approach. The Institute for the Study of War (ISW), a Washington-based organization, has suggested it. Zelensky spoke to Kyiv.",
]

@Test func seedNamesAreFoundWithCanonicalNames() throws {
    let s = try stage()
    var canon = Set<String>()
    var byCanon: [String: Set<String>] = [:]
    for t in seedExcerpts {
        for e in try tag(t, s) {
            canon.insert(e.canonical)
            byCanon[e.canonical, default: []].insert(e.text)
        }
    }
    let expected = ["Vladimir Putin", "Alexander Lukashenko", "Volodymyr Zelensky", "Pavel Latushka",
                    "Sviatlana Tsikhanouskaya", "Sergei Shoigu", "Sergei Lavrov", "Dmitry Peskov", "Olaf Scholz",
                    "Minsk", "Moscow", "Kyiv", "Novo-Ogaryovo", "Bakhmut", "Donbas",
                    "Kremlin", "Belta", "Institute for the Study of War", "NATO", "European Union", "Wagner Group", "Reuters",
                    "S-400", "Iskander", "Su-25", "MiG-31K"]
    for name in expected { #expect(canon.contains(name), "missing canonical \(name)") }
    // every spelling maps to the one canonical name
    #expect(byCanon["Volodymyr Zelensky", default: []].isSuperset(of: ["Volodymyr Zelenskiy", "Volodímir Zelenski", "Zełeński", "Zelensky"]))
    #expect(byCanon["Kyiv", default: []].isSuperset(of: ["Kiev", "kyiv", "Kyiv"]))
    #expect(byCanon["Pavel Latushka", default: []].isSuperset(of: ["Pavel Latushka", "Latuschka"]))
    #expect(byCanon["Alexander Lukashenko", default: []].isSuperset(of: ["Lukashenko", "Lukashenka", "Alexander Lukashenko"]))
    #expect(byCanon["Institute for the Study of War", default: []].isSuperset(of: ["Institute of War Studies", "ISW", "Institute for the Study of War"]))
}

@Test func seedFilesWhenPresent() throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/seeds")
    guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path), !files.isEmpty else {
        print("seed folder \(dir.path) absent: full-article seed check skipped (excerpts are tested above)")
        return
    }
    let s = try stage()
    var canon = Set<String>()
    for f in files.sorted() where f.hasSuffix(".txt") {
        let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
        let ents = try tag(text, s)
        // offsets are code points into the text and entities are sorted
        let scalars = Array(text.unicodeScalars)
        for e in ents {
            var sub = String.UnicodeScalarView(); sub.append(contentsOf: scalars[e.start..<e.end])
            #expect(String(sub) == e.text)
        }
        #expect(ents.map(\.start) == ents.map(\.start).sorted())
        for e in ents { canon.insert(e.canonical) }
    }
    for name in ["Vladimir Putin", "Alexander Lukashenko", "Volodymyr Zelensky", "Pavel Latushka", "Sviatlana Tsikhanouskaya",
                 "Sergei Shoigu", "Sergei Lavrov", "Dmitry Peskov", "Olaf Scholz", "Minsk", "Moscow", "Kyiv", "Novo-Ogaryovo",
                 "Bakhmut", "Donbas", "Kremlin", "Belta", "Institute for the Study of War", "NATO", "European Union",
                 "Wagner Group", "Reuters", "S-400", "Iskander", "Su-25", "MiG-31K"] {
        #expect(canon.contains(name), "missing canonical \(name) in the seed articles")
    }
}

@Test func statisticalTaggerFindsUnlistedNames() throws {
    let s = try stage()
    let ents = try tag("German Chancellor Angela Merkel met Jacques Chirac in Paris on Tuesday, Reuters reported.\nMerkel said the talks with Chirac went well.", s)
    let byText = Dictionary(ents.map { ($0.text, $0) }, uniquingKeysWith: { a, _ in a })
    #expect(byText["Angela Merkel"]?.type == "PER")
    #expect(byText["Jacques Chirac"]?.type == "PER")
    #expect(byText["Paris"]?.type == "LOC")
    #expect(byText["German"]?.type == "MISC")
    // short forms take the longest full form in the document
    #expect(ents.first { $0.text == "Chirac" }?.canonical == "Jacques Chirac")
    #expect(ents.first { $0.text == "Merkel" }?.canonical == "Angela Merkel")
}

@Test func tokenizerSplitsAndCountsCodePoints() {
    let toks = Tokenizer.tokens("Zełeński's U.S. visit, don't (1,000.5) “Kyiv” LukashenkoReuters")
    #expect(toks.map(\.0) == ["Zełeński", "'s", "U.S.", "visit", ",", "do", "n't", "(", "1,000.5", ")", "“", "Kyiv", "”",
                              "Lukashenko", "Reuters"])
    #expect(toks[0].1 == 0 && toks[0].2 == 8)   // code points, not bytes
    #expect(toks[1].1 == 8)
}

@Test func numericRulesNormalise() throws {
    let s = try stage([("types", .array([.string("DATE"), .string("MONEY"), .string("PERCENT")]))])
    let ents = try tag("On February 17, 2023 the fund got $43 billion, up 12.5% from 17 March. Update: 02/17/2023. Prices rose 3 percent in 1997.", s)
    let got = ents.map { "\($0.type) \($0.text) -> \($0.canonical)" }
    #expect(got == [
        "DATE February 17, 2023 -> 2023-02-17",
        "MONEY $43 billion -> USD 43000000000",
        "PERCENT 12.5% -> 12.5%",
        "DATE 17 March -> --03-17",
        "DATE 02/17/2023 -> 2023-02-17",
        "PERCENT 3 percent -> 3%",
        "DATE 1997 -> 1997",
    ])
}

@Test func typesOptionFiltersAndValidates() throws {
    let s = try stage([("types", .array([.string("PER")]))])
    let ents = try tag("Vladimir Putin flew to Minsk on February 17, 2023.", s)
    #expect(ents.map(\.type) == ["PER"])
    #expect(throws: ConfigError.self) { try stage([("types", .array([.string("PERSON")]))]) }
    #expect(throws: ConfigError.self) { try stage([("no_such_option", .bool(true))]) }
    #expect(throws: ConfigError.self) { try stage([("model", .string("/nonexistent/model.bin"))]) }
    // Building the stage reads no file (so `winnow validate` does no I/O); open() loads and reports.
    let unopened = try TagEntitiesStage(params: StageParams([("model", .string("/nonexistent/model.bin"))]))
    do {
        try unopened.open(context: StageContext())
        Issue.record("opened with a missing model")
    } catch let e as ConfigError {
        #expect(e.key == "model" && e.reason.contains("/nonexistent/model.bin"))
    }
}

@Test func modelRoundTripsAndCoNLLReaderBuildsSpans() throws {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-tag-test-\(getpid()).conll")
    try """
    -DOCSTART- -X- O O

    John NNP I-NP I-PER
    Smith NNP I-NP I-PER
    visited VBD I-VP O
    Berlin NNP I-NP I-LOC
    . . O O

    """.write(to: tmp, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: tmp) }
    let docs = try CoNLLReader.read(path: tmp.path)
    #expect(docs.count == 1)
    #expect(docs[0].text == "John Smith visited Berlin .")
    #expect(docs[0].spans.map { "\($0.start)-\($0.end) \($0.type)" } == ["0-10 PER", "19-25 LOC"])
    var o = TaggerTrainer.Options(); o.epochs = 3; o.bits = 16
    let tr = TaggerTrainer(types: TaggerTrainer.types(of: docs), gazetteer: Gazetteer(), options: o)
    let (m, _, _) = tr.train(docs, dev: [], log: { _ in })
    let m2 = try TaggerModel(bytes: m.serialized(), gazetteer: Gazetteer())
    #expect(m2.types == ["PER", "LOC"])
    #expect(m2.rowCount == m.rowCount)
}

@Test func foldNameRemovesCaseAndDiacriticsInLatinGreekAndCyrillic() {
    #expect(foldName("Zełeński") == "zelenski")
    #expect(foldName("Volodímir Zelenski") == "volodimir zelenski")
    #expect(foldName("Ørsted Straße Æon Œuvre") == "orsted strasse aeon oeuvre")
    #expect(foldName("Зеленский Ёлкин") == "зеленскии елкин")
    #expect(foldName("Ζελένσκι") == "ζελενσκι")
    #expect(foldName("Zelenskiy’s") == "zelenskiy's")
    #expect(foldName("Việt Nam") == "viet nam")   // beyond the table: the slow path
}

@Test func collapseSpacesJoinsAnyWhitespaceRunWithOneSpace() {
    #expect(collapseSpaces("Olaf Scholz") == "Olaf Scholz")
    #expect(collapseSpaces("Olaf  Scholz") == "Olaf Scholz")
    #expect(collapseSpaces("Olaf\nScholz") == "Olaf Scholz")
    #expect(collapseSpaces("Olaf\u{00A0}Scholz") == "Olaf Scholz")
    #expect(collapseSpaces("Zełeński") == "Zełeński")
}

// The shipped model is English: on German it would tag capitalised common nouns as names. Documents in a
// language outside `languages` get only the alias table's names; documents without a language are tagged in full.
private let germanText = "Bundeskanzler Olaf Scholz traf am Freitag in Kiew den ukrainischen Präsidenten Selenskyj. " +
    "Die Regierung plant eine neue Wertanlage für die Handtasche und das Leben im Dorf."

private func tag(_ text: String, language: String?, _ s: TagEntitiesStage) throws -> [Entity] {
    var d = Document(id: "t", source: SourceRef(path: "t"), format: .text, text: text)
    d.language = language
    _ = try s.process(&d)
    return d.entities
}

@Test func otherLanguagesGetOnlyAliasNames() throws {
    let s = try stage()
    let de = try tag(germanText, language: "de", s)
    #expect(Set(de.map(\.canonical)) == ["Olaf Scholz", "Kyiv", "Volodymyr Zelensky"], "\(de)")
    // The same text without a language, or with all languages allowed, goes through the tagger and the rules.
    let full = try tag(germanText, language: nil, s)
    #expect(full.count > de.count)
    #expect(full.contains { $0.text == "Freitag" || $0.text == "Regierung" || $0.text == "Handtasche" || $0.text == "Wertanlage" || $0.text == "Dorf" })
    let all = try stage([("languages", .array([.string("*")]))])
    #expect(try tag(germanText, language: "de", all).map(\.text) == full.map(\.text))
    // English documents and undetermined ones are tagged in full.
    let en = "Chancellor Olaf Scholz met Emmanuel Macron in Paris on Friday."
    #expect(try tag(en, language: "en", s).contains { $0.text == "Emmanuel Macron" && $0.type == "PER" })
    #expect(try tag(en, language: "und", s).contains { $0.text == "Emmanuel Macron" && $0.type == "PER" })
    let deToo = try stage([("languages", .array([.string("en"), .string("de")]))])
    #expect(try tag(germanText, language: "de", deToo).map(\.text) == full.map(\.text))
}

@Test func languagesOptionIsValidated() throws {
    for bad: JSONValue in [.array([]), .array([.string("English")]), .array([.string("EN")]), .string("en"), .array([.number(1)])] {
        #expect { try stage([("languages", bad)]) } throws: { e in
            (e as? ConfigError).map { "\($0)".contains("languages") } ?? false
        }
    }
    #expect(throws: Never.self) { try stage([("languages", .array([.string("en"), .string("deu")]))]) }
}

/// The shipped cluster files list their rows in the order of their home slot in the table they load into
/// (scripts/cluster_table.py), so loading fills it in one sweep; and every row is found after loading.
@Test func shippedClusterFilesAreInLoadOrder() throws {
    for name in ["clusters", "clusters-glove"] {
        let url = try TagResources.require(name, "bin")
        let d = [UInt8](try Data(contentsOf: url))
        let n = Int(d[8]) | Int(d[9]) << 8 | Int(d[10]) << 16 | Int(d[11]) << 24
        let cap = HashTable64<UInt16>.capacity(for: n)
        let table = try Gazetteer.readClusters(url)
        var previous = -1, outOfOrder = 0, missing = 0
        d.withUnsafeBytes { raw in
            for k in 0..<n {
                let o = 12 + 10 * k
                let h = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self))
                let home = HashTable64<UInt16>.homeSlot(h, capacity: cap)
                if home < previous { outOfOrder += 1 }
                previous = home
                if table[h] != UInt16(d[o + 8]) << 8 | UInt16(d[o + 9]) { missing += 1 }
            }
        }
        #expect(n > 40_000, "\(name)")
        #expect(outOfOrder == 0, "\(name)")
        #expect(missing == 0, "\(name)")
        #expect(table.count == n, "\(name)")
    }
}

/// Folding through the per-thread cache gives what folding without it gives, on the first (filling) and the
/// second (cached) pass, for scripts beyond the precomputed Latin/Greek/Cyrillic table.
@Test func foldCacheFoldsAlike() {
    let names = ["Zełeński", "Ἀθῆναι", "Ḥasan Ṭāhā", "東京都", "서울특별시", "が ガ", "Ｔｏｋｙｏ", "ﬁnance", "Ωmega Ω",
                 "मुंबई क़िला", "القاهرة أحمد", "ירושלים", "KÖLN", "Åsa"]
    let cache = FoldCache()
    for pass in 0..<2 {
        // (bytes, not String ==: Swift's String equality treats canonically equivalent forms as equal)
        for n in names { #expect(Array(foldName(n, cache: cache).utf8) == Array(foldName(n).utf8), "\(n), pass \(pass)") }
    }
    #expect(cache.folded.count > 20)
    // the token hash folds as it hashes: the same as hashing the folded string, with and without the cache
    for n in names + ["", "plain ascii", "MIXED Ünïcödé ﬁ", "\u{301}\u{308}", "ǅungla"] {
        let bytes = Array(foldName(n).utf8)
        let expected = bytes.reduce(UInt64(0xcbf29ce484222325)) { ($0 ^ UInt64($1)) &* 0x100000001b3 }
        #expect(AliasTable.foldedHash(n) == expected, "\(n)")
        #expect(AliasTable.foldedHash(n, cache: cache) == expected, "\(n)")
    }
    // Hangul syllables are decomposed into jamo: the cache must keep that, not skip it
    #expect(Array(foldName("서울", cache: cache).utf8) != Array("서울".utf8))
}
