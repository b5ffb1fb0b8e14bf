import ArgumentParser

/// `winnow dedup-index`: inspect and prune the persistent dedup index (owned by the dedup work).
struct DedupIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup-index",
        abstract: "Inspect or prune the persistent dedup index in a state directory.")

    func run() throws {
        throw ValidationError("dedup-index is not available yet")
    }
}
