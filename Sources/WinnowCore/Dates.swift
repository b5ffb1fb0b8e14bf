/// The one shape of `published`, `updated` and `fetched` in Winnow's output:
/// RFC 3339 with seconds and the offset the source gave (`2023-02-17T18:52:00+01:00`, or `Z`) when a time
/// and a zone are known, otherwise the plain day (`2023-02-17`). A timestamp is never converted to UTC
/// (the day the publisher states is the day analysts group by), and a time without a zone keeps only its
/// day (a naive timestamp cannot be placed on a timeline).
public enum DateValue {
    /// Years outside this range are not publication dates (typos, placeholders such as 0001-01-01).
    public static let plausibleYears = 1900...2199

    /// Normalises an ISO 8601 / RFC 3339 / RFC 2822 (HTTP, RSS) date or date-time; nil when it is neither.
    public static func normalize(_ raw: String) -> String? {
        let bytes = Array(raw.utf8.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
        if bytes.isEmpty { return nil }
        var p = Scanner(bytes)
        if let iso = p.iso8601() { return iso }
        var q = Scanner(bytes)
        return q.rfc2822()
    }

    /// A normalised value's day (`YYYY-MM-DD`), e.g. for grouping or comparing.
    public static func day(of normalized: String) -> String { String(normalized.prefix(10)) }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func format(year: Int, month: Int, day: Int) -> String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `+01:00` from a signed offset in minutes (`Z` for zero when the source wrote `Z`/`UTC`/`GMT`).
    static func offset(minutes: Int, zulu: Bool) -> String {
        if zulu { return "Z" }
        let sign = minutes < 0 ? "-" : "+"
        let m = abs(minutes)
        return sign + pad(m / 60, 2) + ":" + pad(m % 60, 2)
    }

    private struct Scanner {
        let b: [UInt8]
        var i = 0
        init(_ b: [UInt8]) { self.b = b }

        var atEnd: Bool { i >= b.count }
        func peek(_ k: Int = 0) -> UInt8? { i + k < b.count ? b[i + k] : nil }
        mutating func eat(_ c: UInt8) -> Bool { if peek() == c { i += 1; return true }; return false }
        mutating func skipSpaces() { while let c = peek(), DateValue.isSpace(c) { i += 1 } }

        /// Exactly `n` digits.
        mutating func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }

        /// 1 or 2 digits.
        mutating func smallNumber() -> Int? {
            var v = 0, n = 0
            while n < 2, let c = peek(), c >= 0x30 && c <= 0x39 { v = v * 10 + Int(c - 0x30); i += 1; n += 1 }
            return n == 0 ? nil : v
        }

        func validDay(_ y: Int, _ m: Int, _ d: Int) -> Bool {
            DateValue.plausibleYears.contains(y) && (1...12).contains(m) && d >= 1 && d <= DateValue.daysIn(month: m, year: y)
        }

        /// `YYYY-MM-DD`, optionally `T`/space `hh:mm[:ss[.fff]]` and a zone (`Z`, `±hh:mm`, `±hhmm`, `±hh`).
        mutating func iso8601() -> String? {
            guard let y = digits(4) else { return nil }
            let dashed = eat(UInt8(ascii: "-"))
            guard let m = digits(2) else { return nil }
            if dashed { guard eat(UInt8(ascii: "-")) else { return nil } }
            guard let d = digits(2), validDay(y, m, d) else { return nil }
            let day = DateValue.format(year: y, month: m, day: d)
            if atEnd { return day }
            guard eat(UInt8(ascii: "T")) || eat(UInt8(ascii: "t")) || eat(0x20) else { return nil }
            guard let hh = digits(2), eat(UInt8(ascii: ":")), let mm = digits(2), hh < 24, mm < 60 else { return nil }
            var ss = 0
            if eat(UInt8(ascii: ":")) {
                guard let s = digits(2), s <= 60 else { return nil }
                ss = min(s, 59)
                if eat(UInt8(ascii: ".")) || eat(UInt8(ascii: ",")) {
                    while let c = peek(), c >= 0x30 && c <= 0x39 { i += 1 }   // fractions are dropped
                }
            }
            skipSpaces()
            if atEnd { return day }   // naive: the day only
            guard let zone = zone(), atEnd else { return nil }
            return day + "T" + DateValue.pad(hh, 2) + ":" + DateValue.pad(mm, 2) + ":" + DateValue.pad(ss, 2) + zone
        }

        /// `Z`, `UTC`, `GMT`, `±hh:mm`, `±hhmm`, `±hh`; nil when absent or malformed.
        mutating func zone() -> String? {
            if eat(UInt8(ascii: "Z")) || eat(UInt8(ascii: "z")) { return "Z" }
            if word(["UTC", "GMT", "UT"]) != nil { return "Z" }
            guard let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
            i += 1
            guard let h = digits(2) else { return nil }
            var m = 0
            if eat(UInt8(ascii: ":")) { guard let x = digits(2) else { return nil }; m = x } else if let x = digits(2) { m = x }
            guard h <= 14, m < 60 else { return nil }
            let minutes = (h * 60 + m) * (sign == UInt8(ascii: "-") ? -1 : 1)
            return DateValue.offset(minutes: minutes, zulu: false)
        }

        /// Matches one of `words` case-insensitively at the cursor (whole word); returns its index.
        mutating func word(_ words: [String]) -> Int? {
            var end = i
            while end < b.count, (b[end] | 0x20) >= 0x61 && (b[end] | 0x20) <= 0x7A { end += 1 }
            guard end > i else { return nil }
            let w = String(decoding: b[i..<end].map { $0 | 0x20 }, as: UTF8.self)
            // The whole word or an abbreviation of at least three letters ("Feb", "Sept", "Fri").
            for (k, cand) in words.enumerated() where cand.lowercased() == w || (w.count >= 3 && cand.lowercased().hasPrefix(w)) {
                i = end
                return k
            }
            return nil
        }

        static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
        static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

        /// RFC 2822 / HTTP date: `[Fri, ]17 Feb 2023 18:52[:00] +0100|GMT`.
        mutating func rfc2822() -> String? {
            if word(Self.weekdays) != nil { _ = eat(UInt8(ascii: ",")); skipSpaces() }
            guard let d = smallNumber() else { return nil }
            skipSpaces()
            guard let mi = word(Self.months) else { return nil }
            skipSpaces()
            guard let y = digits(4), validDay(y, mi + 1, d) else { return nil }
            let day = DateValue.format(year: y, month: mi + 1, day: d)
            skipSpaces()
            if atEnd { return day }
            guard let hh = digits(2), eat(UInt8(ascii: ":")), let mm = digits(2), hh < 24, mm < 60 else { return nil }
            var ss = 0
            if eat(UInt8(ascii: ":")) { guard let s = digits(2), s <= 60 else { return nil }; ss = min(s, 59) }
            skipSpaces()
            if atEnd { return day }
            guard let zone = zone() else { return nil }
            skipSpaces()
            guard atEnd else { return nil }
            return day + "T" + DateValue.pad(hh, 2) + ":" + DateValue.pad(mm, 2) + ":" + DateValue.pad(ss, 2) + zone
        }
    }
}
