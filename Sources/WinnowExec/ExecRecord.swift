import WinnowCore

/// The line written to a plugin for one document: the output record as `DocumentRecord.encode` writes it,
/// or, when `fields` are given, `id` followed by just those keys (in output order).
public enum ExecRecord {
    /// Every top-level key an output record can have, in output order (read off the encoder itself, so
    /// it follows the schema without a second list to keep in sync).
    public static let outputFields: [String] = {
        var d = Document(id: "x", source: SourceRef(path: "x"), format: .text)
        d.meta = ["x": "x"]
        d.tracing = true
        let line = DocumentRecord.encode(d, includeTrace: true)
        guard case let .object(pairs)? = try? JSONValue.parse(Array(line.dropLast())) else { return [] }
        return pairs.map(\.0)
    }()

    public static func line(_ doc: Document, fields: [String]?) -> [UInt8] {
        let full = DocumentRecord.encode(doc)
        guard let fields else { return full }
        guard case let .object(pairs)? = try? JSONValue.parse(Array(full.dropLast())) else { return full }
        var w = JSONWriter(capacity: full.count)
        w.beginObject()
        w.key("id"); w.string(doc.id)
        for (k, v) in pairs where k != "id" && fields.contains(k) { w.key(k); w.value(v) }
        w.endObject()
        var out = w.bytes
        out.append(0x0A)
        return out
    }
}
