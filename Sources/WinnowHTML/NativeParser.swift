// A fast HTML tokenizer and simplified HTML5 tree builder over UTF-8 bytes, writing the arena directly.
// No Foundation (see HTMLDocument.swift).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
//
// Tree construction follows the HTML5 rules that matter for text extraction: implied </p>, </li>, </dt>/</dd>,
// </option>, table cell/row closing, raw-text elements (script, style, textarea, title, noscript, ...),
// void elements, end tags matched within scope (stray end tags ignored), implicit <html>/<body>, content after
// </body> kept in the body. Not done: the adoption agency algorithm and active-formatting reconstruction
// (mis-nested inline tags close at the first matching end tag), foster parenting of text inside tables.

extension HTMLDocument {
    /// Tag names of `HTMLTag` cases, indexed by raw value (static strings: no allocation per node).
    static let tagNames: [String] = {
        var a = [String](repeating: "", count: 256)
        for (n, t) in HTMLTag.byName { a[Int(t.rawValue)] = n }
        a[Int(HTMLTag.textNode.rawValue)] = "#text"
        a[Int(HTMLTag.commentNode.rawValue)] = "#comment"
        return a
    }()

    /// Known tags keyed by the packed lowercase name (names up to 16 bytes; two words).
    static let packedTags: [Packed: HTMLTag] = {
        var m: [Packed: HTMLTag] = [:]
        for (n, t) in HTMLTag.byName {
            let b = Array(n.utf8)
            m[Packed(b[...])] = t
        }
        return m
    }()

    struct Packed: Hashable {
        var lo: UInt64 = 0, hi: UInt64 = 0
        @inline(__always) init(_ s: ArraySlice<UInt8>) {
            var k = 0
            for b in s {
                if k < 8 { lo |= UInt64(b) << (8 * UInt64(k)) } else { hi |= UInt64(b) << (8 * UInt64(k - 8)) }
                k += 1
            }
        }
    }

    /// Parses UTF-8 (or ASCII-compatible single-byte) HTML without libxml2.
    static func parseNative(_ src: [UInt8]) -> HTMLDocument {
        var p = NativeBuilder(capacityHint: src.count)
        src.withUnsafeBufferPointer { p.run($0) }
        return p.finish()
    }
}

@inline(__always) private func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
@inline(__always) private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C }
@inline(__always) private func isAlpha(_ b: UInt8) -> Bool { let l = b | 0x20; return l >= 0x61 && l <= 0x7A }
@inline(__always) private func isAlnum(_ b: UInt8) -> Bool { isAlpha(b) || (b >= 0x30 && b <= 0x39) }

private struct NativeBuilder {
    var doc = HTMLDocument()
    var nodes: [HTMLDocument.Node] = []
    var text: [UInt8] = []
    var attrNames: [String] = []
    var attrRanges: [(start: Int32, end: Int32)] = []
    var attrBytes: [UInt8] = []
    /// Open elements: node index and tag (and name for unknown tags).
    var stack: [(index: Int32, tag: HTMLTag, name: String)] = []
    var hasRoot = false
    var bodyIndex: Int32 = -1
    var headOpen = false
    var sawHead = false
    var nameBuf: [UInt8] = []
    var tmpAttr: [(name: String, start: Int32, end: Int32)] = []

    init(capacityHint: Int) {
        nodes.reserveCapacity(capacityHint / 40 + 16)
        text.reserveCapacity(capacityHint / 3)
        attrBytes.reserveCapacity(capacityHint / 6)
    }

    // MARK: tree

    var parentIndex: Int32 { stack.last?.index ?? -1 }

    mutating func ensureRoot() {
        if hasRoot { return }
        hasRoot = true
        openElement(.html, name: "html", attrs: [])
    }

    mutating func ensureBody() {
        ensureRoot()
        if bodyIndex >= 0 { return }
        if headOpen { closeTo(tag: .head) }
        headOpen = false
        openElement(.body, name: "body", attrs: [])
        bodyIndex = stack.last!.index
    }

