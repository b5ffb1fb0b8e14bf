import WinnowCore
import WinnowIO

/// Turns a raw input record into a `Document`: stable id, charset resolution, text decoding.
public enum DocumentFactory {
    /// Stable id: the record's own id if it has one, else a hash of where it came from and what it holds.
    /// Same input → same id across runs, machines and thread counts.
    public static func id(for record: RawRecord) -> String {
        if let id = record.id, !id.isEmpty { return id }
        var key = record.source.path
        if let m = record.source.member { key += "#" + m }
        if let l = record.source.line { key += ":" + String(l) }
        let seed = StableHash.xxh64(key)
        let content = record.text.map { StableHash.xxh64($0, seed: seed) } ?? StableHash.xxh64(record.bytes, seed: seed)
        return StableHash.hex(content)
    }

    public static func make(_ record: RawRecord) -> Document {
        var doc = Document(id: id(for: record), source: record.source, format: record.format)
        doc.url = record.url
        doc.title = record.title
        doc.fetched = record.fetched
        doc.published = record.published
        doc.authors = record.authors
        doc.site = record.site
        doc.language = record.language
        doc.inputMetadata = record.metadata
        for (k, v) in record.rawValues { doc.meta[k] = v }
        if let text = record.text {
            doc.text = text
            return doc
        }
        let resolution = Charset.resolve(record.bytes, hint: record.charsetHint, isHTML: record.format == .html)
        doc.meta["charset"] = resolution.name
        switch record.format {
        case .html:
            doc.raw = resolution.bomLength > 0 ? Array(record.bytes.dropFirst(resolution.bomLength)) : record.bytes
            doc.charsetHint = resolution.name
        case .text:
            doc.text = Charset.decode(record.bytes.dropFirst(resolution.bomLength), charset: resolution.name)
        }
        return doc
    }
}
