import Foundation
import WinnowCore

/// `winnow --version`: Winnow's version, the output schema, and each data file it reads at run time with
/// its size and content hash (the version of a model or table is its content), found as `winnow run` finds them.
enum VersionInfo {
    /// Modules that ship data files (their `Resources/` folders; `scripts/install.sh` copies the same list).
    static let dataModules = ["WinnowClean", "WinnowCore", "WinnowTag"]

    struct Report {
        var text: String
        var complete: Bool
    }

    static func report() -> Report {
        var lines = ["winnow \(WinnowVersion.string)", "output schema \(DocumentRecord.schemaVersion)"]
        var complete = true
        for module in dataModules {
            let dirs = DataFiles.searchDirectories(module: module)
            guard let dir = dirs.first(where: { isDirectory($0) }) else {
                lines.append("\(module): data folder missing; tried \(dirs.joined(separator: ", "))")
                complete = false
                continue
            }
            lines.append("\(module) data: \(dir)")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
                .filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
            for name in names {
                let path = dir + "/" + name
                guard let hash = try? fileHash(path) else {
                    lines.append("  \(name): unreadable"); complete = false; continue
                }
                lines.append("  \(name)  \(hash.bytes) bytes  xxh64:\(hash.hex)")
            }
        }
        return Report(text: lines.joined(separator: "\n"), complete: complete)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    static func fileHash(_ path: String) throws -> (bytes: Int, hex: String) {
        guard let fh = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoPermission) }
        defer { try? fh.close() }
        var h: UInt64 = 0, total = 0, first = true
        while let chunk = try fh.read(upToCount: 1 << 20), !chunk.isEmpty {
            h = StableHash.xxh64(Array(chunk), seed: first ? 0 : h)
            first = false
            total += chunk.count
        }
        return (total, StableHash.hex(h))
    }
}
