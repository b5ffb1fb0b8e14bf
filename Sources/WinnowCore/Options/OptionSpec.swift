/// The options of one stage (or one section of a pipeline file), declared once.
///
/// The declaration (`spec`) gives each option's key, type, range or choices and one line of help; the
/// default is the value `init()` leaves in the property. From it come parsing (`StageParams.decode`),
/// `winnow stages TYPE`, the JSON Schema of pipeline files (`winnow schema`) and the README's option
/// reference.
///
///     struct DedupOptions: StageOptions {
///         enum Action: String, CaseIterable, Sendable { case mark, drop }
///         var action = Action.mark
///         var storyWindowDays = 3
///         static let spec = OptionSpec<Self> {
///             $0.choice("action", \.action, "mark: annotate duplicates; drop: remove them")
///             $0.int("story_window_days", \.storyWindowDays, in: 0...365, "days a story stays open")
///         }
///     }
public protocol StageOptions: Sendable {
    /// Every option at its default.
    init()
    static var spec: OptionSpec<Self> { get }
    /// Checks that involve more than one option (or an option and the environment); throw
    /// `params.error(key, reason)`. Called after every key was read.
    func validate(_ params: StageParams) throws
}

extension StageOptions {
    public func validate(_ params: StageParams) throws {}
}

/// The type of one option, as `winnow stages` shows it and the JSON Schema states it.
public indirect enum OptionKind: Sendable {
    case bool
    case int(ClosedRange<Int>?)
    case number(ClosedRange<Double>?)
    /// `optional`: no default (absent means "not set").
    case string(optional: Bool)
    case choice([String])
    /// A list of strings, of `choices` when given. `single`: a lone string stands for a list of one.
    case strings(choices: [String]?, single: Bool)
    /// A nested object with options of its own (a section of a pipeline file).
    case object(OptionTable)
    /// Anything else, described by its own type name and schema.
    case custom(typeName: String, schema: JSONValue)
}

/// What is known about one option, without its type: enough to document it and to write its schema.
public struct OptionDoc: Sendable {
    public let key: String
    public let kind: OptionKind
    /// The default as JSON; nil when there is none (an optional option, or a required one).
    public let defaultValue: JSONValue?
    public let help: String
    /// The error text when the key is missing; nil: the key is optional.
    public let requiredMessage: String?
}

/// The options of one stage or section, in declaration order.
public struct OptionTable: Sendable {
    public let options: [OptionDoc]
    public init(_ options: [OptionDoc]) { self.options = options }
    public static let empty = OptionTable([])
    public var keys: [String] { options.map(\.key) }
}

/// The typed declaration of a `StageOptions` type: each option's key, property, type and help.
public struct OptionSpec<Root: StageOptions>: Sendable {
    struct Entry: Sendable {
        let doc: OptionDoc
        /// Converts the JSON value and stores it in the property (throws the reader's errors).
        let apply: @Sendable (inout Root, JSONValue, StageParams) throws -> Void
    }
    let entries: [Entry]

    public init(_ declare: (OptionSpecBuilder<Root>) -> Void) {
        let b = OptionSpecBuilder<Root>()
        declare(b)
        var seen: Set<String> = []
        for e in b.entries { precondition(seen.insert(e.doc.key).inserted, "option '\(e.doc.key)' declared twice") }
        entries = b.entries
    }

    public var table: OptionTable { OptionTable(entries.map(\.doc)) }
}

/// Collects the declarations of an `OptionSpec` (the `$0` of its closure).
public final class OptionSpecBuilder<Root: StageOptions> {
    fileprivate(set) var entries: [OptionSpec<Root>.Entry] = []
    private let defaults = Root()

    fileprivate init() {}

    private func add(_ key: String, _ kind: OptionKind, _ def: JSONValue?, _ help: String, required: String? = nil,
                     _ apply: @escaping @Sendable (inout Root, JSONValue, StageParams) throws -> Void) {
        entries.append(.init(doc: OptionDoc(key: key, kind: kind, defaultValue: def, help: help, requiredMessage: required),
                             apply: apply))
    }

    public func bool(_ key: String, _ path: WritableKeyPath<Root, Bool> & Sendable, _ help: String) {
        add(key, .bool, .bool(defaults[keyPath: path]), help) { r, v, p in r[keyPath: path] = try p.convert(key, v, OptionValue.bool) }
    }

