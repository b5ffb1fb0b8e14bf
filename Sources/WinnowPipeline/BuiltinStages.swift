import WinnowClean
import WinnowCore
import WinnowDedup
import WinnowExec
import WinnowExtract
import WinnowFilters
import WinnowTag

/// Every stage type shipped with Winnow. Adding a stage means adding it here (and nothing in the runner).
public enum BuiltinStages {
    public static let all: [any Stage.Type] = [
        StripBoilerplateStage.self,
        CleanTextStage.self,
        TagEntitiesStage.self,
        DedupStage.self,
        ExecStage.self,
    ] + Filters.all

    public static let registry = StageRegistry(all)
}
