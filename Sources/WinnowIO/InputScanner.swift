import Foundation
import WinnowCore

/// One input file found by the scanner.
public struct InputFile: Sendable, Equatable {
    /// Path used to open the file.
    public var path: String
    /// Path shown in output `source.path` (and hashed into ids, the state ledger and shard assignment):
    /// see `InputScanner.displayPath(of:)`.
    public var displayPath: String
    public var size: Int
    public var mtime: Double
    /// Index of the command-line input (or `input.paths` entry) this file was found under.
    public var root: Int = 0

    public init(path: String, displayPath: String, size: Int, mtime: Double, root: Int = 0) {
        self.path = path; self.displayPath = displayPath; self.size = size; self.mtime = mtime; self.root = root
    }
}

/// Expands input paths (files, directories recursively, globs) into a sorted list of files to read.
/// Problems with single entries (unreadable directory, symlink loop) are reported, not fatal; files that
/// are not pages are skipped and counted by reason; files still being written are deferred.
public struct InputScanner {
    /// Globs of files to skip in directories (they win over `include`).
    public var exclude: [String] = []
    /// Globs of files to read although their type is not one Winnow reads.
    public var include: [String] = []
    /// Directories never read as input (the run's own output and state), by real path.
    public var ignore: [String] = []
    /// Files modified less than this many seconds before `now` are deferred (0: none).
    public var minAgeSeconds: Double = 0
    public var now: Double = Date().timeIntervalSince1970

    public init(exclude: [String] = [], include: [String] = [], ignore: [String] = [], minAgeSeconds: Double = 0) {
        self.exclude = exclude; self.include = include; self.minAgeSeconds = minAgeSeconds
        self.ignore = ignore.compactMap { Self.realPath($0) }
    }

    public struct Result: Sendable {
        public var files: [InputFile] = []
        public var failures: [ReadFailure] = []
        /// Files passed over, by reason (not a page type, excluded, the run's own output, ...).
        public var skipped: [String: Int] = [:]
        /// Files left for the next run because they were modified less than `minAgeSeconds` ago.
        public var deferred: [InputFile] = []
        /// The inputs as given, and how many files each one had skipped (for "yielded nothing" warnings).
        public var roots: [String] = []
        public var skippedPerRoot: [Int] = []
        public init() {}
    }

    /// Reason counted for the run's own output and state directories met inside an input directory.
    public static let ownOutputReason = "winnow output or state directory"
    public static let excludedReason = "excluded by input.exclude"

