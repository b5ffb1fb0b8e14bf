import Foundation

/// Counters a `DocumentStage` adds to from any thread, once per document, and reports through
/// `StageCounting` after the run: a fixed list of names, each document's counts given as an array in that
/// order (no strings or dictionaries per document). Sums do not depend on the thread count or order.
public final class CounterTally: @unchecked Sendable {
    public let names: [String]
    private let lock = NSLock()
    private var totals: [Int]

    public init(names: [String]) {
        self.names = names
        totals = [Int](repeating: 0, count: names.count)
    }

    /// Adds one document's counts: `counts[k]` to `names[k]` (a shorter array adds to the first names only).
    public func add<C: Collection>(_ counts: C) where C.Element: BinaryInteger {
        lock.lock(); defer { lock.unlock() }
        for (k, c) in zip(totals.indices, counts) { totals[k] += Int(c) }
    }

    /// Name → total, every name (zeros too, so a run's keys do not depend on its input).
    public var counts: [String: Int] {
        lock.lock(); defer { lock.unlock() }
        var out: [String: Int] = [:]
        for (k, n) in names.enumerated() { out[n] = totals[k] }
        return out
    }
}
