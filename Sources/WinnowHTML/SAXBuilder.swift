import CLibXML2
// No Foundation (see HTMLDocument.swift).

// Fills the HTMLDocument arena straight from libxml2's HTML SAX events.
//
// libxml2 applies the HTML tree-construction rules (implied html/head/body/p, auto-closing of p, li, td, option
// and friends, end tags matched against open elements) and reports balanced startElement/endElement events,
// so the pre-order arena is built with a stack: an element's subtreeEnd is set when it is popped.
//
// Differences from libxml2's own tree (chosen for text extraction):
// - <html> and <body> are never closed by end tags: content after a stray </body> or </html> stays in the body
//   (libxml2 would put it after the body, or start a second <html>).
// - Whitespace-only text in html/head (libxml2 "ignorable whitespace") is dropped, as its tree builder does.
// - Comments outside the root element are dropped.
// - Elements nested deeper than HTMLDocument.maxDepth are not stored; their text joins the deepest kept element.
// - HTML5's "in head" rule: a start tag that does not belong in <head>, or text that is not whitespace, ends the
//   head and opens the body. libxml2 keeps elements it does not know (<marquee>, <ilayer>, <o:p>, ...) and their
//   text inside an open <head>, so a page without <body> had no content at all. A later <body> tag adds its
//   attributes to the implied body (as in HTML5); libxml2's end events for the closed head are then swallowed
//   like those of <body> (only html/body can be on top when they arrive).

extension HTMLDocument {
    /// Tag names of `HTMLTag` cases, indexed by raw value (static strings: no allocation per node).
    static let tagNames: [String] = {
        var a = [String](repeating: "", count: 256)
        for (n, t) in HTMLTag.byName { a[Int(t.rawValue)] = n }
        a[Int(HTMLTag.textNode.rawValue)] = "#text"
        a[Int(HTMLTag.commentNode.rawValue)] = "#comment"
        return a
    }()
}

struct SAXBuilder {
    typealias Node = HTMLDocument.Node

    var nodes: [Node] = []
    var text: [UInt8] = []
    var attrNames: [String] = []
    var attrRanges: [(start: Int32, end: Int32)] = []
    var attrBytes: [UInt8] = []
    /// Open elements (node indices).
    var stack: [Int32] = []
    /// Elements below maxDepth that were not stored (their end events are swallowed).
    var skipped = 0
    /// A skipped element started or ended since the last text: separate words when merging text.
    var pendingSpace = false
    var hasBody = false
    /// The <body> opened by the "in head" rule (no <body> tag seen yet), and the attributes of a later <body> tag.
    var impliedBody: Int32 = -1
    var lateBodyAttributes: [(name: String, value: [UInt8])] = []
    /// The open element is a <script type="application/ld+json"> (its content is kept).
    var inDataScript = false

    /// Names are interned by libxml2 (its dictionary, or static strings for implied elements), so a small
    /// direct-mapped cache keyed by the name pointer resolves most names without hashing strings.
    var cacheKeys = [UnsafeRawPointer?](repeating: nil, count: SAXBuilder.cacheSlots)
    var cacheNames = [String](repeating: "", count: SAXBuilder.cacheSlots)
    var cacheTags = [HTMLTag](repeating: .other, count: SAXBuilder.cacheSlots)
    /// Slots of the name cache. libxml2's dictionary packs names a few bytes apart, so the slot comes from a
    /// multiplicative hash of the pointer (low address bits alone sent one name in six to a taken slot on news
    /// pages).
    static let cacheSlots = 512

    init(capacityHint: Int) {
        nodes.reserveCapacity(capacityHint / 48 + 16)
        text.reserveCapacity(capacityHint / 3)
        attrBytes.reserveCapacity(capacityHint / 6)
        stack.reserveCapacity(64)
    }

