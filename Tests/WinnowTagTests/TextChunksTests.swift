import Testing
import WinnowCore
@testable import WinnowTag

@Suite struct TextChunksTests {
    @Test func longTextsAreCutAtSentenceEndsAndOffsetsStayRight() throws {
        let sentence = "Vladimir Putin met Alexander Lukashenko in Moscow on Friday. "
        let text = String(repeating: sentence, count: TextChunks.maxBytes / sentence.utf8.count * 3)
        var t = text
        let pieces = t.withUTF8 { TextChunks.split($0) }
        #expect(pieces.count >= 3)
        // Pieces cover the text exactly and end after a sentence.
        #expect(pieces.first?.bytes.lowerBound == 0 && pieces.last?.bytes.upperBound == text.utf8.count)
        for (a, b) in zip(pieces, pieces.dropFirst()) { #expect(a.bytes.upperBound == b.bytes.lowerBound) }
        let bytes = Array(text.utf8)
        for piece in pieces.dropLast() { #expect(bytes[piece.bytes.upperBound - 2] == UInt8(ascii: ".")) }
    }

    @Test func aCutNeverSplitsACharacter() {
        let text = String(repeating: "ż", count: TextChunks.maxBytes)   // two bytes each, no spaces
        var t = text
        let pieces = t.withUTF8 { TextChunks.split($0) }
        let bytes = Array(text.utf8)
        for piece in pieces { #expect(bytes[piece.bytes.lowerBound] & 0xC0 != 0x80) }
        #expect(pieces.last?.codePointOffset == pieces.dropLast().reduce(0) { $0 + $1.bytes.count / 2 })
    }
}

@Suite struct ChunkedTaggingTests {
    @Test func entitiesOfAChunkedTextPointIntoTheWholeText() throws {
        let stage = try TagEntitiesStage(params: StageParams([]))
        try stage.open(context: StageContext())
        let filler = String(repeating: "The weather was calm and the markets were quiet. ", count: 6_000)   // ~300 KB
        let text = filler + "Vladimir Putin met Alexander Lukashenko in Minsk on Friday."
        #expect(text.utf8.count > TextChunks.maxBytes)
        let entities = stage.tag(text)
        let scalars = Array(text.unicodeScalars)
        #expect(entities.contains { $0.canonical == "Vladimir Putin" })
        for e in entities {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[e.start..<e.end])
            #expect(String(view) == e.text)
        }
    }
}
