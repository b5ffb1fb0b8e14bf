import ArgumentParser
import Foundation
import WinnowCore
import WinnowPipeline

/// Winnow's exit codes (documented in `winnow --help` and the README). Commands never exit themselves: they
/// throw, and `ExitMapping.exitCode(for:)` turns what they threw into one of these.
enum ExitStatus: Int32 {
    case ok = 0
    /// Finished, but some documents or input lines were rejected (named on stderr or in rejects.jsonl).
    case partial = 1
    /// Nothing useful done: bad pipeline file or options, no inputs, I/O error.
    case failure = 2
    /// Another run holds the lock on the state directory.
    case lockHeld = 3
    /// The command line could not be parsed (ArgumentParser's usage errors, EX_USAGE).
    case usage = 64

    /// The help text's table (root `discussion`).
    static let helpText = """
        Exit codes: 0 success; 1 partial (some documents or input lines rejected: see rejects.jsonl or stderr); \
        2 failure (bad pipeline file or options, no inputs, I/O error); 3 another run holds the state lock; \
        64 usage error (unknown option, missing argument).
        """
}

/// An error a command throws to end with a given exit status; `message` (if any) goes to stderr.
struct WinnowExit: Error, CustomStringConvertible {
    var status: ExitStatus
    var message: String?

    static func failure(_ message: String) -> WinnowExit { WinnowExit(status: .failure, message: message) }
    /// Rejects were already reported where they happened; nothing more to print.
    static let partial = WinnowExit(status: .partial, message: nil)

    var description: String { message ?? "exit status \(status.rawValue)" }
}

/// The one place errors become exit codes.
enum ExitMapping {
    /// ArgumentParser's own errors (usage errors, `--help`, explicit exit codes) pass through unchanged, so it
    /// prints them and exits as it does (64 for usage). Everything else is printed once as
    /// `winnow: error: …` and becomes an `ExitCode`.
    static func exitCode(for error: Error) -> Error {
        switch error {
        case let e as WinnowExit:
            report(e.message)
            return ArgumentParser.ExitCode(e.status.rawValue)
        case let e as StateStore.AlreadyRunning:
            report("\(e)")
            return ArgumentParser.ExitCode(ExitStatus.lockHeld.rawValue)
        case _ where isArgumentParserError(error):
            return error
        default:
            // ConfigError, RunError, IOError, a stage's open/close error: the run could not do its work.
            report("\(error)")
            return ArgumentParser.ExitCode(ExitStatus.failure.rawValue)
        }
    }

    /// ArgumentParser's public errors (`ExitCode`, `CleanExit`, `ValidationError`) and its internal ones
    /// (parse errors, `--help` and `help` requests, which `run()` of its help command throws).
    static func isArgumentParserError(_ error: Error) -> Bool {
        error is ArgumentParser.ExitCode || error is CleanExit || error is ValidationError
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    private static func report(_ message: String?) {
        guard let message else { return }
        FileHandle.standardError.write(Data("winnow: error: \(message)\n".utf8))
    }

    /// A run's status (`RunStats.exitCode`) as an error to throw (nil when 0).
    static func status(_ code: Int32) -> WinnowExit? {
        code == 0 ? nil : WinnowExit(status: ExitStatus(rawValue: code) ?? .failure, message: nil)
    }
}
