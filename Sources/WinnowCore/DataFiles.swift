import Foundation

/// Finds the data files Winnow reads at run time (models, tables, schema) without `Bundle.module`,
/// whose generated accessor traps when a copied or installed binary has no build tree beside it.
///
/// Each module's files are looked up, in this order:
/// 1. `$WINNOW_DATA/<Module>/` when the variable is set;
/// 2. `<dir of the executable>/../share/winnow/<Module>/` (the layout `scripts/install.sh` writes);
/// 3. `<dir of the executable>/Winnow_<Module>.resources/Resources/` (SwiftPM's build tree, for `swift run`
///    and the tests).
public enum DataFiles {
    public static let environmentVariable = "WINNOW_DATA"
    /// Name of the installed data folder under `PREFIX/share`.
    public static let shareFolder = "winnow"

    /// A data file that is missing or unreadable everywhere Winnow looked.
    public struct MissingFile: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var module: String
        public var tried: [String]
        public init(file: String, module: String, tried: [String]) { self.file = file; self.module = module; self.tried = tried }
        public var description: String {
            "data file \(file) of \(module) not found or not readable; tried: \(tried.joined(separator: ", ")) "
                + "(install with scripts/install.sh, or set \(DataFiles.environmentVariable) to the share/winnow folder)"
        }
    }

    /// Directories searched for `module`'s files, in order.
    public static func searchDirectories(module: String,
                                         environment: [String: String] = ProcessInfo.processInfo.environment,
                                         executable: String? = executablePath()) -> [String] {
        var dirs: [String] = []
        if let root = environment[environmentVariable], !root.isEmpty { dirs.append(root + "/" + module) }
        if let exe = executable {
            let bin = (exe as NSString).deletingLastPathComponent
            dirs.append(((bin as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent("share/\(shareFolder)/\(module)"))
            dirs.append(bin + "/Winnow_\(module).resources/Resources")
        }
        return dirs
    }

    /// The path of a readable `file` of `module`, or `MissingFile` naming every path tried.
    public static func path(_ file: String, module: String) throws -> String {
        var tried: [String] = []
        for dir in searchDirectories(module: module) {
            let p = dir + "/" + file
            if access(p, R_OK) == 0 { return p }
            tried.append(p)
        }
        throw MissingFile(file: file, module: module, tried: tried)
    }

    /// `path(_:module:)` as a file URL.
    public static func url(_ file: String, module: String) throws -> URL {
        URL(fileURLWithPath: try path(file, module: module))
    }

    /// The running executable's real path (symlinks resolved, so a `bin/winnow` symlink into a prefix works).
    public static func executablePath() -> String? {
        #if os(Linux)
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        if n > 0 { return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #endif
        return Bundle.main.executablePath.map { ($0 as NSString).resolvingSymlinksInPath }
    }
}

/// Winnow's own version, printed by `winnow --version` with the versions of its data files.
public enum WinnowVersion {
    public static let string = "0.8.0"
}