    public func scan(_ paths: [String]) throws -> Result {
        var result = Result()
        for (rootIndex, p) in paths.enumerated() {
            result.roots.append(p)
            result.skippedPerRoot.append(0)
            let matches = hasGlob(p) ? glob(p) : [p]
            if matches.isEmpty { throw ConfigError(key: "input", reason: "no files match \(p)") }
            for m in matches {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: m, isDirectory: &isDir) else {
                    throw ConfigError(key: "input", reason: "input path does not exist: \(m)")
                }
                if isIgnored(m) {
                    count(Self.ownOutputReason, root: rootIndex, into: &result)
                } else if isDir.boolValue {
                    var visited = Set<String>()
                    walk(directory: m, shown: Self.displayPath(of: m), root: rootIndex, visited: &visited, into: &result)
                } else if var f = file(m) {
                    // Named on the command line: read whatever its type (the user asked for it).
                    f.root = rootIndex
                    admit(f, into: &result)
                } else {
                    result.failures.append(ReadFailure(source: SourceRef(path: Self.displayPath(of: m)), reason: "cannot stat file"))
                }
            }
        }
        // Deterministic order; a file named twice (two roots, or a root and a glob) is read once.
        var seen = Set<String>()
        result.files.sort { $0.displayPath < $1.displayPath || ($0.displayPath == $1.displayPath && $0.root < $1.root) }
        result.files = result.files.filter { seen.insert($0.displayPath).inserted }
        result.deferred.sort { $0.displayPath < $1.displayPath }
        return result
    }

    /// The path shown for a file however it was written (relative, absolute, through a glob): made absolute,
    /// `.`/`..`/`//` resolved, then relative to the working directory when inside it, else absolute. So
    /// `samples/a.html`, `./samples/a.html` and `$PWD/samples/a.html` are one file with one id, and two
    /// input roots holding the same relative name stay apart.
    public static func displayPath(of path: String, cwd: String = FileManager.default.currentDirectoryPath) -> String {
        let absolute = normalize(path.hasPrefix("/") ? path : cwd + "/" + path)
        let base = normalize(cwd)
        if base != "/" {
            if absolute == base { return "." }
            if absolute.hasPrefix(base + "/") { return String(absolute.dropFirst(base.count + 1)) }
        }
        return absolute
    }

    /// Lexical normalisation of an absolute path (symlinks are kept as the user wrote them).
    static func normalize(_ absolute: String) -> String {
        var parts: [Substring] = []
        for c in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            if c == "." { continue }
            if c == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func realPath(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    private func isIgnored(_ path: String) -> Bool {
        guard !ignore.isEmpty, let real = Self.realPath(path) else { return false }
        return ignore.contains { real == $0 || real.hasPrefix($0 + "/") }
    }

    private func count(_ reason: String, root: Int, into result: inout Result) {
        result.skipped[reason, default: 0] += 1
        result.skippedPerRoot[root] += 1
    }

    /// A file to read, unless it is still being written.
    private func admit(_ f: InputFile, into result: inout Result) {
        if minAgeSeconds > 0 && now - f.mtime < minAgeSeconds { result.deferred.append(f) } else { result.files.append(f) }
    }

    private func file(_ path: String) -> InputFile? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return InputFile(path: path, displayPath: Self.displayPath(of: path), size: Int(st.st_size),
                         mtime: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
    }

    private func walk(directory: String, shown: String, root: Int, visited: inout Set<String>, into result: inout Result) {
        // Follow symlinked directories, but never twice into the same real directory (loops).
        guard let realPath = Self.realPath(directory) else {
            result.failures.append(ReadFailure(source: SourceRef(path: shown), reason: "cannot resolve directory (dangling symlink?)"))
            return
        }
        guard visited.insert(realPath).inserted else {
            result.failures.append(ReadFailure(source: SourceRef(path: shown), reason: "symlink loop: \(realPath) already visited"))
            return
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            result.failures.append(ReadFailure(source: SourceRef(path: shown), reason: "cannot read directory: permission denied or I/O error"))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let full = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let display = shown == "." ? name : (shown.hasSuffix("/") ? shown + name : shown + "/" + name)
            var st = stat()
            guard stat(full, &st) == 0 else {
                var lst = stat()
                let why = lstat(full, &lst) == 0 && (lst.st_mode & S_IFMT) == S_IFLNK
                    ? "dangling or looping symlink" : "cannot stat file"
                result.failures.append(ReadFailure(source: SourceRef(path: display), reason: why))
                continue
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                if isIgnored(full) { count(Self.ownOutputReason, root: root, into: &result); continue }
                walk(directory: full, shown: display, root: root, visited: &visited, into: &result)
            } else if (st.st_mode & S_IFMT) == S_IFREG {
                let relative = String(display.dropFirst(shown == "." ? 0 : shown.count + 1))
                if let reason = skipReason(relative: relative, path: full) { count(reason, root: root, into: &result); continue }
                admit(InputFile(path: full, displayPath: display, size: Int(st.st_size),
                                mtime: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9, root: root),
                      into: &result)
            }
        }
    }

    /// Why a file found in a directory is not read (nil: read it).
    func skipReason(relative: String, path: String) -> String? {
        if InputTypes.matches(exclude, relative) { return Self.excludedReason }
        if InputTypes.matches(include, relative) { return nil }
        switch InputTypes.classify(relative) {
        case .read, .unsupportedCompression: return nil   // the latter is a reject naming the compression
        case let .skip(reason): return reason
        case .sniff:
            guard let head = try? FileByteStream(path: path).read(max: 2048) else { return nil }   // unreadable: a reject
            let (supported, unsupported) = InputTypes.sniffCompression(head)
            if unsupported != nil || supported != .plain { return nil }
            return Readers.sniffFormat(head) == .html ? nil : InputTypes.noExtensionReason
        }
    }

    private func hasGlob(_ p: String) -> Bool { p.contains("*") || p.contains("?") || p.contains("[") }

    private func glob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard Glibc.glob(pattern, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