    mutating func openElement(_ tag: HTMLTag, name: String, attrs: [(name: String, start: Int32, end: Int32)], void: Bool = false) {
        let idx = Int32(nodes.count)
        let aStart = Int32(attrNames.count)
        for a in attrs {
            attrNames.append(a.name)
            attrRanges.append((a.start, a.end))
        }
        nodes.append(HTMLDocument.Node(kind: .element, tag: tag, name: name, parent: parentIndex, subtreeEnd: idx + 1,
                                       depth: Int32(stack.count), textStart: 0, textEnd: 0,
                                       attrStart: aStart, attrEnd: Int32(attrNames.count)))
        if !void && stack.count < HTMLDocument.maxDepth {
            stack.append((idx, tag, tag == .other ? name : ""))
        }
    }

    mutating func pop() {
        guard let top = stack.popLast() else { return }
        nodes[Int(top.index)].subtreeEnd = Int32(nodes.count)
        if top.tag == .head { headOpen = false }
    }

    /// Pops up to and including the nearest open `tag`.
    mutating func closeTo(tag: HTMLTag) {
        guard let k = stack.lastIndex(where: { $0.tag == tag }) else { return }
        while stack.count > k { pop() }
    }

    static func isScopeBoundary(_ t: HTMLTag) -> Bool {
        switch t {
        case .html, .table, .td, .th, .caption, .template, .object, .body: return true
        default: return false
        }
    }

    /// Index in the stack of an open `tag` not hidden behind a scope boundary (`extra` boundaries too).
    func inScope(_ tag: HTMLTag, extra: (HTMLTag) -> Bool = { _ in false }) -> Int? {
        var k = stack.count - 1
        while k >= 0 {
            let t = stack[k].tag
            if t == tag { return k }
            if NativeBuilder.isScopeBoundary(t) || extra(t) { return nil }
            k -= 1
        }
        return nil
    }

    mutating func popTo(_ k: Int) { while stack.count > k { pop() } }

    static func closesP(_ t: HTMLTag) -> Bool {
        switch t {
        case .address, .article, .aside, .blockquote, .center, .details, .dialog, .div, .dl, .fieldset, .figcaption,
             .figure, .footer, .form, .h1, .h2, .h3, .h4, .h5, .h6, .header, .hr, .main, .menu, .nav, .ol, .p, .pre,
             .section, .summary, .table, .ul, .li, .dd, .dt:
            return true
        default: return false
        }
    }

    static func isVoid(_ t: HTMLTag, _ name: String) -> Bool {
        switch t {
        case .br, .hr, .img, .input, .link, .meta, .source, .embed, .wbr: return true
        case .other:
            return name == "area" || name == "base" || name == "col" || name == "param" || name == "track" || name == "keygen"
        default: return false
        }
    }

    static func isHeadContent(_ t: HTMLTag, _ name: String) -> Bool {
        switch t {
        case .meta, .link, .title, .script, .style, .noscript, .template: return true
        case .other: return name == "base"
        default: return false
        }
    }

