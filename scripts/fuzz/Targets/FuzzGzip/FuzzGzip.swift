import FuzzSupport
import WinnowIO

// Gzip.decompress (single and multi-member) and GzipByteStream must agree, never crash, and respect the cap.
let limit = 1 << 20

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let whole = Result { try Gzip.decompress(input, limit: limit) }
    let stream = GzipByteStream(source: ChunkedMemory(input, step: size % 13 + 1), limit: limit)
    var streamed: [UInt8] = []
    var streamError = false
    do {
        while true {
            let c = try stream.read(max: 4096)
            if c.isEmpty { break }
            streamed += c
            precondition(streamed.count <= limit + 4096)
        }
    } catch { streamError = true }
    if case let .success(out) = whole {
        precondition(out.count <= limit)
        // The buffer decoder accepts a stream only when the streaming decoder does too, with the same bytes.
        if !streamError { precondition(out == streamed, "decoders disagree") }
    }
    // Round trip.
    if size < 4096 { precondition((try? Gzip.decompress(Gzip.compress(input))) == input) }
    return 0
}

@_cdecl("FuzzGzip_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
