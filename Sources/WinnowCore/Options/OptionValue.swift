/// Why a JSON value does not fit an option (the reader adds file, stage and key).
public struct OptionValueError: Error, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// JSON → typed option values: the one set of conversions behind stage options and pipeline files.
public enum OptionValue {
    public static func bool(_ v: JSONValue) throws -> Bool {
        guard case let .bool(b) = v else { throw OptionValueError("expected a boolean, got \(v.typeName)") }
        return b
    }

    public static func int(_ v: JSONValue, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard case let .number(n) = v, n == n.rounded(), abs(n) < 9e15 else {
            throw OptionValueError("expected an integer, got \(v.typeName == "number" ? "a fraction" : v.typeName)")
        }
        let i = Int(n)
        if let range, !range.contains(i) {
            throw OptionValueError("must be in \(range.lowerBound)...\(range.upperBound), got \(i)")
        }
        return i
    }

    public static func number(_ v: JSONValue, in range: ClosedRange<Double>? = nil) throws -> Double {
        guard case let .number(n) = v else { throw OptionValueError("expected a number, got \(v.typeName)") }
        if let range, !range.contains(n) {
            throw OptionValueError("must be in \(range.lowerBound)...\(range.upperBound), got \(n)")
        }
        return n
    }

    public static func string(_ v: JSONValue) throws -> String {
        guard case let .string(s) = v else { throw OptionValueError("expected a string, got \(v.typeName)") }
        return s
    }

    /// One of `choices`.
    public static func string(_ v: JSONValue, from choices: [String]) throws -> String {
        let s = try string(v)
        guard choices.contains(s) else {
            throw OptionValueError("must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(s)\"")
        }
        return s
    }

    public static func choice<E: RawRepresentable & CaseIterable>(_ v: JSONValue) throws -> E where E.RawValue == String {
        let s = try string(v, from: E.allCases.map(\.rawValue))
        guard let e = E(rawValue: s) else { throw OptionValueError("unknown value \"\(s)\"") }   // unreachable: s is a raw value
        return e
    }

    /// A list of strings; `single`: a lone string is a list of one.
    public static func strings(_ v: JSONValue, single: Bool = false) throws -> [String] {
        if single, case let .string(s) = v { return [s] }
        guard case let .array(items) = v else { throw OptionValueError("expected an array of strings, got \(v.typeName)") }
        return try items.map {
            guard case let .string(s) = $0 else { throw OptionValueError("expected an array of strings, found \($0.typeName)") }
            return s
        }
    }

    public static func choices<E: RawRepresentable & CaseIterable>(_ v: JSONValue) throws -> [E] where E.RawValue == String {
        let known = E.allCases.map(\.rawValue)
        return try strings(v).map { s in
            guard let e = E(rawValue: s) else {
                throw OptionValueError("unknown value \"\(s)\" (known: \(known.joined(separator: ", ")))")
            }
            return e
        }
    }
}
