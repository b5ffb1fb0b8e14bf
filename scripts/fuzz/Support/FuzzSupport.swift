import WinnowIO

/// libFuzzer's driver. SwiftPM links executables with `--defsym main=<Target>_main`, which does not
/// exist under `-parse-as-library`; each target therefore defines `@_cdecl("<Target>_main")` and calls
/// `runFuzzer`, which hands control to libFuzzer (`LLVMFuzzerRunDriver`, libFuzzer ≥ LLVM 11).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ body: FuzzCallback) -> CInt {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v, body)
}

/// The input as an array (libFuzzer passes a NULL pointer for the empty input).
public func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// An in-memory ByteStream-like source that returns data in small, input-dependent chunk sizes, so
/// stream readers see every split point.
public final class ChunkedMemory: ByteStream {
    let data: [UInt8]
    var pos = 0
    var step: Int
    public init(_ data: [UInt8], step: Int) { self.data = data; self.step = max(1, step) }
    public func read(max: Int) throws -> [UInt8] {
        let n = Swift.min(max, step, data.count - pos)
        defer { pos += n; step = step % 97 + 1 }
        return Array(data[pos..<pos + n])
    }
}
