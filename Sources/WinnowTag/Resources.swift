import Foundation

/// The data files shipped in `Resources/`.
public enum TagResources {
    public static func url(_ name: String, _ ext: String) -> URL? {
        Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources")
    }
    public static var modelURL: URL? { url("tagger", "model") }
    public static var gazetteerURL: URL? { url("gazetteers", "tsv") }
    public static var clustersURL: URL? { url("clusters", "bin") }
    /// GloVe clusters: shipped only when the shipped model was trained with them.
    public static var gloveClustersURL: URL? { url("clusters-glove", "bin") }
    public static var aliasesURL: URL? { url("aliases", "tsv") }
    public static var countriesURL: URL? { url("countries", "tsv") }
}

extension Gazetteer {
    /// The shipped gazetteer and word clusters (empty if missing).
    public static func shipped() throws -> Gazetteer {
        let g = try TagResources.gazetteerURL.map { try Gazetteer(contentsOf: $0) } ?? Gazetteer()
        if let c = TagResources.clustersURL { try g.loadClusters(contentsOf: c) }
        if let c = TagResources.gloveClustersURL { try g.loadGloveClusters(contentsOf: c) }
        return g
    }
}
