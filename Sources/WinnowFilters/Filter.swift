import WinnowCore

/// A rule's identity, e.g. `gopher.word_count`: the drop reason counted in `stats.json` and the rule named
/// in the trace. Made only from `String`-raw rule enums, so every id a filter can emit is in one table.
public struct FilterRuleID: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init<R: RawRepresentable>(_ rule: R) where R.RawValue == String { rawValue = rule.rawValue }
    public var description: String { rawValue }
}

/// What a filter decided about one document.
public enum FilterDecision: Sendable, Equatable {
    case keep
    /// Drop the document: `rule` is counted (stats.json, dropped.jsonl), `detail` goes to the trace.
    case drop(FilterRuleID, detail: String)

    public static func drop<R: RawRepresentable>(_ rule: R, _ detail: String) -> FilterDecision where R.RawValue == String {
        .drop(FilterRuleID(rule), detail: detail)
    }
}

/// A filter in the manner of datatrove's `BaseFilter`: one `filter(_:)` that keeps or drops a document
/// (with a typed rule id), plus its options. `FilterStage` turns it into a pipeline stage: parsing and
/// documenting the options, counting drops per rule, tracing the detail. A filter may edit the document
/// it keeps (C4 line rules, PII redaction). Building a filter loads nothing: compile patterns at most.
public protocol DocumentFilter: Sendable {
    associatedtype Options: StageOptions
    static var typeName: String { get }
    static var summary: String { get }
    /// `params` is for errors naming a key (e.g. a pattern that does not compile).
    init(options: Options, params: StageParams) throws
    func filter(_ document: inout Document) -> FilterDecision
    /// Document fields an earlier stage must set (checked when the pipeline is built).
    var requires: [DocumentField] { get }
}

extension DocumentFilter {
    public var requires: [DocumentField] { [] }
}

/// The stage adapter of a `DocumentFilter` (per-document, any thread).
public final class FilterStage<F: DocumentFilter>: DocumentStage, DescribedStage, DeclaresRequirements {
    public static var typeName: String { F.typeName }
    public static var summary: String { F.summary }
    public static var optionTable: OptionTable { F.Options.spec.table }

    public let filter: F

    public init(params: StageParams) throws {
        filter = try F(options: params.decode(F.Options.self), params: params)
    }

    public var requires: [DocumentField] { filter.requires }

    public func process(_ document: inout Document) throws -> StageResult {
        switch filter.filter(&document) {
        case .keep:
            return .keep
        case let .drop(rule, detail):
            document.note(F.typeName, "drop", rule: rule.rawValue, detail)
            return .drop(reason: rule.rawValue)
        }
    }
}

/// Every filter shipped with Winnow, as stage types (registered in `WinnowPipeline/BuiltinStages.swift`).
public enum Filters {
    public static let all: [any Stage.Type] = [
        FilterStage<LanguageFilter>.self,
        FilterStage<QualityFilter>.self,
        FilterStage<URLFilter>.self,
        FilterStage<PIIRedactor>.self,
    ]
}