    mutating func startTag(_ tag: HTMLTag, name: String, attrs: [(name: String, start: Int32, end: Int32)], selfClosing: Bool) {
        switch tag {
        case .html:
            if !hasRoot { hasRoot = true; openElement(.html, name: "html", attrs: attrs) }
            return
        case .head:
            ensureRoot()
            if bodyIndex < 0 && !headOpen && !sawHead {
                openElement(.head, name: "head", attrs: attrs); headOpen = true; sawHead = true
            }
            return
        case .body:
            ensureRoot()
            if bodyIndex < 0 {
                if headOpen { closeTo(tag: .head) }
                popTo(1)
                openElement(.body, name: "body", attrs: attrs)
                bodyIndex = stack.last!.index
            }
            return
        default:
            break
        }
        if bodyIndex < 0 {
            ensureRoot()
            if !NativeBuilder.isHeadContent(tag, name) { ensureBody() }
        }
        // Implied end tags.
        if NativeBuilder.closesP(tag), let k = inScope(.p, extra: { $0 == .button }) { popTo(k) }
        switch tag {
        case .li:
            if let k = inScope(.li, extra: { $0 == .ul || $0 == .ol }) { popTo(k) }
        case .dt, .dd:
            if let k = inScope(.dd, extra: { $0 == .dl }) { popTo(k) }
            if let k = inScope(.dt, extra: { $0 == .dl }) { popTo(k) }
        case .h1, .h2, .h3, .h4, .h5, .h6:
            if let t = stack.last?.tag, t == .h1 || t == .h2 || t == .h3 || t == .h4 || t == .h5 || t == .h6 { pop() }
        case .tr:
            if let k = inScopeCell() { popTo(k) }
            if let k = inScope(.tr, extra: { $0 == .tbody || $0 == .thead || $0 == .tfoot }) { popTo(k) }
        case .td, .th:
            if let k = inScopeCell() { popTo(k) }
        case .thead, .tbody, .tfoot:
            if let k = stack.lastIndex(where: { $0.tag == .table }),
               let s = stack[(k + 1)...].firstIndex(where: { $0.tag == .thead || $0.tag == .tbody || $0.tag == .tfoot || $0.tag == .tr || $0.tag == .td || $0.tag == .th }) {
                popTo(s)
            }
        case .option:
            if stack.last?.tag == .option { pop() }
        case .a:
            if let k = inScope(.a) { popTo(k) }
        case .p:
            break
        default:
            break
        }
        let void = NativeBuilder.isVoid(tag, name) || (selfClosing && (tag == .other || inForeign))
        openElement(tag, name: name, attrs: attrs, void: void)
    }

    var inForeign: Bool {
        for e in stack.reversed() { if e.tag == .svg || e.tag == .math { return true } }
        return false
    }

    func inScopeCell() -> Int? {
        var k = stack.count - 1
        while k >= 0 {
            let t = stack[k].tag
            if t == .td || t == .th { return k }
            if t == .table || t == .html || t == .tr { return nil }
            k -= 1
        }
        return nil
    }

    mutating func endTag(_ tag: HTMLTag, name: String) {
        switch tag {
        case .html, .body: return   // content after </body> stays in the body
        case .head:
            if headOpen { closeTo(tag: .head) }
            return
        case .br:
            startTag(.br, name: "br", attrs: [], selfClosing: true); return
        default: break
        }
        var k = stack.count - 1
        while k >= 0 {
            let e = stack[k]
            if e.tag == tag && (tag != .other || e.name == name) { popTo(k); return }
            let tableStructure = tag == .table || tag == .tbody || tag == .thead || tag == .tfoot || tag == .tr
            if tableStructure {
                if (e.tag == .table && tag != .table) || e.tag == .body || e.tag == .html { return }
            } else if NativeBuilder.isScopeBoundary(e.tag) {
                return
            }
            k -= 1
        }
    }

    mutating func addText(_ start: Int, _ end: Int) {
        let s = Int32(start), e = Int32(end)
        guard e > s else { return }
        let pi = parentIndex
        // Merge with a directly preceding text node of the same parent.
        if let last = nodes.last, last.kind == .text, last.parent == pi, last.textEnd == s {
            nodes[nodes.count - 1].textEnd = e
            return
        }
        nodes.append(HTMLDocument.Node(kind: .text, tag: .textNode, name: "#text", parent: pi, subtreeEnd: Int32(nodes.count + 1),
                                       depth: Int32(stack.count), textStart: s, textEnd: e, attrStart: 0, attrEnd: 0))
    }

    mutating func addComment(_ buf: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) {
        guard hasRoot else { return }   // comments before <html> are not kept
        let s = Int32(text.count)
        if b > a { text.append(contentsOf: UnsafeBufferPointer(rebasing: buf[a..<b])) }
        nodes.append(HTMLDocument.Node(kind: .comment, tag: .commentNode, name: "#comment", parent: parentIndex,
                                       subtreeEnd: Int32(nodes.count + 1), depth: Int32(stack.count),
                                       textStart: s, textEnd: Int32(text.count), attrStart: 0, attrEnd: 0))
    }

