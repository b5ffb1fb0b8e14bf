import WinnowCore

/// Why a tagger span was changed or dropped by `EntityHygiene` (issue 20: names an analyst can trust).
/// The ids are stable: tests and traces name them.
enum HygieneRule: String, CaseIterable, Sendable {
    /// A leading personal title or rank is not part of the name: "Mr Putin" -> "Putin" (a person).
    case leadingTitle = "leading-title"
    /// A leading greeting is not part of the name: "Dear George" -> "George".
    case greeting = "greeting"
    /// A bracket, semicolon, bar or a lower-case word that is no name particle inside a span ends the
    /// name: "Facebook An icon of the Facebook" -> "Facebook" | "Facebook".
    case innerBreak = "inner-break"
    /// Numbers, punctuation, lower-case words and capitalised function words at the edges are trimmed:
    /// "Reuters 2023" -> "Reuters", "“Belarus" -> "Belarus", "Google With" -> "Google".
    case edgeTrim = "edge-trim"
    /// Pronouns are never names ("I", "We", "I'd").
    case pronoun = "pronoun"
    /// A title, rank or honorific alone is not a name ("Mr", "Dr", "General").
    case titleOnly = "title-only"
    /// Function words, deictic words, interjections and page-furniture words alone are not names
    /// ("Here", "Thanks", "Share", "Icon").
    case commonWord = "common-word"
    /// Text of an icon or image label ("An icon of the Facebook logo") is page furniture, not a mention.
    case iconText = "icon-text"
    /// A span without an upper-case letter (the tagger's, not the alias table's) is not a name.
    case noCapital = "no-capital"
}

/// One change made by a hygiene rule, for tests and traces.
struct HygieneEvent: Equatable, Sendable {
    var rule: HygieneRule
    /// The span's text before the change.
    var text: String
}

/// Post-processing of the tagger's spans: trims titles, greetings and edge tokens, splits spans at
/// brackets and stray lower-case words, and drops pronouns, bare titles, common words and icon text.
/// The word lists are the data of the rules; every list names the rule that reads it.
enum EntityHygiene {
    static func h(_ s: String) -> UInt64 { NumericRules.h(s) }
    static func set(_ words: [String]) -> HashTable64Set {
        var out: [UInt64] = []
        for w in words {
            out.append(h(w))
            if w.contains("'") { out.append(h(w.replacingOccurrences(of: "'", with: "\u{2019}"))) }
        }
        return HashTable64Set(out)
    }

