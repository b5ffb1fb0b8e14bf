import Testing
import WinnowCore
@testable import WinnowClean

private func stage(_ pairs: [(String, JSONValue)] = []) throws -> CleanTextStage {
    try CleanTextStage(params: StageParams(pairs))
}

private func mojibake(_ s: String, _ enc: String = "cp1252") -> String {
    // encode as UTF-8, decode the bytes with a single-byte code page
    let table = CharMaps.tables.first { $0.0 == enc }!.1
    var out = String.UnicodeScalarView()
    for b in s.utf8 { out.append(Unicode.Scalar(b < 0x80 ? UInt32(b) : table[Int(b) - 0x80])!) }
    return String(out)
}

// MARK: mojibake repair

@Test func repairsCp1252Mojibake() throws {
    let st = try stage()
    let good = "Zoë’s café served crème brûlée — “très bon”."
    let bad = mojibake(good)
    #expect(bad != good)
    #expect(st.cleanLine(bad) == good)
}

@Test func repairsDoubleEncoding() throws {
    let st = try stage()
    let good = "Grüße aus München"
    #expect(st.cleanLine(mojibake(mojibake(good))) == good)
}

@Test func repairsOtherCodePages() throws {
    let st = try stage()
    #expect(st.cleanLine(mojibake("Привет, как дела?", "cp1251")) == "Привет, как дела?")
    #expect(st.cleanLine(mojibake("Zażółć gęślą jaźń", "cp1250")) == "Zażółć gęślą jaźń")
    #expect(st.cleanLine(mojibake("Ich weiß, daß", "macroman")) == "Ich weiß, daß")
}

@Test func repairsPartialMojibake() throws {
    let st = try stage()
    // one fragment broken, the rest correct (a curly quote stays as it is)
    let line = "Le « résumé » d’aujourd’hui est " + mojibake("prêt") + "."
    #expect(st.cleanLine(line) == "Le « résumé » d’aujourd’hui est prêt.")
}

@Test func fixesC1ControlsAsCp1252() throws {
    let st = try stage()
    #expect(st.cleanLine("It\u{92}s done\u{85}") == "It’s done…")
}