    /// Appends text bytes `buf[a..<b]` decoding character references (when `decode`), then adds a text node.
    mutating func addTextRun(_ buf: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, decode: Bool) {
        if a >= b { return }
        if bodyIndex < 0 {
            // Text before <body>: whitespace is dropped; anything else starts the body.
            var allSpace = true
            for k in a..<b where !isSpace(buf[k]) { allSpace = false; break }
            if allSpace { return }
            ensureBody()
        }
        let start = text.count
        if decode { appendDecoded(buf, a, b, attribute: false, into: &text) } else {
            text.append(contentsOf: UnsafeBufferPointer(rebasing: buf[a..<b]))
        }
        addText(start, text.count)
    }

    // MARK: tokenizer

    mutating func run(_ buf: UnsafeBufferPointer<UInt8>) {
        let n = buf.count
        var i = 0
        var textStart = 0
        while i < n {
            // Scan to the next '<'.
            guard let lt = indexOf(0x3C, buf, from: i) else { i = n; break }
            i = lt
            if i + 1 >= n { break }
            let c = buf[i + 1]
            if isAlpha(c) {
                addTextRun(buf, textStart, i, decode: true)
                i = startTagAt(buf, i + 1)
                textStart = i
            } else if c == 0x2F /* / */ {
                if i + 2 < n && isAlpha(buf[i + 2]) {
                    addTextRun(buf, textStart, i, decode: true)
                    var j = i + 2
                    nameBuf.removeAll(keepingCapacity: true)
                    while j < n, !isSpace(buf[j]), buf[j] != 0x3E, buf[j] != 0x2F { nameBuf.append(lower(buf[j])); j += 1 }
                    let (tag, name) = resolveName()
                    i = (indexOf(0x3E, buf, from: j) ?? (n - 1)) + 1
                    endTag(tag, name: name)
                    textStart = i
                } else if i + 2 < n && buf[i + 2] == 0x3E {
                    addTextRun(buf, textStart, i, decode: true)
                    i += 3; textStart = i            // "</>" is ignored
                } else {
                    addTextRun(buf, textStart, i, decode: true)
                    i = (indexOf(0x3E, buf, from: i + 2) ?? (n - 1)) + 1   // bogus comment
                    textStart = i
                }
            } else if c == 0x21 /* ! */ {
                addTextRun(buf, textStart, i, decode: true)
                if i + 3 < n && buf[i + 2] == 0x2D && buf[i + 3] == 0x2D {
                    let cs = i + 4
                    var j = cs
                    var end = n
                    while j + 2 < n + 0 {
                        if buf[j] == 0x2D && buf[j + 1] == 0x2D && buf[j + 2] == 0x3E { end = j; break }
                        guard let d = indexOf(0x2D, buf, from: j + 1) else { j = n; break }
                        j = d
                    }
                    if end == n {
                        addComment(buf, cs, n); i = n
                    } else {
                        addComment(buf, cs, end); i = end + 3
                    }
                } else {
                    i = (indexOf(0x3E, buf, from: i + 2) ?? (n - 1)) + 1   // doctype, CDATA, bogus
                }
                textStart = i
            } else if c == 0x3F /* ? */ {
                addTextRun(buf, textStart, i, decode: true)
                i = (indexOf(0x3E, buf, from: i + 2) ?? (n - 1)) + 1
                textStart = i
            } else {
                i += 1   // a literal '<' in text
            }
        }
        addTextRun(buf, textStart, min(i, n), decode: true)
    }

    @inline(__always)
    func indexOf(_ b: UInt8, _ buf: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < buf.count else { return nil }
        let base = buf.baseAddress! + from
        guard let r = memchr(base, Int32(b), buf.count - from) else { return nil }
        return from + (UnsafeRawPointer(r) - UnsafeRawPointer(base))
    }

