import Foundation

/// Serialises a `Document` as one line of Winnow's normalized JSON Lines output.
/// Key order is fixed (see `Sources/WinnowCore/Resources/document.schema.json`); text is NFC.
public enum DocumentRecord {
    /// Bumped on any incompatible change to the output format.
    public static let schemaVersion = "winnow.document/2"
    /// Earlier versions `decode` still reads (shard outputs written by an older binary).
    public static let readableVersions: Set<String> = ["winnow.document/1", schemaVersion]

    /// The key under `meta` that carries a JSONL input record's `metadata` object unchanged.
    public static let inputMetaKey = "input"

    public static func encode(_ d: Document, includeTrace: Bool = false) -> [UInt8] {
        var w = JSONWriter(capacity: d.text.utf8.count + 512)
        w.beginObject()
        w.key("schema"); w.string(schemaVersion)
        w.key("id"); w.string(d.id)
        w.key("source"); w.beginObject()
        w.key("path"); w.string(d.source.path)
        w.key("member"); w.stringOrNull(d.source.member)
        w.key("line"); if let l = d.source.line { w.int(l) } else { w.null() }
        w.key("offset"); if let o = d.source.offset { w.int(o) } else { w.null() }
        w.endObject()
        w.key("url"); w.stringOrNull(d.url)
        w.key("title"); w.stringOrNull(d.title.map(Unicode.nfc))
        w.key("authors"); w.beginArray(); for a in d.authors { w.string(Unicode.nfc(a)) }; w.endArray()
        w.key("publisher"); w.stringOrNull(d.publisher.map(Unicode.nfc))
        w.key("published"); w.stringOrNull(d.published)
        w.key("updated"); w.stringOrNull(d.updated)
        w.key("fetched"); w.stringOrNull(d.fetched)
        w.key("site"); w.stringOrNull(d.site.map(Unicode.nfc))
        w.key("hostname"); w.stringOrNull(d.hostname)
        w.key("language"); w.stringOrNull(d.language)
        w.key("language_score"); if let s = d.languageScore { w.double(s) } else { w.null() }
        w.key("description"); w.stringOrNull(d.description.map(Unicode.nfc))
        w.key("tags"); w.beginArray(); for t in d.tags { w.string(Unicode.nfc(t)) }; w.endArray()
        w.key("image"); w.stringOrNull(d.image)
        w.key("license"); w.stringOrNull(d.license)
        let (text, entities) = normalizedText(d)
        w.key("text"); w.string(text)
        w.key("entities"); w.beginArray()
        for e in entities {
            w.beginObject()
            w.key("text"); w.string(e.text)
            w.key("type"); w.string(e.type)
            w.key("canonical"); w.string(e.canonical)
            w.key("start"); w.int(e.start)
            w.key("end"); w.int(e.end)
            w.endObject()
        }
        w.endArray()
        w.key("dedup")
        if let x = d.dedup {
            w.beginObject()
            w.key("content_hash"); w.string(x.contentHash)
            w.key("cluster"); w.string(x.cluster)
            w.key("duplicate_of"); w.stringOrNull(x.duplicateOf)
            w.key("revision_of"); w.stringOrNull(x.revisionOf)
            w.key("similarity"); if let s = x.similarity { w.double(s) } else { w.null() }
            w.key("story"); w.stringOrNull(x.story)
            w.endObject()
        } else { w.null() }
        if !d.meta.isEmpty || d.inputMetadata != nil {
            w.key("meta"); w.beginObject()
            var keys = d.meta.keys.sorted()
            if d.inputMetadata != nil { keys.append(inputMetaKey); keys.sort() }
            for k in keys {
                w.key(k)
                if k == inputMetaKey, let m = d.inputMetadata { w.value(m) } else { w.string(d.meta[k] ?? "") }
            }
            w.endObject()
        }
        if includeTrace || d.tracing {
            w.key("trace"); w.beginArray()
            for t in d.trace {
                w.beginObject()
                w.key("stage"); w.string(t.stage)
                w.key("action"); w.string(t.action)
                w.key("rule"); w.string(t.rule)
                w.key("detail"); w.string(t.detail)
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
        var out = w.bytes
        out.append(0x0A)
        return out
    }

    /// The text as written (NFC) and the entities with offsets into it. Only a pipeline that leaves the text
    /// unnormalized (no `clean_text`, or its normalization off) can reach the slow path: there the entities'
    /// code point offsets, counted in the original text, are moved to the normalized one (each stretch
    /// between two offsets is normalized on its own; offsets fall on token boundaries, before a base
    /// character, so this equals normalizing the whole text).
    static func normalizedText(_ d: Document) -> (String, [Entity]) {
        var t = d.text
        if t.withUTF8({ Unicode.isQuickNFC($0) }) { return (d.text, d.entities) }
        let text = d.text.precomposedStringWithCanonicalMapping
        if d.entities.isEmpty || text.unicodeScalars.elementsEqual(d.text.unicodeScalars) { return (text, d.entities) }
        let scalars = Array(d.text.unicodeScalars)
        var moved: [Int: Int] = [:]
        var from = 0, at = 0
        for p in Set(d.entities.flatMap { [$0.start, $0.end] }).sorted() {
            let q = min(max(p, 0), scalars.count)
            if q > from {
                var stretch = String.UnicodeScalarView()
                stretch.append(contentsOf: scalars[from..<q])
                at += String(stretch).precomposedStringWithCanonicalMapping.unicodeScalars.count
                from = q
            }
            moved[p] = at
        }
        let entities = d.entities.map { e in
            Entity(text: Unicode.nfc(e.text), type: e.type, canonical: Unicode.nfc(e.canonical),
                   start: moved[e.start]!, end: moved[e.end]!)
        }
        return (text, entities)
    }
}


extension DocumentRecord {
    public struct DecodeError: Error, CustomStringConvertible, Sendable {
        public var reason: String
        public var description: String { reason }
    }

    /// Reads back a record written by `encode` (used by `winnow reduce` to merge shard outputs).
    /// Round trip: `encode(decode(encode(d))) == encode(d)`.
    public static func decode(_ v: JSONValue) throws -> Document {
        guard case .object = v else { throw DecodeError(reason: "record is \(v.typeName), expected an object") }
        func str(_ o: JSONValue?, _ k: String) -> String? { o?[k]?.stringValue }
        func int(_ o: JSONValue?, _ k: String) -> Int? { if case let .number(n)? = o?[k] { return Int(n) }; return nil }
        func num(_ o: JSONValue?, _ k: String) -> Double? { if case let .number(n)? = o?[k] { return n }; return nil }
        guard let schema = str(v, "schema"), readableVersions.contains(schema) else {
            throw DecodeError(reason: "not a \(schemaVersion) record (schema: \(str(v, "schema") ?? "missing"))")
        }
        guard let id = str(v, "id"), let src = v["source"], let path = str(src, "path"), let text = str(v, "text") else {
            throw DecodeError(reason: "record lacks id, source.path or text")
        }
        var d = Document(id: id, source: SourceRef(path: path, member: str(src, "member"), line: int(src, "line"), offset: int(src, "offset")),
                         format: .text, text: text)
        d.url = str(v, "url"); d.title = str(v, "title")
        if case let .array(a)? = v["authors"] { d.authors = a.compactMap(\.stringValue) }
        d.publisher = str(v, "publisher")
        d.published = str(v, "published"); d.updated = str(v, "updated"); d.fetched = str(v, "fetched")
        d.site = str(v, "site"); d.hostname = str(v, "hostname")
        d.language = str(v, "language"); d.languageScore = num(v, "language_score")
        d.description = str(v, "description")
        if case let .array(a)? = v["tags"] { d.tags = a.compactMap(\.stringValue) }
        d.image = str(v, "image"); d.license = str(v, "license")
        if case let .array(es)? = v["entities"] {
            d.entities = es.compactMap { e in
                guard let t = str(e, "text"), let ty = str(e, "type"), let c = str(e, "canonical"),
                      let s = int(e, "start"), let en = int(e, "end") else { return nil }
                return Entity(text: t, type: ty, canonical: c, start: s, end: en)
            }
        }
        if let x = v["dedup"], case .object = x, let h = str(x, "content_hash"), let c = str(x, "cluster") {
            d.dedup = DedupInfo(contentHash: h, cluster: c, duplicateOf: str(x, "duplicate_of"),
                                similarity: num(x, "similarity"), story: str(x, "story"),
                                revisionOf: str(x, "revision_of"))
        }
        if case let .object(m)? = v["meta"] {
            for (k, val) in m {
                if k == inputMetaKey { d.inputMetadata = val } else if let s = val.stringValue { d.meta[k] = s }
            }
        }
        if case let .array(tr)? = v["trace"] {
            d.tracing = true
            d.trace = tr.compactMap { t in
                guard let s = str(t, "stage"), let a = str(t, "action"), let r = str(t, "rule"), let de = str(t, "detail") else { return nil }
                return TraceEntry(stage: s, action: a, rule: r, detail: de)
            }
        }
        return d
    }
}
