/// What a stage decided about a document.
public enum StageResult: Sendable, Equatable {
    /// Keep the document and pass it to the next stage.
    case keep
    /// Drop the document on purpose (e.g. a duplicate, too short, wrong language). Counted per reason.
    case drop(reason: String)
}

/// How the runner may schedule a stage.
public enum StageScheduling: Sendable {
    /// Pure function of one document: may run on any thread, in any order.
    case parallel
    /// Keeps state across documents: the runner calls it on one thread, in input order,
    /// so results are deterministic whatever the thread count.
    case sequential
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
/// Options are decoded and validated in `init(params:)`, before any input is read: an unknown key,
/// a wrong type or an out-of-range value throws a `ConfigError` naming the key.
public protocol Stage: AnyObject, Sendable {
    /// The name used in pipeline files, e.g. `"strip_boilerplate"`.
    static var typeName: String { get }
    /// One line for `winnow stages`.
    static var summary: String { get }
    init(params: StageParams) throws

    var scheduling: StageScheduling { get }

    /// Called once before the first document (open state, load models).
    func open(context: StageContext) throws
    /// Transform the document in place. Throwing rejects the document (not the run).
    func process(_ document: inout Document) throws -> StageResult
    /// Called once after the last document of a successful run (flush state).
    func close() throws
}

extension Stage {
    public var scheduling: StageScheduling { .parallel }
    public func open(context: StageContext) throws {}
    public func close() throws {}
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
}
