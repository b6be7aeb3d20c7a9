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

/// Asks the running kernel's verifier about BPF programs, one program per load, through libbpf
/// (SPEC §4.1) — the cross-check behind `bpfsim verify --kernel` and `bpfsim xcheck`.
///
/// Every libbpf call happens in a loader child process (``KernelLoader``, run by the
/// `bpfsim-kernel-load` helper) under a time limit, so a hang or crash costs one record, never
/// the run. Nothing here throws: whatever goes wrong becomes a ``KernelVerification`` with a
/// verdict, a kind and one line of reason, and the caller goes on with the next program.
/// Programs are loaded and closed, never attached or pinned.
public struct KernelVerifier: Sendable {
    public var options: KernelCheckOptions

    public init(options: KernelCheckOptions = KernelCheckOptions()) {
        self.options = options
    }

    var loader: KernelLoaderCommand { options.loader ?? .locate() }

    /// Whether the kernel can be asked here; when not, one line why. Runs the loader once to
    /// open libbpf and have the kernel load a trivial socket filter, so it also catches a
    /// `bpf()` blocked by seccomp or sysctl.
    public func availability() -> KernelAvailability {
        if let problem = preflightProblem() { return .unavailable(reason: problem) }
        var probeOptions = options
        probeOptions.timeLimit = min(options.timeLimit, .seconds(30))
        let attempt = run(.probe, object: nil, program: nil, section: nil, options: probeOptions)
        let release = HostFacts.kernelRelease
        guard case .exited(0) = attempt.outcome, let report = attempt.report else {
            let record = LoadInterpretation.verification(of: attempt, keepLog: false, kernelRelease: release)
            return .unavailable(reason: record.kernelMessage ?? "the loader failed")
        }
        if report.stage == .libbpf { return .unavailable(reason: report.error ?? "libbpf not loadable") }
        guard report.probeResult == 1, let version = report.libbpfVersion else {
            let result = report.probeResult.map(String.init) ?? "nothing"
            return .unavailable(
                reason: "the kernel refused a trivial socket filter (libbpf_probe_bpf_prog_type returned "
                    + "\(result)): bpf() is filtered or privileges are missing")
        }
        return .available(
            KernelEnvironment(
                kernelRelease: release, libbpfVersion: version, libbpfPath: options.libbpfPath,
                loader: loader.executable))
    }

    /// Loads one program of `object` (an ELF file clang or bpfsim produced) and records the
    /// kernel's verdict. `program` is the function name; `section`, when given, must match too.
    public func verify(object: String, program: String, section: String? = nil) -> KernelVerification {
        let release = HostFacts.kernelRelease
        if let problem = preflightProblem() {
            return KernelVerification(
                fileName: object, progName: program, section: section, verdict: .unavailable,
                failureKind: .unavailable, message: problem, kernelRelease: release)
        }
        let attempt = run(.load, object: object, program: program, section: section, options: options)
        return LoadInterpretation.verification(of: attempt, keepLog: options.keepLog, kernelRelease: release)
    }

    /// The programs libbpf finds in `object`, or the record saying why it could not list them.
    public func programs(in object: String) -> Result<[KernelProgram], KernelCheckError> {
        let release = HostFacts.kernelRelease
        if let problem = preflightProblem() {
            return .failure(
                KernelCheckError(
                    record: KernelVerification(
                        fileName: object, progName: nil, verdict: .unavailable, failureKind: .unavailable,
                        message: problem, kernelRelease: release)))
        }
        let attempt = run(.list, object: object, program: nil, section: nil, options: options)
        if case .exited(0) = attempt.outcome, let report = attempt.report, report.stage == .done {
            return .success(report.programs)
        }
        var record = LoadInterpretation.verification(of: attempt, keepLog: false, kernelRelease: release)
        record.progName = nil
        return .failure(KernelCheckError(record: record))
    }

