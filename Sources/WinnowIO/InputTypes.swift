import WinnowCore

/// Which files Winnow reads, decided once for directory entries, archive members and command-line files.
///
/// In directories and archives a file is read when its name says it is a type Winnow reads, optionally
/// compressed; a name without an extension is sniffed (read when it looks like HTML); everything else
/// (scripts, styles, images, feeds, sitemaps, PDFs, robots.txt) is skipped and counted with its reason.
/// `input.include` / `input.exclude` globs override the decision. Files named on the command line are
/// always read (the user asked for them).
public enum InputTypes {
    /// Page extensions (HTML).
    public static let htmlExtensions: Set<String> = ["html", "htm", "xhtml", "shtml"]
    /// Plain text extensions.
    public static let textExtensions: Set<String> = ["txt", "text"]
    /// JSON Lines extensions (one record per line).
    public static let jsonlExtensions: Set<String> = ["jsonl", "ndjson"]
    public static let warcExtensions: Set<String> = ["warc"]
    public static let tarExtensions: Set<String> = ["tar"]
    /// Compression suffixes Winnow decodes.
    public static let compressions: [String: Compression] = ["gz": .gzip, "zst": .zstd]
    /// Compression (and compressed-archive) suffixes Winnow recognises but cannot decode: a reject
    /// saying so, never "binary content".
    public static let unsupportedCompressions: [String: String] = [
        "bz2": "bzip2", "xz": "xz", "lzma": "lzma", "lz4": "lz4", "br": "brotli", "z": "compress (.Z)",
        "lz": "lzip", "sz": "snappy", "zip": "zip", "7z": "7z", "rar": "rar", "tbz2": "bzip2", "txz": "xz",
    ]
    /// Names skipped whatever their extension: crawler and site files, not pages.
    public static let skippedNames: Set<String> = ["robots.txt", "humans.txt", "ads.txt", "security.txt", "llms.txt"]

    public enum Compression: String, Sendable { case plain, gzip, zstd }

    /// Reason counted for a file without an extension whose first bytes are not HTML.
    public static let noExtensionReason = "no extension, not HTML"

    public enum Kind: Sendable, Equatable { case html, text, jsonl, warc, tar }

    public enum Decision: Sendable, Equatable {
        case read(Kind, Compression)
        /// No extension: read when the first bytes look like HTML.
        case sniff(Compression)
        case unsupportedCompression(String)
        case skip(reason: String)
    }

    /// Decides from a file or member name (the last path component is what counts).
    public static func classify(_ name: String) -> Decision {
        var base = Substring(name.split(separator: "/").last ?? Substring(name)).lowercased()
        if skippedNames.contains(base) { return .skip(reason: "site file \(base)") }
        var compression = Compression.plain
        if let ext = lastExtension(base) {
            if let c = compressions[ext] { compression = c; base.removeLast(ext.count + 1) }
            else if let u = unsupportedCompressions[ext] { return .unsupportedCompression(u) }
            else if ext == "tgz" { return .read(.tar, .gzip) }
        }
        guard let ext = lastExtension(base) else { return .sniff(compression) }
        if htmlExtensions.contains(ext) { return .read(.html, compression) }
        if textExtensions.contains(ext) { return .read(.text, compression) }
        if jsonlExtensions.contains(ext) { return .read(.jsonl, compression) }
        if warcExtensions.contains(ext) { return .read(.warc, compression) }
        if tarExtensions.contains(ext) { return .read(.tar, compression) }
        return .skip(reason: "not a page type (.\(ext))")
    }

    /// The extension after the last dot of a base name, when it looks like one (1-8 letters or digits).
    static func lastExtension(_ base: String) -> String? {
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return nil }
        let ext = base[base.index(after: dot)...]
        guard (1...8).contains(ext.count), ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return String(ext)
    }

    /// What the first bytes of a file say its compression is (names can lie).
    public static func sniffCompression(_ head: some Collection<UInt8>) -> (supported: Compression?, unsupported: String?) {
        let h = Array(head.prefix(6))
        if h.count >= 2 && h[0] == 0x1F && h[1] == 0x8B { return (.gzip, nil) }
        if Zstd.isZstd(h) { return (.zstd, nil) }
        if h.count >= 3 && h[0] == 0x42 && h[1] == 0x5A && h[2] == 0x68 { return (nil, "bzip2") }
        if h.count >= 6 && h == [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00] { return (nil, "xz") }
        if h.count >= 4 && h[0] == 0x50 && h[1] == 0x4B && h[2] == 0x03 && h[3] == 0x04 { return (nil, "zip") }
        if h.count >= 4 && h[0] == 0x04 && h[1] == 0x22 && h[2] == 0x4D && h[3] == 0x18 { return (nil, "lz4") }
        return (.plain, nil)
    }

    /// Glob match of a relative path or its base name (fnmatch, as `input.exclude` always did).
    public static func matches(_ patterns: [String], _ relative: String) -> Bool {
        let base = relative.split(separator: "/").last.map(String.init) ?? relative
        return patterns.contains { fnmatch($0, relative, 0) == 0 || fnmatch($0, base, 0) == 0 }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
