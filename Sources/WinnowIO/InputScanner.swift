import Foundation
import WinnowCore

/// One input file found by the scanner.
public struct InputFile: Sendable, Equatable {
    /// Absolute or as-given path used to open the file.
    public var path: String
    /// Path shown in output `source.path`: relative to the input root when found under a directory.
    public var displayPath: String
    public var size: Int
    public var mtime: Double

    public init(path: String, displayPath: String, size: Int, mtime: Double) {
        self.path = path; self.displayPath = displayPath; self.size = size; self.mtime = mtime
    }
}

/// Expands input paths (files, directories recursively, globs) into a sorted list of files.
/// Problems with single entries (unreadable directory, symlink loop) are reported, not fatal.
public struct InputScanner {
    public var exclude: [String] = []
    public init(exclude: [String] = []) { self.exclude = exclude }

    public struct Result: Sendable {
        public var files: [InputFile] = []
        public var failures: [ReadFailure] = []
    }

    public func scan(_ paths: [String]) throws -> Result {
        var result = Result()
        var seen = Set<String>()
        for p in paths {
            let matches = hasGlob(p) ? glob(p) : [p]
            if matches.isEmpty { throw ConfigError(key: "input", reason: "no files match \(p)") }
            for m in matches {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: m, isDirectory: &isDir) else {
                    throw ConfigError(key: "input", reason: "input path does not exist: \(m)")
                }
                if isDir.boolValue {
                    var visited = Set<String>()
                    walk(directory: m, root: m, visited: &visited, into: &result)
                } else if let f = file(m, display: m) {
                    result.files.append(f)
                } else {
                    result.failures.append(ReadFailure(source: SourceRef(path: m), reason: "cannot stat file"))
                }
            }
        }
        // Deterministic order; a file named twice is read once.
        result.files.sort { $0.displayPath < $1.displayPath || ($0.displayPath == $1.displayPath && $0.path < $1.path) }
        result.files = result.files.filter { seen.insert($0.path).inserted }
        return result
    }

    private func file(_ path: String, display: String) -> InputFile? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return InputFile(path: path, displayPath: display, size: Int(st.st_size),
                         mtime: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
    }

    private func walk(directory: String, root: String, visited: inout Set<String>, into result: inout Result) {
        // Problems are reported relative to the input root, like the files' own paths.
        let shown = directory == root ? directory : String(String(directory.dropFirst(root.count)).drop(while: { $0 == "/" }))
        // Follow symlinked directories, but never twice into the same real directory (loops).
        guard let real = realpath(directory, nil) else {
            result.failures.append(ReadFailure(source: SourceRef(path: shown), reason: "cannot resolve directory (dangling symlink?)"))
            return
        }
        let realPath = String(cString: real)
        free(real)
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
            let rel = String(full.dropFirst(root.count)).drop(while: { $0 == "/" })
            if excluded(String(rel)) { continue }
            var st = stat()
            guard stat(full, &st) == 0 else {
                var lst = stat()
                let why = lstat(full, &lst) == 0 && (lst.st_mode & S_IFMT) == S_IFLNK
                    ? "dangling or looping symlink" : "cannot stat file"
                result.failures.append(ReadFailure(source: SourceRef(path: String(rel)), reason: why))
                continue
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                walk(directory: full, root: root, visited: &visited, into: &result)
            } else if (st.st_mode & S_IFMT) == S_IFREG {
                result.files.append(InputFile(path: full, displayPath: String(rel), size: Int(st.st_size),
                                              mtime: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9))
            }
        }
    }

    private func excluded(_ rel: String) -> Bool {
        exclude.contains { fnmatch($0, rel, 0) == 0 || fnmatch($0, (rel as NSString).lastPathComponent, 0) == 0 }
    }

    private func hasGlob(_ p: String) -> Bool { p.contains("*") || p.contains("?") || p.contains("[") }

    private func glob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard Glibc.glob(pattern, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