@Test func leavesCorrectTextAlone() throws {
    let st = try stage()
    let lines = [
        "Plain ASCII text, nothing to do.",
        "Señor Ñandú comió piñas en São Paulo.",
        "Øresund-broen åbnede i år 2000 – på tide!",
        "ΚΑΛΗΜΕΡΑ «Κ» και καλή χρονιά.",
        "Москва — столица России; «ЖУРНАЛ» № 5.",
        "日本語のテキストと中文文本。",
        "Tanınmış şarkıcı İstanbul’da konser verdi.",
        "NAÏVE CAFÉ… ÉTÉ",
        "Price: 5 € or £4 — 10 µm, 25 °C, ±3 %",
        "Ångström Å— and AHÅ™",
        "x² + y² = z²; √2 ≈ 1.414",
        "kaomoji (¬‿¬) and ¯\\_(ツ)_/¯",
    ]
    for l in lines { #expect(st.cleanLine(l) == l, "changed: \(l)") }
}

@Test func lineModesAndParams() throws {
    let full = try stage([("line_mode", .string("full"))])
    #expect(full.cleanLine("“Quoted” ﬁne &amp; ｗｉｄｅ") == "\"Quoted\" fine & wide")
    let enc = try stage()
    #expect(enc.cleanLine("“Quoted” ﬁne &amp;") == "“Quoted” ﬁne &amp;")
    #expect(!enc.cleanLine("a\u{2028}b").contains("\n"))
}

// MARK: normalisation options

@Test func normalisationOptions() throws {
    let doc = "  Caf\u{65}\u{301}  au   lait&nbsp;&amp; co\u{AD}operation\u{200B}.  \n\n\nSecond\u{00A0}para  "
    var d = Document(id: "1", source: SourceRef(path: "t"), format: .text, text: doc)
    let st = try stage([("language_id", .bool(false))])
    _ = try st.process(&d)
    #expect(d.text == "Café au lait & cooperation.\n\nSecond para")

    var d2 = Document(id: "2", source: SourceRef(path: "t"), format: .text, text: "‘a’ – “b” — ﬁ")
    _ = try stage([("language_id", .bool(false)), ("uncurl_quotes", .bool(true)), ("fold_dashes", .bool(true)),
                   ("normalization", .string("NFKC"))]).process(&d2)
    #expect(d2.text == "'a' - \"b\" - fi")
}

@Test func zeroWidthJoinersKept() throws {
    var d = Document(id: "1", source: SourceRef(path: "t"), format: .text, text: "क्‍ष and می‌خواهم")
    _ = try stage([("language_id", .bool(false))]).process(&d)
    #expect(d.text == "क्‍ष and می‌خواهم")
}

@Test func dehyphenationAndRepeatedParagraphs() throws {
    let text = "The infor-\nmation was well-\nKnown.\n\nPhoto: Reuters\n\nBody text here.\n\nPhoto: Reuters"
    var d = Document(id: "1", source: SourceRef(path: "t"), format: .text, text: text)
    d.tracing = true
    _ = try stage([("language_id", .bool(false))]).process(&d)
    #expect(d.text == "The information was well-\nKnown.\n\nPhoto: Reuters\n\nBody text here.")
    #expect(d.trace.contains { $0.rule == "repeated_paragraph" })
    #expect(d.trace.contains { $0.rule == "dehyphenate" })

    // a caption printed twice on consecutive lines of one block
    let cap = "A long photo caption, printed twice by the page."
    var d3 = Document(id: "3", source: SourceRef(path: "t"), format: .text, text: "By Agency\n\(cap)\n\(cap)\n\nBody.")
    _ = try stage([("language_id", .bool(false))]).process(&d3)
    #expect(d3.text == "By Agency\n\(cap)\n\nBody.")
}

@Test func restoresCaseOfProperNouns() throws {
    var d = Document(id: "1", source: SourceRef(path: "t"), format: .text,
                     text: "The nato summit in kyiv was held. See nato.int and @kyiv for the apple news.")
    d.tracing = true
    _ = try stage([("language_id", .bool(false))]).process(&d)
    #expect(d.text == "The NATO summit in Kyiv was held. See nato.int and @kyiv for the apple news.")
    #expect(d.trace.filter { $0.rule == "restore_case" }.count == 2)
}

// MARK: language identification

@Test func identifiesLanguagesAcrossScripts() throws {
    let st = try stage()
    let cases: [(String, String)] = [
        ("The committee will publish its final report on the budget next week.", "en"),
        ("Die Regierung hat am Mittwoch einen neuen Gesetzentwurf vorgestellt.", "de"),
        ("Le gouvernement a présenté mercredi un nouveau projet de loi.", "fr"),
        ("El gobierno presentó el miércoles un nuevo proyecto de ley.", "es"),
        ("Rząd przedstawił w środę nowy projekt ustawy o podatkach.", "pl"),
        ("Правительство в среду представило новый законопроект.", "ru"),
        ("Уряд у середу представив новий законопроєкт про податки.", "uk"),
        ("Η κυβέρνηση παρουσίασε την Τετάρτη ένα νέο νομοσχέδιο.", "el"),
        ("הממשלה הציגה ביום רביעי הצעת חוק חדשה.", "he"),
        ("قدمت الحكومة يوم الأربعاء مشروع قانون جديد.", "ar"),
        ("सरकार ने बुधवार को एक नया विधेयक पेश किया।", "hi"),
        ("政府は水曜日に新しい法案を提出した。", "ja"),
        ("政府星期三提出了一项新的法案。", "zh"),
        ("정부는 수요일에 새로운 법안을 제출했다.", "ko"),
        ("รัฐบาลเสนอร่างกฎหมายฉบับใหม่เมื่อวันพุธ", "th"),
        ("მთავრობამ ოთხშაბათს ახალი კანონპროექტი წარადგინა.", "ka"),
        ("Կառավարությունը չորեքշաբթի օրը ներկայացրեց նոր օրինագիծ։", "hy"),
    ]
    for (text, code) in cases {
        let (c, s) = st.identifyLanguage(text)
        #expect(c == code, "\(text) -> \(c)")
        #expect(s > 0 && s <= 1)
    }
    #expect(st.identifyLanguage("12345 !!! ...").code == "und")
    #expect(st.identifyLanguage("").code == "und")
}

@Test func keepLanguagesDropsOthers() throws {
    let st = try stage([("keep_languages", .array([.string("de")]))])
    var d = Document(id: "1", source: SourceRef(path: "t"), format: .text,
                     text: "The committee will publish its final report on the budget next week.")
    #expect(try st.process(&d) == .drop(reason: "language en not kept"))
    #expect(d.language == "en")
    var d2 = Document(id: "2", source: SourceRef(path: "t"), format: .text,
                      text: "Die Regierung hat am Mittwoch einen neuen Gesetzentwurf vorgestellt.")
    #expect(try st.process(&d2) == .keep)
}

@Test func paragraphLanguages() throws {
    let st = try stage([("keep_languages", .array([.string("en")])), ("paragraph_languages", .bool(true))])
    var d = Document(id: "1", source: SourceRef(path: "t"), format: .text, text:
        "The committee will publish its final report on the budget next week.\n\n" +
        "Die Regierung hat am Mittwoch einen neuen Gesetzentwurf vorgestellt und diskutiert.\n\n" +
        "Officials said the report would be delayed until the spring.")
    #expect(try st.process(&d) == .keep)
    #expect(d.meta["paragraph_languages"] == "en,de,en")
    #expect(!d.text.contains("Regierung"))
}

// MARK: option validation

@Test func optionValidation() throws {
    #expect(throws: ConfigError.self) { try stage([("normalization", .string("NFD"))]) }
    #expect(throws: ConfigError.self) { try stage([("fix_mojibake", .string("yes"))]) }
    #expect(throws: ConfigError.self) { try stage([("keep_languages", .array([.string("xx")]))]) }
    #expect(throws: ConfigError.self) { try stage([("min_language_confidence", .number(1.5))]) }
    #expect(throws: ConfigError.self) { try stage([("no_such_option", .bool(true))]) }
    #expect(throws: ConfigError.self) { try stage([("language_id", .bool(false)), ("keep_languages", .array([.string("en")]))]) }
    #expect(throws: ConfigError.self) { try stage([("line_mode", .string("fancy"))]) }
    _ = try stage([("normalization", .string("NFKC")), ("uncurl_quotes", .bool(true)), ("min_language_confidence", .number(0.5))])
}

// MARK: bounded / early-exit language id, byte-level document path

@Test func longTextsAreDecidedOnTheirStart() throws {
    let st = try stage()
    let en = String(repeating: "The committee will publish its final report on the budget next week. ", count: 200)
    #expect(st.identifyLanguage(en).code == "en")
    // a long Latin name first, then Russian: the script check after an early decision re-scores the text
    let mixed = "Johann Sebastian Bach Wolfgang Amadeus Mozart Ludwig van Beethoven Johannes Brahms Antonio Vivaldi " +
        "Joseph Haydn Franz Schubert Robert Schumann Felix Mendelssohn Bartholdy Frederic Chopin Franz Liszt " +
        "Richard Wagner Giuseppe Verdi Pyotr Ilyich Tchaikovsky Antonin Dvorak Edvard Grieg Gustav Mahler " +
        String(repeating: "Правительство представило в среду новый законопроект о бюджете на следующий год. ", count: 12)
    #expect(st.identifyLanguage(mixed).code == "ru")
}

@Test func hopelessGarbleIsLeftAlone() throws {
    let st = try stage()
    let garble = "ã†â€™ãƒâ€ ã¢â‚¬â„¢ãƒæ’ã‚â¢ãƒâ¢ã¢â‚¬å¡ã‚â¬ãƒâ€šã‚â"
    #expect(st.cleanLine(garble) == garble)
    // an ordinary embedded sequence is still repaired
    #expect(st.cleanLine("Bremer – cafÃ© au lait") == "Bremer – café au lait")
}

@Test func documentFastPathMatchesCharacterPass() throws {
    let st = try stage([("language_id", .bool(false))])
    var d = Document(id: "1", source: SourceRef(path: "t"), format: .text, text:
        "Plain  text with  double spaces \nand a trailing space.\n\n" +
        "“Curly” quotes stay, a soft\u{AD}hyphen goes.\n\n" +
        "A caption that is printed twice\nA caption that is printed twice\n\n" +
        "Plain  text with  double spaces \nand a trailing space.\n\n" +
        "The infor-\nmation age met nato in kyiv.")
    #expect(try st.process(&d) == .keep)
    #expect(d.text == "Plain text with double spaces\nand a trailing space.\n\n" +
        "“Curly” quotes stay, a softhyphen goes.\n\n" +
        "A caption that is printed twice\n\n" +
        "The information age met NATO in Kyiv.")
}

