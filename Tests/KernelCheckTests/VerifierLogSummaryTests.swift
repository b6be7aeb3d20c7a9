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

    struct Message: Sendable, CustomTestStringConvertible {
        let name: String
        let log: String
        let lines: [String]
        let pc: Int?
        var testDescription: String { name }
    }

    static let messages: [Message] = [
        Message(
            name: "NULL dereference at level 1",
            log: """
                6: (85) call bpf_map_lookup_elem#1    ; R0=map_value_or_null(id=1,map=counters,ks=4,vs=8)
                ; return *value ? TC_ACT_SHOT : TC_ACT_OK; @ verdicts.c:41
                7: (79) r1 = *(u64 *)(r0 +0)
                R0 invalid mem access 'map_value_or_null'
                verification time 104 usec
                stack depth 8
                processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0

                """,
            lines: ["R0 invalid mem access 'map_value_or_null'"], pc: 7),
        Message(
            name: "leak with the kernel's second line",
            log: """
                18: (b4) w0 = 0                       ; R0=0 refs=2
                ; } @ verdicts.c:53
                19: (95) exit
                Unreleased reference id=2 alloc_insn=12
                BPF_EXIT instruction in main prog would lead to reference leak
                processed 20 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 0
                """,
            lines: [
                "Unreleased reference id=2 alloc_insn=12",
                "BPF_EXIT instruction in main prog would lead to reference leak",
            ], pc: 19),
        Message(
            name: "static check before the walk",
            log: "back-edge from insn 5 to 3\nprocessed 0 insns (limit 1000000) max_states_per_insn 0 total_states 0\n",
            lines: ["back-edge from insn 5 to 3"], pc: nil),
        Message(
            name: "liveness debug lines of 6.18 between message and statistics",
            log: """
                4: (61) r0 = *(u32 *)(r1 +0)
                invalid bpf_context access off=0 size=4
                (0) frame 0 insn 4 +live -8
                (0) live stack update done in 2 iterations
                verification time 10 usec
                stack depth 8
                processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
                """,
            lines: ["invalid bpf_context access off=0 size=4"], pc: 4),
        Message(
            name: "success at level 2 has no message",
            log: """
                29: (95) exit
                (0) frame 0 insn 24 +live -32,-40
                (0) live stack update done in 2 iterations
                verification time 235 usec
                stack depth 40
                processed 31 insns (limit 1000000) max_states_per_insn 0 total_states 2 peak_states 2 mark_read 0
                """,
            lines: [], pc: 29),
        Message(
            name: "state line between instruction and message",
            log: """
                from 14 to 18: R0=2 R1=sock(ref_obj_id=2) refs=2
                18: R0=2 R1=sock(ref_obj_id=2) refs=2
                18: (95) exit
                Unreleased reference id=2 alloc_insn=12
                processed 22 insns (limit 1000000) max_states_per_insn 0 total_states 2 peak_states 2 mark_read 0
                """,
            lines: ["Unreleased reference id=2 alloc_insn=12"], pc: 18),
    ]

    @Test(arguments: messages)
    func readsMessageAndPC(_ case_: Message) {
        let summary = VerifierLogSummary(log: case_.log)
        #expect(summary.messageLines == case_.lines, "\(case_.name)")
        #expect(summary.pc == case_.pc, "\(case_.name)")
    }
}
