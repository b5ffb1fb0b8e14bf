import FuzzSupport
import WinnowIO

// Zstd.decompress and ZstdByteStream (odd chunk sizes) must agree, never crash, and respect the cap;
// the same bytes through the reader's magic-byte dispatch (Readers.decompress) must not crash either.
let limit = 1 << 20

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // Most inputs get the zstd magic, so the fuzzer spends its time inside frames, not on the magic check.
    var input = bytes(data, size)
    if size % 4 != 0 { input = [0x28, 0xB5, 0x2F, 0xFD] + input }
    let whole = Result { try Zstd.decompress(input, limit: limit) }
    let stream = ZstdByteStream(source: ChunkedMemory(input, step: size % 13 + 1), limit: limit)
    var streamed: [UInt8] = []
    var streamError = false
    do {
        while true {
            let c = try stream.read(max: 4096)
            if c.isEmpty { break }
            streamed += c
            precondition(streamed.count <= limit)
        }
    } catch { streamError = true }
    if case let .success(out) = whole {
        precondition(out.count <= limit)
        if !streamError { precondition(out == streamed, "decoders disagree") }
    }
    if case let .success(out) = Readers.decompress(input, name: "x.html.zst", limit: limit) { precondition(out.count <= limit) }
    return 0
}

@_cdecl("FuzzZstd_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
