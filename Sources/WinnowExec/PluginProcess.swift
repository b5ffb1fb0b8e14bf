#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// Why a program stopped answering before the last document of an exchange.
enum PluginFailure: Error, CustomStringConvertible {
    case exited(String)          // "exited with status 3", "was killed by signal 11"
    case timedOut(Double)
    case replyTooLong(Int)
    case io(String)
    case cannotStart(String)

    var description: String {
        switch self {
        case let .exited(how): return "the program \(how) before answering"
        case let .timedOut(s): return "the program gave no answer within \(ExecStage.formatSeconds(s)) (timeout_seconds); it was killed"
        case let .replyTooLong(n): return "the program's reply is longer than \(n) bytes; it was killed"
        case let .io(what): return "talking to the program failed (\(what)); it was killed"
        case let .cannotStart(why): return why
        }
    }
}

/// One running plugin program: its stdin, stdout and stderr pipes and its process group.
///
/// `exchange` writes documents and reads one reply line per document, multiplexed with `poll` so neither
/// side can block the other on a full pipe. The program runs in its own process group, so a kill also
/// reaches anything it started; `terminate` kills and reaps it (also on deinit: no process outlives its
/// owner).
final class PluginProcess {
    let pid: pid_t
    private var stdinFD: Int32
    private var stdoutFD: Int32
    private var stderrFD: Int32
    /// Bytes read from stdout not yet handed out as lines (from `pendingStart` on).
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var stderrBytes: [UInt8] = []
    private var reaped = false
    private var waitStatus: Int32 = 0

    private init(pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32) {
        self.pid = pid; stdinFD = stdin; stdoutFD = stdout; stderrFD = stderr
    }

    deinit { terminate() }

    /// The last `ExecLimits.stderrTailBytes` of what the program wrote to stderr.
    var stderrTail: String {
        let tail = stderrBytes.suffix(ExecLimits.stderrTailBytes)
        var s = String(decoding: tail, as: UTF8.self)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }

    /// Winnow itself must survive a program that exits while being written to: EPIPE instead of SIGPIPE.
    private static let spawnLock = NSLock()

    static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    static func spawn(_ argv: [String], environment: [String]) throws -> PluginProcess {
        _ = ignoreSIGPIPE
        // pipe + FD_CLOEXEC is two steps (Glibc's module lacks pipe2): one spawn at a time, so no other
        // worker's program inherits these pipes (it would hold them open and hide an exit).
        spawnLock.lock(); defer { spawnLock.unlock() }
        var fds: [Int32] = [-1, -1, -1, -1, -1, -1]   // stdin r/w, stdout r/w, stderr r/w
        for p in 0..<3 {
            let rc = fds.withUnsafeMutableBufferPointer { pipe($0.baseAddress! + 2 * p) }
            if rc != 0 {
                let e = errno
                for fd in fds where fd >= 0 { close(fd) }
                throw PluginFailure.cannotStart("pipe: \(String(cString: strerror(e)))")
            }
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer { close(fds[0]); close(fds[3]); close(fds[5]) }   // the child's ends
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fds[3], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[5], 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // The program gets default SIGPIPE handling and an empty signal mask (whatever Winnow's threads
        // have), and its own process group.
        var defaults = sigset_t(); sigemptyset(&defaults); sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var mask = sigset_t(); sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attr, &mask)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid = pid_t()
        let rc = posix_spawnp(&pid, argv[0], &actions, &attr, cArgs, cEnv)
        guard rc == 0 else {
            close(fds[1]); close(fds[2]); close(fds[4])
            throw PluginFailure.cannotStart("cannot start \(argv[0]): \(String(cString: strerror(rc)))")
        }
        for fd in [fds[1], fds[2], fds[4]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        return PluginProcess(pid: pid, stdin: fds[1], stdout: fds[2], stderr: fds[4])
    }

    /// Writes `payload` (`count` documents, one per line) and reads `count` reply lines. Each document
    /// has `timeout` seconds, counted from the previous answer. Returns the replies read, and the
    /// failure that stopped it early (the document at `replies.count` is the one not answered).
    func exchange(_ payload: [UInt8], count: Int, timeout: Double) -> (replies: [[UInt8]], failure: PluginFailure?) {
        var replies: [[UInt8]] = []
        takeLines(into: &replies, upTo: count)
        var written = 0
        var deadline = Self.now() + timeout
        while replies.count < count {
            let left = deadline - Self.now()
            if left <= 0 { return (replies, .timedOut(timeout)) }
            let writing = written < payload.count && stdinFD >= 0
            var fds = [pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: writing ? stdinFD : -1, events: Int16(POLLOUT), revents: 0)]
            let rc = poll(&fds, 3, Int32(min(left * 1000 + 1, 1000)))
            if rc < 0 {
                if errno == EINTR { continue }
                return (replies, .io("poll: \(String(cString: strerror(errno)))"))
            }
            if fds[2].revents != 0 { written += writeSome(payload, from: written) }
            if fds[1].revents != 0 { drainStderr() }
            if fds[0].revents != 0 {
                let n = readChunk(stdoutFD)
                if n > 0 {
                    pending.append(contentsOf: chunk[0..<n])
                    let before = replies.count
                    takeLines(into: &replies, upTo: count)
                    if replies.count > before { deadline = Self.now() + timeout }
                    if pending.count - pendingStart > ExecLimits.maxReplyBytes {
                        return (replies, .replyTooLong(ExecLimits.maxReplyBytes))
                    }
                } else if n == 0 {
                    return (replies, .exited(exitDescription()))
                } else if errno != EAGAIN && errno != EINTR {
                    return (replies, .io("read: \(String(cString: strerror(errno)))"))
                }
            }
        }
        return (replies, nil)
    }