@Test func capitalBeforeYenIsNotRepairedAsAFragment() throws {
    let st = try stage()
    // A correct non-ASCII character (an en dash, cp1252 0x96 after a space) stops the line from re-decoding
    // as a whole; a lone "capital + ¥" fragment is then plausible text on its own ("Å¥", like "Ü$") and stays.
    for name in ["ÅÃ¥sen", "StrÃ¥le", "OÃ¥n"] {
        let line = "Team – " + name
        #expect(st.cleanLine(line) == line, "changed: \(line)")
    }
    // the same name re-decodes when the whole line does (no correct non-ASCII text next to it)
    #expect(st.cleanLine(mojibake("Team - Stråle")) == "Team - Stråle")
    // other fragments of the same line are still repaired (as ftfy: "Team – StrÃ¥le øst")
    #expect(st.cleanLine("Team – StrÃ¥le " + mojibake("øst")) == "Team – StrÃ¥le øst")
    // one more layer of mojibake on top is still removed (the inner line then stays as it was)
    let inner = "Team – StrÃ¥le"
    #expect(st.cleanLine(mojibake(inner, "latin1")) == inner)
}

@Test func mojibakePrecheckNeedsACompleteSequence() throws {
    func may(_ s: String) -> Bool { var t = s; return t.withUTF8 { MojibakeFixer.mayContainMojibake($0) } }
    // lead + continuation pairs of correct text, but no complete UTF-8 sequence in any code page
    #expect(!may("Москва, столица России"))
    #expect(!may("Øresund-broen åbnede i år 2000"))
    // complete sequences: 2 bytes, 3 bytes, a space for a lost NBSP byte, U+FFFD, '?' in cp1252, a C1 control
    #expect(may("cafÃ©"))
    #expect(may("itâ€™s"))
    #expect(may("Ã  la"))
    #expect(may("rugďż˝ciunilor"))
    #expect(may("ItÃ?s"))
    #expect(may("It\u{92}s"))
    // MacRoman's leads outside the usual blocks: U+F8FF (F0, an emoji's lead), U+FB01/U+FB02 (DE, DF)
    #expect(may(mojibake("a 🙂 b", "macroman")))
    #expect(may(mojibake("\u{7BF}", "macroman")))
}

