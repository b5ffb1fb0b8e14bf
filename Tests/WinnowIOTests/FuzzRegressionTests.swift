import Foundation
import Testing
import WinnowCore
@testable import WinnowIO

/// Inputs found by the libFuzzer targets in scripts/fuzz (or by review while writing them) that once
/// crashed or misbehaved, replayed byte for byte. Each test names the target and the fix.
@Suite struct FuzzRegressionTests {
    /// FuzzJSONL: `Int(d)` trapped for integral doubles outside Int's range (`{"id":1e300,...}`),
    /// killing the whole run. Fixed in Readers.swift (JSONLSource.parse: only |d| < 1e15 as Int).
    @Test func jsonlHugeIntegralNumberDoesNotTrap() {
        let line: [UInt8] = Array(#"{"id":1e300,"text":"x","url":-9.3e18,"title":1e15}"#.utf8)
        let src = Readers.jsonl(stream: MemoryStream(line), displayPath: "f.jsonl", options: ReaderOptions())
        let out = drain(src)
        #expect(out.count == 1)
        #expect(out[0].record?.id == "1e+300")
        #expect(out[0].record?.url == "-9.3e+18")
        #expect(out[0].record?.title == "1000000000000000.0")
    }
}
