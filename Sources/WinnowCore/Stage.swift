/// What a stage decided about a document.
public enum StageResult: Sendable, Equatable {
    /// Keep the document and pass it to the next stage.
    case keep
    /// Drop the document on purpose (e.g. a duplicate, too short, wrong language). Counted per reason.
    case drop(reason: String)
}

/// Context handed to stages when a run starts.
public struct StageContext: Sendable {
    /// State directory for stages that persist across runs (nil: in-memory only).
    public var stateDirectory: String?
    /// Name of this run (used by stateful stages to label what they record).
    public var runName: String
    public init(stateDirectory: String? = nil, runName: String = "run") {
        self.stateDirectory = stateDirectory; self.runName = runName
    }
}

/// A pipeline stage: one type, registered under the `type` name used in pipeline files.
///
/// A stage is one of three kinds, and the kind is its protocol, so the compiler checks how it may be
/// scheduled:
/// - `DocumentStage`: a pure function of one document (`Sendable`); runs on any thread, in any order.
/// - `SequentialStage`: keeps state across documents; the runner calls it on one thread, in input order,
///   so results do not depend on the thread count. It need not be `Sendable`.
/// - `BatchStage`: takes a whole batch at once, in input order, on the runner's thread (e.g. `exec`).
///
/// Life cycle: `init(params:)` decodes and validates the options and does nothing else (no file is read:
/// `winnow validate` builds every stage and returns at once); `open(context:)` loads models, tables and
/// state before the first document; `close()` flushes after the last document of a successful run.
public protocol Stage: AnyObject, SendableMetatype {
    /// The name used in pipeline files, e.g. `"strip_boilerplate"`.
    static var typeName: String { get }
    /// One line for `winnow stages`.
    static var summary: String { get }
    /// Decodes and validates the options (an unknown key, a wrong type or an out-of-range value throws a
    /// `ConfigError` naming the key). No I/O.
    init(params: StageParams) throws

    /// Called once before the first document: load models and tables, open state.
    func open(context: StageContext) throws
    /// Called once after the last document of a successful run (flush state).
    func close() throws
}

extension Stage {
    public func open(context: StageContext) throws {}
    public func close() throws {}
}

/// A stage that transforms one document at a time with no state across documents: the runner calls it
/// from several threads at once, in any order.
public protocol DocumentStage: Stage, Sendable {
    /// Transform the document in place. Throwing rejects the document (not the run).
    func process(_ document: inout Document) throws -> StageResult
}

/// A stage with state across documents (dedup): called on one thread, in input order.
public protocol SequentialStage: Stage {
    /// Transform the document in place. Throwing rejects the document (not the run).
    func process(_ document: inout Document) throws -> StageResult
}

/// A sequential stage with per-document work that reads none of its running state (features of the document
/// alone). The runner calls `prepare` on the worker threads, in any order, then `process(_:prepared:)` on one
/// thread in input order: only the order-dependent part is serial, which keeps a second thread worth having.
public protocol PreparingStage: SequentialStage {
    associatedtype Prepared: Sendable
    /// The document's own part of the work (any thread, any order; must not touch the stage's running state).
    func prepare(_ document: Document) -> Prepared
    /// The order-dependent part, given what `prepare` computed for this document.
    func process(_ document: inout Document, prepared: Prepared) throws -> StageResult
}

extension PreparingStage {
    /// Both parts, one after the other (callers that run documents one at a time).
    public func process(_ document: inout Document) throws -> StageResult {
        try process(&document, prepared: prepare(document))
    }
}

/// Something a stage loads in `open(context:)` and reads while processing documents.
///
/// `open` runs before the runner starts any thread that calls `process`, and the value is never replaced
/// afterwards, so reads need no lock; a read before `open` is a programming error and stops with the
/// stage's name.
public final class Loaded<Value: Sendable>: @unchecked Sendable {
    private var stored: Value?
    private let owner: String

    public init(_ owner: String) { self.owner = owner }

    /// Loads the value unless already loaded (a stage opened twice loads once).
    public func load(_ make: () throws -> Value) rethrows {
        if stored == nil { stored = try make() }
    }

    public var value: Value {
        guard let stored else { preconditionFailure("\(owner): used before open(context:)") }
        return stored
    }
}

/// An error a stage raises for one document; the document goes to rejects with this reason.
public struct StageError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Capability of a stage that can clean one line of text on its own (used by `winnow clean`).
/// Must return exactly one line (no newline characters) for one line in.
public protocol LineCleaning {
    func cleanLine(_ line: String) -> String
}

/// Capability of a stage that can identify the language of a text (used by `winnow langid`).
public protocol LanguageIdentifying {
    /// ISO 639-1 code (or "und") and a confidence in 0...1.
    func identifyLanguage(_ text: String) -> (code: String, score: Double)
}

/// A stage that counts what it did beyond keep and drop (dedup: duplicates marked, by kind). Read after
/// the run; each counter becomes an object in the stage's entry in `stats.json` and in the summary line.
public protocol StageCounting {
    /// Counter name → key → count, e.g. `["marked": ["exact": 3, "near": 5, "revision": 1]]`.
    var counters: [String: [String: Int]] { get }
    /// Counters for `stats.json` only, not the one-line summary (many keys: drops per extraction rule).
    /// Same shape as `counters`; a name should not be in both.
    var detailCounters: [String: [String: Int]] { get }
}

extension StageCounting {
    public var detailCounters: [String: [String: Int]] { [:] }
}

/// A stage that leaves files of its own next to the run's output (dedup: `cluster_aliases.jsonl`). Read after
/// `close()`; the runner writes each file (complete, then renamed) into the run's output folder before the
/// run is committed, so they appear with the part files or not at all.
public protocol StageOutputFiles {
    /// File name (no folder) → contents.
    var outputFiles: [(name: String, contents: [UInt8])] { get }
}