    mutating func resolveName() -> (HTMLTag, String) {
        if nameBuf.count <= 16, let t = HTMLDocument.packedTags[HTMLDocument.Packed(nameBuf[...])] {
            return (t, HTMLDocument.tagNames[Int(t.rawValue)])
        }
        return (.other, String(decoding: nameBuf, as: UTF8.self))
    }

    /// Parses a start tag whose name begins at `j`; returns the index after the tag (and its raw text, if any).
    mutating func startTagAt(_ buf: UnsafeBufferPointer<UInt8>, _ j0: Int) -> Int {
        let n = buf.count
        var j = j0
        nameBuf.removeAll(keepingCapacity: true)
        while j < n, !isSpace(buf[j]), buf[j] != 0x3E, buf[j] != 0x2F { nameBuf.append(lower(buf[j])); j += 1 }
        let (tag, name) = resolveName()
        tmpAttr.removeAll(keepingCapacity: true)
        var selfClosing = false
        // Attributes.
        while j < n {
            let b = buf[j]
            if isSpace(b) { j += 1; continue }
            if b == 0x3E { j += 1; break }
            if b == 0x2F {
                if j + 1 < n && buf[j + 1] == 0x3E { selfClosing = true; j += 2; break }
                j += 1; continue
            }
            // Attribute name.
            let ns = j
            j += 1
            while j < n, !isSpace(buf[j]), buf[j] != 0x3D, buf[j] != 0x3E, buf[j] != 0x2F { j += 1 }
            let ne = j
            while j < n, isSpace(buf[j]) { j += 1 }
            var vs = Int32(attrBytes.count), ve = vs
            if j < n && buf[j] == 0x3D {
                j += 1
                while j < n, isSpace(buf[j]) { j += 1 }
                if j < n && (buf[j] == 0x22 || buf[j] == 0x27) {
                    let q = buf[j]
                    let e = indexOf(q, buf, from: j + 1) ?? n
                    vs = Int32(attrBytes.count)
                    appendDecoded(buf, j + 1, e, attribute: true, into: &attrBytes)
                    ve = Int32(attrBytes.count)
                    j = min(e + 1, n)
                } else {
                    let s = j
                    while j < n, !isSpace(buf[j]), buf[j] != 0x3E { j += 1 }
                    vs = Int32(attrBytes.count)
                    appendDecoded(buf, s, j, attribute: true, into: &attrBytes)
                    ve = Int32(attrBytes.count)
                }
            }
            // Attribute name, lowercased (small strings do not allocate).
            var lowered = false
            for k in ns..<ne where buf[k] >= 0x41 && buf[k] <= 0x5A { lowered = true; break }
            let an: String
            if lowered {
                var tmp = [UInt8](); tmp.reserveCapacity(ne - ns)
                for k in ns..<ne { tmp.append(lower(buf[k])) }
                an = String(decoding: tmp, as: UTF8.self)
            } else {
                an = String(decoding: UnsafeBufferPointer(rebasing: buf[ns..<ne]), as: UTF8.self)
            }
            if !tmpAttr.contains(where: { $0.name == an }) { tmpAttr.append((an, vs, ve)) }
        }
        startTag(tag, name: name, attrs: tmpAttr, selfClosing: selfClosing)
        // Raw text elements: everything up to the matching end tag is one text node.
        let raw: Bool, decode: Bool
        switch tag {
        case .script, .style, .noscript, .iframe: raw = true; decode = false
        case .textarea, .title: raw = true; decode = true
        case .other: raw = name == "xmp" || name == "noembed" || name == "noframes" || name == "plaintext"; decode = false
        default: raw = false; decode = false
        }
        if !raw || j >= n { return j }
        // Only if the element was actually opened (void or depth-capped elements have no content).
        guard let top = stack.last, top.tag == tag, Int(top.index) == nodes.count - 1 else { return j }
        let nb = Array(name.utf8)
        var k = j
        var end = n, after = n
        while let lt = indexOf(0x3C, buf, from: k) {
            if lt + 1 + nb.count < n && buf[lt + 1] == 0x2F {
                var match = true
                for (o, c) in nb.enumerated() where lower(buf[lt + 2 + o]) != c { match = false; break }
                if match {
                    let t = lt + 2 + nb.count
                    if t >= n || isSpace(buf[t]) || buf[t] == 0x3E || buf[t] == 0x2F {
                        end = lt
                        after = (indexOf(0x3E, buf, from: t) ?? (n - 1)) + 1
                        break
                    }
                }
            }
            k = lt + 1
        }
        let s = text.count
        if decode { appendDecoded(buf, j, end, attribute: false, into: &text) } else if end > j {
            text.append(contentsOf: UnsafeBufferPointer(rebasing: buf[j..<end]))
        }
        addText(s, text.count)
        pop()
        return after
    }

