import WinnowCore

/// A read-mostly map from 64-bit hash keys to small values: open addressing with linear probing.
///
/// The tagger looks up every token in its word tables (clusters, gazetteer, aliases); those keys are
/// already hashes, so Swift's `Dictionary` (which re-hashes each key with a per-process seeded SipHash)
/// spends most of its time on work this table skips. Not for untrusted keys chosen to collide.
struct HashTable64<Value> {
    private var keys: [UInt64]
    private var values: [Value?]
    private var mask: Int
    private(set) var count = 0

    /// The capacity a table made for `minimumCapacity` keys has (load factor at most 1/2).
    static func capacity(for minimumCapacity: Int) -> Int {
        var c = 16
        while c < minimumCapacity * 2 { c <<= 1 }
        return c
    }

    /// The slot where probing for `key` starts, in a table of `capacity` slots (a power of two). Files loaded
    /// into a table keep their rows in this order, so loading fills it in one sweep (scripts/cluster_table.py).
    @inline(__always) static func homeSlot(_ key: UInt64, capacity: Int) -> Int {
        Int(truncatingIfNeeded: StableHash.mix64(key)) & (capacity - 1)
    }

    init(minimumCapacity: Int = 16) {
        let c = HashTable64.capacity(for: minimumCapacity)
        keys = [UInt64](repeating: 0, count: c)
        values = [Value?](repeating: nil, count: c)
        mask = c - 1
    }

    init(_ dictionary: [UInt64: Value]) {
        self.init(minimumCapacity: dictionary.count)
        for (k, v) in dictionary { self[k] = v }
    }

    @inline(__always) private func home(_ key: UInt64) -> Int { HashTable64.homeSlot(key, capacity: mask + 1) }

    subscript(key: UInt64) -> Value? {
        @inline(__always) get {
            var i = home(key)
            while let v = values[i] {
                if keys[i] == key { return v }
                i = (i + 1) & mask
            }
            return nil
        }
        set {
            guard let newValue else { preconditionFailure("HashTable64 does not remove keys") }
            var i = home(key)
            while values[i] != nil {
                if keys[i] == key { values[i] = newValue; return }
                i = (i + 1) & mask
            }
            keys[i] = key
            values[i] = newValue
            count += 1
            if count * 2 > keys.count { grow() }
        }
    }

    /// Empties the table, keeping its capacity (cost: one pass over the capacity).
    mutating func removeAll() {
        guard count > 0 else { return }
        for i in values.indices { values[i] = nil }
        count = 0
    }

    private mutating func grow() {
        let old = zip(keys, values).compactMap { k, v in v.map { (k, $0) } }
        self = HashTable64(minimumCapacity: keys.count)
        for (k, v) in old { self[k] = v }
    }
}

extension HashTable64: Sendable where Value: Sendable {}

/// A set of 64-bit hash keys (see `HashTable64`).
struct HashTable64Set: Sendable {
    private var table: HashTable64<Bool>
    init(_ keys: [UInt64] = [], minimumCapacity: Int = 16) {
        table = HashTable64(minimumCapacity: max(minimumCapacity, keys.count))
        for k in keys { table[k] = true }
    }
    mutating func insert(_ key: UInt64) { table[key] = true }
    @inline(__always) func contains(_ key: UInt64) -> Bool { table[key] != nil }
}