@Test func turkishReadInTheWrongCodePageIsStillTurkish() throws {
    let st = try stage()
    // cp1254 bytes shown as cp1252: ı ş ğ İ Ş Ğ read as ý þ ð Ý Þ Ð
    func asCp1252(_ s: String) -> String {
        let m: [Character: Character] = ["ı": "ý", "ş": "þ", "ğ": "ð", "İ": "Ý", "Ş": "Þ", "Ğ": "Ð"]
        return String(s.map { m[$0] ?? $0 })
    }
    let tr = "Bakanlığın açıklamasına göre yeni düzenleme gelecek ay başında yürürlüğe girecek ve herkesi etkileyecek."
    #expect(st.identifyLanguage(tr).code == "tr")
    #expect(st.identifyLanguage(asCp1252(tr)).code == "tr")
    // Icelandic and Czech use ý þ ð for real and keep their language
    #expect(st.identifyLanguage("Ríkisstjórnin kynnti í gær nýtt frumvarp um þjóðgarða og náttúruvernd á Íslandi.").code == "is")
    #expect(st.identifyLanguage("Vláda včera představila nový zákon, který má chránit přírodu a zlepšit ovzduší.").code == "cs")
    // the reading is only tried when none of the Turkish letters is already there
    let u = [UInt8]("Þetta er íslenska og ş".utf8)
    #expect(u.withUnsafeBufferPointer { LanguageIdentifier.cp1254Reading($0) } == nil)
}