    /// `leadingTitle`, `titleOnly`: personal titles, honorifics, offices and military ranks (lower case,
    /// with and without the abbreviation dot).
    static let titles = set(dotted([
        "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam", "madame", "mme", "mlle", "monsieur", "herr", "frau",
        "prof", "professor", "rev", "reverend", "fr", "father", "pastor", "rabbi", "imam", "sheikh", "ayatollah", "bishop",
        "archbishop", "pope", "saint", "lord", "lady", "king", "queen", "prince", "princess", "duke", "duchess", "emperor",
        "president", "vice-president", "vice", "deputy", "prime", "minister", "chancellor", "premier", "secretary",
        "senator", "sen", "congressman", "congresswoman", "rep", "representative", "gov", "governor", "mayor", "judge",
        "justice", "ambassador", "commissioner", "chairman", "chairwoman", "spokesman", "spokeswoman", "ceo",
        "gen", "general", "lt", "lieutenant", "col", "colonel", "maj", "major", "capt", "captain", "cpt", "sgt",
        "sergeant", "cpl", "corporal", "pte", "pvt", "private", "adm", "admiral", "cmdr", "commander", "cdr", "brig",
        "brigadier", "marshal", "field", "lt-gen", "lt-col", "maj-gen", "brig-gen", "officer", "detective", "inspector",
        "constable", "st", "hon", "honourable", "honorable", "excellency", "comrade", "coach", "manager",
    ]))
    /// Titles that also start a non-person name, stripped only from PER spans ("General Motors",
    /// "Prince Edward Island", "Major League", "Lord's"). Every other title makes the rest of the span a
    /// person: "Mr Putin" tagged ORG -> "Putin" PER.
    static let personOnlyTitles = set(dotted([
        "general", "gen", "major", "prince", "princess", "king", "queen", "duke", "lord", "lady", "saint", "st", "field",
        "private", "vice", "deputy", "prime", "minister", "president", "secretary", "justice", "coach", "manager",
        "officer", "commander", "captain", "father", "pope", "emperor", "premier", "chancellor", "governor", "mayor",
        "senator", "judge", "ambassador", "commissioner", "chairman", "chairwoman", "spokesman", "spokeswoman", "ceo",
        "representative", "inspector", "detective", "constable", "bishop", "archbishop", "rabbi", "imam", "sheikh",
        "ayatollah", "pastor", "professor", "reverend", "admiral", "marshal", "colonel", "lieutenant", "sergeant",
        "corporal", "brigadier", "duchess", "honourable", "honorable", "excellency", "comrade",
    ]))
    /// `titleOnly`: titles that are also common surnames; alone they stay a name ("King", "Major", "Bishop").
    static let surnameTitles = set(["king", "major", "bishop", "marshal", "judge", "prince", "pope", "lord", "duke",
                                    "chancellor", "justice", "field", "knight", "dean", "sheriff", "queen"])
    /// `greeting`: words that open a salutation.
    static let greetings = set(["dear", "hi", "hello", "hey", "thanks", "thank", "congratulations", "congrats",
                                "welcome", "goodbye", "bye", "cheers", "greetings", "howdy"])
    /// `pronoun`: personal, possessive and reflexive pronouns and their contractions.
    static let pronouns = set([
        "i", "i'd", "i'm", "i've", "i'll", "me", "my", "mine", "myself", "we", "we're", "we've", "we'd", "we'll", "us",
        "our", "ours", "ourselves", "you", "you're", "you've", "you'd", "you'll", "your", "yours", "yourself", "he",
        "he's", "he'd", "he'll", "him", "his", "himself", "she", "she's", "she'd", "she'll", "her", "hers", "herself",
        "it", "it's", "its", "itself", "they", "they're", "they've", "they'd", "they'll", "them", "their", "theirs",
        "themselves", "one", "someone", "somebody", "everyone", "everybody", "anyone", "nobody", "y'all",
    ])
    /// `commonWord`: function words, deictic and time words, interjections and page-furniture words that
    /// are never a name on their own.
    static let commonWords = set([
        "a", "an", "the", "this", "that", "these", "those", "here", "there", "where", "when", "what", "why", "how",
        "who", "whom", "which", "whose", "whatever", "and", "or", "but", "nor", "so", "yet", "if", "then", "than",
        "because", "while", "although", "though", "also", "just", "even", "still", "only", "now", "today",
        "tonight", "yesterday", "tomorrow", "yes", "no", "not", "oh", "ah", "aw", "wow", "ok", "okay", "yeah", "yep",
        "nope", "hmm", "huh", "ha", "haha", "lol", "omg", "ugh", "oops", "please", "sorry", "well", "all", "some",
        "many", "much", "more", "most", "any", "none", "each", "every", "both", "either", "neither", "another",
        "other", "such", "after", "before", "since", "until", "meanwhile", "however", "therefore", "indeed",
        "anyway", "instead", "perhaps", "maybe", "of", "in", "on", "at", "by", "for", "with", "from", "to", "about",
        "as", "into", "over", "under", "via", "per", "share", "shares", "tweet", "like", "likes", "follow", "subscribe",
        "email", "e-mail", "print", "comment", "comments", "reply", "replies", "home", "menu", "search", "login",
        "logout", "log", "sign", "register", "read", "more", "next", "previous", "prev", "back", "top", "close",
        "icon", "image", "images", "photo", "photos", "picture", "video", "videos", "advertisement", "ad",
        "ads", "related", "source", "sources", "update", "updated", "posted", "edit", "edited", "editor", "link",
        "links", "click", "tags", "tag", "category", "categories", "archive", "archives", "permalink", "continue",
        "loading", "skip", "view", "views", "page", "note", "notes", "caption", "credit", "credits",
        "copyright", "story", "stories", "mr", "mrs", "ms", "dr",
    ])
    /// `innerBreak`, `edgeTrim`: lower-case words that may stand inside a name: particles of personal
    /// names and the connectors of organisation and place names.
    static let connectors = set([
        "of", "for", "and", "the", "de", "del", "della", "der", "den", "des", "di", "da", "do", "dos", "das", "du",
        "la", "le", "les", "van", "von", "bin", "ibn", "bint", "al", "el", "y", "e", "ter", "ten", "zu", "af", "av",
        "am", "an", "im", "on", "in", "upon", "sur", "en", "at", "to", "und", "et", "op", "aan", "di", "ap", "mac",
        "&", "'n'", "n'", "o'",
    ])
    /// `edgeTrim`: capitalised function words trimmed from the end of a span ("Google With" -> "Google").
    static let trailingFunctionWords = set([
        "a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "from", "as", "is", "are",
        "was", "were", "be", "has", "have", "had", "will", "says", "said", "this", "that", "it", "its", "his", "her",
        "their", "our", "my", "your", "but", "if", "so", "via", "about", "after", "before", "over", "into",
    ])
    /// `innerBreak`: capitalised function words that end a name inside a span ("Google With Python",
    /// "Facebook An icon"); "Of", "And", "For", "The", "In", "On", "At", "To" stay (title-case names).
    static let innerSplitWords = set([
        "a", "an", "or", "by", "with", "from", "as", "is", "are", "was", "were", "be", "has", "have", "had", "will",
        "says", "said", "this", "that", "it", "its", "his", "her", "their", "our", "my", "your", "but", "if", "so",
        "via", "about", "after", "before", "over", "into", "vs", "vs.", "versus", "how", "why", "what", "when", "who",
    ])
    /// `iconText`: a lower-case word that, within `iconWindow` tokens before or after a span in the same
    /// sentence, marks icon or image label text ("Facebook An icon of the Facebook logo", "Twitter icon").
    static let iconWords = set(["icon", "icons", "logo", "logos", "glyph", "symbol", "avatar", "thumbnail", "emoji"])
    /// `innerBreak`: the longest bracket group kept inside a name, in tokens ("( L )", "( BJ )"); a group is kept
    /// only with a capital letter and no number in it ("Michael (2017-10-04)" is cut).
    static let maxBracketGroup = 4
    /// How far around a span `iconText` looks for an icon word (covers "icon of the" and "An icon").
    static let iconWindow = 3

