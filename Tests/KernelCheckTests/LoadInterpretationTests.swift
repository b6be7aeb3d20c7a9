import Testing

@testable import KernelCheck

/// The line between the verifier's rejections and every other failure (SPEC §4.1), on loader
/// runs written out by hand, so it is checked on every machine.
@Suite struct LoadInterpretationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let outcome: ChildOutcome
        let report: LoaderReport?
        let log: String
        let verdict: KernelVerdict
        let kind: KernelFailureKind?
        let message: String?
        var testDescription: String { name }
    }

    static let leakLog = """
        0: R1=ctx() R10=fp0
        12: (85) call bpf_sk_lookup_tcp#84    ; R0=sock_or_null(id=2,ref_obj_id=2) refs=2
        19: (95) exit
        Unreleased reference id=2 alloc_insn=12
        verification time 172 usec
        stack depth 40
        processed 20 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 0

        """

    static func loaded(_ result: Int32, version: String = "1.1", messages: [LibBPFMessage] = [], truncated: Bool = false)
        -> LoaderReport
    {
        var report = LoaderReport(stage: .load, libbpfVersion: version)
        report.programs = [KernelProgram(name: "prog", section: "tc", type: "sched_cls", insnCount: 20)]
        report.loadResult = result
        report.libbpfMessages = messages
        report.logTruncated = truncated
        report.logBufferSize = 1 << 30
        return report
    }

    static func warning(_ text: String) -> LibBPFMessage { LibBPFMessage(level: .warn, text: "libbpf: \(text)\n") }

    static let cases: [Case] = [
        Case(
            name: "accepted", outcome: .exited(status: 0), report: loaded(0),
            log: "processed 4 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n",
            verdict: .success, kind: nil, message: nil),
        Case(
            name: "rejected by the verifier", outcome: .exited(status: 0), report: loaded(-13), log: leakLog,
            verdict: .failure, kind: .verifier, message: "Unreleased reference id=2 alloc_insn=12"),
        Case(
            name: "missing kfunc: libbpf stops before BPF_PROG_LOAD", outcome: .exited(status: 0),
            report: loaded(
                -3,
                messages: [
                    warning("extern (func ksym) 'bpf_nope': not found in kernel or module BTFs"),
                    warning("failed to load object 'x.o'"),
                ]), log: "",
            verdict: .loadError, kind: .loadError,
            message: "extern (func ksym) 'bpf_nope': not found in kernel or module BTFs"),
        Case(
            name: "lockdown: EPERM before any verifier log", outcome: .exited(status: 0),
            report: loaded(-1, messages: [warning("prog 'prog': BPF program load failed: Operation not permitted")]),
            log: "", verdict: .loadError, kind: .loadError,
            message: "prog 'prog': BPF program load failed: Operation not permitted "
                + "(EPERM before any verifier log: kernel lockdown, or a capability this program type needs)"),
        Case(
            name: "fentry target missing from vmlinux BTF", outcome: .exited(status: 0),
            report: loaded(-3, messages: [warning("prog 'prog': failed to find kernel BTF type ID of 'nope': -3")]),
            log: "", verdict: .loadError, kind: .attachTarget,
            message: "prog 'prog': failed to find kernel BTF type ID of 'nope': -3"),
        Case(
            name: "kernel refuses the attach target before the walk", outcome: .exited(status: 0), report: loaded(-22),
            log: "The address of function nope cannot be found\nprocessed 0 insns (limit 1000000) max_states_per_insn 0\n",
            verdict: .loadError, kind: .attachTarget, message: "The address of function nope cannot be found"),
        Case(
            name: "exception callback with libbpf 1.1", outcome: .exited(status: 0), report: loaded(-22),
            log: "exception callback type id not found in func_info\nprocessed 0 insns (limit 1000000)\n",
            verdict: .loadError, kind: .libbpfUnsupported, message: "exception callback type id not found in func_info"),
        Case(
            name: "exception callback with libbpf 1.5 is the verifier's verdict", outcome: .exited(status: 0),
            report: loaded(-22, version: "1.5"),
            log: "exception callback type id not found in func_info\nprocessed 0 insns (limit 1000000)\n",
            verdict: .failure, kind: .verifier, message: "exception callback type id not found in func_info"),
        Case(
            name: "failure after a clean verification", outcome: .exited(status: 0),
            report: loaded(-16, messages: [warning("map 'm': failed to pin at '/sys/fs/bpf/m': Device or resource busy")]),
            log: "verification time 12 usec\nstack depth 0\nprocessed 4 insns (limit 1000000) max_states_per_insn 0\n",
            verdict: .loadError, kind: .loadError,
            message: "map 'm': failed to pin at '/sys/fs/bpf/m': Device or resource busy"),
        Case(
            name: "CO-RE relocation this kernel cannot satisfy", outcome: .exited(status: 0), report: loaded(-22),
            log: """
                18: (85) call unknown#195896080
                19: <invalid CO-RE relocation>
                failed to resolve CO-RE relocation <enumval_value> [86] enum task_state_bits::TASK_DEAD_BIT = 7
                processed 18 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 0
                """,
            verdict: .loadError, kind: .unresolvedRelocation,
            message: "failed to resolve CO-RE relocation <enumval_value> [86] enum task_state_bits::TASK_DEAD_BIT = 7"),
        Case(
            name: "log outgrew the largest buffer", outcome: .exited(status: 0), report: loaded(-28, truncated: true),
            log: "0: (95) exit\n", verdict: .loadError, kind: .logTruncated,
            message: "the verifier log outgrew 1073741824 bytes (ENOSPC); the verdict is unknown"),
        Case(
            name: "timeout", outcome: .timedOut, report: nil, log: "", verdict: .loadError, kind: .timeout,
            message: "no answer within 2 s: the loader was killed (SIGKILL)"),
        Case(
            name: "crash", outcome: .signaled(11), report: nil, log: "", verdict: .loadError, kind: .crash,
            message: "the loader died of signal 11"),
        Case(
            name: "exit without report", outcome: .exited(status: 3), report: nil, log: "", verdict: .loadError,
            kind: .crash, message: "the loader exited with status 3 and no report"),
        Case(
            name: "loader missing", outcome: .spawnFailed(2), report: nil, log: "", verdict: .unavailable,
            kind: .unavailable, message: "cannot start the loader /x/bpfsim-kernel-load: ENOENT (2)"),
        Case(
            name: "libbpf missing", outcome: .exited(status: 0),
            report: LoaderReport(stage: .libbpf, error: "libbpf not loadable: libbpf.so.1: cannot open shared object file"),
            log: "", verdict: .unavailable, kind: .unavailable,
            message: "libbpf not loadable: libbpf.so.1: cannot open shared object file"),
        Case(
            name: "object libbpf cannot open", outcome: .exited(status: 0),
            report: LoaderReport(
                stage: .open, libbpfVersion: "1.1", openErrno: 4001,
                libbpfMessages: [warning("elf: '/etc/passwd' is not a proper ELF object")]),
            log: "", verdict: .loadError, kind: .openError,
            message: "libbpf cannot open the object: elf: '/etc/passwd' is not a proper ELF object"),
    ]

    @Test(arguments: cases)
    func classifies(_ case_: Case) {
        let request = LoaderRequest(
            mode: .load, libbpfPath: "libbpf.so.1", objectPath: "x.o", programName: "prog", reportPath: "r",
            logPath: "l")
        let attempt = LoadAttempt(
            request: request, fileName: "x.o", outcome: case_.outcome, report: case_.report, log: case_.log,
            childOutput: "", timeLimit: .seconds(2), loader: "/x/bpfsim-kernel-load")
        let result = LoadInterpretation.verification(of: attempt, keepLog: false, kernelRelease: "6.18.0")
        #expect(result.kernelVerdict == case_.verdict, "\(case_.name): \(result.summaryLine)")
        #expect(result.kernelFailureKind == case_.kind, "\(case_.name): \(result.summaryLine)")
        #expect(result.kernelMessage == case_.message, "\(case_.name)")
        // Statistics belong to verifier verdicts only.
        #expect((result.kernelTotalInsns != nil) == result.kernelVerdict.isVerifierVerdict, "\(case_.name)")
    }

    @Test func rejectionCarriesPcErrnoAndStatistics() {
        let request = LoaderRequest(
            mode: .load, libbpfPath: "libbpf.so.1", objectPath: "x.o", programName: "prog", reportPath: "r",
            logPath: "l")
        let attempt = LoadAttempt(
            request: request, fileName: "x.o", outcome: .exited(status: 0), report: Self.loaded(-13),
            log: Self.leakLog, childOutput: "", timeLimit: .seconds(2), loader: "l")
        let result = LoadInterpretation.verification(of: attempt, keepLog: true, kernelRelease: "6.18.0")
        #expect(result.kernelPc == 19)
        #expect(result.kernelErrno == 13)
        #expect(result.kernelTotalInsns == 20 && result.kernelTotalStates == 1 && result.kernelPeakStates == 1)
        #expect(result.kernelDuration == 172 && result.kernelStackDepth == 40)
        #expect(result.kernelLog == Self.leakLog)
        #expect(result.section == "tc" && result.progType == "sched_cls" && result.libbpfVersion == "1.1")
        #expect(
            result.summaryLine
                == "x.o:tc:prog: kernel failure (verifier): pc 19: Unreleased reference id=2 alloc_insn=12 [processed 20 insns]")
    }
}
