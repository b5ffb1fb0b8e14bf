import WinnowCore

/// Builds an edited copy of a UTF-8 text from kept ranges of the original and inserted literals, and moves
/// entity offsets (code points) along: an entity inside one kept range is shifted; one that touches removed
/// or replaced text is dropped (its text is no longer there).
struct TextRebuilder {
    let original: [UInt8]
    private(set) var out: [UInt8] = []
    /// Kept ranges in code points: original start, original end, new start.
    private var segments: [(from: Int, to: Int, at: Int)] = []
    private var scannedByte = 0, scannedCP = 0   // code points counted in original[0..<scannedByte]
    private var outCP = 0

    init(_ original: [UInt8]) { self.original = original; out.reserveCapacity(original.count) }

    private static func cpCount<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var n = 0
        for b in bytes where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Code point offset of byte `b` of the original (calls must not go backwards).
    private mutating func cp(at b: Int) -> Int {
        precondition(b >= scannedByte, "TextRebuilder: ranges must come in order")
        scannedCP += Self.cpCount(original[scannedByte..<b])
        scannedByte = b
        return scannedCP
    }

    /// Copies `original[range]`.
    mutating func keep(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let a = cp(at: range.lowerBound), b = cp(at: range.upperBound)
        segments.append((a, b, outCP))
        out.append(contentsOf: original[range])
        outCP += b - a
    }

    /// Appends text that is not from the original (a placeholder, a separator).
    mutating func insert<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        out.append(contentsOf: bytes)
        outCP += Self.cpCount(bytes)
    }

    /// The entities that survive, with offsets into the new text.
    func move(_ entities: [Entity]) -> [Entity] {
        entities.compactMap { e in
            guard let s = segments.first(where: { $0.from <= e.start && e.end <= $0.to }) else { return nil }
            var m = e
            m.start = e.start - s.from + s.at
            m.end = e.end - s.from + s.at
            return m
        }
    }

    var text: String { String(decoding: out, as: UTF8.self) }
}
