import Foundation

/// Serialises a `Document` as one line of Winnow's normalized JSON Lines output.
/// Key order is fixed (see `schemas/document.schema.json`); text is NFC.
public enum DocumentRecord {
    /// Bumped on any incompatible change to the output format.
    public static let schemaVersion = "winnow.document/1"

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
        w.key("published"); w.stringOrNull(d.published)
        w.key("fetched"); w.stringOrNull(d.fetched)
        w.key("site"); w.stringOrNull(d.site.map(Unicode.nfc))
        w.key("language"); w.stringOrNull(d.language)
        w.key("language_score"); if let s = d.languageScore { w.double(s) } else { w.null() }
        w.key("text"); w.string(Unicode.nfc(d.text))
        w.key("entities"); w.beginArray()
        for e in d.entities {
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
            w.key("similarity"); if let s = x.similarity { w.double(s) } else { w.null() }
            w.key("story"); w.stringOrNull(x.story)
            w.endObject()
        } else { w.null() }
        if !d.meta.isEmpty {
            w.key("meta"); w.beginObject()
            for k in d.meta.keys.sorted() { w.key(k); w.string(d.meta[k]!) }
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
}

extension Unicode {
    /// NFC, with a fast path: text whose code points are all below U+0300 is already NFC.
    public static func nfc(_ s: String) -> String {
        var needs = false
        for b in s.utf8 where b >= 0xCC { needs = true; break }
        if !needs { return s }
        return s.precomposedStringWithCanonicalMapping
    }
}
