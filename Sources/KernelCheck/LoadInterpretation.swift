/// Everything one loader run left behind, before interpretation.
struct LoadAttempt {
    var request: LoaderRequest
    /// The object file as the caller named it.
    var fileName: String
    var outcome: ChildOutcome
    /// nil when the loader wrote none (it was killed, crashed or never started).
    var report: LoaderReport?
    var log: String
    /// The loader's stdout and stderr.
    var childOutput: String
    var timeLimit: Duration
    /// The loader executable that ran (or failed to start).
    var loader: String
}

/// Turns a loader run into the kernel's verdict, keeping the line between the verifier's
/// rejections and everything else (SPEC §4.1: a load that fails before the verifier speaks is a
/// load error with its reason, never a rejection).
///
/// The rule: the load failed and the verifier log ends in a complaint, so `bpf_check` ran and
/// rejected: a `failure` of kind `verifier`, unless the complaint is one of the few the kernel
/// gives about the attach target before walking any instruction, about an instruction libbpf
/// poisoned, or about an exception callback the libbpf in use could not pass on. The load
/// failed with an empty log (libbpf stopped before `BPF_PROG_LOAD`, or the kernel refused
/// before verification: lockdown's EPERM, a missing capability) or with a log that ends
/// without a complaint (the failure came after verification): a `load_error` with libbpf's
/// reason.
enum LoadInterpretation {
    static func verification(of attempt: LoadAttempt, keepLog: Bool, kernelRelease: String?)
        -> KernelVerification
    {
        var result = interpret(attempt)
        result.kernelRelease = kernelRelease
        if keepLog {
            if !attempt.log.isEmpty { result.kernelLog = attempt.log }
            let notes = attempt.report?.libbpfMessages.filter { $0.level != .debug }.map(\.text) ?? []
            if !notes.isEmpty { result.libbpfLog = notes.joined() }
        }
        return result
    }

    private static func interpret(_ attempt: LoadAttempt) -> KernelVerification {
        let request = attempt.request
        let report = attempt.report
        let program = report?.programs.first { $0.name == request.programName }
        var result = KernelVerification(
            fileName: attempt.fileName, progName: request.programName,
            section: program?.section ?? request.section, progType: program?.type,
            verdict: .loadError, failureKind: nil, message: nil, libbpfVersion: report?.libbpfVersion)
        func fail(_ verdict: KernelVerdict, _ kind: KernelFailureKind, _ message: String) -> KernelVerification {
            result.kernelVerdict = verdict
            result.kernelFailureKind = kind
            result.kernelMessage = message
            return result
        }

        switch attempt.outcome {
        case .spawnFailed(let error):
            return fail(
                .unavailable, .unavailable,
                "cannot start the loader \(attempt.loader): \(ErrnoName.describe(error))")
        case .timedOut:
            return fail(
                .loadError, .timeout,
                "no answer within \(seconds(attempt.timeLimit)): the loader was killed (SIGKILL)")
        case .signaled(let signal):
            return fail(.loadError, .crash, "the loader died of signal \(signal)\(tail(attempt.childOutput))")
        case .exited(let status) where status != 0 || report == nil:
            return fail(
                .loadError, .crash, "the loader exited with status \(status) and no report\(tail(attempt.childOutput))")
        case .exited:
            break
        }
        guard let report else { return fail(.loadError, .crash, "the loader wrote no report") }

        switch report.stage {
        case .libbpf:
            return fail(.unavailable, .unavailable, report.error ?? "libbpf not loadable")
        case .open:
            let reason = libbpfReason(report) ?? report.openErrno.map(ErrnoName.describe) ?? "unknown error"
            result.kernelErrno = report.openErrno
            return fail(.loadError, .openError, "libbpf cannot open the object: \(reason)")
        case .find:
            let names = report.programs.map { "\($0.section)/\($0.name)" }.joined(separator: ", ")
            let wanted = (request.section.map { "\($0)/" } ?? "") + (request.programName ?? "")
            return fail(
                .loadError, .programNotFound,
                "no program '\(wanted)' in the object (libbpf sees: \(names.isEmpty ? "none" : names))")
        case .done:
            return fail(.loadError, .crash, "the loader did not load the program")
        case .load:
            break
        }

        let summary = VerifierLogSummary(log: attempt.log)
        let loadResult = report.loadResult ?? 0
        if loadResult == 0 {
            result.kernelVerdict = .success
            result.record(summary)
            return result
        }
        result.kernelErrno = -loadResult
        if report.logTruncated {
            return fail(
                .loadError, .logTruncated,
                "the verifier log outgrew \(report.logBufferSize ?? 0) bytes (ENOSPC); the verdict is unknown")
        }
        if attempt.log.isEmpty {
            let message = loadErrorMessage(report, errno: -loadResult)
            let kind: KernelFailureKind =
                message.contains("failed to find kernel BTF type ID") ? .attachTarget : .loadError
            return fail(.loadError, kind, message)
        }
        guard let message = summary.message else {
            // The verifier printed no complaint, so the failure came after it (libbpf or the
            // kernel finishing the load), not from it.
            return fail(.loadError, .loadError, loadErrorMessage(report, errno: -loadResult))
        }
        if let kind = environmentKind(message: message, summary: summary, libbpfVersion: report.libbpfVersion) {
            return fail(.loadError, kind, message)
        }
        result.record(summary)
        result.kernelPc = summary.pc
        return fail(.failure, .verifier, message)
    }

