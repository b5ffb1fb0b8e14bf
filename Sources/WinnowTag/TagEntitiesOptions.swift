import WinnowCore

/// Options of `tag_entities`.
public struct TagEntitiesOptions: StageOptions {
    /// The entity types the stage can emit.
    public enum EntityType: String, Sendable, CaseIterable { case PER, LOC, ORG, MISC, DATE, MONEY, PERCENT }

    public var types = EntityType.allCases
    public var documentConsistency = true
    public var hygiene = true
    public var languages = ["en"]
    public var model: String?
    public var gazetteer: String?
    public var aliases: String?
    public init() {}

    public static let spec = OptionSpec<Self> {
        $0.choices("types", \.types, "entity types to emit")
        $0.bool("document_consistency", \.documentConsistency,
                "untagged repeats of a name tagged elsewhere in the document are tagged too, with the name's majority type")
        $0.bool("hygiene", \.hygiene,
                "drop pronoun, title, greeting, common-word and icon-text entities; cut spans at brackets; canonical country names")
        $0.strings("languages", \.languages, check: isLanguage,
                   "languages the statistical tagger and the number/date rules run on ([\"*\"]: all); other languages get alias-table names only")
        $0.string("model", \.model, "tagger model file (default: the shipped Resources/tagger.model)")
        $0.string("gazetteer", \.gazetteer, "gazetteer file (default: the shipped one; \"\": none)")
        $0.string("aliases", \.aliases, "alias table (default: the shipped Resources/aliases.tsv; \"\": none)")
    }

    @Sendable static func isLanguage(_ l: String) -> String? {
        if l == "*" || ((2...3).contains(l.count) && l.allSatisfy { $0.isASCII && $0.isLowercase }) { return nil }
        return "\"\(l)\" is not a language code (ISO 639-1 or 639-3 in lower case, as clean_text writes them) or \"*\""
    }

    public func validate(_ p: StageParams) throws {
        if languages.isEmpty { throw p.error("languages", "empty list (use [\"*\"] for all languages)") }
    }
}

extension TagEntitiesStage: DescribedStage {
    public static var optionTable: OptionTable { TagEntitiesOptions.spec.table }
}

extension TagEntitiesStage: DeclaresRequirements {
    public var provides: [DocumentField] { [.entities] }
}
