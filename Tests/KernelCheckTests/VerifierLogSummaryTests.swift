import Testing

@testable import KernelCheck

/// Reading the verifier log's closing statistics and message (`print_verification_stats`,
/// `kernel/bpf/verifier.c`). The logs are in the formats kernels of different ages print.
@Suite struct VerifierLogSummaryTests {
    struct Statistics: Sendable, CustomTestStringConvertible {
        let name: String
        let log: String
        let processed: Int?
        let maxStatesPerInsn: Int?
        let totalStates: Int?
        let peakStates: Int?
        let microseconds: Int?
        let stackDepths: [Int]?
        var testDescription: String { name }
    }

    static let statistics: [Statistics] = [
        Statistics(
            name: "6.x with BPF_LOG_STATS",
            log: """
                verification time 235 usec
                stack depth 40
                processed 31 insns (limit 1000000) max_states_per_insn 0 total_states 2 peak_states 2 mark_read 0

                """,
            processed: 31, maxStatesPerInsn: 0, totalStates: 2, peakStates: 2, microseconds: 235, stackDepths: [40]),
        Statistics(
            name: "subprograms and extra counters",
            log: """
                verification time 1234 usec
                stack depth 24+0+64
                processed 1024 insns (limit 1000000) max_states_per_insn 4 total_states 77 peak_states 70 mark_read 9 jmp_allocs 3 jmp_total 5 jmp_peak 2
                """,
            processed: 1024, maxStatesPerInsn: 4, totalStates: 77, peakStates: 70, microseconds: 1234,
            stackDepths: [24, 0, 64]),
        Statistics(
            name: "5.x without stats level",
            log: "processed 12 insns (limit 1000000) max_states_per_insn 1 total_states 3 peak_states 3 mark_read 1\n",
            processed: 12, maxStatesPerInsn: 1, totalStates: 3, peakStates: 3, microseconds: nil, stackDepths: nil),
        Statistics(
            name: "no statistics at all", log: "", processed: nil, maxStatesPerInsn: nil, totalStates: nil,
            peakStates: nil, microseconds: nil, stackDepths: nil),
    ]

    @Test(arguments: statistics)
    func readsStatistics(_ case_: Statistics) {
        let summary = VerifierLogSummary(log: case_.log)
        #expect(summary.processedInsns == case_.processed, "\(case_.name)")
        #expect(summary.maxStatesPerInsn == case_.maxStatesPerInsn, "\(case_.name)")
        #expect(summary.totalStates == case_.totalStates, "\(case_.name)")
        #expect(summary.peakStates == case_.peakStates, "\(case_.name)")
        #expect(summary.verificationTimeMicroseconds == case_.microseconds, "\(case_.name)")
        #expect(summary.stackDepths == case_.stackDepths, "\(case_.name)")
    }
}
