#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a loader process ended, as the watchdog saw it.
enum ChildOutcome: Equatable {
    case exited(status: Int32)
    case signaled(Int32)
    /// Still running at the time limit; it was sent SIGKILL.
    case timedOut
    /// `posix_spawn` failed with this errno.
    case spawnFailed(Int32)
}

/// Runs one loader process with a time limit: `posix_spawn`, poll `waitpid`, SIGKILL at the
/// deadline.
///
/// `posix_spawn` is safe from a multi-threaded Swift process (unlike a bare `fork` that would
/// then call into libbpf), and polling keeps the watchdog free of signals and threads. The
/// kernel's verifier checks for pending fatal signals as it walks, so SIGKILL ends even a long
/// `BPF_PROG_LOAD`.
enum ChildProcess {
    /// Runs `executable` with `arguments` (argv[1...]); its stdout and stderr go to `outputPath`.
    static func run(
        executable: String, arguments: [String], outputPath: String, timeLimit: Duration
    ) -> ChildOutcome {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = childEnvironment().map { strdup($0) } + [nil]
        defer { environment.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environment)
        guard spawned == 0 else { return .spawnFailed(spawned) }

        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeLimit)
        var pause = Duration.microseconds(200)
        while true {
            if let outcome = reap(pid) { return outcome }
            if clock.now >= deadline { break }
            sleep(for: min(pause, deadline - clock.now))
            pause = min(pause * 2, .milliseconds(2))
        }
        kill(pid, SIGKILL)
        // A killed process normally vanishes at once; do not wait forever for one that
        // does not (it stays a zombie, the run goes on).
        let reapDeadline = clock.now.advanced(by: .seconds(10))
        while reap(pid) == nil, clock.now < reapDeadline {
            sleep(for: .milliseconds(5))
        }
        return .timedOut
    }

    /// This process's environment, with the Swift runtime's crash backtracer off: a loader
    /// that crashes inside libbpf should die at once, not spend the time limit symbolicating.
    private static func childEnvironment() -> [String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        return environment.map { "\($0.key)=\($0.value)" }.sorted()
    }

    /// The outcome of a finished child, or nil while it runs (`waitpid` with `WNOHANG`).
    private static func reap(_ pid: pid_t) -> ChildOutcome? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == -1 && errno == EINTR { continue }
            if result == 0 { return nil }
            if result == -1 { return .exited(status: -1) }
            break
        }
        // The <sys/wait.h> macros are not imported; decode the status word by hand.
        let signal = status & 0x7f
        if signal == 0 { return .exited(status: (status >> 8) & 0xff) }
        return .signaled(signal)
    }

    private static func sleep(for duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}
