import Testing
import WinnowHTML

// The libxml2 SAX -> arena parser (Sources/WinnowHTML).

private func parse(_ s: String, encoding: String? = "UTF-8") throws -> HTMLDocument {
    try HTMLDocument.parse(Array(s.utf8), encoding: encoding)
}

/// Pre-order layout invariants: parent before child, subtree ranges nested, depth = parent depth + 1.
private func checkLayout(_ doc: HTMLDocument) {
    for (i, n) in doc.nodes.enumerated() {
        #expect(Int(n.subtreeEnd) > i && Int(n.subtreeEnd) <= doc.nodes.count)
        if n.parent >= 0 {
            let p = doc.nodes[Int(n.parent)]
            #expect(Int(n.parent) < i && Int(p.subtreeEnd) >= Int(n.subtreeEnd))
            #expect(n.depth == p.depth + 1)
        } else {
            #expect(i == 0)
        }
        if n.kind != .element { #expect(Int(n.subtreeEnd) == i + 1) }
    }
}

@Test func impliedElementsAndAutoClose() throws {
    let doc = try parse("<title>T</title><p>one<p>two<ul><li>a<li>b</ul>")
    checkLayout(doc)
    #expect(doc.nodes[0].tag == .html)
    let ps = doc.elements(named: "p")
    #expect(ps.count == 2)
    #expect(ps.map { doc.subtreeText($0) } == ["one", "two"])
    let lis = doc.elements(named: "li")
    #expect(lis.map { doc.subtreeText($0) } == ["a", "b"])
    #expect(doc.nodes[lis[0]].parent == doc.nodes[lis[1]].parent)
    let body = doc.elements(named: "body")
    #expect(body.count == 1)
    #expect(doc.nodes[ps[0]].parent == Int32(body[0]))
    #expect(doc.subtreeText(doc.elements(named: "title")[0]) == "T")
}

@Test func textIsMergedAndEntitiesDecoded() throws {
    let doc = try parse("<html><body><p>Fish &amp; chips &eacute;t&#233; &#x263A; &nbsp;x</p></body></html>")
    let p = doc.elements(named: "p")[0]
    #expect(doc.children(p).count == 1)
    #expect(doc.subtreeText(p) == "Fish & chips été ☺ \u{A0}x")
}

@Test func attributesLowercasedDecodedAndValueless() throws {
    let doc = try parse("<body><INPUT Type=checkbox CHECKED data-x=\"a&amp;b\"><a href='/x?a=1&b=2'>l</a></body>")
    let input = doc.elements(named: "input")[0]
    #expect(doc.nodes[input].tag == .input)
    let attrs = doc.attributes(of: input)
    #expect(attrs.map(\.name) == ["type", "checked", "data-x"])
    #expect(doc.attribute(input, "type") == "checkbox")
    #expect(doc.attribute(input, "checked") == "")
    #expect(doc.attribute(input, "data-x") == "a&b")
    #expect(doc.nodes[input].subtreeEnd == Int32(input + 1))   // void element
    let a = doc.elements(named: "a")[0]
    #expect(doc.attribute(a, "href") == "/x?a=1&b=2")
    #expect(doc.nodes[a].name == "a")
}

@Test func unknownTagsKeepTheirName() throws {
    let doc = try parse("<body><my-widget foo=bar>w</my-widget></body>")
    let w = doc.elements(named: "my-widget")
    #expect(w.count == 1)
    #expect(doc.nodes[w[0]].tag == .other)
    #expect(doc.subtreeText(w[0]) == "w")
}

@Test func scriptAndStyleAreRawText() throws {
    // Markup-looking content stays inside the element (one <p> below); only JSON-LD content is stored.
    let doc = try parse("<head><style>p > a { color: red }</style><script>if (a < b && c) { x = '</p>'; }</script>"
        + "<script type=\"application/ld+json\">{\"a\": \"<p>x</p>\"}</script></head><body><p>t</p></body>")
    let scripts = doc.elements(named: "script")
    #expect(scripts.count == 2)
    #expect(doc.subtreeText(scripts[0]) == "")
    #expect(doc.subtreeText(scripts[1]) == "{\"a\": \"<p>x</p>\"}")
    #expect(doc.subtreeText(doc.elements(named: "style")[0]) == "")
    #expect(doc.elements(named: "p").count == 1)
}

@Test func contentAfterBodyAndHtmlStaysInBody() throws {
    let doc = try parse("<html><body><p>in</p></body></html><p>after</p><!-- c -->tail")
    checkLayout(doc)
    let body = doc.elements(named: "body")
    #expect(body.count == 1)
    #expect(doc.elements(named: "html").count == 1)
    let t = doc.subtreeText(body[0])
    #expect(t.contains("in") && t.contains("after") && t.contains("tail"))
    #expect(doc.nodes[0].subtreeEnd == Int32(doc.nodes.count))
}

@Test func commentsAreKeptInsideTheRoot() throws {
    let doc = try parse("<!-- before --><html><body><!-- inside --><p>x</p></body></html>")
    let comments = doc.nodes.indices.filter { doc.nodes[$0].kind == .comment }
    #expect(comments.map { doc.textString($0) } == [" inside "])
    #expect(doc.nodes[comments[0]].tag == .commentNode)
}

@Test func otherCharsetsAreConvertedToUTF8() throws {
    // "Café – 5 €" in windows-1252; the page's <meta> claims UTF-8, the explicit encoding wins.
    var bytes = Array("<html><head><meta charset=\"utf-8\"></head><body><p>Caf".utf8)
    bytes += [0xE9, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]
    bytes += Array("</p></body></html>".utf8)
    let doc = try HTMLDocument.parse(bytes, encoding: "windows-1252")
    #expect(doc.subtreeText(doc.elements(named: "p")[0]) == "Café – 5 €")
    let latin = try HTMLDocument.parse(Array("<p>na".utf8) + [0xEF] + Array("ve</p>".utf8), encoding: "ISO-8859-1")
    #expect(doc.elements(named: "p").count == 1)
    #expect(latin.subtreeText(latin.elements(named: "p")[0]) == "naïve")
}

@Test func emptyAndTextOnlyInput() throws {
    #expect(try HTMLDocument.parse([], encoding: "UTF-8").nodes.isEmpty)
    let doc = try parse("just some text")
    #expect(doc.subtreeText(0).contains("just some text"))
    checkLayout(doc)
}

@Test func deepNestingIsCappedAndKeepsText() throws {
    let n = HTMLDocument.maxDepth + 2_000
    let page = String(repeating: "<div>", count: n) + "<p>deep words</p>" + String(repeating: "</div>", count: n)
        + "<p>after</p>"
    let doc = try parse(page)
    checkLayout(doc)
    #expect(doc.nodes.allSatisfy { Int($0.depth) <= HTMLDocument.maxDepth })
    #expect(doc.nodes.count < HTMLDocument.maxDepth + 20)
    let texts = doc.nodes.indices.filter { doc.nodes[$0].kind == .text }.map { doc.textString($0) }
    #expect(texts.contains("deep words"))
    #expect(texts.contains("after"))
}

@Test func invalidUTF8DoesNotStopTheParse() throws {
    // A stray Latin-1 byte and a truncated sequence in a page declared UTF-8: the rest of the page survives.
    let bytes = Array("<html><body><p>caf".utf8) + [0xE9] + Array(" ok</p><p>x ".utf8) + [0xE2, 0x82]
        + Array(" y</p><p>tail words ☺</p></body></html>".utf8)
    let doc = try HTMLDocument.parse(bytes, encoding: "UTF-8")
    let ps = doc.elements(named: "p").map { doc.subtreeText($0) }
    #expect(ps.count == 3)
    #expect(ps.first?.hasPrefix("caf") == true && ps.first?.hasSuffix(" ok") == true)
    #expect(ps.last == "tail words ☺")
}

/// Script and style content never becomes text (it leaked into a title through a script inside <title>);
/// JSON-LD scripts keep theirs for the metadata.
@Test func scriptAndStyleContentIsDroppedButJSONLDKept() throws {
    let doc = try parse("""
        <html><head><title>Joe's Blog <script>googletag.cmd.push(function() {});</script></title>
        <script type="Application/LD+JSON">{"@type": "NewsArticle"}</script><style>p { color: red }</style></head>
        <body><p>Hello <script>alert(1)</script>world</p><script src="x.js"/><p>After</p></body></html>
        """)
    let texts = doc.nodes.indices.filter { doc.nodes[$0].kind == .text }.map { String(decoding: doc.textBytes($0), as: UTF8.self) }
    let all = texts.joined(separator: "|")
    #expect(!all.contains("googletag") && !all.contains("alert") && !all.contains("color"), "\(all)")
    #expect(all.contains("{\"@type\": \"NewsArticle\"}"))
    #expect(all.contains("Hello") && all.contains("world") && all.contains("After"))
}

@Test func elementThatDoesNotBelongInHeadOpensTheBody() throws {
    // libxml2 keeps an unknown element (<bgsound>, <spacer>) and what follows it in <head>; the HTML5 "in head"
    // rule ends the head there and opens a body, which a later <body> tag gives its attributes.
    let doc = try parse("<html><head><title>T</title><spacer size=2>Story text<p>more</p></head><body class=main id=b><p>end</p></html>")
    checkLayout(doc)
    let head = try #require(doc.elements(named: "head").first)
    let body = try #require(doc.elements(named: "body").first)
    #expect(doc.elements(named: "body").count == 1)
    #expect(doc.nodes[body].parent == 0 && Int(doc.nodes[head].subtreeEnd) <= body)
    #expect(doc.subtreeText(head) == "T")
    #expect(doc.subtreeText(body) == "Story textmoreend")
    #expect(doc.attribute(body, "class") == "main" && doc.attribute(body, "id") == "b")
    // Head content and <noscript> text stay in the head; a page with a <body> tag is built as before.
    let plain = try parse("<html><head><title>T</title><meta name=a content=b><noscript>No JS</noscript></head><body class=x><p>s</p></body></html>")
    checkLayout(plain)
    let h = try #require(plain.elements(named: "head").first)
    #expect(plain.subtreeText(h) == "TNo JS")
    #expect(plain.attribute(try #require(plain.elements(named: "body").first), "class") == "x")
}

/// Element and attribute names come back lower-cased with their tag, whether they are known (looked up in the
/// shared name table), unknown (built), or so many that the per-page name cache evicts them.
@Test func namesResolveAlikeKnownUnknownAndEvicted() throws {
    var page = "<HTML><Body><DIV Class=\"a\" DATA-Src=\"s\" My-Attr=\"m\"><Custom-Widget ID=\"w\">x</Custom-Widget>"
    page += "<p TITLE=\"t\" Href=\"h\">y</p>"
    for k in 0..<700 { page += "<span data-k\(k)=\"\(k)\" class=\"c\">z</span>" }   // more names than cache slots
    page += "<ARTICLE Style=\"s\">w</ARTICLE></Body></HTML>"
    let doc = try parse(page)
    let div = try #require(doc.nodes.indices.first { doc.nodes[$0].tag == .div })
    #expect(doc.nodes[div].name == "div")
    #expect(doc.attributes(of: div).map(\.name) == ["class", "data-src", "my-attr"])
    let widget = try #require(doc.elements(named: "custom-widget").first)
    #expect(doc.nodes[widget].tag == .other)
    #expect(doc.attributes(of: widget).map(\.name) == ["id"])
    let p = try #require(doc.nodes.indices.first { doc.nodes[$0].tag == .p })
    #expect(doc.attributes(of: p).map(\.name) == ["title", "href"])
    let spans = doc.elements(named: "span")
    #expect(spans.count == 700)
    #expect(spans.enumerated().allSatisfy { k, i in doc.attributes(of: i).map(\.name) == ["data-k\(k)", "class"] })
    let article = try #require(doc.nodes.indices.first { doc.nodes[$0].tag == .article })
    #expect(doc.nodes[article].name == "article")
    #expect(doc.attributes(of: article).map(\.name) == ["style"])
}
