import WinnowCore

// Date strings → a calendar day with an optional time and offset. Two readers: machine forms (ISO 8601,
// RFC 3339, compact "20230217", RFC 822 "Fri, 17 Feb 2023 18:52:00 +0100") for meta and JSON-LD values, and a
// finder for written dates inside visible text ("17. Februar 2023", "Feb. 17, 2023", "17/02/2023").

/// A parsed date. `value` is the output shape: RFC 3339 with seconds and the source's own offset when a time
/// and zone are known, else the plain day; never shifted to UTC.
struct ParsedDate: Equatable, Sendable {
    var year: Int, month: Int, day: Int
    var time: (h: Int, m: Int, s: Int)?
    /// "Z" or "+01:00"; nil when the source gave no zone.
    var offset: String?

    static func == (a: ParsedDate, b: ParsedDate) -> Bool { a.value == b.value }

    var dayString: String { pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) }
    var value: String {
        guard let t = time, let o = offset else { return dayString }
        return dayString + "T" + pad(t.h, 2) + ":" + pad(t.m, 2) + ":" + pad(t.s, 2) + o
    }
    /// A UTC stamp ("Z", "+00:00"): its day may not be the page's local day.
    var isUTC: Bool { offset == "Z" || offset == "+00:00" || offset == "-00:00" }
    /// 0 = Monday … 6 = Sunday.
    var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }
    /// Days since 1970-01-01 (proleptic Gregorian), for comparing days.
    var dayNumber: Int { DateParsing.dayNumber(year, month, day) }

    func isValid(notAfter limit: Int?) -> Bool {
        guard year >= MetadataRules.minYear, year <= MetadataRules.maxYear, (1...12).contains(month),
              day >= 1, day <= DateParsing.daysIn(year, month) else { return false }
        if let limit, dayNumber > limit { return false }
        return true
    }
}

