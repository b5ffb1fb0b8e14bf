import WinnowCore

/// One reply line of a plugin, read against the document it answers.
///
/// A reply is a JSON object with the document's `id` and either `drop` (a reason string), `error`
/// (a reason string: the document is rejected), or the output fields the program changed.
public enum ExecReply {
    case update([(String, JSONValue)])
    case drop(String)
    case error(String)
    /// Not a valid reply (bad JSON, wrong or missing id, ...): the document is rejected with this reason.
    case invalid(String)

    /// Characters of a bad reply quoted in the reject reason.
    static let quotedReplyChars = 120

    public static func parse(_ line: [UInt8], expectedID: String) -> ExecReply {
        let value: JSONValue
        do { value = try JSONValue.parse(line) } catch {
            return .invalid("reply is not valid JSON (\(error)): \(quote(line))")
        }
        guard case let .object(pairs) = value else {
            return .invalid("reply is a JSON \(value.typeName), expected an object: \(quote(line))")
        }
        var seen: Set<String> = []
        for (k, _) in pairs where !seen.insert(k).inserted { return .invalid("reply has the key \"\(k)\" twice") }
        guard let idValue = value["id"] else { return .invalid("reply has no \"id\": \(quote(line))") }
        guard case let .string(id) = idValue, id == expectedID else {
            return .invalid("reply is for id \(shortJSON(idValue)), expected \"\(expectedID)\" (replies must come one per document, in order)")
        }
        let rest = pairs.filter { $0.0 != "id" }
        for verdict in ["drop", "error"] {
            guard let v = value[verdict] else { continue }
            guard case let .string(reason) = v, !reason.isEmpty else {
                return .invalid("\"\(verdict)\" must be a non-empty reason string, got \(shortJSON(v))")
            }
            guard rest.count == 1 else {
                return .invalid("a reply with \"\(verdict)\" has only \"id\" and \"\(verdict)\", got keys \(rest.map(\.0).joined(separator: ", "))")
            }
            return verdict == "drop" ? .drop(reason) : .error(reason)
        }
        return .update(rest)
    }

    /// What the stage does with a document given one reply line: the document is changed in place
    /// (only when the outcome is `.keep`); any problem is a reject whose reason names the document.
    public static func outcome(_ line: [UInt8], document doc: inout Document) -> BatchOutcome {
        switch parse(line, expectedID: doc.id) {
        case let .drop(reason): return .drop(reason: reason)
        case let .error(reason): return .reject(reason: "document \(doc.id): the program reported an error: \(reason)")
        case let .invalid(reason): return .reject(reason: "document \(doc.id): \(reason)")
        case let .update(fields):
            var changed = doc
            do { try ReplyFields.apply(fields, to: &changed) } catch {
                return .reject(reason: "document \(doc.id): \(error)")
            }
            doc = changed
            return .keep
        }
    }

    static func quote(_ line: [UInt8]) -> String {
        let s = String(decoding: line.prefix(quotedReplyChars * 4), as: UTF8.self)
        return s.count > quotedReplyChars ? String(s.prefix(quotedReplyChars)) + "..." : s
    }

    static func shortJSON(_ v: JSONValue) -> String {
        var w = JSONWriter()
        w.value(v)
        return quote(w.bytes)
    }
}
