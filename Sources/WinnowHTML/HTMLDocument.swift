import CLibXML2
// Note: this module must not import Foundation (Debian's libxml2 ICU headers clash with Foundation's ICU).

/// A parsed HTML page as a flat, immutable arena of nodes: cheap to walk, no pointers into C memory.
///
/// Nodes are stored in document order (pre-order), so node `i`'s subtree is `i ..< subtreeEnd[i]`.
public struct HTMLDocument: Sendable {
    public enum Kind: UInt8, Sendable { case element, text, comment }

    public struct Node: Sendable {
        public var kind: Kind
        /// Lowercased tag name for elements; "#text" / "#comment" otherwise.
        public var name: String
        public var parent: Int32
        /// One past the last node of this node's subtree (pre-order).
        public var subtreeEnd: Int32
        public var depth: Int32
        /// Range into `text` (text and comment nodes).
        public var textStart: Int32
        public var textEnd: Int32
        /// Range into `attributes` (elements).
        public var attrStart: Int32
        public var attrEnd: Int32
    }

    public private(set) var nodes: [Node] = []
    /// UTF-8 bytes of all text nodes, concatenated.
    public private(set) var text: [UInt8] = []
    public private(set) var attributes: [(name: String, value: String)] = []

    /// Index of the root `<html>` element (or the first node), -1 if the document is empty.
    public var root: Int { nodes.isEmpty ? -1 : 0 }

    public func textBytes(_ i: Int) -> ArraySlice<UInt8> {
        text[Int(nodes[i].textStart)..<Int(nodes[i].textEnd)]
    }

    public func textString(_ i: Int) -> String {
        String(decoding: textBytes(i), as: UTF8.self)
    }

    public func attribute(_ i: Int, _ name: String) -> String? {
        let n = nodes[i]
        var k = Int(n.attrStart)
        while k < Int(n.attrEnd) {
            if attributes[k].name == name { return attributes[k].value }
            k += 1
        }
        return nil
    }

    public func attributes(of i: Int) -> ArraySlice<(name: String, value: String)> {
        attributes[Int(nodes[i].attrStart)..<Int(nodes[i].attrEnd)]
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

    /// Maximum element depth kept; deeper content is attached at this depth (hostile nesting).
    public static let maxDepth = 4000

    /// Parse HTML bytes with libxml2. `encoding` is an IANA charset name passed to libxml2 explicitly
    /// (nil lets libxml2 guess, which a single stray byte can mislead).
    public static func parse(_ bytes: [UInt8], encoding: String? = "UTF-8", url: String? = nil) throws -> HTMLDocument {
        HTMLDocument.silenceOnce
        // NONET: never fetch anything. RECOVER: real pages are broken. COMPACT: smaller tree.
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
                            | HTML_PARSE_COMPACT.rawValue) | Int32(XML_PARSE_HUGE.rawValue)
        if bytes.isEmpty { return HTMLDocument() }
        let docPtr: htmlDocPtr? = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                htmlReadMemory(p, Int32(clamping: buf.count), url, encoding, options)
            }
        }
        guard let doc = docPtr else { throw ParseError(reason: "libxml2 could not parse the HTML") }
        defer { xmlFreeDoc(doc) }
        var out = HTMLDocument()
        out.text.reserveCapacity(bytes.count / 3)
        out.nodes.reserveCapacity(bytes.count / 64)
        guard let rootEl = xmlDocGetRootElement(doc) else { return out }
        out.build(from: rootEl)
        return out
    }

    private static let silenceOnce: Void = { winnow_xml_install_silent_handler() }()

    /// Iterative pre-order walk (recursion would overflow on hostile nesting).
    private mutating func build(from root: xmlNodePtr) {
        var stack: [(ptr: xmlNodePtr, index: Int32)] = []   // open elements
        var cur: xmlNodePtr? = root
        var parentIndex: Int32 = -1
        // Closing nodes: when we finish a subtree, set its subtreeEnd.
        func close(_ idx: Int32) { nodes[Int(idx)].subtreeEnd = Int32(nodes.count) }

        while let node = cur {
            var descended = false
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                let name = HTMLDocument.lowerName(node.pointee.name)
                let idx = Int32(nodes.count)
                let attrStart = Int32(attributes.count)
                var a = node.pointee.properties
                while let attr = a {
                    let an = HTMLDocument.lowerName(attr.pointee.name)
                    // An attribute's value is the text of its child nodes (no allocation through libxml2).
                    var valueBytes: [UInt8] = []
                    var child = attr.pointee.children
                    while let c = child {
                        if let content = c.pointee.content {
                            var q = content
                            while q.pointee != 0 { valueBytes.append(q.pointee); q += 1 }
                        }
                        child = c.pointee.next
                    }
                    let value = String(decoding: valueBytes, as: UTF8.self)
                    attributes.append((an, value))
                    a = attr.pointee.next
                }
                nodes.append(Node(kind: .element, name: name, parent: parentIndex, subtreeEnd: idx + 1,
                                  depth: Int32(stack.count), textStart: 0, textEnd: 0,
                                  attrStart: attrStart, attrEnd: Int32(attributes.count)))
                if let child = node.pointee.children {
                    if stack.count < HTMLDocument.maxDepth {
                        stack.append((node, idx))
                        parentIndex = idx
                        cur = child
                        descended = true
                    } else {
                        // Too deep: keep the text of the subtree flat under this node.
                        appendFlatText(of: node, parent: idx, depth: Int32(stack.count + 1))
                        close(idx)
                    }
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE, XML_COMMENT_NODE:
                let start = Int32(text.count)
                if let c = node.pointee.content {
                    var p = c
                    while p.pointee != 0 { text.append(p.pointee); p += 1 }
                }
                let isComment = node.pointee.type == XML_COMMENT_NODE
                nodes.append(Node(kind: isComment ? .comment : .text, name: isComment ? "#comment" : "#text",
                                  parent: parentIndex, subtreeEnd: Int32(nodes.count + 1), depth: Int32(stack.count),
                                  textStart: start, textEnd: Int32(text.count), attrStart: 0, attrEnd: 0))
            default:
                break
            }
            if descended { continue }
            // No children to enter: move to the next sibling, climbing up as subtrees finish.
            var n = node
            while true {
                if let s = n.pointee.next { cur = s; break }
                guard let top = stack.popLast() else { cur = nil; break }
                close(top.index)
                parentIndex = stack.last?.index ?? -1
                n = top.ptr
            }
        }
        while let top = stack.popLast() { close(top.index) }
    }

    private mutating func appendFlatText(of node: xmlNodePtr, parent: Int32, depth: Int32) {
        let start = Int32(text.count)
        // Walk the subtree iteratively and concatenate its text.
        var stack: [xmlNodePtr] = []
        if let c = node.pointee.children { stack.append(c) }
        while let n = stack.popLast() {
            if let s = n.pointee.next { stack.append(s) }
            if n.pointee.type == XML_TEXT_NODE, let c = n.pointee.content {
                var p = c
                while p.pointee != 0 { text.append(p.pointee); p += 1 }
                text.append(0x20)
            } else if n.pointee.type == XML_ELEMENT_NODE, let c = n.pointee.children {
                stack.append(c)
            }
        }
        nodes.append(Node(kind: .text, name: "#text", parent: parent, subtreeEnd: Int32(nodes.count + 1),
                          depth: depth, textStart: start, textEnd: Int32(text.count), attrStart: 0, attrEnd: 0))
    }

    private static func lowerName(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        var bytes: [UInt8] = []
        var q = p
        while q.pointee != 0 {
            let b = q.pointee
            bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            q += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
