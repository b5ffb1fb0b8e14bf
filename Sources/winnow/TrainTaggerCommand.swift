import ArgumentParser

/// `winnow train-tagger`: trains the entity tagger from CoNLL-format files (owned by the tagging work).
struct TrainTaggerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-tagger",
        abstract: "Train the named-entity tagger from CoNLL-format files.")

    func run() throws {
        throw ValidationError("train-tagger is not available yet")
    }
}
