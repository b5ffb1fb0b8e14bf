import WinnowCore

/// A changed field that does not fit the output schema.
struct ReplyFieldError: Error, CustomStringConvertible {
    var field: String
    var reason: String
    var description: String { "field \"\(field)\": \(reason)" }
}

/// Applies the fields of a reply to a document, checking each against the output schema
/// (`Sources/WinnowCore/Resources/document.schema.json`): one rule per output field.
enum ReplyFields {
    typealias Rule = @Sendable (inout Document, JSONValue) throws -> Void

    /// Largest integer accepted for an entity offset (no text is anywhere near this long).
    static let maxOffset = 1 << 40

    static let rules: [String: Rule] = [
        // Winnow owns these: a reply may echo them back unchanged, never change them.
        "schema": { _, v in
            guard v == .string(DocumentRecord.schemaVersion) else {
                throw ReplyFieldError(field: "schema", reason: "cannot be changed (must stay \"\(DocumentRecord.schemaVersion)\")")
            }
        },
        "source": { d, v in
            guard sameObject(v, sourceJSON(d.source)) else {
                throw ReplyFieldError(field: "source", reason: "cannot be changed (it says where the document came from)")
            }
        },
        "trace": { _, _ in },   // Winnow's own record of what stages did: an echo is ignored.
        "url": { d, v in d.url = try optionalString("url", v) },
        "title": { d, v in d.title = try optionalString("title", v) },
        "publisher": { d, v in d.publisher = try optionalString("publisher", v) },
        "published": { d, v in d.published = try optionalDate("published", v) },
        "updated": { d, v in d.updated = try optionalDate("updated", v) },
        "fetched": { d, v in d.fetched = try optionalDate("fetched", v) },
        "site": { d, v in d.site = try optionalString("site", v) },
        "hostname": { d, v in d.hostname = try optionalString("hostname", v) },
        "language": { d, v in d.language = try optionalString("language", v) },
        "description": { d, v in d.description = try optionalString("description", v) },
        "tags": { d, v in d.tags = try stringArray("tags", v) },
        "image": { d, v in d.image = try optionalString("image", v) },
        "license": { d, v in d.license = try optionalString("license", v) },
        "language_score": { d, v in
            if v == .null { d.languageScore = nil; return }
            guard case let .number(n) = v, (0...1).contains(n) else {
                throw ReplyFieldError(field: "language_score", reason: "must be a number in 0...1 or null, got \(ExecReply.shortJSON(v))")
            }
            d.languageScore = n
        },
        "authors": { d, v in d.authors = try stringArray("authors", v) },
        "text": { d, v in
            guard case let .string(s) = v else { throw typeError("text", "a string", v) }
            if s != d.text { d.text = s }
        },
        "entities": { d, v in
            guard case let .array(items) = v else { throw typeError("entities", "an array", v) }
            d.entities = try items.map(entity)
        },
        "dedup": { d, v in d.dedup = try dedup(v) },
        "meta": { d, v in
            guard case let .object(pairs) = v else { throw typeError("meta", "an object", v) }
            // Merged key by key: a string sets a key, null removes it; keys not named stay.
            for (k, x) in pairs {
                // meta.input is the input record's own metadata, any JSON value.
                if k == DocumentRecord.inputMetaKey { d.inputMetadata = x == .null ? nil : x; continue }
                switch x {
                case .null: d.meta[k] = nil
                case let .string(s): d.meta[k] = s
                default: throw typeError("meta.\(k)", "a string or null", x)
                }
            }
        },
    ]

    static func apply(_ fields: [(String, JSONValue)], to doc: inout Document) throws {
        let textBefore = doc.text
        var entitiesGiven = false
        for (name, value) in fields {
            guard let rule = rules[name] else {
                throw ReplyFieldError(field: name, reason: "is not an output field (known: \(ExecRecord.outputFields.joined(separator: ", ")))")
            }
            try rule(&doc, value)
            if name == "entities" { entitiesGiven = true }
        }
        if entitiesGiven || doc.text != textBefore { try checkEntityOffsets(doc) }
    }

    /// Entity offsets (code points into the text) must stay inside the text, e.g. after the text changed.
    static func checkEntityOffsets(_ doc: Document) throws {
        guard !doc.entities.isEmpty else { return }
        let length = doc.text.unicodeScalars.count
        for e in doc.entities where !(e.start <= e.end && e.end <= length) {
            throw ReplyFieldError(field: "entities", reason: "\"\(e.text)\" at \(e.start)..<\(e.end) is outside the text (\(length) code points); a reply that changes the text must send matching entities")
        }
    }

