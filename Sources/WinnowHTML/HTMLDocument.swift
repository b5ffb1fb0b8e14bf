import CLibXML2
// Note: this module must not import Foundation (Debian's libxml2 ICU headers clash with Foundation's ICU).

/// Known HTML tag names as small integers, so hot loops compare bytes instead of strings.
public enum HTMLTag: UInt8, Sendable {
    case other = 0
    case html, head, body, title, meta, link, script, style, noscript, template
    case div, p, span, a, br, hr, img, picture, figure, figcaption
    case h1, h2, h3, h4, h5, h6
    case ul, ol, li, dl, dt, dd
    case table, thead, tbody, tfoot, tr, td, th, caption
    case blockquote, pre, code, article, main, section, header, footer, nav, aside
    case form, input, button, select, option, textarea, label, fieldset
    case iframe, object, embed, video, audio, source, canvas, svg, math
    case b, i, em, strong, u, small, sub, sup, font, center, time, address, abbr, cite, q, mark
    case dialog, menu, details, summary, ins, del, s, strike, big, tt, kbd, samp, wbr, nobr
    case textNode = 254, commentNode = 255

    static let byName: [String: HTMLTag] = {
        var m: [String: HTMLTag] = [:]
        let names: [(String, HTMLTag)] = [
            ("html", .html), ("head", .head), ("body", .body), ("title", .title), ("meta", .meta), ("link", .link),
            ("script", .script), ("style", .style), ("noscript", .noscript), ("template", .template),
            ("div", .div), ("p", .p), ("span", .span), ("a", .a), ("br", .br), ("hr", .hr), ("img", .img),
            ("picture", .picture), ("figure", .figure), ("figcaption", .figcaption),
            ("h1", .h1), ("h2", .h2), ("h3", .h3), ("h4", .h4), ("h5", .h5), ("h6", .h6),
            ("ul", .ul), ("ol", .ol), ("li", .li), ("dl", .dl), ("dt", .dt), ("dd", .dd),
            ("table", .table), ("thead", .thead), ("tbody", .tbody), ("tfoot", .tfoot), ("tr", .tr),
            ("td", .td), ("th", .th), ("caption", .caption), ("blockquote", .blockquote), ("pre", .pre),
            ("code", .code), ("article", .article), ("main", .main), ("section", .section),
            ("header", .header), ("footer", .footer), ("nav", .nav), ("aside", .aside), ("form", .form),
            ("input", .input), ("button", .button), ("select", .select), ("option", .option),
            ("textarea", .textarea), ("label", .label), ("fieldset", .fieldset), ("iframe", .iframe),
            ("object", .object), ("embed", .embed), ("video", .video), ("audio", .audio), ("source", .source),
            ("canvas", .canvas), ("svg", .svg), ("math", .math), ("b", .b), ("i", .i), ("em", .em),
            ("strong", .strong), ("u", .u), ("small", .small), ("sub", .sub), ("sup", .sup), ("font", .font),
            ("center", .center), ("time", .time), ("address", .address), ("abbr", .abbr), ("cite", .cite),
            ("q", .q), ("mark", .mark), ("dialog", .dialog), ("menu", .menu), ("details", .details),
            ("summary", .summary), ("ins", .ins), ("del", .del), ("s", .s), ("strike", .strike),
            ("big", .big), ("tt", .tt), ("kbd", .kbd), ("samp", .samp), ("wbr", .wbr), ("nobr", .nobr),
        ]
        for (n, t) in names { m[n] = t }
        return m
    }()

    public static func named(_ name: String) -> HTMLTag { byName[name] ?? .other }
}

/// A parsed HTML page as a flat, immutable arena of nodes: cheap to walk, no pointers into C memory.
///
/// Nodes are stored in document order (pre-order), so node `i`'s subtree is `i ..< subtreeEnd[i]`.
public struct HTMLDocument: Sendable {
    public enum Kind: UInt8, Sendable { case element, text, comment }

    public struct Node: Sendable {
        public var kind: Kind
        /// Tag as a small integer (`.other` for unknown element names).
        public var tag: HTMLTag
        /// Lowercased tag name for elements; "#text" / "#comment" otherwise.
        public var name: String
        public var parent: Int32
        /// One past the last node of this node's subtree (pre-order).
        public var subtreeEnd: Int32
        public var depth: Int32
        /// Range into `text` (text and comment nodes).
        public var textStart: Int32
        public var textEnd: Int32
        /// Range into `attributeNames` / `attributeValueRanges` (elements).
        public var attrStart: Int32
        public var attrEnd: Int32
    }

    public private(set) var nodes: [Node] = []
    /// UTF-8 bytes of all text nodes, concatenated.
    public private(set) var text: [UInt8] = []
    /// Lowercased attribute names (interned small strings).
    public private(set) var attributeNames: [String] = []
    /// Byte ranges of attribute values in `attributeBytes`.
    public private(set) var attributeValueRanges: [(start: Int32, end: Int32)] = []
    /// UTF-8 bytes of all attribute values, concatenated.
    public private(set) var attributeBytes: [UInt8] = []

    public init() {}

