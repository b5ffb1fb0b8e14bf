/// How `text` is written: plain paragraphs (the default) or Markdown.
///
/// Set per pipeline with `output.text_format`; `strip_boilerplate` renders `text` in it, so every later stage
/// (and every entity offset) sees the text exactly as it is written.
public enum TextFormat: String, Sendable, CaseIterable {
    /// Paragraphs separated by a blank line, no markup.
    case text
    /// Headings as `#`, list items as `- ` / `1. `, quotes as `> `, table rows as pipe rows under a header
    /// separator, preformatted text in a fenced block; paragraphs separated by a blank line.
    case markdown
}

/// What a block of extracted text is.
public enum BlockKind: UInt8, Sendable, CaseIterable {
    case paragraph, heading, listItem, quote, tableRow, preformatted

    /// The name in JSON output (`winnow extract --format json`).
    public var name: String {
        switch self {
        case .paragraph: return "paragraph"
        case .heading: return "heading"
        case .listItem: return "list_item"
        case .quote: return "quote"
        case .tableRow: return "table_row"
        case .preformatted: return "preformatted"
        }
    }
}

/// One block of extracted text: its kind, its level and its text (whitespace collapsed, one line).
///
/// - `level`: a heading's level (1–6), a list item's nesting depth (1 = top), a quote's nesting depth;
///   0 for the other kinds.
/// - `number`: an ordered list item's ordinal (0: unordered); a table row's position in its table (1 = first).
/// - `cells`: a table row's cell boundaries, as UTF-8 offsets into `text` where each cell starts (empty when
///   the extractor was not asked to keep layout).
/// - `raw`: a preformatted block's text with its line breaks (nil when layout was not kept).
public struct TextBlock: Sendable, Equatable {
    public var kind: BlockKind
    public var level: UInt8
    public var number: Int32
    public var text: String
    public var cells: [Int32]
    public var raw: String?

    public init(_ kind: BlockKind, level: UInt8 = 0, number: Int32 = 0, _ text: String, cells: [Int32] = [],
                raw: String? = nil) {
        self.kind = kind; self.level = level; self.number = number; self.text = text; self.cells = cells; self.raw = raw
    }

    /// A paragraph.
    public static func paragraph(_ text: String) -> TextBlock { TextBlock(.paragraph, text) }

    /// The texts of a table row's cells, trimmed (the whole text as one cell without cell boundaries).
    public var cellTexts: [String] {
        guard kind == .tableRow, !cells.isEmpty else { return [text] }
        let u = Array(text.utf8)
        var out: [String] = []
        for (k, s) in cells.enumerated() {
            let a = min(Int(s), u.count)
            let b = k + 1 < cells.count ? min(max(Int(cells[k + 1]), a), u.count) : u.count
            var lo = a, hi = b
            while lo < hi && u[lo] == 0x20 { lo += 1 }
            while hi > lo && u[hi - 1] == 0x20 { hi -= 1 }
            out.append(String(decoding: u[lo..<hi], as: UTF8.self))
        }
        // Text before the first boundary (none in a well-formed row) joins the first cell.
        if let first = cells.first, first > 0 {
            let pre = String(decoding: u[0..<min(Int(first), u.count)], as: UTF8.self)
            out[0] = out[0].isEmpty ? pre : pre + " " + out[0]
        }
        return out
    }
}

/// Renders extracted blocks as `text`.
public enum BlockRenderer {
    /// Blocks in `format`. Plain text is each block's text, separated by a blank line (what `text` has always
    /// been); Markdown adds the markup of each kind.
    public static func render(_ blocks: [TextBlock], _ format: TextFormat) -> String {
        switch format {
        case .text: return plain(blocks)
        case .markdown: return markdown(blocks)
        }
    }

    public static func plain(_ blocks: [TextBlock]) -> String {
        var n = 0
        for b in blocks { n += b.text.utf8.count + 2 }
        var out = ""
        out.reserveCapacity(n)
        for (k, b) in blocks.enumerated() {
            if k > 0 { out += "\n\n" }
            out += b.text
        }
        return out
    }

    /// Markdown (CommonMark with GFM tables). Consecutive list items, quote lines and table rows stay
    /// together (one newline); any other boundary is a blank line.
    public static func markdown(_ blocks: [TextBlock]) -> String {
        var out = ""
        var k = 0
        var prev: TextBlock?
        while k < blocks.count {
            let b = blocks[k]
            if b.kind == .tableRow {
                var e = k + 1
                // A table: consecutive rows, until a row numbered no higher than the one before (the next table).
                while e < blocks.count && blocks[e].kind == .tableRow && blocks[e].number > blocks[e - 1].number { e += 1 }
                if !out.isEmpty { out += "\n\n" }
                out += table(blocks[k..<e])
                prev = blocks[e - 1]
                k = e
                continue
            }
            if !out.isEmpty { out += separator(prev, b) }
            out += line(b)
            prev = b
            k += 1
        }
        return out
    }