enum DateParsing {
    static func daysIn(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func dayNumber(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    // MARK: Machine forms

    /// ISO 8601 / RFC 3339 ("2023-02-17", "2023-02-17T18:52:00+01:00", "2023-02-17 18:52", "2023/02/17",
    /// "20230217", fractional seconds, "+0100"), else the written-date finder (RFC 822 and other non-ISO strings
    /// in meta fields). A time without a zone keeps only the day.
    static func parseMachine(_ raw: String, dayFirst: Bool = true) -> ParsedDate? {
        let clean = cleanInline(raw)
        if let d = parseISO(Array(clean.utf8)) { return d }
        // RFC 2822 / HTTP dates with their offset ("Thu, 08 May 2014 14:04:53 -0400"): the core's normaliser.
        if let n = DateValue.normalize(clean), let d = parseISO(Array(n.utf8)) { return d }
        return findWritten(in: clean, dayFirst: dayFirst)
    }

    private static func digits(_ s: [UInt8], _ from: Int, _ count: Int) -> Int? {
        guard from >= 0, from + count <= s.count else { return nil }
        var v = 0
        for k in from..<(from + count) {
            guard s[k] >= 0x30 && s[k] <= 0x39 else { return nil }
            v = v * 10 + Int(s[k] - 0x30)
        }
        return v
    }

    static func parseISO(_ s: [UInt8]) -> ParsedDate? {
        guard let y = digits(s, 0, 4) else { return nil }
        var d: ParsedDate
        var k: Int
        if s.count >= 10, s[4] == 0x2D || s[4] == 0x2F || s[4] == 0x2E, s[7] == s[4],
           let mo = digits(s, 5, 2), let dd = digits(s, 8, 2) {
            d = ParsedDate(year: y, month: mo, day: dd); k = 10
        } else if let mo = digits(s, 4, 2), let dd = digits(s, 6, 2), s.count == 8 || (s.count > 8 && s[8] == 0x54) {
            d = ParsedDate(year: y, month: mo, day: dd); k = 8   // compact 20230217 or 20230217T…
            if k < s.count, s[k] == 0x54, let h = digits(s, 9, 2), let mi = digits(s, 11, 2) {
                d.time = (h, mi, digits(s, 13, 2) ?? 0)
                k = digits(s, 13, 2) != nil ? 15 : 13
                d.offset = parseOffset(s, k)
            }
            return d.isValid(notAfter: nil) ? d : nil
        } else { return nil }
        guard d.isValid(notAfter: nil) else { return nil }
        // A time: "T18:52", "T18:52:00", " 18:52:00.123".
        guard k < s.count, s[k] == 0x54 || s[k] == 0x20, let h = digits(s, k + 1, 2), k + 3 < s.count, s[k + 3] == 0x3A,
              let mi = digits(s, k + 4, 2), h < 24, mi < 60 else { return d }
        var sec = 0
        k += 6
        if k < s.count, s[k] == 0x3A, let sv = digits(s, k + 1, 2) { sec = min(sv, 59); k += 3 }
        if k < s.count, s[k] == 0x2E || s[k] == 0x2C { k += 1; while k < s.count, s[k] >= 0x30, s[k] <= 0x39 { k += 1 } }
        d.time = (h, mi, sec)
        d.offset = parseOffset(s, k)
        return d
    }

    /// "Z", "+01:00", "+0100", "+01", " GMT", " UTC" at `k`.
    private static func parseOffset(_ s: [UInt8], _ k0: Int) -> String? {
        var k = k0
        while k < s.count, s[k] == 0x20 { k += 1 }
        guard k < s.count else { return nil }
        if s[k] == 0x5A { return "Z" }
        let rest = String(decoding: s[k...], as: UTF8.self)
        if rest == "GMT" || rest == "UTC" { return "Z" }
        guard s[k] == 0x2B || s[k] == 0x2D, let h = digits(s, k + 1, 2), h <= 14 else { return nil }
        var m = 0
        if let mm = digits(s, k + 4, 2), k + 3 < s.count, s[k + 3] == 0x3A { m = mm }
        else if let mm = digits(s, k + 3, 2) { m = mm }
        guard m < 60 else { return nil }
        return (s[k] == 0x2B ? "+" : "-") + pad(h, 2) + ":" + pad(m, 2)
    }

    // MARK: Written dates

    private enum Tok { case num(Int, digits: Int, raw: String), month(Int), word(String), triple(Int, Int, Int, sep: Character, firstDigits: Int, lastDigits: Int) }

    /// Month of a word in the major European languages ("februar", "feb.", "févr", "mrz").
    static func month(_ w: String) -> Int? {
        var t = w
        if t.hasSuffix(".") { t.removeLast() }
        if t.isEmpty { return nil }
        if let m = LinePatterns.months[t] ?? MetadataRules.monthAbbreviations[t] { return m }
        if t.count == 3, let m = LinePatterns.months[t] { return m }
        return nil
    }

    /// Byte length of the token separator at `i` (space, comma, no-break space, "|", "·", "•", tab, newline, en and
    /// em dash), 0 for none. A separator followed by a combining mark is part of a Character, not a separator.
    @inline(__always)
    private static func separatorLength(_ u: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = u[i], n = u.count
        var len = 0
        switch b {
        case 0x20, 0x2C, 0x7C, 0x09, 0x0A: len = 1
        case 0xC2 where i + 1 < n && (u[i + 1] == 0xA0 || u[i + 1] == 0xB7): len = 2
        case 0xE2 where i + 2 < n && u[i + 1] == 0x80 && (u[i + 2] == 0xA2 || u[i + 2] == 0x93 || u[i + 2] == 0x94): len = 3
        default: return 0
        }
        if i + len < n, u[i + len] == 0xCC || u[i + len] == 0xCD { return 0 }   // U+0300–U+036F follows
        return len
    }

    private static func tokenize(_ text: String) -> [Tok] {
        var out: [Tok] = []
        func flush(_ w: String) {
            guard !w.isEmpty else { return }
            // A numeric triple "17.02.2023", "2023-02-17", "02/17/2023".
            for sep in [Character("."), "/", "-"] where w.contains(sep) {
                let parts = w.split(separator: sep, omittingEmptySubsequences: false)
                let trimmed = parts.count == 4 && parts[3].isEmpty ? Array(parts.prefix(3)) : parts.map { $0 }
                if trimmed.count == 3, trimmed.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) {
                    out.append(.triple(Int(trimmed[0])!, Int(trimmed[1])!, Int(trimmed[2])!, sep: sep,
                                       firstDigits: trimmed[0].count, lastDigits: trimmed[2].count))
                    return
                }
            }
            var core = w
            while let l = core.last, l == "." || l == "," || l == ")" { core.removeLast() }
            while let f = core.first, f == "(" { core.removeFirst() }
            if !core.isEmpty, core.allSatisfy({ $0.isASCII && $0.isNumber }), core.count <= 4 {
                out.append(.num(Int(core)!, digits: core.count, raw: w)); return
            }
            // "17th", "1st", "2nd", "3rd", "1er", "1º".
            for suf in ["st", "nd", "rd", "th", "er", "º", "°"] where core.hasSuffix(suf) {
                let n = core.dropLast(suf.count)
                if !n.isEmpty, n.count <= 2, n.allSatisfy({ $0.isASCII && $0.isNumber }) { out.append(.num(Int(n)!, digits: n.count, raw: w)); return }
            }
            let lw = core.lowercased()
            if let m = month(lw) ?? month(w.lowercased()) { out.append(.month(m)); return }
            out.append(.word(lw))
        }
        // Split on bytes: iterating Characters cost most of a line's parse.
        var text = text
        text.withUTF8 { u in
            var start = 0, i = 0
            while i < u.count {
                let len = separatorLength(u, i)
                if len == 0 { i += 1; continue }
                flush(String(decoding: UnsafeBufferPointer(rebasing: u[start..<i]), as: UTF8.self))
                i += len
                start = i
            }
            flush(String(decoding: UnsafeBufferPointer(rebasing: u[start..<u.count]), as: UTF8.self))
        }
        return out
    }

    /// The first written date in `text`: day-month-year and month-day-year with month names in the major European
    /// languages, and numeric day/month/year (the order decided by `dayFirst` when both fields could be either).
    static func findWritten(in text: String, dayFirst: Bool) -> ParsedDate? {
        // Every date found below has a four-digit year or a numeric "17.02.23" / "17/02/23" form: a line with
        // neither is answered without tokenizing it.
        guard mayHoldWrittenDate(text.utf8) else { return nil }
        let toks = tokenize(text)
        var weekday: Int?
        for t in toks { if case let .word(w) = t, let k = MetadataRules.weekdayNumbers[w] { weekday = k; break } }
        func year(_ t: Tok) -> Int? {
            if case let .num(v, digits: 4, raw: _) = t { return v }
            return nil
        }
        func dayNum(_ t: Tok) -> Int? {
            if case let .num(v, digits: n, raw: _) = t, n <= 2, v >= 1, v <= 31 { return v }
            return nil
        }
        /// The next token index after `i`, skipping joining words ("de", "of").
        func next(_ i: Int) -> Int {
            var j = i + 1
            while j < toks.count, case let .word(w) = toks[j], MetadataRules.dateJoiners.contains(w) { j += 1 }
            return j
        }
        for i in toks.indices {
            switch toks[i] {
            case let .triple(a, b, c, sep, fd, ld):
                var d: ParsedDate?
                if fd == 4 { d = ParsedDate(year: a, month: b, day: c) }
                else if ld == 4 {
                    var dm = (a > 12) || (dayFirst && b <= 12) || sep == "."
                    // Both orders possible: a weekday on the line ("Tuesday, 11.06.2012") settles it.
                    if a <= 12 && b <= 12 && a != b, let wd = weekday {
                        let dmDate = ParsedDate(year: c, month: b, day: a), mdDate = ParsedDate(year: c, month: a, day: b)
                        if dmDate.isValid(notAfter: nil) && dmDate.weekday == wd { dm = true }
                        else if mdDate.isValid(notAfter: nil) && mdDate.weekday == wd { dm = false }
                    }
                    d = dm ? ParsedDate(year: c, month: b, day: a) : ParsedDate(year: c, month: a, day: b)
                    if !(d!.isValid(notAfter: nil)) { d = dm ? ParsedDate(year: c, month: a, day: b) : ParsedDate(year: c, month: b, day: a) }
                } else if ld == 2, sep == "." || (sep == "/" && dayFirst), a <= 31, b <= 12 {
                    d = ParsedDate(year: 2000 + c, month: b, day: a)   // "17.02.23": two-digit year, day first
                }
                if let d, d.isValid(notAfter: nil) { return d }
            case let .num(v, digits: n, raw: _) where n <= 2 && v >= 1 && v <= 31:
                // 17. Februar 2023 / 17 de febrero de 2023 / 17th of February 2023
                let j = next(i)
                if j < toks.count, case let .month(m) = toks[j] {
                    let k = next(j)
                    if k < toks.count, let y = year(toks[k]) {
                        let d = ParsedDate(year: y, month: m, day: v)
                        if d.isValid(notAfter: nil) { return d }
                    }
                }
            case let .month(m):
                // Feb. 17, 2023 / February 17th 2023
                let j = next(i)
                if j < toks.count, let dn = dayNum(toks[j]) {
                    let k = next(j)
                    if k < toks.count, let y = year(toks[k]) {
                        let d = ParsedDate(year: y, month: m, day: dn)
                        if d.isValid(notAfter: nil) { return d }
                    }
                }
            default:
                break
            }
        }
        return nil
    }

    /// Four ASCII digits in a row, or a digit, '.' or '/', and a digit.
    static func mayHoldWrittenDate(_ bytes: String.UTF8View) -> Bool {
        var run = 0, prev: UInt8 = 0, beforePrev: UInt8 = 0
        for b in bytes {
            let digit = b >= 0x30 && b <= 0x39
            run = digit ? run + 1 : 0
            if run >= 4 { return true }
            if digit && (prev == 0x2E || prev == 0x2F) && beforePrev >= 0x30 && beforePrev <= 0x39 { return true }
            beforePrev = prev; prev = b
        }
        return false
    }

    /// Whether numeric dates on this page are written day first: every language except US English ("en",
    /// "en-US"), and English on British, Irish, Australian, … hosts.
    static func dayFirst(language: String?, host: String?) -> Bool {
        guard let l = language?.lowercased(), !l.isEmpty else {
            if let h = host, MetadataRules.dayFirstHostSuffixes.contains(where: { h.hasSuffix($0) }) { return true }
            return false
        }
        if MetadataRules.monthFirstLanguages.contains(l) {
            if let h = host, MetadataRules.dayFirstHostSuffixes.contains(where: { h.hasSuffix($0) }) { return true }
            return false
        }
        return !l.hasPrefix("en-us")
    }

    /// A date from a URL path: /2023/02/17/, /2023-02-17-slug, /20230217/. Only a full day counts.
    static func fromURL(_ url: String) -> ParsedDate? {
        guard let r = Substring(url).range(of: "://") else { return nil }
        let path = url[r.upperBound...].drop { $0 != "/" }
        let parts = path.split(whereSeparator: { $0 == "/" || $0 == "?" || $0 == "#" || $0 == "&" || $0 == "=" }).map(String.init)
        for (k, p) in parts.enumerated() {
            if p.count == 4, let y = Int(p), k + 2 < parts.count, parts[k + 1].count <= 2, let mo = Int(parts[k + 1]),
               parts[k + 2].count >= 1, let dd = Int(parts[k + 2].prefix(2).filter(\.isNumber)), parts[k + 2].prefix(2).allSatisfy(\.isNumber) || parts[k + 2].count == 1 {
                let d = ParsedDate(year: y, month: mo, day: dd)
                if d.isValid(notAfter: nil) { return d }
            }
            // A slug starting with a day-first date ("29-10-2021", "~02-01-2022-land-zahlte").
            let slug = p.drop { !$0.isNumber }
            if slug.count >= 10, let d = findWritten(in: String(slug.prefix(10)), dayFirst: true), d.isValid(notAfter: nil),
               slug.prefix(10).filter({ $0 == "-" }).count == 2, slug.prefix(2).allSatisfy(\.isNumber), !slug.prefix(4).allSatisfy(\.isNumber) {
                return d
            }
            // A slug starting with an ISO day or a compact day.
            let head = Array(p.utf8.prefix(10))
            if head.count == 10, head[4] == 0x2D, head[7] == 0x2D, let d = parseISO(head), d.isValid(notAfter: nil) { return d }
            if p.count >= 8, p.utf8.prefix(8).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
               p.count == 8 || !(p.utf8.dropFirst(8).first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false),
               let d = parseISO(Array(p.utf8.prefix(8))), d.isValid(notAfter: nil), d.year >= 2000 { return d }
        }
        return nil
    }
}
