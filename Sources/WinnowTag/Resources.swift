import Foundation

/// The data files shipped in `Resources/`.
public enum TagResources {
    public static func url(_ name: String, _ ext: String) -> URL? {
        Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources")
    }
    public static var modelURL: URL? { url("tagger", "model") }
    public static var gazetteerURL: URL? { url("gazetteers", "tsv") }
    public static var aliasesURL: URL? { url("aliases", "tsv") }
}