    /// What goes between two blocks: a blank line, except between items of one list (both ordered or both
    /// not, or of different depth: a nested list) and between paragraphs of one quote (a quoted blank line).
    static func separator(_ a: TextBlock?, _ b: TextBlock) -> String {
        guard let a, a.kind == b.kind else { return "\n\n" }
        switch b.kind {
        case .listItem:
            return (a.number > 0) == (b.number > 0) || a.level != b.level ? "\n" : "\n\n"
        case .quote:
            return "\n" + String(repeating: ">", count: max(Int(min(a.level, b.level)), 1)) + "\n"
        default:
            return "\n\n"
        }
    }

    /// One block that is not a table row.
    static func line(_ b: TextBlock) -> String {
        switch b.kind {
        case .paragraph:
            return escapeLineStart(b.text)
        case .heading:
            return String(repeating: "#", count: Int(min(max(b.level, 1), 6))) + " " + b.text
        case .listItem:
            // (Four spaces a level: past the content column of a "- " or "10. " item above.)
            let indent = String(repeating: "    ", count: max(Int(b.level), 1) - 1)
            return indent + (b.number > 0 ? "\(b.number). " : "- ") + b.text
        case .quote:
            return String(repeating: ">", count: max(Int(b.level), 1)) + " " + escapeLineStart(b.text)
        case .preformatted:
            let body = trimBlankLines(b.raw ?? b.text)
            let fence = fenceFor(body)
            return fence + "\n" + body + "\n" + fence
        case .tableRow:
            return row(b.cellTexts, columns: b.cellTexts.count)
        }
    }

    /// Rows under a header separator; the first row is the header (GFM needs one), rows are padded to the
    /// widest row.
    static func table(_ rows: ArraySlice<TextBlock>) -> String {
        let cells = rows.map(\.cellTexts)
        let columns = max(1, cells.map(\.count).max() ?? 1)
        var lines: [String] = []
        for (k, c) in cells.enumerated() {
            lines.append(row(c, columns: columns))
            if k == 0 { lines.append("|" + String(repeating: " --- |", count: columns)) }
        }
        return lines.joined(separator: "\n")
    }

    static func row(_ cells: [String], columns: Int) -> String {
        var s = "|"
        for k in 0..<columns {
            let c = k < cells.count ? cells[k] : ""
            s += " " + c.replacingAll("|", with: "\\|") + " |"
        }
        return s
    }

    /// A backslash before what would start Markdown markup at the beginning of a paragraph: `#`, `>`, a
    /// `-`/`+`/`*` bullet, a `1.`/`1)` ordinal, a fence, a thematic break.
    /// (Inline markup in the text — `*`, `_`, `[` — is left as it is, as trafilatura does.)
    static func escapeLineStart(_ s: String) -> String {
        let u = Array(s.utf8.prefix(12))
        guard let first = u.first else { return s }
        switch first {
        case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "`"), UInt8(ascii: "~"):
            return "\\" + s
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "_"):
            return u.count == 1 || u[1] == 0x20 || u[1] == first ? "\\" + s : s
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            var k = 0
            while k < u.count && u[k] >= 0x30 && u[k] <= 0x39 { k += 1 }
            if k < u.count && k <= 9 && (u[k] == UInt8(ascii: ".") || u[k] == UInt8(ascii: ")"))
                && (k + 1 == u.count || u[k + 1] == 0x20) {
                let digits = String(decoding: u[0..<k], as: UTF8.self)
                return digits + "\\" + String(decoding: Array(s.utf8.dropFirst(k)), as: UTF8.self)
            }
            return s
        default:
            return s
        }
    }

    /// A fence longer than any run of backticks in the code.
    static func fenceFor(_ code: String) -> String {
        var longest = 0, run = 0
        for b in code.utf8 {
            if b == UInt8(ascii: "`") { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    /// `s` without leading and trailing blank lines (and with CR LF as LF).
    static func trimBlankLines(_ s: String) -> String {
        var lines = s.replacingAll("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        while let f = lines.first, f.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeFirst() }
        while let l = lines.last, l.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        return lines.map { line in
            var t = Substring(line)
            while t.last == " " || t.last == "\t" { t.removeLast() }
            return String(t)
        }.joined(separator: "\n")
    }
}

extension String {
    /// Every occurrence of `target` replaced (WinnowCore does not import Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, self.contains(target) else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[rest.startIndex..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