    // MARK: character references

    /// Appends `buf[a..<b]`, decoding `&...;` references; NUL bytes are dropped.
    func appendDecoded(_ buf: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, attribute: Bool, into out: inout [UInt8]) {
        var i = a
        var run = a
        while i < b {
            guard let amp = indexOfAmpOrNul(buf, i, b) else { break }
            if amp > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<amp])) }
            if buf[amp] == 0 { i = amp + 1; run = i; continue }
            if let (len, cp) = HTMLEntities.decode(buf, amp + 1, b, attribute: attribute) {
                HTMLEntities.appendUTF8(cp, into: &out)
                i = amp + 1 + len
                run = i
            } else {
                out.append(0x26)
                i = amp + 1
                run = i
            }
        }
        if b > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<b])) }
    }

    @inline(__always)
    func indexOfAmpOrNul(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
        var k = from
        while k < to {
            let c = buf[k]
            if c == 0x26 || c == 0 { return k }
            k += 1
        }
        return nil
    }

    mutating func finish() -> HTMLDocument {
        while !stack.isEmpty { pop() }
        doc.setArena(nodes: nodes, text: text, attributeNames: attrNames, attributeValueRanges: attrRanges, attributeBytes: attrBytes)
        return doc
    }
}

enum HTMLEntities {
    /// Windows-1252 meanings of numeric references 0x80...0x9F (HTML5).
    static let c1: [UInt32] = [0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
                               0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                               0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178]