    /// The SAX handler: only content callbacks, so libxml2 builds no document.
    static func handler() -> htmlSAXHandler {
        var h = htmlSAXHandler()
        h.startElement = { ctx, name, atts in
            guard let ctx, let name else { return }
            ctx.assumingMemoryBound(to: SAXBuilder.self).pointee.startElement(name, atts)
        }
        h.endElement = { ctx, name in
            guard let ctx, let name else { return }
            ctx.assumingMemoryBound(to: SAXBuilder.self).pointee.endElement(name)
        }
        h.characters = { ctx, ch, len in
            guard let ctx, let ch, len > 0 else { return }
            ctx.assumingMemoryBound(to: SAXBuilder.self).pointee.characters(ch, Int(len))
        }
        // <script>/<style> content (libxml2 reports it as CDATA blocks): only JSON-LD is kept (page metadata);
        // code and style sheets are never text, and storing them cost as much as the rest of the page.
        h.cdataBlock = { ctx, ch, len in
            guard let ctx, let ch, len > 0 else { return }
            let b = ctx.assumingMemoryBound(to: SAXBuilder.self)
            if b.pointee.inDataScript { b.pointee.characters(ch, Int(len)) }
        }
        h.comment = { ctx, value in
            guard let ctx, let value else { return }
            ctx.assumingMemoryBound(to: SAXBuilder.self).pointee.comment(value)
        }
        // ignorableWhitespace stays nil: whitespace in html/head is dropped.
        return h
    }

