import WinnowCore

/// `redact_pii`: replaces e-mail addresses, phone numbers, IP addresses and payment card numbers (that pass
/// the Luhn check) by placeholders, counts them per kind in `meta` (`pii_email`, …) and moves entity
/// offsets: an entity that overlaps a replaced span is dropped, later ones shift. Never drops a document.
///
/// Scanners work on UTF-8 bytes, in this order (an earlier kind wins where spans overlap):
/// - e-mail: `local@domain.tld`, local part of [A-Za-z0-9._%+-], domain labels of [A-Za-z0-9-], TLD of ≥ 2 letters;
/// - IP: IPv4 dotted quads (each part 0–255, no leading zeros), not inside a longer run of digits and dots;
/// - card: 13–19 digits, optionally grouped by single spaces or hyphens, passing Luhn;
/// - phone: an optional "+" or a parenthesised area code, then digit groups separated by single hyphens or dots
///   (or spaces, after "+" or the area code), with ≥ `PIIRedactor.minPhoneDigits` digits (or ≥ 7 after a "+"), so dates and years are not phones.
public struct PIIRedactor: DocumentFilter {
    public static let typeName = "redact_pii"
    public static let summary = "Replaces e-mail addresses, phone numbers, IP addresses and card numbers (Luhn) with placeholders; counts them per kind."

    public enum Kind: String, CaseIterable, Sendable {
        case email, ip, card, phone   // scan order: an earlier kind wins an overlap
        /// What replaces a match.
        public var placeholder: String {
            switch self {
            case .email: return "<EMAIL>"
            case .phone: return "<PHONE>"
            case .ip: return "<IP_ADDRESS>"
            case .card: return "<CARD_NUMBER>"
            }
        }
        var rule: String { "pii." + rawValue }
    }

    public struct Options: StageOptions {
        public var kinds = Kind.allCases
        public init() {}
        public static let spec = OptionSpec<Self> {
            $0.choices("kinds", \.kinds, "kinds of personal data to replace (placeholders <EMAIL>, <PHONE>, <IP_ADDRESS>, <CARD_NUMBER>)")
        }
    }

    /// A phone number without a leading "+" needs this many digits (10: a national number with area code;
    /// fewer would catch dates such as 2023-02-17 and numeric ranges).
    public static let minPhoneDigits = 10
    /// With a leading "+" (an international number) this many digits suffice.
    public static let minInternationalPhoneDigits = 7
    /// Phone numbers have at most 15 digits (ITU E.164).
    public static let maxPhoneDigits = 15

    let kinds: [Kind]

    public init(options: Options, params: StageParams) throws {
        kinds = Kind.allCases.filter { options.kinds.contains($0) }   // scan order is fixed
    }

    public func filter(_ document: inout Document) -> FilterDecision {
        let bytes = Array(document.text.utf8)
        let spans = Self.find(bytes, kinds: kinds)
        guard !spans.isEmpty else { return .keep }
        var rebuilt = TextRebuilder(bytes)
        var at = 0
        var counts: [Kind: Int] = [:]
        for s in spans {
            rebuilt.keep(at..<s.range.lowerBound)
            rebuilt.insert(s.kind.placeholder.utf8)
            at = s.range.upperBound
            counts[s.kind, default: 0] += 1
            document.note(Self.typeName, "redact", rule: s.kind.rule, String(decoding: bytes[s.range], as: UTF8.self))
        }
        rebuilt.keep(at..<bytes.count)
        document.entities = rebuilt.move(document.entities)
        document.text = rebuilt.text
        for k in Kind.allCases { if let c = counts[k] { document.meta["pii_" + k.rawValue] = String(c) } }
        return .keep
    }

    /// Non-overlapping matches in text order.
    static func find(_ b: [UInt8], kinds: [Kind]) -> [(kind: Kind, range: Range<Int>)] {
        var taken: [(kind: Kind, range: Range<Int>)] = []
        for kind in kinds {
            var i = 0
            while i < b.count {
                guard let r = match(kind, b, i) else { i += 1; continue }
                if !taken.contains(where: { $0.range.overlaps(r) }) { taken.append((kind, r)) }
                i = r.upperBound
            }
        }
        return taken.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    static func match(_ kind: Kind, _ b: [UInt8], _ i: Int) -> Range<Int>? {
        switch kind {
        case .email: return email(b, i)
        case .ip: return ipv4(b, i)
        case .card: return card(b, i)
        case .phone: return phone(b, i)
        }
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) }
    static func isLocal(_ c: UInt8) -> Bool { isAlnum(c) || c == 0x2E || c == 0x5F || c == 0x25 || c == 0x2B || c == 0x2D }

