import FuzzSupport
import WinnowIO

// WARC reader (record framing, HTTP headers, chunked bodies, content encodings) over arbitrary bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    var options = ReaderOptions()
    options.maxDocumentBytes = 64 << 10
    let stream: ByteStream = Gzip.isGzip(input)
        ? GzipByteStream(source: ChunkedMemory(input, step: size % 11 + 1), limit: 1 << 20)
        : ChunkedMemory(input, step: size % 11 + 1)
    let src = WarcSource(stream: stream, displayPath: "fuzz.warc", options: options)
    var n = 0
    while let o = src.next() {
        n += 1
        precondition(n <= input.count + 1, "more outcomes than bytes")
        if case let .record(r) = o { precondition(r.bytes.count <= options.maxDocumentBytes) }
    }
    return 0
}

@_cdecl("FuzzWarc_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