    /// Kernel messages that speak of the environment, not of the program's safety.
    static func environmentKind(message: String, summary: VerifierLogSummary, libbpfVersion: String?)
        -> KernelFailureKind?
    {
        if message.contains("exception callback"), libbpfPredatesExceptionCallbacks(libbpfVersion),
            message.contains("not found") || message.contains("could not be found")
        {
            return .libbpfUnsupported
        }
        // libbpf's rewrites of the kernel's complaint about an instruction it poisoned
        // (`fixup_verifier_log`), and the raw poisons where it did not rewrite: the CO-RE
        // marker 0xbad2310 and the map and kfunc bases 2001000000 and 2002000000.
        let poisonMarkers = [
            "failed to resolve CO-RE relocation", "is referenced but wasn't created",
            "is referenced but wasn't resolved", "invalid func unknown#195896080", "invalid func unknown#2001000",
            "invalid func unknown#2002000",
        ]
        if poisonMarkers.contains(where: message.contains) { return .unresolvedRelocation }
        guard !summary.tracedInstructions else { return nil }
        let attachTargetMarkers = [
            "attach_btf_id ", "The address of function ", "Cannot recursively attach",
            "Tracing programs must provide btf_id", "is not a supported struct",
            "attach to unsupported member", "can only be attached to", "Cannot replace static functions",
            "Extension programs should be JITed", "to __noreturn functions is rejected",
        ]
        return attachTargetMarkers.contains(where: message.contains) ? .attachTarget : nil
    }

    /// libbpf learned to pass `exception_callback:` subprograms to the kernel in 1.3.
    static func libbpfPredatesExceptionCallbacks(_ version: String?) -> Bool {
        guard let version else { return false }
        let parts = version.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return false }
        return parts[0] < 1 || (parts[0] == 1 && parts[1] < 3)
    }

    /// The reason libbpf gave: its most specific warning, skipping the summaries it adds on
    /// the way out (`failed to load object`, `failed to load program`).
    static func libbpfReason(_ report: LoaderReport) -> String? {
        let warnings = report.libbpfMessages.filter { $0.level == .warn }.map(\.reason)
        let generic = ["failed to load object", "failed to load BPF skeleton", "failed to load: "]
        let specific = warnings.filter { warning in !generic.contains(where: warning.contains) }
        return specific.first ?? warnings.first
    }

    private static func loadErrorMessage(_ report: LoaderReport, errno: Int32) -> String {
        let reason = libbpfReason(report) ?? report.loadResultDescription ?? ErrnoName.describe(errno)
        if errno == 1 {  // EPERM with no verifier log.
            return "\(reason) (EPERM before any verifier log: kernel lockdown, or a capability this program type needs)"
        }
        return reason
    }

    private static func tail(_ output: String) -> String {
        let lines = output.split(separator: "\n").suffix(3)
        return lines.isEmpty ? "" : ": " + lines.joined(separator: " / ")
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let total = Double(seconds) + Double(attoseconds) / 1e18
        return total >= 1 && total == total.rounded() ? "\(Int(total)) s" : "\(total) s"
    }
}