    /// An e-mail address whose "@" is at `i` or later in the same token; matched from its "@".
    static func email(_ b: [UInt8], _ i: Int) -> Range<Int>? {
        guard b[i] == 0x40 else { return nil }
        var a = i
        while a > 0 && isLocal(b[a - 1]) { a -= 1 }
        while a < i && (b[a] == 0x2E || b[a] == 0x2D) { a += 1 }   // not starting with a dot or hyphen
        guard a < i else { return nil }
        var e = i + 1, lastDot = -1
        while e < b.count && (isAlnum(b[e]) || b[e] == 0x2D || (b[e] == 0x2E && e + 1 < b.count && isAlnum(b[e + 1]))) {
            if b[e] == 0x2E { lastDot = e }
            e += 1
        }
        guard lastDot > i + 1, e - lastDot - 1 >= 2, b[(lastDot + 1)..<e].allSatisfy({ !isDigit($0) && $0 != 0x2D }) else { return nil }
        return a..<e
    }

    /// An IPv4 address starting at `i`, not part of a longer run of digits and dots.
    static func ipv4(_ b: [UInt8], _ i: Int) -> Range<Int>? {
        guard isDigit(b[i]), i == 0 || !(isDigit(b[i - 1]) || b[i - 1] == 0x2E) else { return nil }
        var j = i
        for part in 0..<4 {
            let s = j
            while j < b.count && isDigit(b[j]) && j - s < 3 { j += 1 }
            guard j > s, let v = Int(String(decoding: b[s..<j], as: UTF8.self)), v <= 255, !(b[s] == 0x30 && j - s > 1) else { return nil }
            if part < 3 { guard j < b.count && b[j] == 0x2E else { return nil }; j += 1 }
        }
        if j < b.count && (isDigit(b[j]) || (b[j] == 0x2E && j + 1 < b.count && isDigit(b[j + 1]))) { return nil }
        return i..<j
    }

    /// Digits from `i` with single separators in `seps` between groups: the end and the digits.
    static func digitRun(_ b: [UInt8], _ i: Int, seps: Set<UInt8>, max: Int) -> (end: Int, digits: [UInt8]) {
        var j = i, digits: [UInt8] = [], end = i
        while j < b.count && digits.count < max + 1 {
            if isDigit(b[j]) { digits.append(b[j] - 0x30); j += 1; end = j; continue }
            if seps.contains(b[j]) && j + 1 < b.count && isDigit(b[j + 1]) && j > i && isDigit(b[j - 1]) { j += 1; continue }
            break
        }
        return (end, digits)
    }

    static func card(_ b: [UInt8], _ i: Int) -> Range<Int>? {
        guard isDigit(b[i]), i == 0 || !isAlnum(b[i - 1]) else { return nil }
        let (end, digits) = digitRun(b, i, seps: [0x20, 0x2D], max: 19)
        guard (13...19).contains(digits.count), end == b.count || !isAlnum(b[end]), luhn(digits) else { return nil }
        return i..<end
    }

    /// The Luhn checksum (ISO/IEC 7812) of card numbers.
    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (k, d) in digits.reversed().enumerated() {
            var v = Int(d)
            if k % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
        }
        return sum % 10 == 0
    }

    static func phone(_ b: [UInt8], _ i: Int) -> Range<Int>? {
        let plus = b[i] == 0x2B
        let paren = b[i] == 0x28
        guard plus || paren || isDigit(b[i]), i == 0 || !(isAlnum(b[i - 1]) || b[i - 1] == 0x2B) else { return nil }
        var j = plus ? i + 1 : i
        var count = 0
        if paren || (j < b.count && b[j] == 0x28) {   // (area code)
            let s = j + 1
            var e = s
            while e < b.count && isDigit(b[e]) { e += 1 }
            guard e > s, e - s <= 5, e < b.count, b[e] == 0x29 else { return nil }
            count += e - s
            j = e + 1
            if j < b.count && b[j] == 0x20 { j += 1 }
        }
        guard j < b.count, isDigit(b[j]) else { return nil }
        // Spaces between groups only in the international or parenthesised forms: "2022 2023 2024" is no phone.
        let seps: Set<UInt8> = plus || count > 0 ? [0x20, 0x2D, 0x2E] : [0x2D, 0x2E]
        let (end, digits) = digitRun(b, j, seps: seps, max: maxPhoneDigits)
        count += digits.count
        let need = plus ? minInternationalPhoneDigits : minPhoneDigits
        guard count >= need, count <= maxPhoneDigits, end == b.count || !isAlnum(b[end]) else { return nil }
        return i..<end
    }
}
