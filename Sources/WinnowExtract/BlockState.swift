import WinnowCore
import WinnowHTML

/// The kind of block the text at one point of emission belongs to, from the open block elements around it
/// (inside the emitted root; what lies above the root does not count).
///
/// A heading, list item, quote or <pre> passes its kind to the blocks inside it (`<li><p>` is a list item,
/// `<blockquote><p>` a quote). A table row does not: a block inside a cell is a paragraph, which keeps old
/// table-layout pages (a whole story in one cell) from turning into table rows.
struct BlockState {
    var kind: BlockKind = .paragraph
    /// `TextBlock.level`: heading level, list or quote depth.
    var level: UInt8 = 0
    /// `TextBlock.number`: an ordered item's ordinal, a row's position in its table. On a list or table
    /// element's own state: the items or rows counted so far.
    var number: Int32 = 0
    /// Open lists and quotes around this point.
    var lists: UInt8 = 0
    var quotes: UInt8 = 0
    /// On a list or table element's own state: what it counts (`Container`).
    var container: Container = .none

    enum Container: UInt8 { case none, unorderedList, orderedList, table }

    static let root = BlockState()

    /// A row of fewer cells is layout (a story or a column set in a table), not data: its text is a paragraph.
    static let minRowCells = 2
    /// A row with more text is layout too (a story beside a spacer cell); 99 % of multi-cell rows on the
    /// extraction dev sets are shorter than 405 bytes.
    static let maxRowBytes = 500

    /// The kind of a finished paragraph of `bytes` bytes in state `st` that saw `cells` table cells open.
    @inline(__always)
    static func kind(_ st: BlockState, cells: Int, bytes: Int) -> BlockKind {
        if st.kind == .tableRow && (cells < minRowCells || bytes > maxRowBytes) { return .paragraph }
        return st.kind
    }

    /// The state inside block element `t` opened where the state is `p`. The counters of the enclosing list
    /// or table are advanced by `DOMExtractor.enter`.
    static func entering(_ t: HTMLTag, from p: BlockState) -> BlockState {
        var s = p
        s.container = .none
        if p.kind == .tableRow { s.kind = .paragraph; s.level = 0; s.number = 0 }
        switch t {
        case .h1: s.kind = .heading; s.level = 1
        case .h2: s.kind = .heading; s.level = 2
        case .h3: s.kind = .heading; s.level = 3
        case .h4: s.kind = .heading; s.level = 4
        case .h5: s.kind = .heading; s.level = 5
        case .h6: s.kind = .heading; s.level = 6
        case .ul, .ol, .menu:
            s.lists = p.lists &+ 1
            s.container = t == .ol ? .orderedList : .unorderedList
            s.number = 0
        case .li:
            s.kind = .listItem; s.level = max(p.lists, 1); s.number = 0
        case .blockquote:
            s.quotes = p.quotes &+ 1
            s.kind = .quote; s.level = s.quotes; s.number = 0
        case .pre:
            s.kind = .preformatted; s.level = 0; s.number = 0
        case .table:
            s.kind = .paragraph; s.level = 0; s.number = 0; s.container = .table
        case .tr:
            s.kind = .tableRow; s.level = 0; s.number = 0
        default:
            break
        }
        return s
    }
}

/// An element open during emission: where it ends, what closing it does, and the block state inside it.
struct OpenElement {
    enum Role: UInt8 {
        /// A block element: closing it ends the paragraph.
        case block
        /// A link: its text counts towards the paragraph's link share.
        case link
        /// A table cell: closing it separates the cell's text from the next.
        case cell
    }
    var end: Int
    var role: Role
    var state: BlockState
}

extension DOMExtractor {
    /// The state inside block element `i` (tag `t`), given the open elements around it: a list item takes
    /// the next ordinal of its ordered list, a row the next position in its table (`<ol start>` respected).
    func enter(_ i: Int, _ t: HTMLTag, _ open: inout [OpenElement]) -> BlockState {
        var s = BlockState.entering(t, from: open.last?.state ?? .root)
        switch t {
        case .ol:
            if let v = doc.attribute(i, "start"), let start = Int32(v) { s.number = start &- 1 }
        case .li, .tr:
            guard let j = open.lastIndex(where: { $0.state.container != .none }) else { break }
            let c = open[j].state.container
            if t == .li && c == .table || t == .tr && c != .table { break }
            open[j].state.number &+= 1
            s.number = c == .unorderedList ? 0 : open[j].state.number
        default:
            break
        }
        return s
    }
}