    static let nt = h("n't")
    /// `pronoun`, `commonWord`: words that are names in capitals ("US", "WHO", "IT"); any other
    /// all-caps common word ("HERE", "MENU", "VIDEO") is still dropped.
    static let acronyms = set(["us", "who", "it"])

    static func dotted(_ ws: [String]) -> [String] { ws + ws.filter { !$0.contains("-") }.map { $0 + "." } }

    /// Applies the rules to the tagger's candidates (alias-table spans are trusted and kept as they are).
    /// `events`, when given, records every change.
    static func apply(_ cands: [TagEntitiesStage.Cand], _ p: UnsafeBufferPointer<UInt8>, _ toks: [Token],
                      _ infos: [TokInfo], events: UnsafeMutablePointer<[HygieneEvent]>? = nil) -> [TagEntitiesStage.Cand] {
        var out: [TagEntitiesStage.Cand] = []
        out.reserveCapacity(cands.count)
        let ctx = Context(p: p, toks: toks, infos: infos, events: events)
        for c in cands {
            if c.fromAlias { out.append(c); continue }
            ctx.clean(c, into: &out)
        }
        return out
    }

    /// The document the rules read, and the event log.
    struct Context {
        let p: UnsafeBufferPointer<UInt8>
        let toks: [Token]
        let infos: [TokInfo]
        let events: UnsafeMutablePointer<[HygieneEvent]>?

