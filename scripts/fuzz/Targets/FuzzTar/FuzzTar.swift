import FuzzSupport
import WinnowIO

// Tar reader over arbitrary bytes (plain and, when the input is gzip, inflated).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    var options = ReaderOptions()
    options.maxDocumentBytes = 64 << 10
    let stream: ByteStream = Gzip.isGzip(input)
        ? GzipByteStream(source: ChunkedMemory(input, step: size % 11 + 1), limit: 1 << 20)
        : ChunkedMemory(input, step: size % 11 + 1)
    let src = TarSource(stream: stream, displayPath: "fuzz.tar", options: options)
    var n = 0
    let blocks = (Gzip.isGzip(input) ? 1 << 20 : input.count) / 512   // the gzip stream is capped at 1 MiB
    while let o = src.next() {
        n += 1
        precondition(n <= blocks + 2, "more outcomes than header blocks")
        if case let .record(r) = o {
            precondition(r.bytes.count <= options.maxDocumentBytes)
            precondition(TarSource.isSafeName(r.source.member ?? ""), "unsafe member name produced a record")
        }
    }
    return 0
}

@_cdecl("FuzzTar_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
