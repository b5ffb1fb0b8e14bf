import Foundation
import WinnowCore

/// Validates JSON against the subset of JSON Schema (2020-12) our schemas use: type (incl. unions),
/// const, required, properties, additionalProperties: false, items, minimum, maximum, minLength, pattern,
/// and `$ref` to `#/$defs/NAME`.
enum SchemaValidator {
    static func validate(_ v: JSONValue, against schema: JSONValue, path: String = "$", root: JSONValue? = nil) -> [String] {
        let root = root ?? schema
        if case let .string(ref)? = schema["$ref"] {
            let name = String(ref.dropFirst("#/$defs/".count))
            guard ref.hasPrefix("#/$defs/"), let target = root["$defs"]?[name] else { return ["\(path): unresolvable $ref \(ref)"] }
            return validate(v, against: target, path: path, root: root)
        }
        var errors: [String] = []
        if let t = schema["type"] {
            let allowed: [String]
            switch t {
            case let .string(s): allowed = [s]
            case let .array(a): allowed = a.compactMap(\.stringValue)
            default: allowed = []
            }
            if !allowed.contains(where: { matches(v, $0) }) {
                errors.append("\(path): expected \(allowed.joined(separator: "|")), got \(v.typeName)")
                return errors
            }
        }
        if let c = schema["const"], c != v { errors.append("\(path): expected const \(c)") }
        if case let .number(x) = v {
            if case let .number(m)? = schema["minimum"], x < m { errors.append("\(path): \(x) < minimum \(m)") }
            if case let .number(m)? = schema["maximum"], x > m { errors.append("\(path): \(x) > maximum \(m)") }
        }
        if case let .string(s) = v, case let .number(m)? = schema["minLength"], s.count < Int(m) {
            errors.append("\(path): shorter than \(Int(m))")
        }
        if case let .string(s) = v, case let .string(p)? = schema["pattern"],
           s.range(of: p, options: .regularExpression) == nil {
            errors.append("\(path): \"\(s)\" does not match \(p)")
        }
        if case let .object(pairs) = v {
            let props = schema["properties"]?.objectPairs ?? []
            if case let .array(req)? = schema["required"] {
                for r in req.compactMap(\.stringValue) where !pairs.contains(where: { $0.0 == r }) {
                    errors.append("\(path): missing required key \(r)")
                }
            }
            for (k, val) in pairs {
                if let sub = props.first(where: { $0.0 == k })?.1 {
                    errors += validate(val, against: sub, path: path + "." + k, root: root)
                } else if schema["additionalProperties"] == .bool(false) {
                    errors.append("\(path): unexpected key \(k)")
                } else if let extra = schema["additionalProperties"], case .object = extra {
                    errors += validate(val, against: extra, path: path + "." + k, root: root)
                }
            }
            // Keys must come in the schema's order (the output has a fixed key order).
            let order = props.map(\.0)
            let present = pairs.map(\.0).filter { order.contains($0) }
            if present != order.filter({ present.contains($0) }) { errors.append("\(path): keys out of order: \(present)") }
        }
        if case let .array(items) = v, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() { errors += validate(item, against: itemSchema, path: "\(path)[\(i)]", root: root) }
        }
        return errors
    }

    static func matches(_ v: JSONValue, _ type: String) -> Bool {
        switch (type, v) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number): return true
        case let ("integer", .number(x)): return x == x.rounded()
        default: return false
        }
    }
}
