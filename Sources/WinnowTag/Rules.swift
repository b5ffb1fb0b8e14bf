import Foundation

/// An entity found by a rule, in token indices [start, end), with its normalised value.
struct RuleEntity {
    var start: Int
    var end: Int
    var type: String
    var canonical: String
}

/// DATE, MONEY and PERCENT by rules over tokens, with normalised values:
/// DATE "2023-02-17" / "2023-02" / "--02-17" / "1997"; MONEY "USD 43000000000"; PERCENT "12.5%".
enum NumericRules {
    static func h(_ s: String) -> UInt64 {
        var b = Array(s.utf8)
        return b.withUnsafeMutableBufferPointer { fnv($0.baseAddress!, $0.count) }
    }
    // Word tables keyed by the token's lower-case hash; HashTable64 because every token is looked up.
    static let months = HashTable64<Int>({
        var m: [UInt64: Int] = [:]
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"]
        for (i, n) in names.enumerated() {
            m[h(n)] = i + 1
            if n.count > 3 { m[h(String(n.prefix(3)))] = i + 1; m[h(String(n.prefix(3)) + ".")] = i + 1 }
        }
        m[h("sept")] = 9; m[h("sept.")] = 9
        m.removeValue(forKey: h("mar"))   // "Mar" is also a name; keep "Mar." and "March"
        return m
    }())
    static let scaleWords: [UInt64: Double] = [
        h("thousand"): 1e3, h("million"): 1e6, h("mln"): 1e6, h("m"): 1e6, h("mn"): 1e6,
        h("billion"): 1e9, h("bln"): 1e9, h("bn"): 1e9, h("trillion"): 1e12, h("tn"): 1e12,
    ]
    static let scales = HashTable64(scaleWords)
    static let currencyWords = HashTable64<String>([
        h("dollars"): "USD", h("dollar"): "USD", h("usd"): "USD", h("euros"): "EUR", h("euro"): "EUR", h("eur"): "EUR",
        h("pounds"): "GBP", h("sterling"): "GBP", h("gbp"): "GBP", h("rubles"): "RUB", h("roubles"): "RUB",
        h("ruble"): "RUB", h("rouble"): "RUB", h("rub"): "RUB", h("hryvnias"): "UAH", h("hryvnia"): "UAH",
        h("uah"): "UAH", h("yen"): "JPY", h("jpy"): "JPY", h("yuan"): "CNY", h("francs"): "CHF", h("chf"): "CHF",
        h("marks"): "DEM", h("rupees"): "INR",
    ])
    static let currencySymbols: [String: String] = ["$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH"]
    static let yearPreps = HashTable64Set([h("in"), h("since"), h("by"), h("until"), h("till"), h("from"), h("of"), h("during"), h("before"), h("after")])
    static let percentWords = HashTable64Set([h("percent"), h("pct")])
    /// Letter-only words whose text (not only their hash) `find` reads: "per cent", and the scale
    /// words' length.
    static let textWords = HashTable64Set(Array(scaleWords.keys) + [h("per"), h("cent")])

