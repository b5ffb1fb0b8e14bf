import FuzzSupport
import WinnowIO

// Charset detection and decoding on arbitrary bytes, with and without a (fuzzed) hint.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    for isHTML in [true, false] {
        let r = Charset.resolve(input, hint: nil, isHTML: isHTML)
        precondition(r.bomLength <= input.count)
        _ = Charset.decode(input.dropFirst(r.bomLength), charset: r.name)
    }
    // First line (up to 40 bytes) as a transport hint for the rest.
    let cut = input.firstIndex(of: 0x0A) ?? min(input.count, 40)
    let hint = String(decoding: input[..<min(cut, 40)], as: UTF8.self)
    let rest = Array(input[min(cut + 1, input.count)...])
    let r = Charset.resolve(rest, hint: hint, isHTML: true)
    _ = Charset.decode(rest.dropFirst(r.bomLength), charset: r.name)
    _ = Charset.normalize(hint)
    _ = Charset.sniffMeta(input)
    for name in ["UTF-8", "windows-1252", "UTF-16LE", "UTF-16BE"] { _ = Charset.decode(input[...], charset: name) }
    precondition(Charset.isValidUTF8(input[...]) == (String(validating: input, as: UTF8.self) != nil), "UTF-8 validator disagrees with the stdlib")
    return 0
}

@_cdecl("FuzzCharset_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
