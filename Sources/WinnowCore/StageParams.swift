/// A configuration problem, found before any input is read. The message names the pipeline file,
/// the stage (position and type) and the key.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String?
    public var location: String?   // e.g. "stages[2] (dedup)"
    public var key: String?
    public var reason: String

    public init(file: String? = nil, location: String? = nil, key: String? = nil, reason: String) {
        self.file = file; self.location = location; self.key = key; self.reason = reason
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let location { parts.append(location) }
        if let key { parts.append("'\(key)'") }
        return (parts.isEmpty ? "" : parts.joined(separator: ": ") + ": ") + reason
    }
}

/// The `params` object of one stage in a pipeline file, read through typed accessors that
/// check types and ranges. Call `finish()` last: it rejects any key that no accessor asked for.
///
///     let p = params
///     threshold = try p.double("threshold", default: 0.8, in: 0...1)
///     try p.finish()
public final class StageParams: @unchecked Sendable {
    public let values: [(String, JSONValue)]
    public let location: String
    public let file: String?
    private var used: Set<String> = []

    public init(_ values: [(String, JSONValue)] = [], location: String = "params", file: String? = nil) {
        self.values = values; self.location = location; self.file = file
    }

    public convenience init(json: JSONValue?, location: String, file: String?) throws {
        switch json {
        case nil, .null?: self.init([], location: location, file: file)
        case let .object(pairs)?: self.init(pairs, location: location, file: file)
        case let v?: throw ConfigError(file: file, location: location, key: "params",
                                       reason: "must be an object, got \(v.typeName)")
        }
    }

    public func error(_ key: String?, _ reason: String) -> ConfigError {
        ConfigError(file: file, location: location, key: key, reason: reason)
    }

    private func raw(_ key: String) -> JSONValue? {
        used.insert(key)
        return values.first(where: { $0.0 == key })?.1
    }

    public func has(_ key: String) -> Bool { values.contains { $0.0 == key } }

    public func bool(_ key: String, default d: Bool) throws -> Bool {
        guard let v = raw(key) else { return d }
        guard case let .bool(b) = v else { throw error(key, "expected a boolean, got \(v.typeName)") }
        return b
    }

    public func string(_ key: String, default d: String) throws -> String {
        try optionalString(key) ?? d
    }

    public func optionalString(_ key: String) throws -> String? {
        guard let v = raw(key) else { return nil }
        guard case let .string(s) = v else { throw error(key, "expected a string, got \(v.typeName)") }
        return s
    }

    /// A string that must be one of `choices`.
    public func choice(_ key: String, default d: String, from choices: [String]) throws -> String {
        let s = try string(key, default: d)
        guard choices.contains(s) else {
            throw error(key, "must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(s)\"")
        }
        return s
    }

    public func int(_ key: String, default d: Int, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard let v = raw(key) else { return d }
        guard case let .number(n) = v, n == n.rounded(), abs(n) < 9e15 else {
            throw error(key, "expected an integer, got \(v.typeName == "number" ? "a fraction" : v.typeName)")
        }
        let i = Int(n)
        if let range, !range.contains(i) {
            throw error(key, "must be in \(range.lowerBound)...\(range.upperBound), got \(i)")
        }
        return i
    }

    public func double(_ key: String, default d: Double, in range: ClosedRange<Double>? = nil) throws -> Double {
        guard let v = raw(key) else { return d }
        guard case let .number(n) = v else { throw error(key, "expected a number, got \(v.typeName)") }
        if let range, !range.contains(n) {
            throw error(key, "must be in \(range.lowerBound)...\(range.upperBound), got \(n)")
        }
        return n
    }

    public func strings(_ key: String, default d: [String]) throws -> [String] {
        guard let v = raw(key) else { return d }
        guard case let .array(items) = v else { throw error(key, "expected an array of strings, got \(v.typeName)") }
        return try items.map {
            guard case let .string(s) = $0 else { throw error(key, "expected an array of strings, found \($0.typeName)") }
            return s
        }
    }

    /// Throws if the params contain a key no accessor read.
    public func finish() throws {
        for (k, _) in values where !used.contains(k) {
            let known = used.sorted().joined(separator: ", ")
            throw error(k, "unknown option" + (known.isEmpty ? " (this stage takes no options)" : " (known: \(known))"))
        }
    }
}