    static func typeError(_ field: String, _ expected: String, _ v: JSONValue) -> ReplyFieldError {
        ReplyFieldError(field: field, reason: "must be \(expected), got \(v.typeName)")
    }

    static func optionalString(_ field: String, _ v: JSONValue) throws -> String? {
        switch v {
        case .null: return nil
        case let .string(s): return s
        default: throw typeError(field, "a string or null", v)
        }
    }

    /// Dates keep the output's shape (RFC 3339 with seconds and offset, or the plain day): a reply may
    /// send any form `DateValue.normalize` reads.
    static func optionalDate(_ field: String, _ v: JSONValue) throws -> String? {
        guard let s = try optionalString(field, v) else { return nil }
        guard let date = DateValue.normalize(s) else {
            throw ReplyFieldError(field: field, reason: "\"\(s)\" is not a date (ISO 8601, RFC 3339 or RFC 2822)")
        }
        return date
    }

    static func stringArray(_ field: String, _ v: JSONValue) throws -> [String] {
        guard case let .array(items) = v else { throw typeError(field, "an array of strings", v) }
        return try items.map {
            guard case let .string(s) = $0 else { throw typeError(field, "an array of strings", $0) }
            return s
        }
    }

    static func offset(_ field: String, _ v: JSONValue?) throws -> Int {
        guard case let .number(n)? = v, n == n.rounded(), n >= 0, n <= Double(maxOffset) else {
            throw ReplyFieldError(field: field, reason: "must be an integer >= 0")
        }
        return Int(n)
    }

    static func requiredString(_ field: String, _ v: JSONValue?) throws -> String {
        guard case let .string(s)? = v else { throw ReplyFieldError(field: field, reason: "must be a string") }
        return s
    }

    static func checkKeys(_ field: String, _ pairs: [(String, JSONValue)], allowed: [String]) throws {
        for (k, _) in pairs where !allowed.contains(k) {
            throw ReplyFieldError(field: field, reason: "unknown key \"\(k)\" (known: \(allowed.joined(separator: ", ")))")
        }
    }

    static func entity(_ v: JSONValue) throws -> Entity {
        guard case let .object(pairs) = v else { throw typeError("entities", "an array of objects", v) }
        try checkKeys("entities", pairs, allowed: ["text", "type", "canonical", "start", "end"])
        let e = Entity(text: try requiredString("entities[].text", v["text"]),
                       type: try requiredString("entities[].type", v["type"]),
                       canonical: try requiredString("entities[].canonical", v["canonical"]),
                       start: try offset("entities[].start", v["start"]),
                       end: try offset("entities[].end", v["end"]))
        return e
    }

    static func dedup(_ v: JSONValue) throws -> DedupInfo? {
        if v == .null { return nil }
        guard case let .object(pairs) = v else { throw typeError("dedup", "an object or null", v) }
        try checkKeys("dedup", pairs, allowed: ["content_hash", "cluster", "duplicate_of", "revision_of", "similarity", "story"])
        var similarity: Double? = nil
        switch v["similarity"] {
        case nil, .null?: break
        case let .number(n)?: similarity = n
        case let x?: throw typeError("dedup.similarity", "a number or null", x)
        }
        return DedupInfo(contentHash: try requiredString("dedup.content_hash", v["content_hash"]),
                         cluster: try requiredString("dedup.cluster", v["cluster"]),
                         duplicateOf: try optionalString("dedup.duplicate_of", v["duplicate_of"] ?? .null),
                         similarity: similarity,
                         story: try optionalString("dedup.story", v["story"] ?? .null),
                         revisionOf: try optionalString("dedup.revision_of", v["revision_of"] ?? .null))
    }

    static func sourceJSON(_ s: SourceRef) -> JSONValue {
        .object([("path", .string(s.path)), ("member", s.member.map { .string($0) } ?? .null),
                 ("line", s.line.map { .number(Double($0)) } ?? .null),
                 ("offset", s.offset.map { .number(Double($0)) } ?? .null)])
    }

    /// Same keys and values, in any order.
    static func sameObject(_ a: JSONValue, _ b: JSONValue) -> Bool {
        guard case let .object(x) = a, case let .object(y) = b, x.count == y.count else { return false }
        return x.allSatisfy { k, v in b[k] == v }
    }
}