    mutating func setArena(nodes: [Node], text: [UInt8], attributeNames: [String],
                           attributeValueRanges: [(start: Int32, end: Int32)], attributeBytes: [UInt8]) {
        self.nodes = nodes
        self.text = text
        self.attributeNames = attributeNames
        self.attributeValueRanges = attributeValueRanges
        self.attributeBytes = attributeBytes
    }

    /// Index of the root `<html>` element (or the first node), -1 if the document is empty.
    public var root: Int { nodes.isEmpty ? -1 : 0 }

    public func textBytes(_ i: Int) -> ArraySlice<UInt8> {
        text[Int(nodes[i].textStart)..<Int(nodes[i].textEnd)]
    }

    public func textString(_ i: Int) -> String {
        String(decoding: textBytes(i), as: UTF8.self)
    }

    /// Index into the attribute tables of attribute `name` of element `i`, if present.
    @inline(__always)
    public func attributeIndex(_ i: Int, _ name: String) -> Int? {
        let n = nodes[i]
        // Names are short ASCII: comparing the byte counts first skips most String comparisons.
        let length = name.utf8.count
        var k = Int(n.attrStart)
        while k < Int(n.attrEnd) {
            if attributeNames[k].utf8.count == length && attributeNames[k] == name { return k }
            k += 1
        }
        return nil
    }

    public func attributeValueBytes(_ k: Int) -> ArraySlice<UInt8> {
        let r = attributeValueRanges[k]
        return attributeBytes[Int(r.start)..<Int(r.end)]
    }

    /// Raw bytes of attribute `name` of element `i`.
    public func attributeBytes(_ i: Int, _ name: String) -> ArraySlice<UInt8>? {
        guard let k = attributeIndex(i, name) else { return nil }
        return attributeValueBytes(k)
    }

    public func attribute(_ i: Int, _ name: String) -> String? {
        guard let k = attributeIndex(i, name) else { return nil }
        return String(decoding: attributeValueBytes(k), as: UTF8.self)
    }

    public func attributes(of i: Int) -> [(name: String, value: String)] {
        let n = nodes[i]
        return (Int(n.attrStart)..<Int(n.attrEnd)).map {
            (attributeNames[$0], String(decoding: attributeValueBytes($0), as: UTF8.self))
        }
    }

    /// Direct children of node `i`, in order.
    public func children(_ i: Int) -> [Int] {
        var out: [Int] = []
        var c = i + 1
        let end = Int(nodes[i].subtreeEnd)
        while c < end {
            out.append(c)
            c = Int(nodes[c].subtreeEnd)
        }
        return out
    }

    /// All nodes with the given tag name, in document order.
    public func elements(named name: String) -> [Int] {
        nodes.indices.filter { nodes[$0].kind == .element && nodes[$0].name == name }
    }

    /// Concatenated text of a subtree (raw, whitespace as in the source).
    public func subtreeText(_ i: Int) -> String {
        var out: [UInt8] = []
        for k in i..<Int(nodes[i].subtreeEnd) where nodes[k].kind == .text {
            out.append(contentsOf: textBytes(k))
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Parsing

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var reason: String
        public var description: String { reason }
    }

    /// Maximum element depth kept; deeper elements are not stored and their text is attached at this depth
    /// (hostile nesting).
    public static let maxDepth = 4000

    /// Parse HTML bytes with libxml2's HTML parser. `encoding` is an IANA charset name passed to libxml2
    /// explicitly (nil lets libxml2 guess, which a single stray byte can mislead); libxml2 converts to UTF-8.
    ///
    /// libxml2 runs its HTML tree-construction rules (implied and auto-closed elements) and reports balanced
    /// start/end events through SAX callbacks (SAXBuilder.swift), which fill the arena directly: no libxml2
    /// document tree is built or copied.
    public static func parse(_ bytes: [UInt8], encoding: String? = "UTF-8", url: String? = nil) throws -> HTMLDocument {
        HTMLDocument.silenceOnce
        // NONET: never fetch anything. RECOVER: real pages are broken. COMPACT: as before (tree-only option).
        // HUGE: no arbitrary limits on text node size (a 50 MB <script> is one text node).
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
                            | HTML_PARSE_COMPACT.rawValue) | Int32(XML_PARSE_HUGE.rawValue)
        if bytes.isEmpty { return HTMLDocument() }
        guard bytes.count <= Int(Int32.max) else { throw ParseError(reason: "HTML input larger than 2 GiB") }
        // libxml2's HTML parser stops at a NUL byte as if the input ended there (stray NULs are common in
        // scraped pages); HTML5 parsers ignore them, so they become spaces.
        if bytes.contains(0) {
            var clean = bytes
            for k in clean.indices where clean[k] == 0 { clean[k] = 0x20 }
            return try parse(clean, encoding: encoding, url: url)
        }
        var builder = SAXBuilder(capacityHint: bytes.count)
        var sax = SAXBuilder.handler()
        let rc: Int32 = withUnsafeMutablePointer(to: &builder) { b in
            bytes.withUnsafeBufferPointer { buf in
                buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                    winnow_html_sax_parse(p, Int32(buf.count), url, encoding, options, &sax, UnsafeMutableRawPointer(b))
                }
            }
        }
        guard rc == 0 else { throw ParseError(reason: "libxml2 could not parse the HTML") }
        return builder.finish()
    }

    private static let silenceOnce: Void = { winnow_xml_install_silent_handler() }()
}