        func text(_ a: Int, _ b: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: p[Int(toks[a].byteStart)..<Int(toks[b - 1].byteEnd)]), as: UTF8.self)
        }
        func log(_ r: HygieneRule, _ a: Int, _ b: Int) {
            events?.pointee.append(HygieneEvent(rule: r, text: text(a, b)))
        }
        func lower(_ k: Int) -> UInt64 { infos[k].lower }
        /// A word that starts with a lower-case letter and has no upper-case ASCII letter ("icon", not "iPhone").
        func isLowerWord(_ k: Int) -> Bool {
            infos[k].flags & TokFlag.letters != 0 && infos[k].flags & TokFlag.lowerWord != 0 && !hasUpper(k)
        }
        /// Digits with lower-case letters and no capital: "1pm", "46th", "10am" (never part of a name).
        func isNumberWord(_ k: Int) -> Bool {
            infos[k].flags & TokFlag.digit != 0 && infos[k].flags & TokFlag.letters != 0 && !hasUpper(k)
                && infos[k].flags & TokFlag.cap == 0
        }
        func isNumber(_ k: Int) -> Bool { infos[k].flags & TokFlag.digit != 0 && infos[k].flags & TokFlag.letters == 0 }
        func isPunct(_ k: Int) -> Bool { infos[k].flags & TokFlag.punct != 0 }
        /// Brackets, semicolons, bars and slashes between words end a name.
        func isBreaker(_ k: Int) -> Bool {
            guard isPunct(k), toks[k].byteEnd - toks[k].byteStart == 1 else { return false }
            switch p[Int(toks[k].byteStart)] {
            case 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x3B, 0x7C, 0x3C, 0x3E: return true
            default: return false
            }
        }
        /// Punctuation that may stand inside a name ("St. Louis", "Rolls - Royce", "AT & T").
        func isInnerPunct(_ k: Int) -> Bool {
            guard isPunct(k), toks[k].byteEnd - toks[k].byteStart == 1 else { return false }
            let c = p[Int(toks[k].byteStart)]
            return c == 0x2E || c == 0x2D || c == 0x26 || c == 0x27 || c == 0x2F
        }

        func clean(_ c: TagEntitiesStage.Cand, into out: inout [TagEntitiesStage.Cand]) {
            if !hasCapital(c) { log(.noCapital, c.start, c.end); return }
            for (a, b) in pieces(c) {
                var piece = c
                piece.start = a; piece.end = b
                if let kept = cleanPiece(piece, original: (c.start, c.end)) { out.append(kept) }
            }
        }

        /// `innerBreak`: the span cut at breakers and at lower-case words that are no connectors.
        func pieces(_ c: TagEntitiesStage.Cand) -> [(Int, Int)] {
            var out: [(Int, Int)] = []
            var a = c.start
            var k = c.start
            while k < c.end {
                // a balanced bracket group after a word stays part of the name ("Mladost ( L )")
                if k > c.start, let j = closer(of: k, before: c.end), j - k <= maxBracketGroup,
                   (k + 1..<j).contains(where: { hasUpper($0) }), !(k + 1..<j).contains(where: { isNumber($0) }) { k = j + 1; continue }
                let breaks = isBreaker(k) || beforeNot(k) || isNumberWord(k)
                    || (isLowerWord(k) && !connectors.contains(lower(k)) && !isCliticWord(k))
                    || (k > c.start && !isLowerWord(k) && innerSplitWords.contains(lower(k)))
                    || (isPunct(k) && !isInnerPunct(k) && k > c.start && k < c.end - 1 && !isQuoteLike(k))
                if breaks {
                    if a < k { out.append((a, k)) }
                    a = k + 1
                }
                k += 1
            }
            if a < c.end { out.append((a, c.end)) }
            if out.count != 1 || out[0] != (c.start, c.end) { log(.innerBreak, c.start, c.end) }
            return out
        }
        /// "s" in "Queen ' s Park": a short lower-case word right after an apostrophe.
        func isCliticWord(_ k: Int) -> Bool {
            k > 0 && isApostrophe(k - 1) && toks[k].byteEnd - toks[k].byteStart <= 2
        }
        /// 's, ’d, 'll: a clitic split off the word before it.
        func isClitic(_ k: Int) -> Bool {
            let a = Int(toks[k].byteStart), len = Int(toks[k].byteEnd) - a
            return len <= 6 && (p[a] == 0x27 || (p[a] == 0xE2 && len >= 3 && p[a + 1] == 0x80 && p[a + 2] == 0x99))
        }
        /// "Ca" in "I Ca n't": the verb of a split negative contraction.
        func beforeNot(_ k: Int) -> Bool { k + 1 < toks.count && lower(k + 1) == EntityHygiene.nt }
        /// The token is exactly ' or ’.
        func isApostrophe(_ k: Int) -> Bool {
            let len = toks[k].byteEnd - toks[k].byteStart
            return (len == 1 && p[Int(toks[k].byteStart)] == 0x27) || (len == 3 && isQuoteLike(k))
        }
        func isQuoteLike(_ k: Int) -> Bool {
            let c = p[Int(toks[k].byteStart)]
            return c == 0x27 || (c == 0xE2 && toks[k].byteEnd - toks[k].byteStart == 3 && p[Int(toks[k].byteStart) + 2] == 0x99)
        }

        func cleanPiece(_ c0: TagEntitiesStage.Cand, original: (Int, Int)) -> TagEntitiesStage.Cand? {
            var c = c0
            trimEdges(&c)
            guard c.start < c.end else { return nil }
            // titles and greetings at the start
            var a = c.start
            var toPerson = false
            while a < c.end && (titles.contains(lower(a)) || greetings.contains(lower(a))) && infos[a].flags & TokFlag.cap != 0 {
                let isTitle = titles.contains(lower(a))
                if isTitle && c.type != "PER" && personOnlyTitles.contains(lower(a)) { break }
                if isTitle { toPerson = true }
                a += 1
                while a < c.end && isPunct(a) && p[Int(toks[a].byteStart)] == 0x2E { a += 1 }   // "Mr ." split off
            }
            if a > c.start {
                let greetingOnly = !toPerson
                if a == c.end {
                    if a - c.start == 1 && surnameTitles.contains(lower(c.start)) { return keep(c) ? c : nil }   // "King"
                    log(greetingOnly ? .commonWord : .titleOnly, c.start, c.end)
                    return nil
                }
                log(greetingOnly ? .greeting : .leadingTitle, c.start, c.end)
                c.start = a
                if toPerson { c.type = "PER" }
                trimEdges(&c)
                guard c.start < c.end else { return nil }
            }
            return keep(c) ? c : nil
        }

        /// `edgeTrim`: punctuation (not currency signs or a bracket that closes one inside the span),
        /// lower-case words, leading numbers, trailing numbers of people and places ("Euro 96", "FTSE 100" stay)
        /// and trailing capitalised function words.
        func trimEdges(_ c: inout TagEntitiesStage.Cand) {
            let s = c.start, e = c.end
            while c.start < c.end && (isNumber(c.start) || isTrimmablePunct(c.start) || isLowerWord(c.start) || isClitic(c.start)
                                      || isNumberWord(c.start)) { c.start += 1 }
            let numbersOut = c.type == "PER" || c.type == "LOC"
            while c.end > c.start {
                let k = c.end - 1
                if isLowerWord(k) && k > c.start && isApostrophe(k - 1) && toks[k].byteEnd - toks[k].byteStart <= 2 { break }   // "Lord 's"
                if isCloser(k) && opensBefore(k, c.start) { break }                     // "Mladost ( L )"
                guard (numbersOut && isNumber(k)) || isTrimmablePunct(k) || isLowerWord(k) || isClitic(k) || isNumberWord(k)
                        || (k > c.start && trailingFunctionWords.contains(lower(k))) else { break }
                c.end -= 1
            }
            if c.start != s || c.end != e { log(.edgeTrim, s, e) }
        }
        /// Punctuation trimmed from the edges: all but currency and other signs that belong to a name ("C$", "AT&T").
        func isTrimmablePunct(_ k: Int) -> Bool {
            guard isPunct(k) else { return false }
            let b = p[Int(toks[k].byteStart)]
            switch b {
            case 0x24, 0x25, 0x26, 0x2B, 0x23, 0x40: return false                       // $ % & + # @
            case 0xC2: return !(toks[k].byteEnd - toks[k].byteStart >= 2 && [0xA3, 0xA5].contains(p[Int(toks[k].byteStart) + 1]))  // £ ¥
            case 0xE2: return !(toks[k].byteEnd - toks[k].byteStart >= 2 && p[Int(toks[k].byteStart) + 1] == 0x82)               // € ₽ ₴ ...
            default: return true
            }
        }
        func bracket(_ k: Int) -> UInt8? {
            guard isPunct(k), toks[k].byteEnd - toks[k].byteStart == 1 else { return nil }
            let b = p[Int(toks[k].byteStart)]
            return [0x28, 0x29, 0x5B, 0x5D].contains(b) ? b : nil
        }
        func isCloser(_ k: Int) -> Bool { bracket(k) == 0x29 || bracket(k) == 0x5D }
        /// An opening bracket of the same kind between `from` and `k`, with no closer after it.
        func opensBefore(_ k: Int, _ from: Int) -> Bool {
            let open: UInt8 = bracket(k) == 0x29 ? 0x28 : 0x5B
            var j = k - 1
            while j > from {
                if bracket(j) == open { return true }
                if bracket(j) == bracket(k) { return false }
                j -= 1
            }
            return false
        }
        /// Position of the bracket that closes the one opened at `k` within `end`, if any.
        func closer(of k: Int, before end: Int) -> Int? {
            guard let b = bracket(k), b == 0x28 || b == 0x5B else { return nil }
            let close: UInt8 = b == 0x28 ? 0x29 : 0x5D
            var j = k + 1
            while j < end {
                if bracket(j) == close { return j }
                if bracket(j) == b { return nil }
                j += 1
            }
            return nil
        }

        /// The whole-span rules: pronoun, title alone, common word, icon text, no capital letter.
        func keep(_ c: TagEntitiesStage.Cand) -> Bool {
            let words = (c.start..<c.end).filter { !isPunct($0) && !isClitic($0) }
            guard let first = words.first else { return false }
            if words.count == 1 && pronouns.contains(lower(first)) && !isAcronym(first) { log(.pronoun, c.start, c.end); return false }
            if words.allSatisfy({ titles.contains(lower($0)) }) && !(words.count == 1 && surnameTitles.contains(lower(first))) {
                log(.titleOnly, c.start, c.end); return false
            }
            if words.allSatisfy({ commonWords.contains(lower($0)) || pronouns.contains(lower($0)) })
                && !(words.count == 1 && isAcronym(first)) { log(.commonWord, c.start, c.end); return false }
            if isIconLabel(c) { log(.iconText, c.start, c.end); return false }
            return true
        }
        /// `noCapital`: no word of the span has an upper-case letter.
        func hasCapital(_ c: TagEntitiesStage.Cand) -> Bool {
            (c.start..<c.end).contains { infos[$0].flags & (TokFlag.cap | TokFlag.allCaps) != 0 || hasUpper($0) }
        }
        func hasUpper(_ k: Int) -> Bool {
            for i in Int(toks[k].byteStart)..<Int(toks[k].byteEnd) where p[i] >= 0x41 && p[i] <= 0x5A { return true }
            return false
        }
        /// "US", "WHO", "IT" in capitals in mixed-case text: an acronym, not a pronoun or common word.
        func isAcronym(_ k: Int) -> Bool {
            infos[k].flags & TokFlag.allCaps != 0 && acronyms.contains(lower(k))
                && infos[k].flags & TokFlag.capsSentence == 0
        }
        /// `iconText`: an icon word just before or after the span in the same sentence.
        func isIconLabel(_ c: TagEntitiesStage.Cand) -> Bool {
            let sent = infos[c.start].sent
            var k = c.start - 1
            while k >= 0 && k >= c.start - iconWindow && infos[k].sent == sent {
                if iconWords.contains(lower(k)) && isLowerWord(k) { return true }
                k -= 1
            }
            k = c.end
            while k < infos.count && k < c.end + iconWindow && infos[k].sent == sent {
                if iconWords.contains(lower(k)) && isLowerWord(k) { return true }
                k += 1
            }
            return false
        }
    }
}
