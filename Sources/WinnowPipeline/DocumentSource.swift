import WinnowCore
import WinnowIO

/// Where a run's work comes from, in batches, in a deterministic order: the planned input files (page files
/// are left to the workers; JSONL and archives are streamed here, in order), or the documents of shard
/// outputs merged in input order (`winnow reduce`). Counts what each input yielded and what the
/// containers skipped, so nothing is passed over silently.
final class DocumentSource {
    private let files: [InputFile]
    private let format: PipelineConfig.InputFormat
    private let readerOptions: ReaderOptions
    private var merger: ShardMerger?
    private var fileIndex = 0
    private var current: (source: any RecordSource, root: Int)?

    /// Items (documents and failures) each input root produced.
    private(set) var yieldPerRoot: [Int]
    /// Archive members and WARC records passed over, by reason.
    private(set) var skippedRecords: [String: Int] = [:]

    init(files: [InputFile], roots: Int, format: PipelineConfig.InputFormat, readerOptions: ReaderOptions) {
        self.files = files
        self.format = format
        self.readerOptions = readerOptions
        yieldPerRoot = [Int](repeating: 0, count: max(roots, 1))
    }

    init(shards: [ShardOutputReader]) {
        files = []
        format = .auto
        readerOptions = ReaderOptions()
        merger = ShardMerger(shards)
        yieldPerRoot = [0]
    }

    /// Up to `size` items; empty at the end.
    func nextBatch(size: Int) throws -> [WorkItem] {
        var batch: [WorkItem] = []
        if merger != nil {
            while batch.count < size, let d = try merger!.next() { batch.append(.document(d)) }
            return batch
        }
        while batch.count < size {
            if let (src, root) = current {
                var s = src
                if let o = s.next() {
                    current = (s, root)
                    yieldPerRoot[root] += 1
                    switch o {
                    case let .record(r): batch.append(.record(r))
                    case let .failure(f): batch.append(.failure(f))
                    }
                    continue
                }
                for (k, v) in s.skipped { skippedRecords[k, default: 0] += v }
                current = nil
            }
            guard fileIndex < files.count else { break }
            let f = files[fileIndex]
            fileIndex += 1
            if Readers.isSinglePage(f.path, format: format) {
                yieldPerRoot[f.root] += 1   // a page file yields a document or a reject
                batch.append(.file(f))
            } else {
                current = (Readers.open(f, options: readerOptions), f.root)
            }
        }
        return batch
    }
}