@Test func damagedLanguageModelsAreRefusedNotReadOutOfBounds() throws {
    let path = try DataFiles.path("langid.bin", module: "WinnowClean")
    let good = try #require(MappedFile(path: path)).withBytes { Array($0) }
    _ = try LanguageIdentifier(data: good)
    // truncated anywhere: in the header, the codes, the keys, the postings, one byte short
    for n in [0, 10, 25, 200, 5_000, good.count / 2, good.count - 1] {
        #expect(throws: LanguageIdentifier.FormatError.self) { try LanguageIdentifier(data: Array(good[..<n])) }
    }
    // a header that claims more languages than a byte can name, or more postings than the file holds
    var bad = good
    bad[8] = 0; bad[9] = 1   // nl = 256
    #expect(throws: LanguageIdentifier.FormatError.self) { try LanguageIdentifier(data: bad) }
    bad = good
    bad[19] = 0x7F           // np huge
    #expect(throws: LanguageIdentifier.FormatError.self) { try LanguageIdentifier(data: bad) }
    // a posting that names a language the model does not have
    let nl = Int(good[8]), nk = Int(good[12]) | Int(good[13]) << 8 | Int(good[14]) << 16
    bad = good
    bad[24 + 9 * nl + 6 * nk] = 200
    #expect(throws: LanguageIdentifier.FormatError.self) { try LanguageIdentifier(data: bad) }
}

/// The shipped model lists its keys in the order of their home slot in the loader's table (the build script's
/// load order), so loading sweeps the table once; a model written in another order would load correctly but slowly.
@Test func shippedLanguageModelIsInLoadOrder() throws {
    let d = try #require(MappedFile(path: try DataFiles.path("langid.bin", module: "WinnowClean"))).withBytes { Array($0) }
    func u32(_ o: Int) -> UInt32 { UInt32(d[o]) | UInt32(d[o + 1]) << 8 | UInt32(d[o + 2]) << 16 | UInt32(d[o + 3]) << 24 }
    let nl = Int(u32(8)), nk = Int(u32(12))
    let cap = LanguageIdentifier.capacity(keys: nk)
    var previous = -1, outOfOrder = 0
    for i in 0..<nk {
        let home = LanguageIdentifier.slot(u32(24 + 9 * nl + 4 * i)) & (cap - 1)
        if home < previous { outOfOrder += 1 }
        previous = home
    }
    #expect(nk > 1_000_000)
    #expect(outOfOrder == 0)
}

/// The letter tables skip the case-mapping lookup for all but upper- and title-case letters; this holds them to
/// the plain definition (every BMP letter, lower-cased when its lower-case form is one scalar).
@Test func letterTablesMatchUnicodeLowerCasing() {
    let (lower, script) = LanguageIdentifier.characterTables()
    var mismatches = 0
    for v in 0..<0x10000 {
        var expected: UInt32 = 0
        if let s = Unicode.Scalar(UInt32(v)) {
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
                let m = s.properties.lowercaseMapping.unicodeScalars
                expected = m.count == 1 ? m.first!.value : UInt32(v)
            default: break
            }
        }
        let expectedScript = expected != 0 ? LanguageIdentifier.scriptOf(UInt32(v)).rawValue : 0
        if lower[v] != expected || script[v] != expectedScript { mismatches += 1 }
    }
    #expect(mismatches == 0)
    #expect(lower[0x41] == 0x61 && lower[0x130] == 0x130 && lower[0x1C5] == 0x1C6 && lower[0x4E2D] == 0x4E2D && lower[0x31] == 0)
}

@Test func metadataGetsTheTextsMojibakeAndUnicodeRepair() throws {
    var d = Document(id: "m", source: SourceRef(path: "m"), format: .text, text: "Die Mieten steigen weiter.")
    d.title = mojibake("Warum die Mieten weiter steigen – eine Analyse")
    d.authors = [mojibake("Robin Tschöpe"), "Jörg\u{200B} Staff"]
    d.publisher = mojibake("Süddeutsche Zeitung")
    d.description = mojibake("Grüße aus München")
    _ = try stage([("language_id", .bool(false))]).process(&d)
    #expect(d.title == "Warum die Mieten weiter steigen – eine Analyse")
    #expect(d.authors == ["Robin Tschöpe", "Jörg Staff"])
    #expect(d.publisher == "Süddeutsche Zeitung")
    #expect(d.description == "Grüße aus München")
}
