/// Builds compact JSON text with keys in the order they are written, for byte-stable output.
/// Non-ASCII is written as UTF-8 (not escaped); control characters are escaped.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    private mutating func separator() {
        if let last = needsComma.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            needsComma[needsComma.count - 1] = true
        }
    }

    public mutating func beginObject() { valuePrefix(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { valuePrefix(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// Writes `"key":` inside an object; the next value call writes the value.
    public mutating func key(_ k: String) {
        separator()
        appendString(k)
        bytes.append(UInt8(ascii: ":"))
        pendingValueAfterKey = true  // the value that follows must not add another comma
    }
    private var pendingValueAfterKey = false

    private mutating func valuePrefix() {
        if pendingValueAfterKey {
            pendingValueAfterKey = false
        } else {
            separator()
        }
    }

    public mutating func string(_ s: String) { valuePrefix(); appendString(s) }
    public mutating func stringOrNull(_ s: String?) { if let s { string(s) } else { null() } }
    public mutating func int(_ v: Int) {
        valuePrefix()
        // Digits written straight into the buffer, then put in order (no String per number).
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        let first = bytes.count
        var m = v.magnitude
        repeat { bytes.append(0x30 + UInt8(m % 10)); m /= 10 } while m > 0
        bytes[first...].reverse()
    }
    public mutating func bool(_ v: Bool) { valuePrefix(); bytes.append(contentsOf: Array((v ? "true" : "false").utf8)) }
    public mutating func null() { valuePrefix(); bytes.append(contentsOf: Array("null".utf8)) }
    /// Writes a number with up to 4 decimals, trailing zeros trimmed (stable across platforms).
    public mutating func double(_ v: Double) {
        valuePrefix()
        guard v.isFinite else { bytes.append(contentsOf: Array("null".utf8)); return }
        // Beyond 4 decimals' integer range, Swift's shortest round-trip form (also deterministic).
        guard abs(v) < 1e14 else { bytes.append(contentsOf: Array(String(v).utf8)); return }
        let scaled = (v * 10000).rounded()
        let neg = scaled < 0
        var n = Int64(abs(scaled))
        let ip = n / 10000
        n %= 10000
        var s = (neg ? "-" : "") + String(ip)
        if n != 0 {
            var frac = String(n)
            while frac.count < 4 { frac = "0" + frac }
            while frac.hasSuffix("0") { frac.removeLast() }
            s += "." + frac
        }
        bytes.append(contentsOf: Array(s.utf8))
    }

    /// Writes a pre-built JSON value.
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case let .bool(b): bool(b)
        case let .number(d):
            if d == d.rounded(), abs(d) < 1e15 { int(Int(d)) } else { double(d) }
        case let .string(s): string(s)
        case let .array(a): beginArray(); for x in a { value(x) }; endArray()
        case let .object(o): beginObject(); for (k, x) in o { key(k); value(x) }; endObject()
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { buf in
            var runStart = 0
            for j in 0..<buf.count {
                let c = buf[j]
                if c >= 0x20 && c != 0x22 && c != 0x5C { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<j]))
                switch c {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30,
                                              Self.hex[Int(c >> 4)], Self.hex[Int(c & 0xF)]])
                }
                runStart = j + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<buf.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
