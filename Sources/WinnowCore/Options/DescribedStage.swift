/// A stage type whose options are declared by an `OptionSpec`: `winnow stages TYPE`, `winnow schema` and
/// the README's option reference read them from here. Every shipped stage conforms (a test checks it).
public protocol DescribedStage {
    static var optionTable: OptionTable { get }
}

/// What a stage needs an earlier stage of the pipeline to have set on each document, and what it sets.
/// The runner checks the chain when it builds the stages (`StageRequirements.check`), so `winnow validate`
/// reports a missing producer before any input is read.
public protocol DeclaresRequirements {
    /// Document fields this stage (as configured) reads and cannot work without, e.g. `[.language]`.
    var requires: [DocumentField] { get }
    /// Document fields this stage (as configured) sets.
    var provides: [DocumentField] { get }
}

extension DeclaresRequirements {
    public var requires: [DocumentField] { [] }
    public var provides: [DocumentField] { [] }
}

/// A document field one stage sets and another reads.
public enum DocumentField: String, Sendable, CaseIterable {
    case language
    case entities
    case dedup

    /// The stage (and option) that sets it, for the error message.
    public var producerHint: String {
        switch self {
        case .language: return "clean_text with \"language_id\": true"
        case .entities: return "tag_entities"
        case .dedup: return "dedup"
        }
    }
}

public enum StageRequirements {
    /// Throws when a stage requires a field no earlier stage provides. `locations[i]` names stage `i`
    /// (as `PipelineConfig.StageSpec.location` does).
    public static func check(_ stages: [Any], locations: [String], file: String?) throws {
        var available: Set<DocumentField> = []
        for (i, stage) in stages.enumerated() {
            guard let d = stage as? DeclaresRequirements else { continue }
            for field in d.requires where !available.contains(field) {
                throw ConfigError(file: file, location: i < locations.count ? locations[i] : "stages[\(i)]",
                                  reason: "needs the document's \(field.rawValue), which no earlier stage sets: "
                                      + "put \(field.producerHint) before it")
            }
            available.formUnion(d.provides)
        }
    }
}