    static func number(_ s: String) -> Double? {
        guard let f = s.utf8.first, f >= 0x30 && f <= 0x39 else { return nil }
        var t = ""
        for c in s { if c == "," { continue }; guard c.isNumber || c == "." else { return nil }; t.append(c) }
        return Double(t)
    }
    static func fmt(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e18 { return String(Int64(v)) }
        var s = String(format: "%.4f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    static func isYear(_ v: Double?) -> Int? {
        guard let v, v == v.rounded(), v >= 1800, v <= 2100 else { return nil }
        return Int(v)
    }

    static func find(words: [String], infos: [TokInfo]) -> [RuleEntity] {
        var out: [RuleEntity] = []
        let n = words.count
        var i = 0
        func sameSent(_ a: Int, _ b: Int) -> Bool { b < n && infos[a].sent == infos[b].sent }
        while i < n {
            let w = words[i]
            let lh = infos[i].lower
            // MONEY: symbol + number [+ scale]
            if !w.isEmpty, let cur = currencySymbols[w], sameSent(i, i + 1), let v = number(words[i + 1]) {
                var end = i + 2, val = v
                if sameSent(i, end), let sc = scales[infos[end].lower] { val *= sc; end += 1 }
                out.append(RuleEntity(start: i, end: end, type: "MONEY", canonical: "\(cur) \(fmt(val))"))
                i = end; continue
            }
            if let v = number(w) {
                var end = i + 1, val = v
                // PERCENT
                if sameSent(i, end) && (words[end] == "%" || percentWords.contains(infos[end].lower)) {
                    out.append(RuleEntity(start: i, end: end + 1, type: "PERCENT", canonical: "\(fmt(v))%"))
                    i = end + 1; continue
                }
                if sameSent(i, end), words[end].lowercased() == "per", sameSent(i, end + 1), words[end + 1].lowercased() == "cent" {
                    out.append(RuleEntity(start: i, end: end + 2, type: "PERCENT", canonical: "\(fmt(v))%"))
                    i = end + 2; continue
                }
                // MONEY: number [scale] currency-word / code
                if sameSent(i, end), let sc = scales[infos[end].lower], infos[end].flags & TokFlag.cap == 0 || words[end].count > 2 {
                    val *= sc; end += 1
                }
                if sameSent(i, end), let cur = currencyWords[infos[end].lower] {
                    out.append(RuleEntity(start: i, end: end + 1, type: "MONEY", canonical: "\(cur) \(fmt(val))"))
                    i = end + 1; continue
                }
                // DATE: day Month [year]
                if v == v.rounded(), v >= 1, v <= 31, !w.contains("."), sameSent(i, i + 1), let m = months[infos[i + 1].lower] {
                    var end = i + 2
                    if sameSent(i, end), let y = isYear(number(words[end])) {
                        end += 1
                        out.append(RuleEntity(start: i, end: end, type: "DATE", canonical: "\(y)-\(two(m))-\(two(Int(v)))"))
                    } else {
                        out.append(RuleEntity(start: i, end: end, type: "DATE", canonical: "--\(two(m))-\(two(Int(v)))"))
                    }
                    i = end; continue
                }
                // DATE: year after a preposition
                if let y = isYear(v), i > 0, sameSent(i - 1, i), yearPreps.contains(infos[i - 1].lower), w.count == 4 {
                    out.append(RuleEntity(start: i, end: i + 1, type: "DATE", canonical: "\(y)"))
                }
            }
            // DATE: currency code before a number (USD 5)
            if let cur = currencyWords[lh], infos[i].flags & TokFlag.allCaps != 0, sameSent(i, i + 1), let v = number(words[i + 1]) {
                var end = i + 2, val = v
                if sameSent(i, end), let sc = scales[infos[end].lower] { val *= sc; end += 1 }
                out.append(RuleEntity(start: i, end: end, type: "MONEY", canonical: "\(cur) \(fmt(val))"))
                i = end; continue
            }
            // DATE: Month [day][,] [year]
            if let m = months[lh], infos[i].flags & TokFlag.cap != 0 {
                var end = i + 1
                var day: Int? = nil, year: Int? = nil
                if sameSent(i, end), let d = number(words[end]), d == d.rounded(), d >= 1, d <= 31, words[end].count <= 2 {
                    day = Int(d); end += 1
                    if sameSent(i, end + 1), words[end] == ",", let y = isYear(number(words[end + 1])) { year = y; end += 2 }
                    else if sameSent(i, end), let y = isYear(number(words[end])) { year = y; end += 1 }
                } else if sameSent(i, end), let y = isYear(number(words[end])) { year = y; end += 1 }
                if day != nil || year != nil {
                    let c: String
                    if let y = year, let d = day { c = "\(y)-\(two(m))-\(two(d))" }
                    else if let y = year { c = "\(y)-\(two(m))" }
                    else { c = "--\(two(m))-\(two(day!))" }
                    out.append(RuleEntity(start: i, end: end, type: "DATE", canonical: c))
                    i = end; continue
                }
            }
            // DATE: numeric forms 2023-02-17, 02/17/2023, 17.02.2023
            if let f = w.utf8.first, f >= 0x30 && f <= 0x39, w.count >= 8, w.count <= 10 {
                let parts = w.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map { Int($0) }
                if parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2] {
                    var ymd: (Int, Int, Int)? = nil
                    if a >= 1800 && a <= 2100 && w.contains("-") { ymd = (a, b, c) }
                    else if c >= 1800 && c <= 2100 {
                        if w.contains("/") { ymd = a > 12 ? (c, b, a) : (c, a, b) }   // US month/day unless impossible
                        else { ymd = b > 12 ? (c, a, b) : (c, b, a) }                // day.month.year
                    }
                    if let (y, m, d) = ymd, (1...12).contains(m), (1...31).contains(d) {
                        out.append(RuleEntity(start: i, end: i + 1, type: "DATE", canonical: "\(y)-\(two(m))-\(two(d))"))
                    }
                }
            }
            i += 1
        }
        return out
    }
}

/// A DATE without a year ("--02-17") takes its year from the document's publication day when only one
/// year puts it in the window news use around that day: a past event up to `maxDaysBefore` days
/// earlier, or an announced one up to `maxDaysAfter` days later (issue 20). Otherwise it stays as it is.
enum DateYear {
    /// Reports refer back up to about half a year ("on March 3" in a July story is this year's); further back
    /// the year is too uncertain to guess.
    static let maxDaysBefore = 183
    /// ... and forward up to about two months ("the summit on January 12" in a December story is next year's).
    static let maxDaysAfter = 62

    /// `canonical` "--MM-DD", `published` "YYYY-MM-DD..." (a day or an RFC 3339 time): "YYYY-MM-DD" or nil.
    static func fill(_ canonical: String, published: String) -> String? {
        let c = Array(canonical.utf8), p = Array(published.utf8)
        guard c.count == 7, c[0] == 0x2D, c[1] == 0x2D, c[4] == 0x2D, p.count >= 10, p[4] == 0x2D, p[7] == 0x2D,
              let m = int(c[2..<4]), let d = int(c[5..<7]),
              let py = int(p[0..<4]), let pm = int(p[5..<7]), let pd = int(p[8..<10]),
              let pub = dayNumber(py, pm, pd) else { return nil }
        var found: Int? = nil
        for y in (py - 1)...(py + 1) {
            guard let n = dayNumber(y, m, d) else { continue }
            if n >= pub - maxDaysBefore && n <= pub + maxDaysAfter {
                if found != nil { return nil }
                found = y
            }
        }
        guard let y = found else { return nil }
        return "\(y)-\(NumericRules.two(m))-\(NumericRules.two(d))"
    }

    static func int(_ s: ArraySlice<UInt8>) -> Int? {
        var v = 0
        for b in s { guard b >= 0x30 && b <= 0x39 else { return nil }; v = v * 10 + Int(b - 0x30) }
        return v
    }

    /// Days since 1970-01-01 of a valid Gregorian date, else nil (Howard Hinnant's days_from_civil).
    static func dayNumber(_ y0: Int, _ m: Int, _ d: Int) -> Int? {
        guard (1...12).contains(m), d >= 1 else { return nil }
        let leap = (y0 % 4 == 0 && y0 % 100 != 0) || y0 % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d <= lengths[m - 1] else { return nil }
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