    /// Read buffer (a process is used by one thread at a time).
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    private func readChunk(_ fd: Int32) -> Int {
        chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    }

    private func writeSome(_ payload: [UInt8], from offset: Int) -> Int {
        let n = payload.withUnsafeBytes { write(stdinFD, $0.baseAddress! + offset, $0.count - offset) }
        if n > 0 { return n }
        if n < 0 && (errno == EAGAIN || errno == EINTR) { return 0 }
        // EPIPE (the program closed stdin or exited): stop writing; its stdout tells the rest.
        close(stdinFD); stdinFD = -1
        return 0
    }

    /// Reads what stderr has now, keeping only the tail.
    private func drainStderr() {
        guard stderrFD >= 0 else { return }
        while true {
            let n = readChunk(stderrFD)
            if n > 0 {
                stderrBytes.append(contentsOf: chunk[0..<n])
                if stderrBytes.count > 2 * ExecLimits.stderrTailBytes {
                    stderrBytes.removeFirst(stderrBytes.count - ExecLimits.stderrTailBytes)
                }
                continue
            }
            if n == 0 || (errno != EAGAIN && errno != EINTR) { close(stderrFD); stderrFD = -1 }
            return
        }
    }

    /// Moves complete lines (without their newline, CR trimmed, blank lines skipped) to `replies`.
    private func takeLines(into replies: inout [[UInt8]], upTo count: Int) {
        while replies.count < count, let nl = pending[pendingStart...].firstIndex(of: 0x0A) {
            var end = nl
            if end > pendingStart && pending[end - 1] == 0x0D { end -= 1 }
            if end > pendingStart { replies.append(Array(pending[pendingStart..<end])) }
            pendingStart = nl + 1
        }
        if pendingStart > 0 && pendingStart * 2 >= pending.count {
            pending.removeFirst(pendingStart); pendingStart = 0
        }
    }

    /// After stdout closed: how the program ended (waits briefly for it, reading the rest of stderr).
    private func exitDescription() -> String {
        let until = Self.now() + 0.5
        while !reaped && Self.now() < until {
            var st: Int32 = 0
            let r = waitpid(pid, &st, WNOHANG)
            if r == pid { reaped = true; waitStatus = st; break }
            if r < 0 && errno != EINTR { break }
            if stderrFD >= 0 {
                var fd = [pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)]
                if poll(&fd, 1, 10) > 0 { drainStderr() }
            } else { usleep(5_000) }
        }
        drainStderr()
        guard reaped else { return "closed its stdout" }
        let signal = waitStatus & 0x7F
        return signal == 0 ? "exited with status \((waitStatus >> 8) & 0xFF)" : "was killed by signal \(signal)"
    }

    /// Kills the program's process group, closes the pipes and reaps it. Safe to call more than once.
    func terminate() {
        if !reaped {
            kill(-pid, SIGKILL); kill(pid, SIGKILL)
            var st: Int32 = 0
            while waitpid(pid, &st, 0) < 0 && errno == EINTR {}
            reaped = true
        }
        for fd in [stdinFD, stdoutFD, stderrFD] where fd >= 0 { close(fd) }
        stdinFD = -1; stdoutFD = -1; stderrFD = -1
    }

    /// End of the run: closes stdin so the program can finish, gives it `grace` seconds, then terminates.
    func shutdown(grace: Double) {
        if stdinFD >= 0 { close(stdinFD); stdinFD = -1 }
        let until = Self.now() + grace
        while !reaped && Self.now() < until {
            var st: Int32 = 0
            let r = waitpid(pid, &st, WNOHANG)
            if r == pid { reaped = true; break }
            if r < 0 && errno != EINTR { break }
            usleep(2_000)
        }
        terminate()
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
