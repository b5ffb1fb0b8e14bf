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

/// One JSON object of a pipeline file (a stage's `params`, or a section such as `input`), read by key.
/// This is the one typed reader of configuration: `decode` fills a `StageOptions` type from its spec
/// (the way every shipped stage and `PipelineConfig` read their options); the single-key accessors
/// (`bool`, `int`, …) are for stages that do not declare a spec. Call `finish()` after the accessors:
/// it rejects any key that none of them asked for, listing the known keys.
public final class StageParams: @unchecked Sendable {
    public let values: [(String, JSONValue)]
    /// Where the object sits, e.g. "stages[2] (dedup)" or "input"; "" for the top level.
    public let location: String
    public let file: String?
    /// What the keys are called in the unknown-key error: "option" (stage params) or "key" (pipeline sections).
    public let noun: String
    // Mutated only while one thread reads the options (init of a stage or of a pipeline file).
    private var used: [String] = []

    public init(_ values: [(String, JSONValue)] = [], location: String = "params", file: String? = nil,
                noun: String = "option") {
        self.values = values; self.location = location; self.file = file; self.noun = noun
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
        ConfigError(file: file, location: location.isEmpty ? nil : location, key: key, reason: reason)
    }

    /// The value of `key` (nil: absent), marking the key as known.
    public func raw(_ key: String) -> JSONValue? {
        if !used.contains(key) { used.append(key) }
        return values.first(where: { $0.0 == key })?.1
    }

    public func has(_ key: String) -> Bool { values.contains { $0.0 == key } }

    /// Converts `v` (the value of `key`), turning a conversion error into a `ConfigError` naming the key.
    public func convert<T>(_ key: String, _ v: JSONValue, _ f: (JSONValue) throws -> T) throws -> T {
        do { return try f(v) } catch let e as OptionValueError { throw error(key, e.reason) }
    }

    private func read<T>(_ key: String, _ f: (JSONValue) throws -> T) throws -> T? {
        guard let v = raw(key) else { return nil }
        return try convert(key, v, f)
    }

    /// Reads every option of `O` by its spec, rejects unknown keys, then runs `O.validate`.
    public func decode<O: StageOptions>(_ type: O.Type = O.self) throws -> O {
        var o = O()
        var missing: ConfigError? = nil
        for e in O.spec.entries {
            if let v = raw(e.doc.key) {
                try e.apply(&o, v, self)
            } else if let message = e.doc.requiredMessage, missing == nil {
                missing = error(e.doc.key, message)
            }
        }
        try finish()   // an unknown key (often a misspelt required one) is named before a missing one
        if let missing { throw missing }
        try o.validate(self)
        return o
    }

    // Single-key accessors (stages without a spec).

    public func bool(_ key: String, default d: Bool) throws -> Bool { try read(key, OptionValue.bool) ?? d }

    public func string(_ key: String, default d: String) throws -> String { try optionalString(key) ?? d }

    public func optionalString(_ key: String) throws -> String? { try read(key, OptionValue.string) }

    /// A string that must be one of `choices`.
    public func choice(_ key: String, default d: String, from choices: [String]) throws -> String {
        try read(key) { try OptionValue.string($0, from: choices) } ?? d
    }

    public func int(_ key: String, default d: Int, in range: ClosedRange<Int>? = nil) throws -> Int {
        try read(key) { try OptionValue.int($0, in: range) } ?? d
    }

    public func double(_ key: String, default d: Double, in range: ClosedRange<Double>? = nil) throws -> Double {
        try read(key) { try OptionValue.number($0, in: range) } ?? d
    }

    public func strings(_ key: String, default d: [String]) throws -> [String] {
        try read(key) { try OptionValue.strings($0) } ?? d
    }

    /// Throws if the object contains a key no accessor read.
    public func finish() throws {
        for (k, _) in values where !used.contains(k) {
            let known = used.joined(separator: ", ")
            throw error(k, "unknown \(noun)" + (known.isEmpty ? " (this stage takes no options)" : " (known: \(known))"))
        }
    }
}