    @inline(__always)
    mutating func resolve(_ p: UnsafePointer<xmlChar>) -> (String, HTMLTag) {
        let key = UnsafeRawPointer(p)
        let slot = Int(truncatingIfNeeded: (UInt64(UInt(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15) >> 55)
        if cacheKeys[slot] == key { return (cacheNames[slot], cacheTags[slot]) }
        let (name, tag) = SAXBuilder.lookUpName(p)
        cacheKeys[slot] = key
        cacheNames[slot] = name
        cacheTags[slot] = tag
        return (name, tag)
    }

    /// The lower-cased name and tag of a name not in the cache: the names of known tags and common attributes
    /// come from a shared table (no allocation; each page meets its names afresh, since libxml2 interns them
    /// per parse), others are built.
    static func lookUpName(_ p: UnsafePointer<xmlChar>) -> (String, HTMLTag) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var n = 0
        while p[n] != 0 {
            let b = p[n]
            h = (h ^ UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)) &* 0x100_0000_01b3
            n += 1
        }
        if let known = knownNames[h], known.name.utf8.count == n,
           known.name.utf8.elementsEqual(UnsafeBufferPointer(start: p, count: n).lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }) {
            return known
        }
        let s = String(decoding: UnsafeBufferPointer(start: p, count: n).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 },
                       as: UTF8.self)
        let tag = HTMLTag.named(s)
        return (tag == .other ? s : HTMLDocument.tagNames[Int(tag.rawValue)], tag)
    }

    /// Attribute names common enough on news pages to be looked up rather than built (any other name is built
    /// the same way, so this list changes speed only).
    static let commonAttributeNames = [
        "class", "id", "href", "src", "style", "rel", "type", "content", "name", "property", "alt", "title", "width",
        "height", "target", "srcset", "sizes", "loading", "decoding", "role", "itemprop", "itemscope", "itemtype",
        "datetime", "lang", "charset", "http-equiv", "media", "async", "defer", "crossorigin", "integrity",
        "aria-label", "aria-hidden", "aria-expanded", "aria-controls", "aria-labelledby", "tabindex", "value",
        "action", "method", "for", "colspan", "rowspan", "border", "align", "valign", "onclick", "referrerpolicy",
        "frameborder", "allowfullscreen", "allow", "fetchpriority", "xmlns", "dir", "hidden", "placeholder",
        "autocomplete", "data-src", "data-id", "data-srcset", "data-type", "data-url", "data-testid", "data-component",
        "viewbox", "fill", "d", "stroke", "focusable", "poster", "preload", "controls", "playsinline", "nonce",
        "sandbox", "scrolling", "itemid", "rev", "cite", "label", "selected", "checked", "disabled", "size",
    ]

    /// FNV-1a of the lower-cased name -> (name, tag), for every known tag and the common attribute names.
    static let knownNames: [UInt64: (name: String, tag: HTMLTag)] = {
        var m: [UInt64: (name: String, tag: HTMLTag)] = [:]
        func add(_ name: String) {
            let tag = HTMLTag.named(name)
            let h = name.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
            if m[h] == nil { m[h] = (tag == .other ? name : HTMLDocument.tagNames[Int(tag.rawValue)], tag) }
        }
        for name in HTMLTag.byName.keys.sorted() { add(name) }
        for name in commonAttributeNames { add(name) }
        return m
    }()

    @inline(__always)
    static func cLength(_ p: UnsafePointer<xmlChar>) -> Int { strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self)) }

    mutating func startElement(_ namePtr: UnsafePointer<xmlChar>, _ atts: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        if stack.count >= HTMLDocument.maxDepth {
            skipped += 1
            pendingSpace = true
            return
        }
        let (name, tag) = resolve(namePtr)
        if tag == .html {
            // One root: a second <html> (content after </html>) continues in the first.
            if !nodes.isEmpty { return }
        } else if tag == .body {
            if hasBody {
                if impliedBody >= 0 && lateBodyAttributes.isEmpty { lateBodyAttributes = attributeList(atts) }
                return
            }
            hasBody = true
        } else if !hasBody && inHead() && !SAXBuilder.headContent.contains(name) {
            openImpliedBody()
        }
        if stack.isEmpty && !nodes.isEmpty {
            // Only reachable with a root that is not <html>: keep a single tree.
            stack.append(0)
        }
        pendingSpace = false
        let idx = Int32(nodes.count)
        let attrStart = Int32(attrNames.count)
        if var a = atts {
            // name/value pairs; a value is nil for an attribute written without one.
            while let an = a.pointee {
                let value = (a + 1).pointee
                let (n, _) = resolve(an)
                let vs = Int32(attrBytes.count)
                if let value {
                    attrBytes.append(contentsOf: UnsafeBufferPointer(start: value, count: SAXBuilder.cLength(value)))
                }
                attrNames.append(n)
                attrRanges.append((vs, Int32(attrBytes.count)))
                a += 2
            }
        }
        nodes.append(Node(kind: .element, tag: tag, name: name, parent: stack.last ?? -1, subtreeEnd: idx + 1,
                          depth: Int32(stack.count), textStart: 0, textEnd: 0,
                          attrStart: attrStart, attrEnd: Int32(attrNames.count)))
        stack.append(idx)
        inDataScript = tag == .script && isJSONLD(attrStart: Int(attrStart))
    }

    /// Start tags that stay in <head>: HTML5's "in head" list, less <bgsound> and <basefont> (libxml2 does not know
    /// them as empty elements and nests what follows inside them, so they open the body); frameset pages are left
    /// to libxml2. <noscript> content stays in the head, as in a browser that runs scripts.
    static let headContent: Set<String> = ["base", "link", "meta", "title", "noscript", "noframes", "style", "script",
                                           "template", "head", "frameset", "frame"]

    /// The open element is <head> itself.
    func inHead() -> Bool {
        guard let top = stack.last else { return false }
        return nodes[Int(top)].tag == .head
    }

    /// Ends the head and opens an implied <body> under <html>.
    mutating func openImpliedBody() {
        while let top = stack.last, stack.count > 1 {
            stack.removeLast()
            nodes[Int(top)].subtreeEnd = Int32(nodes.count)
        }
        guard let html = stack.last else { return }
        let idx = Int32(nodes.count)
        let a = Int32(attrNames.count)
        nodes.append(Node(kind: .element, tag: .body, name: HTMLDocument.tagNames[Int(HTMLTag.body.rawValue)], parent: html,
                          subtreeEnd: idx + 1, depth: Int32(stack.count), textStart: 0, textEnd: 0, attrStart: a, attrEnd: a))
        stack.append(idx)
        hasBody = true
        impliedBody = idx
        pendingSpace = false
    }

    /// A start tag's attributes as owned pairs (for a <body> tag that comes after the implied body).
    mutating func attributeList(_ atts: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> [(name: String, value: [UInt8])] {
        var out: [(name: String, value: [UInt8])] = []
        guard var a = atts else { return out }
        while let an = a.pointee {
            let value = (a + 1).pointee
            out.append((resolve(an).0, value.map { Array(UnsafeBufferPointer(start: $0, count: SAXBuilder.cLength($0))) } ?? []))
            a += 2
        }
        return out
    }

    /// Whether the element whose attributes start at `attrStart` has type="application/ld+json".
    private static let jsonLDType = Array("application/ld+json".utf8)
    private func isJSONLD(attrStart: Int) -> Bool {
        let want = SAXBuilder.jsonLDType
        for k in attrStart..<attrNames.count where attrNames[k] == "type" {
            let r = attrRanges[k]
            let v = attrBytes[Int(r.start)..<Int(r.end)]
            if v.count == want.count && zip(v, want).allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == $1 }) { return true }
        }
        return false
    }

    mutating func endElement(_ namePtr: UnsafePointer<xmlChar>) {
        if skipped > 0 {
            skipped -= 1
            pendingSpace = true
            return
        }
        let (_, tag) = resolve(namePtr)
        // html and body stay open until the end of the input (see the file comment).
        if tag == .html || tag == .body { return }
        guard let top = stack.last else { return }
        let t = nodes[Int(top)].tag
        if t == .html || t == .body { return }
        stack.removeLast()
        nodes[Int(top)].subtreeEnd = Int32(nodes.count)
        pendingSpace = false
        inDataScript = false
    }

    mutating func characters(_ ch: UnsafePointer<xmlChar>, _ len: Int) {
        if !hasBody && inHead() && UnsafeBufferPointer(start: ch, count: len).contains(where: { $0 > 0x20 }) {
            openImpliedBody()
        }
        guard let parent = stack.last else { return }
        let start = Int32(text.count)
        // Merge with a directly preceding text node of the same parent (libxml2 reports text in chunks).
        if let li = nodes.indices.last, nodes[li].kind == .text, nodes[li].parent == parent, nodes[li].textEnd == start {
            if pendingSpace { text.append(0x20); pendingSpace = false }
            text.append(contentsOf: UnsafeBufferPointer(start: ch, count: len))
            nodes[li].textEnd = Int32(text.count)
            return
        }
        pendingSpace = false
        text.append(contentsOf: UnsafeBufferPointer(start: ch, count: len))
        nodes.append(Node(kind: .text, tag: .textNode, name: "#text", parent: parent, subtreeEnd: Int32(nodes.count + 1),
                          depth: Int32(stack.count), textStart: start, textEnd: Int32(text.count), attrStart: 0, attrEnd: 0))
    }

    mutating func comment(_ value: UnsafePointer<xmlChar>) {
        guard let parent = stack.last else { return }
        let start = Int32(text.count)
        text.append(contentsOf: UnsafeBufferPointer(start: value, count: SAXBuilder.cLength(value)))
        nodes.append(Node(kind: .comment, tag: .commentNode, name: "#comment", parent: parent,
                          subtreeEnd: Int32(nodes.count + 1), depth: Int32(stack.count),
                          textStart: start, textEnd: Int32(text.count), attrStart: 0, attrEnd: 0))
    }

    mutating func finish() -> HTMLDocument {
        let end = Int32(nodes.count)
        for i in stack { nodes[Int(i)].subtreeEnd = end }
        stack.removeAll()
        if impliedBody >= 0 && !lateBodyAttributes.isEmpty {
            // The implied body has no attributes of its own: give it the later <body> tag's, stored last.
            nodes[Int(impliedBody)].attrStart = Int32(attrNames.count)
            for (n, v) in lateBodyAttributes {
                let vs = Int32(attrBytes.count)
                attrBytes.append(contentsOf: v)
                attrNames.append(n)
                attrRanges.append((vs, Int32(attrBytes.count)))
            }
            nodes[Int(impliedBody)].attrEnd = Int32(attrNames.count)
        }
        var doc = HTMLDocument()
        doc.setArena(nodes: nodes, text: text, attributeNames: attrNames, attributeValueRanges: attrRanges,
                     attributeBytes: attrBytes)
        return doc
    }
}
