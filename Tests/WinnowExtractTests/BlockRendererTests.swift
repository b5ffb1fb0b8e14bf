import Testing
import WinnowCore

/// The Markdown and plain renderings of each block kind (`BlockRenderer`).
@Suite struct BlockRendererTests {
    @Test func plainIsEachTextSeparatedByABlankLine() {
        let blocks = [TextBlock(.heading, level: 2, "Title"), TextBlock(.listItem, level: 1, number: 3, "item"),
                      TextBlock(.tableRow, number: 1, "a b", cells: [0, 1]), .paragraph("Body.")]
        #expect(BlockRenderer.render(blocks, .text) == "Title\n\nitem\n\na b\n\nBody.")
        #expect(BlockRenderer.render([], .text) == "")
    }

    @Test(arguments: [(UInt8(1), "# H"), (2, "## H"), (6, "###### H"), (0, "# H"), (9, "###### H")])
    func headingsByLevel(level: UInt8, expected: String) {
        #expect(BlockRenderer.markdown([TextBlock(.heading, level: level, "H")]) == expected)
    }

    @Test func listItemsBulletedOrNumberedAndNested() {
        let blocks = [TextBlock(.listItem, level: 1, "a"), TextBlock(.listItem, level: 2, "a.1"),
                      TextBlock(.listItem, level: 1, "b"),
                      TextBlock(.listItem, level: 1, number: 1, "one"), TextBlock(.listItem, level: 1, number: 2, "two")]
        // An ordered list after a bulleted one is a new list (blank line); a nested item is indented past the
        // parent's marker.
        #expect(BlockRenderer.markdown(blocks) == "- a\n    - a.1\n- b\n\n1. one\n2. two")
    }

    @Test func quotesKeepParagraphsAndDepth() {
        let blocks = [TextBlock(.quote, level: 1, "First."), TextBlock(.quote, level: 1, "Second."),
                      TextBlock(.quote, level: 2, "Inner."), .paragraph("After.")]
        #expect(BlockRenderer.markdown(blocks) == "> First.\n>\n> Second.\n>\n>> Inner.\n\nAfter.")
    }

    @Test func tableRowsUnderAHeaderSeparatorPaddedToTheWidestRow() {
        let rows = [TextBlock(.tableRow, number: 1, "Team Pts", cells: [0, 4]),
                    TextBlock(.tableRow, number: 2, "A|B 3 x", cells: [0, 3, 5]),
                    TextBlock(.tableRow, number: 3, "C", cells: [0])]
        #expect(BlockRenderer.markdown(rows) == """
            | Team | Pts |  |
            | --- | --- | --- |
            | A\\|B | 3 | x |
            | C |  |  |
            """)
    }

    @Test func aRowNumberedFromOneAgainStartsANewTable() {
        let rows = [TextBlock(.tableRow, number: 1, "a", cells: [0]), TextBlock(.tableRow, number: 2, "b", cells: [0]),
                    TextBlock(.tableRow, number: 1, "c", cells: [0])]
        #expect(BlockRenderer.markdown(rows) == "| a |\n| --- |\n| b |\n\n| c |\n| --- |")
    }

    @Test func rowWithoutCellBoundariesIsOneCell() {
        #expect(BlockRenderer.markdown([TextBlock(.tableRow, number: 1, "just text")]) == "| just text |\n| --- |")
    }

    @Test func preformattedIsFencedWithItsLineBreaks() {
        let code = TextBlock(.preformatted, "let x = 1 let y = 2", raw: "\n  let x = 1\n  let y = 2  \n\n")
        #expect(BlockRenderer.markdown([code]) == "```\n  let x = 1\n  let y = 2\n```")
        // Without the raw text (layout not kept): the collapsed text; a fence longer than any backtick run inside.
        #expect(BlockRenderer.markdown([TextBlock(.preformatted, "a ``` b")]) == "````\na ``` b\n````")
    }

    @Test(arguments: [
        ("# not a heading", "\\# not a heading"), ("> not a quote", "\\> not a quote"), ("- not an item", "\\- not an item"),
        ("* star", "\\* star"), ("12. Twelve", "12\\. Twelve"), ("3) three", "3\\) three"), ("```", "\\```"),
        ("-5 degrees", "-5 degrees"), ("2024 was a year.", "2024 was a year."), ("1.5 million", "1.5 million"),
        ("Plain text.", "Plain text."),
    ])
    func paragraphsThatWouldReadAsMarkupAreEscaped(text: String, expected: String) {
        #expect(BlockRenderer.markdown([.paragraph(text)]) == expected)
    }

    @Test func cellTextsSplitAtTheBoundaries() {
        let row = TextBlock(.tableRow, number: 1, "x  y z", cells: [0, 1, 5])
        #expect(row.cellTexts == ["x", "y", "z"])
        #expect(TextBlock(.tableRow, number: 1, "a b", cells: [0, 0, 1]).cellTexts == ["", "a", "b"])
    }
}