    /// Decodes the reference after '&' at `s`; returns (bytes consumed after '&', code point).
    static func decode(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ b: Int, attribute: Bool) -> (Int, UInt32)? {
        guard s < b else { return nil }
        if buf[s] == 0x23 /* # */ {
            var k = s + 1
            var hex = false
            if k < b && (buf[k] | 0x20) == 0x78 { hex = true; k += 1 }
            let ds = k
            var v: UInt32 = 0
            while k < b && k - ds < 8 {
                let c = buf[k]
                if c >= 0x30 && c <= 0x39 { v = v * (hex ? 16 : 10) + UInt32(c - 0x30) }
                else if hex && (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 { v = v * 16 + UInt32((c | 0x20) - 0x61 + 10) }
                else { break }
                k += 1
            }
            if k == ds { return nil }
            if k < b && buf[k] == 0x3B { k += 1 }
            if v >= 0x80 && v <= 0x9F { v = c1[Int(v - 0x80)] }
            if v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { v = 0xFFFD }
            return (k - s, v)
        }
        var k = s
        while k < b && k - s < 32 && isAlnum(buf[k]) { k += 1 }
        let nameLen = k - s
        guard nameLen >= 2 else { return nil }
        if k < b && buf[k] == 0x3B {
            if let cp = lookup(buf, s, k) { return (nameLen + 1, cp) }
            return nil
        }
        // Without ';': only the legacy references, and in attributes not when followed by '=' or alnum.
        if attribute { return nil }
        for (nm, cp) in legacy {
            if nameLen >= nm.count {
                var ok = true
                for (o, c) in nm.enumerated() where buf[s + o] != c { ok = false; break }
                if ok { return (nm.count, cp) }
            }
        }
        return nil
    }

    static let legacy: [([UInt8], UInt32)] = [
        (Array("amp".utf8), 0x26), (Array("lt".utf8), 0x3C), (Array("gt".utf8), 0x3E), (Array("quot".utf8), 0x22),
        (Array("nbsp".utf8), 0xA0), (Array("copy".utf8), 0xA9), (Array("reg".utf8), 0xAE),
    ]

    static func lookup(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt32? {
        let key = String(decoding: UnsafeBufferPointer(rebasing: buf[s..<e]), as: UTF8.self)
        return table[key]
    }

    static func appendUTF8(_ v: UInt32, into out: inout [UInt8]) {
        if v < 0x80 { out.append(UInt8(v)) }
        else if v < 0x800 { out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F))) }
        else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// HTML 4 named references plus common HTML5 additions.
    static let table: [String: UInt32] = [
        "quot": 34, "amp": 38, "apos": 39, "lt": 60, "gt": 62, "nbsp": 160, "iexcl": 161, "cent": 162, "pound": 163,
        "curren": 164, "yen": 165, "brvbar": 166, "sect": 167, "uml": 168, "copy": 169, "ordf": 170, "laquo": 171,
        "not": 172, "shy": 173, "reg": 174, "macr": 175, "deg": 176, "plusmn": 177, "sup2": 178, "sup3": 179,
        "acute": 180, "micro": 181, "para": 182, "middot": 183, "cedil": 184, "sup1": 185, "ordm": 186, "raquo": 187,
        "frac14": 188, "frac12": 189, "frac34": 190, "iquest": 191, "Agrave": 192, "Aacute": 193, "Acirc": 194,
        "Atilde": 195, "Auml": 196, "Aring": 197, "AElig": 198, "Ccedil": 199, "Egrave": 200, "Eacute": 201,
        "Ecirc": 202, "Euml": 203, "Igrave": 204, "Iacute": 205, "Icirc": 206, "Iuml": 207, "ETH": 208, "Ntilde": 209,
        "Ograve": 210, "Oacute": 211, "Ocirc": 212, "Otilde": 213, "Ouml": 214, "times": 215, "Oslash": 216,
        "Ugrave": 217, "Uacute": 218, "Ucirc": 219, "Uuml": 220, "Yacute": 221, "THORN": 222, "szlig": 223,
        "agrave": 224, "aacute": 225, "acirc": 226, "atilde": 227, "auml": 228, "aring": 229, "aelig": 230,
        "ccedil": 231, "egrave": 232, "eacute": 233, "ecirc": 234, "euml": 235, "igrave": 236, "iacute": 237,
        "icirc": 238, "iuml": 239, "eth": 240, "ntilde": 241, "ograve": 242, "oacute": 243, "ocirc": 244,
        "otilde": 245, "ouml": 246, "divide": 247, "oslash": 248, "ugrave": 249, "uacute": 250, "ucirc": 251,
        "uuml": 252, "yacute": 253, "thorn": 254, "yuml": 255, "OElig": 338, "oelig": 339, "Scaron": 352,
        "scaron": 353, "Yuml": 376, "fnof": 402, "circ": 710, "tilde": 732, "Alpha": 913, "Beta": 914, "Gamma": 915,
        "Delta": 916, "Epsilon": 917, "Zeta": 918, "Eta": 919, "Theta": 920, "Iota": 921, "Kappa": 922, "Lambda": 923,
        "Mu": 924, "Nu": 925, "Xi": 926, "Omicron": 927, "Pi": 928, "Rho": 929, "Sigma": 931, "Tau": 932,
        "Upsilon": 933, "Phi": 934, "Chi": 935, "Psi": 936, "Omega": 937, "alpha": 945, "beta": 946, "gamma": 947,
        "delta": 948, "epsilon": 949, "zeta": 950, "eta": 951, "theta": 952, "iota": 953, "kappa": 954,
        "lambda": 955, "mu": 956, "nu": 957, "xi": 958, "omicron": 959, "pi": 960, "rho": 961, "sigmaf": 962,
        "sigma": 963, "tau": 964, "upsilon": 965, "phi": 966, "chi": 967, "psi": 968, "omega": 969, "thetasym": 977,
        "upsih": 978, "piv": 982, "ensp": 8194, "emsp": 8195, "thinsp": 8201, "zwnj": 8204, "zwj": 8205,
        "lrm": 8206, "rlm": 8207, "ndash": 8211, "mdash": 8212, "lsquo": 8216, "rsquo": 8217, "sbquo": 8218,
        "ldquo": 8220, "rdquo": 8221, "bdquo": 8222, "dagger": 8224, "Dagger": 8225, "bull": 8226, "hellip": 8230,
        "permil": 8240, "prime": 8242, "Prime": 8243, "lsaquo": 8249, "rsaquo": 8250, "oline": 8254, "frasl": 8260,
        "euro": 8364, "image": 8465, "weierp": 8472, "real": 8476, "trade": 8482, "alefsym": 8501, "larr": 8592,
        "uarr": 8593, "rarr": 8594, "darr": 8595, "harr": 8596, "crarr": 8629, "lArr": 8656, "uArr": 8657,
        "rArr": 8658, "dArr": 8659, "hArr": 8660, "forall": 8704, "part": 8706, "exist": 8707, "empty": 8709,
        "nabla": 8711, "isin": 8712, "notin": 8713, "ni": 8715, "prod": 8719, "sum": 8721, "minus": 8722,
        "lowast": 8727, "radic": 8730, "prop": 8733, "infin": 8734, "ang": 8736, "and": 8743, "or": 8744,
        "cap": 8745, "cup": 8746, "int": 8747, "there4": 8756, "sim": 8764, "cong": 8773, "asymp": 8776,
        "ne": 8800, "equiv": 8801, "le": 8804, "ge": 8805, "sub": 8834, "sup": 8835, "nsub": 8836, "sube": 8838,
        "supe": 8839, "oplus": 8853, "otimes": 8855, "perp": 8869, "sdot": 8901, "lceil": 8968, "rceil": 8969,
        "lfloor": 8970, "rfloor": 8971, "lang": 9001, "rang": 9002, "loz": 9674, "spades": 9824, "clubs": 9827,
        "hearts": 9829, "diams": 9830,
        // HTML5 additions seen in news pages.
        "nbhy": 8209, "hyphen": 8208, "dash": 8208, "horbar": 8213, "lsquor": 8218, "rsquor": 8217, "ldquor": 8222,
        "rdquor": 8221, "mldr": 8230, "nldr": 8229, "half": 189, "check": 10003, "cross": 10007,
        "star": 9734, "starf": 9733, "phone": 9742, "female": 9792, "male": 9794, "sharp": 9839, "flat": 9837,
        "commat": 64, "num": 35, "dollar": 36, "percnt": 37, "lpar": 40, "rpar": 41, "ast": 42, "plus": 43,
        "comma": 44, "period": 46, "sol": 47, "colon": 58, "semi": 59, "equals": 61, "quest": 63, "lsqb": 91,
        "bsol": 92, "rsqb": 93, "lowbar": 95, "grave": 96, "lcub": 123, "verbar": 124, "vert": 124, "rcub": 125,
        "excl": 33, "Tab": 9, "NewLine": 10, "centerdot": 183, "bullet": 8226, "TRADE": 8482, "COPY": 169, "REG": 174, "AMP": 38, "LT": 60, "GT": 62, "QUOT": 34, 
        "emsp13": 8196, "emsp14": 8197, "numsp": 8199, "puncsp": 8200, "hairsp": 8202, "ZeroWidthSpace": 8203,
        "NoBreak": 8288, "zerowidthspace": 8203, "InvisibleTimes": 8290, "caron": 711, "breve": 728,
    ]
}
