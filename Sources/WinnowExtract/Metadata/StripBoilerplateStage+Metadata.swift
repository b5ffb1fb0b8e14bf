import WinnowCore

// Writes the decided metadata into the Document (fields the input already set are kept) and records in the
// trace where each field came from: `metadata` entries whose rule is `field:source` and whose detail names the
// meta tag, JSON-LD path, element or visible line.
extension StripBoilerplateStage {
    static func apply(_ r: ResolvedMetadata, meta: PageMetadata, to d: inout Document) {
        func note(_ field: String, _ source: MetaSource, _ detail: String, _ value: String) {
            Self.note(&d, field, source, detail, value)
        }
        if d.title == nil, let h = r.headline {
            d.title = h.value
            note("title", h.source, h.detail, h.value)
        }
        if d.authors.isEmpty, !r.people.isEmpty {
            d.authors = r.people.map(\.value)
            for p in r.people { note("authors", p.source, p.detail, p.value) }
        }
        if d.published == nil, let p = r.published {
            d.published = p.value
            note("published", p.source, p.detail, p.value)
        }
        if d.site == nil, let s = meta.site { d.site = s }
        if d.url == nil { d.url = meta.canonical }
        if let lang = meta.language { d.meta["language_hint"] = lang }
        if !r.organisations.isEmpty { d.meta["organisations"] = r.organisations.joined(separator: "; ") }
        applyExtras(r, to: &d)
    }

    static func note(_ d: inout Document, _ field: String, _ source: MetaSource, _ detail: String, _ value: String) {
        d.note(stage, "metadata", rule: field + ":" + source.rawValue, detail == value ? value : detail + " → " + value)
    }

    /// Bylines the line rules took out of the text: their names always reach the authors.
    static func addTextBylines(_ raw: [String], site: String?, to d: inout Document) {
        guard !raw.isEmpty else { return }
        var known = Set(d.authors.map { DOMExtractor.titleKey($0.utf8) })
        for line in raw {
            let c = Bylines.parse(line, site: site)
            if d.publisher == nil, let org = c.organisations.first { d.publisher = org }
            for p in c.people where known.insert(DOMExtractor.titleKey(p.utf8)).inserted {
                d.authors.append(p)
                d.note(stage, "metadata", rule: "authors:" + MetaSource.text.rawValue, line + " → " + p)
            }
        }
    }

    /// Fields beyond title/authors/published: updated, publisher, hostname, description, tags, image, licence.
    static func applyExtras(_ r: ResolvedMetadata, to d: inout Document) {
        if d.updated == nil, let u = r.updated {
            d.updated = u.value
            note(&d, "updated", u.source, u.detail, u.value)
        }
        if d.publisher == nil, let p = r.publisher { d.publisher = p }
        if d.hostname == nil, let h = r.hostname { d.hostname = h }
        if d.description == nil, let s = r.description { d.description = s }
        if d.tags.isEmpty { d.tags = r.tags }
        if d.image == nil, let i = r.image { d.image = i }
        if d.license == nil, let l = r.license { d.license = l }
    }
}
