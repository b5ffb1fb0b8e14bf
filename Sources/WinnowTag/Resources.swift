import Foundation
import WinnowCore

/// The data files shipped in `Resources/` (found by `DataFiles`: installed, `WINNOW_DATA` or build tree).
public enum TagResources {
    /// The file's URL, or nil when it is missing (use `require` where a missing file is an error).
    public static func url(_ name: String, _ ext: String) -> URL? { try? require(name, ext) }
    /// The file's URL, or an error naming every path tried.
    public static func require(_ name: String, _ ext: String) throws -> URL {
        try DataFiles.url(name + "." + ext, module: "WinnowTag")
    }
    public static var modelURL: URL? { url("tagger", "model") }
    public static var gazetteerURL: URL? { url("gazetteers", "tsv") }
    public static var clustersURL: URL? { url("clusters", "bin") }
    public static var aliasesURL: URL? { url("aliases", "tsv") }
}

extension Gazetteer {
    /// The shipped gazetteer and word clusters (an error naming the paths tried when one is missing).
    public static func shipped() throws -> Gazetteer {
        let g = try Gazetteer(contentsOf: TagResources.require("gazetteers", "tsv"))
        try g.loadClusters(contentsOf: TagResources.require("clusters", "bin"))
        return g
    }
}
