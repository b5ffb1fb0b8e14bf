import Foundation

/// Documentation and JSON Schema derived from option declarations.
extension OptionDoc {
    /// The type as `winnow stages TYPE` and the README show it, e.g. `int 0...365`, `mark | drop`.
    public var typeDescription: String {
        switch kind {
        case .bool: return "bool"
        case let .int(r): return r.map { "int \($0.lowerBound)...\($0.upperBound)" } ?? "int"
        case let .number(r): return r.map { "number \(OptionDoc.format($0.lowerBound))...\(OptionDoc.format($0.upperBound))" } ?? "number"
        case .string: return "string"
        case let .choice(c): return c.joined(separator: " | ")
        case let .strings(c, single): return (c.map { "[" + $0.joined(separator: " | ") + "]" } ?? "[string]") + (single ? " or string" : "")
        case .object: return "object"
        case let .custom(name, _): return name
        }
    }

    /// The default as compact JSON, or "none" / "required".
    public var defaultDescription: String {
        if requiredMessage != nil { return "required" }
        guard let d = defaultValue else { return "none" }
        var w = JSONWriter()
        w.value(d)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    /// The JSON Schema (2020-12) of this option's value.
    public var schema: JSONValue {
        var s: [(String, JSONValue)]
        switch kind {
        case .bool: s = [("type", .string("boolean"))]
        case let .int(r):
            s = [("type", .string("integer"))]
            if let r { s += [("minimum", .number(Double(r.lowerBound))), ("maximum", .number(Double(r.upperBound)))] }
        case let .number(r):
            s = [("type", .string("number"))]
            if let r { s += [("minimum", .number(r.lowerBound)), ("maximum", .number(r.upperBound))] }
        case .string: s = [("type", .string("string"))]
        case let .choice(c): s = [("enum", .array(c.map { .string($0) }))]
        case let .strings(c, single):
            let item: JSONValue = c.map { .object([("enum", .array($0.map { .string($0) }))]) } ?? .object([("type", .string("string"))])
            let list: JSONValue = .object([("type", .string("array")), ("items", item)])
            s = single ? [("anyOf", .array([list, .object([("type", .string("string"))])]))] : list.objectPairs ?? []
        case let .object(t): s = t.schema.objectPairs ?? []
        case let .custom(_, schema): s = schema.objectPairs ?? []
        }
        s.insert(("description", .string(help)), at: 0)
        if let d = defaultValue { s.append(("default", d)) }
        return .object(s)
    }
}

extension OptionTable {
    /// `{"type": "object", "properties": …, "additionalProperties": false}`.
    public var schema: JSONValue {
        var s: [(String, JSONValue)] = [
            ("type", .string("object")),
            ("properties", .object(options.map { ($0.key, $0.schema) })),
        ]
        let required = options.filter { $0.requiredMessage != nil }.map { JSONValue.string($0.key) }
        if !required.isEmpty { s.append(("required", .array(required))) }
        s.append(("additionalProperties", .bool(false)))
        return .object(s)
    }

    /// One line per option: key, type, default, help (for `winnow stages TYPE`).
    public func textLines() -> [String] {
        if options.isEmpty { return ["  (no options)"] }
        let kw = options.map(\.key.count).max() ?? 0
        let tw = options.map(\.typeDescription.count).max() ?? 0
        return options.map { o in
            "  " + o.key.padding(toLength: kw, withPad: " ", startingAt: 0) + "  "
                + o.typeDescription.padding(toLength: tw, withPad: " ", startingAt: 0)
                + "  default " + o.defaultDescription + "\n      " + o.help
        }
    }

    /// A Markdown table: | option | type | default | meaning |.
    public func markdownTable() -> String {
        if options.isEmpty { return "No options.\n" }
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "|", with: "\\|")
        }
        var out = "| option | type | default | meaning |\n|---|---|---|---|\n"
        for o in options {
            out += "| `\(o.key)` | \(cell(o.typeDescription)) | `\(cell(o.defaultDescription))` | \(cell(o.help)) |\n"
        }
        return out
    }
}

/// The JSON Schema of pipeline files and the option reference of a set of stage types.
public enum OptionReference {
    public typealias StageInfo = (type: String, summary: String, options: OptionTable)

    /// The stage types' names, summaries and option tables (stages that declare no spec: empty table).
    public static func stages(_ types: [any Stage.Type]) -> [StageInfo] {
        types.map { t in (t.typeName, t.summary, (t as? any DescribedStage.Type)?.optionTable ?? .empty) }
    }

    /// JSON Schema (draft 2020-12) of a pipeline file: the sections of `PipelineConfig`, and for each
    /// stage `{"if": {"type": X}, "then": {"params": X's option schema}}`.
    public static func pipelineSchema(_ stages: [StageInfo]) -> JSONValue {
        let top = PipelineConfig.spec.table
        var props: [(String, JSONValue)] = []
        for o in top.options {
            guard o.key == "stages" else { props.append((o.key, o.schema)); continue }
            let item: [(String, JSONValue)] = [
                ("type", .string("object")),
                ("properties", .object([
                    ("type", .object([("enum", .array(stages.map { .string($0.type) }))])),
                    ("params", .object([("type", .array([.string("object"), .string("null")]))])),
                ])),
                ("required", .array([.string("type")])),
                ("additionalProperties", .bool(false)),
                ("allOf", .array(stages.map { st in
                    .object([
                        ("if", .object([("properties", .object([("type", .object([("const", .string(st.type))]))]))])),
                        ("then", .object([("properties", .object([("params", .object(
                            [("description", .string(st.summary)),
                             ("type", .array([.string("object"), .string("null")]))]
                            + (st.options.schema.objectPairs ?? []).filter { $0.0 != "type" }))]))])),
                    ])
                })),
            ]
            props.append(("stages", .object([("description", .string(o.help)), ("type", .string("array")),
                                              ("items", .object(item))])))
        }
        return .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://winnow.invalid/pipeline.schema.json")),
            ("title", .string("Winnow pipeline file")),
            ("type", .string("object")),
            ("properties", .object(props)),
            ("required", .array([.string("stages")])),
            ("additionalProperties", .bool(false)),
        ])
    }

    /// The README's option reference: the pipeline file's sections, then one section per stage type.
    public static func markdown(_ stages: [StageInfo], pipeline: Bool = true) -> String {
        var out = pipeline ? "#### Pipeline file\n\nTop level:\n\n" + PipelineConfig.spec.table.markdownTable() + "\n" : ""
        for o in PipelineConfig.spec.table.options where pipeline {
            if case let .object(t) = o.kind { out += "`\(o.key)`: \(o.help).\n\n" + t.markdownTable() + "\n" }
        }
        for s in stages {
            out += "#### `\(s.type)`\n\n\(s.summary)\n\n" + s.options.markdownTable() + "\n"
        }
        return out
    }
}

extension JSONValue {
    /// Indented JSON text (2 spaces), keys in their stored order; short arrays of scalars stay on one line.
    public func pretty(indent: String = "") -> String {
        func compact(_ v: JSONValue) -> String {
            var w = JSONWriter(); w.value(v); return String(decoding: w.bytes, as: UTF8.self)
        }
        let inner = indent + "  "
        switch self {
        case let .object(pairs) where !pairs.isEmpty:
            return "{\n" + pairs.map { inner + compact(.string($0.0)) + ": " + $0.1.pretty(indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        case let .array(items) where items.contains(where: { if case .object = $0 { return true }; if case .array = $0 { return true }; return false }):
            return "[\n" + items.map { inner + $0.pretty(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        default:
            return compact(self)
        }
    }
}