    /// Every program of `object`, each loaded alone. An object that cannot be listed gives one
    /// record with no `prog_name` that says why.
    public func verifyAll(object: String) -> [KernelVerification] {
        switch programs(in: object) {
        case .failure(let error):
            return [error.record]
        case .success(let programs):
            return programs.map { verify(object: object, program: $0.name, section: $0.section) }
        }
    }

    /// The checks that need no child process: the OS, the capabilities, the loader's presence.
    func preflightProblem() -> String? {
        #if !os(Linux)
            return "not Linux: only a Linux kernel can be asked"
        #else
            let executable = loader.executable
            guard access(executable, X_OK) == 0 else {
                return "the loader \(executable) is missing or not executable "
                    + "(build it with swift build, or set BPFSIM_KERNEL_LOADER)"
            }
            return HostFacts.privilegeProblem(capabilities: HostFacts.effectiveCapabilities(), effectiveUID: geteuid())
        #endif
    }

    private func run(
        _ mode: LoaderRequest.Mode, object: String?, program: String?, section: String?,
        options: KernelCheckOptions
    ) -> LoadAttempt {
        let loader = self.loader
        let fileName = object ?? ""
        func attempt(_ outcome: ChildOutcome, _ request: LoaderRequest) -> LoadAttempt {
            LoadAttempt(
                request: request, fileName: fileName, outcome: outcome, report: nil, log: "", childOutput: "",
                timeLimit: options.timeLimit, loader: loader.executable)
        }
        guard let directory = FileIO.makeTemporaryDirectory(prefix: "bpfsim-kernel-load") else {
            let request = LoaderRequest(mode: mode, libbpfPath: options.libbpfPath, reportPath: "", logPath: "")
            return attempt(.spawnFailed(errno), request)
        }
        let files = (report: "report.json", log: "verifier.log", output: "output.txt")
        defer { FileIO.removeDirectory(directory, files: [files.report, files.log, files.output]) }

        let request = LoaderRequest(
            mode: mode, libbpfPath: options.libbpfPath, objectPath: object, programName: program, section: section,
            logLevel: options.logLevel.kernelBits,
            initialLogSize: options.initialLogSize ?? options.logLevel.initialLogSize,
            reportPath: "\(directory)/\(files.report)", logPath: "\(directory)/\(files.log)", fault: options.fault)
        guard let encoded = try? JSONEncoder().encode(request) else {
            return attempt(.spawnFailed(EINVAL), request)
        }
        let outputPath = "\(directory)/\(files.output)"
        let outcome = ChildProcess.run(
            executable: loader.executable,
            arguments: loader.leadingArguments + [KernelLoader.requestFlag, String(decoding: encoded, as: UTF8.self)],
            outputPath: outputPath, timeLimit: options.timeLimit)

        var result = attempt(outcome, request)
        if case .exited = outcome {
            result.report = FileIO.readFile(request.reportPath).flatMap {
                try? JSONDecoder().decode(LoaderReport.self, from: Data($0))
            }
            result.log = Self.text(at: request.logPath, tail: options.keepLog ? nil : Self.logTailBytes)
        }
        result.childOutput = Self.text(at: outputPath, tail: 4096)
        return result
    }

    /// How much of a log's end is read when the whole log is not wanted: the message and the
    /// statistics sit in its last lines, and a level-2 log may run to hundreds of megabytes.
    static let logTailBytes = 256 << 10

    /// The file's text, or only its last `tail` bytes from the first whole line on.
    private static func text(at path: String, tail: Int?) -> String {
        guard let bytes = FileIO.readFile(path, tail: tail) else { return "" }
        var text = bytes[...]
        if let tail, bytes.count >= tail, let newline = text.firstIndex(of: UInt8(ascii: "\n")) {
            text = text[text.index(after: newline)...]
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// An object libbpf could not list, with the record that says why.
public struct KernelCheckError: Error, Sendable, CustomStringConvertible {
    public var record: KernelVerification
    public var description: String { record.summaryLine }
}
