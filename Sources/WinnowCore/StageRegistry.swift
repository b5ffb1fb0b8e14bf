/// Maps pipeline `type` names to stage types. Stage modules register themselves through
/// the list in `WinnowPipeline/BuiltinStages.swift`; the runner only sees this registry.
public struct StageRegistry: Sendable {
    private var types: [String: any Stage.Type] = [:]

    public init() {}

    public init(_ stages: [any Stage.Type]) {
        for s in stages { register(s) }
    }

    public mutating func register(_ type: any Stage.Type) {
        precondition(types[type.typeName] == nil, "stage '\(type.typeName)' registered twice")
        types[type.typeName] = type
    }

    public func type(named name: String) -> (any Stage.Type)? { types[name] }

    public var names: [String] { types.keys.sorted() }

    public var all: [any Stage.Type] { names.compactMap { types[$0] } }
}