    public func int(_ key: String, _ path: WritableKeyPath<Root, Int> & Sendable, in range: ClosedRange<Int>? = nil,
                    _ help: String) {
        add(key, .int(range), .number(Double(defaults[keyPath: path])), help) { r, v, p in
            r[keyPath: path] = try p.convert(key, v) { try OptionValue.int($0, in: range) }
        }
    }

    public func number(_ key: String, _ path: WritableKeyPath<Root, Double> & Sendable,
                       in range: ClosedRange<Double>? = nil, _ help: String) {
        add(key, .number(range), .number(defaults[keyPath: path]), help) { r, v, p in
            r[keyPath: path] = try p.convert(key, v) { try OptionValue.number($0, in: range) }
        }
    }

    /// A number with no default (nil: not set).
    public func number(_ key: String, _ path: WritableKeyPath<Root, Double?> & Sendable,
                       in range: ClosedRange<Double>? = nil, _ help: String) {
        add(key, .number(range), defaults[keyPath: path].map { .number($0) }, help) { r, v, p in
            r[keyPath: path] = try p.convert(key, v) { try OptionValue.number($0, in: range) }
        }
    }

    public func string(_ key: String, _ path: WritableKeyPath<Root, String> & Sendable, _ help: String) {
        add(key, .string(optional: false), .string(defaults[keyPath: path]), help) { r, v, p in
            r[keyPath: path] = try p.convert(key, v, OptionValue.string)
        }
    }

    /// A string with no default (nil: not set).
    public func string(_ key: String, _ path: WritableKeyPath<Root, String?> & Sendable, _ help: String) {
        add(key, .string(optional: true), defaults[keyPath: path].map { .string($0) }, help) { r, v, p in
            r[keyPath: path] = try p.convert(key, v, OptionValue.string)
        }
    }

    /// One of the cases of a `String`-raw enum.
    public func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ path: WritableKeyPath<Root, E> & Sendable, _ help: String) where E.RawValue == String {
        add(key, .choice(E.allCases.map(\.rawValue)), .string(defaults[keyPath: path].rawValue), help) { r, v, p in
            r[keyPath: path] = try p.convert(key, v, OptionValue.choice)
        }
    }

    /// A list of strings; `check` returns an error for a bad element (nil: fine).
    public func strings(_ key: String, _ path: WritableKeyPath<Root, [String]> & Sendable, single: Bool = false,
                        check: (@Sendable (String) -> String?)? = nil, _ help: String) {
        add(key, .strings(choices: nil, single: single), .array(defaults[keyPath: path].map { .string($0) }), help) { r, v, p in
            let list = try p.convert(key, v) { try OptionValue.strings($0, single: single) }
            if let check { for s in list { if let e = check(s) { throw p.error(key, e) } } }
            r[keyPath: path] = list
        }
    }

    /// A list of cases of a `String`-raw enum.
    public func choices<E: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ path: WritableKeyPath<Root, [E]> & Sendable, _ help: String) where E.RawValue == String {
        add(key, .strings(choices: E.allCases.map(\.rawValue), single: false),
            .array(defaults[keyPath: path].map { .string($0.rawValue) }), help) { r, v, p in
            r[keyPath: path] = try p.convert(key, v, OptionValue.choices)
        }
    }

    /// A nested object read by its own spec (errors name the path, e.g. `input: 'format'`).
    public func object<O: StageOptions>(_ key: String, _ path: WritableKeyPath<Root, O> & Sendable, _ help: String) {
        add(key, .object(O.spec.table), nil, help) { r, v, p in
            guard case let .object(pairs) = v else { throw p.error(key, "expected an object, got \(v.typeName)") }
            let child = StageParams(pairs, location: p.location.isEmpty ? key : p.location + "." + key, file: p.file,
                                    noun: p.noun)
            r[keyPath: path] = try child.decode(O.self)
        }
    }

    /// An option with its own reader: `read` converts the JSON value (throw `params.error(key, …)`).
    public func custom<V: Sendable>(_ key: String, _ path: WritableKeyPath<Root, V> & Sendable, typeName: String,
                                    schema: JSONValue, required: String? = nil, _ help: String,
                                    read: @escaping @Sendable (JSONValue, StageParams) throws -> V) {
        add(key, .custom(typeName: typeName, schema: schema), nil, help, required: required) { r, v, p in
            r[keyPath: path] = try read(v, p)
        }
    }
}
