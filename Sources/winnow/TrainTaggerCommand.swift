import ArgumentParser
import Foundation
import WinnowTag

/// `winnow train-tagger`: trains the entity tagger from CoNLL-format files (owned by the tagging work).
struct TrainTaggerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-tagger",
        abstract: "Train the named-entity tagger from CoNLL-format files.",
        discussion: """
            Files: one token per line, word in the first column and the entity tag (IOB1, IOB2, BILOU) in the \
            last, blank lines between sentences, -DOCSTART- lines between documents. The model is an averaged \
            perceptron over hashed features with greedy BILOU decoding. With --dev (or --holdout-docs), the \
            epoch with the best held-out F1 is kept; otherwise the last epoch.
            """)

    @Option(name: .customLong("train"), parsing: .upToNextOption, help: "Training file(s), CoNLL format.")
    var train: [String] = []

    @Option(help: "Held-out file for choosing the epoch (CoNLL format).")
    var dev: String?

    @Option(name: .customLong("holdout-docs"), help: "Hold out the last N documents of the training data as dev.")
    var holdoutDocs: Int = 0

    @Option(name: .customLong("holdout-every"), help: "Hold out every K-th training document (those with index % K == K / 2) as dev.")
    var holdoutEvery: Int = 0

    @Option(help: "Where to write the model.")
    var out: String

    @Option(help: "Training epochs.")
    var epochs: Int = 10

    @Option(help: "Feature hash bits (table of 2^bits rows).")
    var bits: Int = 20

    @Option(help: "Drop feature rows whose largest |weight| is at most this.")
    var prune: Float = 0

    @Option(help: "Gazetteer file (TYPE<TAB>phrase lines); default: the shipped one. 'none' for no gazetteer.")
    var gazetteer: String?

    @Option(help: "Word clusters file (clusters.bin format); default: the shipped one. 'none' for no clusters. The stage always loads the shipped file, so a model trained with other clusters is for experiments only.")
    var clusters: String?
    @Option(help: "GloVe word clusters file (clusters.bin format, scripts/build_tagger_glove_clusters.py): an added feature set; default: the shipped Resources/clusters-glove.bin when present. 'none' for no GloVe features.")
    var glove: String?

    @Flag(name: .customLong("no-history"), help: "Disable document-level prediction history features.")
    var noHistory = false

    @Option(help: "Random seed for the document order.")
    var seed: UInt64 = 1

    func validate() throws {
        if train.isEmpty { throw ValidationError("give at least one --train file") }
        if !(1...100).contains(epochs) { throw ValidationError("--epochs must be in 1...100") }
        if !(16...24).contains(bits) { throw ValidationError("--bits must be in 16...24") }
        if holdoutDocs < 0 { throw ValidationError("--holdout-docs must be >= 0") }
        if holdoutEvery < 0 || holdoutEvery == 1 { throw ValidationError("--holdout-every must be 0 (off) or >= 2") }
    }

    func run() throws {
        var docs: [AnnotatedDocument] = []
        for f in train { docs += try CoNLLReader.read(path: f) }
        var devDocs: [AnnotatedDocument] = []
        if let dev { devDocs = try CoNLLReader.read(path: dev) }
        if holdoutDocs > 0 {
            guard holdoutDocs < docs.count else { throw ValidationError("--holdout-docs \(holdoutDocs) >= \(docs.count) documents") }
            devDocs += docs.suffix(holdoutDocs)
            docs.removeLast(holdoutDocs)
        }
        if holdoutEvery >= 2 {
            let k = holdoutEvery
            devDocs += docs.indices.filter { $0 % k == k / 2 }.map { docs[$0] }
            docs = docs.indices.filter { $0 % k != k / 2 }.map { docs[$0] }
        }
        let gaz: Gazetteer
        if gazetteer == "none" { gaz = Gazetteer() }
        else if let g = gazetteer { gaz = try Gazetteer(contentsOf: URL(fileURLWithPath: g)) }
        else if let u = TagResources.gazetteerURL { gaz = try Gazetteer(contentsOf: u) }
        else { gaz = Gazetteer() }
        if let c = clusters, c != "none" { try gaz.loadClusters(contentsOf: URL(fileURLWithPath: c)) }
        else if clusters == nil, let c = TagResources.clustersURL { try gaz.loadClusters(contentsOf: c) }
        if let c = glove, c != "none" { try gaz.loadGloveClusters(contentsOf: URL(fileURLWithPath: c)) }
        else if glove == nil, let c = TagResources.gloveClustersURL { try gaz.loadGloveClusters(contentsOf: c) }
        var opt = TaggerTrainer.Options()
        opt.epochs = epochs; opt.bits = bits; opt.prune = prune; opt.seed = seed; opt.useHistory = !noHistory
        let types = TaggerTrainer.types(of: docs)
        let trainer = TaggerTrainer(types: types, gazetteer: gaz, options: opt)
        log("gazetteer: \(gaz.count) phrases, \(gaz.clusterCount) clustered words, \(gaz.gloveCount) GloVe-clustered words")
        let (model, epoch, scores) = trainer.train(docs, dev: devDocs, log: log)
        try model.write(to: URL(fileURLWithPath: out))
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        log("kept epoch \(epoch); \(model.rowCount) feature rows; wrote \(out) (\(size) bytes)")
        if let scores { log("held-out scores (epoch \(epoch)):\n\(scores)") }
    }

    func log(_ s: String) {
        FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
    }
}
