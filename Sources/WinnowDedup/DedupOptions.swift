import WinnowCore

/// Options of `dedup`. Defaults come from the dev-set sweeps described on `DedupStage`
/// (`SignatureParams` and `StoryClusterer.Options` hold the numbers).
public struct DedupOptions: StageOptions {
    public enum Action: String, Sendable, CaseIterable { case mark, drop }

    public var action = Action.mark
    public var shingleSize = SignatureParams().shingleSize
    public var bands = SignatureParams().bands
    public var rows = SignatureParams().rows
    public var anchors = SignatureParams().anchors
    public var jaccardThreshold = 0.5
    public var containmentThreshold = 0.8
    public var containmentMinShingles = 10
    public var anchoredContainmentThreshold = MatchOptions().anchoredContainmentThreshold
    public var unionJaccardThreshold = MatchOptions().unionJaccardThreshold
    public var unionContainmentThreshold = MatchOptions().unionContainmentThreshold
    public var runDate = ""
    public var boilerplateMinClusters = 0
    public var story = false
    public var storyWindowDays = StoryClusterer.Options().windowDays
    public var storyThreshold = StoryClusterer.Options().threshold
    public var storyMinShared = StoryClusterer.Options().minShared
    public var storyMemoryDocs = StoryClusterer.Options().memoryDocs
    public init() {}

    public static let spec = OptionSpec<Self> {
        $0.choice("action", \.action, "mark: annotate duplicates (dedup.duplicate_of); drop: remove them")
        $0.int("shingle_size", \.shingleSize, in: 1...8, "words per shingle (shingles never cross a line break)")
        $0.int("bands", \.bands, in: 1...64, "LSH bands (bands x rows ≤ 128)")
        $0.int("rows", \.rows, in: 1...16, "MinHash bins per LSH band")
        $0.int("anchors", \.anchors, in: 0...8, "extra keys hashing the first lines of ≥ 8 words (finds truncated copies and teasers)")
        $0.number("jaccard_threshold", \.jaccardThreshold, in: 0.05...1, "a candidate is a duplicate at this estimated Jaccard similarity")
        $0.number("containment_threshold", \.containmentThreshold, in: 0.05...1,
                  "... or when this share of the smaller text is contained in the larger")
        $0.int("containment_min_shingles", \.containmentMinShingles, in: 1...100_000,
               "the containment test needs a smaller text of at least this many shingles")
        $0.number("anchored_containment_threshold", \.anchoredContainmentThreshold, in: 0.05...1,
                  "containment needed when the two texts share an anchor (the same opening line): a prefix copy")
        $0.number("union_jaccard_threshold", \.unionJaccardThreshold, in: 0.05...1,
                  "a document unites two existing clusters only on a match at least this strong")
        $0.number("union_containment_threshold", \.unionContainmentThreshold, in: 0.05...1.01,
                  "... or when a member of the other cluster is contained in it at this share")
        $0.string("run_date", \.runDate, "YYYY-MM-DD: the date of undated documents for story clustering (default: today)")
        $0.int("boilerplate_min_clusters", \.boilerplateMinClusters, in: 0...1_000_000,
               "a line seen in this many distinct clusters is boilerplate, skipped when hashing later documents; 0: off")
        $0.bool("story", \.story, "also group documents about the same story (dedup.story)")
        $0.int("story_window_days", \.storyWindowDays, in: 0...365, "days a story stays open to new documents")
        $0.number("story_threshold", \.storyThreshold, in: 0...1, "minimum weighted feature overlap to join a story")
        $0.int("story_min_shared", \.storyMinShared, in: 1...100, "minimum shared features (names, rare words) to join a story")
        $0.int("story_memory_docs", \.storyMemoryDocs, in: 1...100_000_000,
               "documents of earlier runs remembered for story matching")
    }

    public func validate(_ p: StageParams) throws {
        if !runDate.isEmpty && epochDay(runDate) == 0 { throw p.error("run_date", "expected YYYY-MM-DD, got '\(runDate)'") }
        if bands * rows > SignatureParams.bins {
            throw p.error("bands", "bands x rows must be at most \(SignatureParams.bins), got \(bands) x \(rows)")
        }
    }
}

extension DedupStage: DescribedStage {
    public static var optionTable: OptionTable { DedupOptions.spec.table }
}

extension DedupStage: DeclaresRequirements {
    public var provides: [DocumentField] { [.dedup] }
}
