import BPFSimulator
import Testing

/// The exactly-once oracle (SPEC §6): leaks, double releases, releases of what was never
/// acquired and uses after release are found and named with their pc and object.
@Suite struct OracleTests {
    /// Under a backend that does no cleanup, every program that holds a reference at a throw
    /// leaks it: the violation names the acquiring pc and the object.
    @Test(arguments: SimulatorPrograms.all)
    func noCleanupBackendLeaks(_ program: SimProgram) throws {
        let p = try program.load()
        let outcome = NoCleanupBackend().apply(to: p, options: .init())
        try #require(outcome.isAccepted, "\(program.name): \(outcome.failure?.message ?? "")")
        for at in ThrowPoints.of(p) {
            let summary = try simulate(outcome, baseline: p, runs: 20, seed: 7, throwAt: at)
            let held = try heldAtThrow(program, at: at)
            // Runs the program's own throws ended before reaching the forced one hold other things.
            for run in try #require(summary.perRun) where run.ending == .thrown && run.throwPC == at {
                let leaks = run.violations.filter { $0.kind == .leak }
                #expect(leaks.count == held.count, "\(program.name) throw at pc \(at), run \(run.run): \(run.violations)")
                for (v, expected) in zip(leaks, held) {
                    #expect(v.pc == expected.pc, "\(program.name): leak reported at pc \(v.pc), acquired at pc \(expected.pc)")
                    #expect(v.object.hasPrefix(expected.type), "\(program.name): leak of \(v.object), expected a \(expected.type)")
                    #expect(v.backend == "no-cleanup")
                }
            }
        }
    }

    /// What each program holds at each of its throw points (acquiring pc, object type), by
    /// reading the program: the expected answer, written out.
    func heldAtThrow(_ program: SimProgram, at pc: Int) throws -> [(pc: Int, type: String)] {
        switch (program.name, pc) {
        case ("task_stack", 8): return [(2, "task_struct")]
        case ("task_r7_call", 15): return [(3, "task_struct")]
        case ("cgroup_three_frames", 33): return [(3, "task_struct"), (14, "cgroup"), (24, "bpf_cpumask")]
        case ("socket", 18): return [(12, "sock")]
        case ("ringbuf", 12): return [(5, "ringbuf_record")]
        case ("iter", 14): return [(5, "bpf_iter_num")]
        case ("global_throw", 6), ("global_throw", 15): return [(2, "cgroup")]
        case ("global_throw", 10): return []
        case ("loop_callback", 16): return [(3, "task_struct")]
        case ("many_masks", 12): return [(1, "bpf_cpumask"), (4, "bpf_cpumask"), (7, "bpf_cpumask")]
        case ("conntrack", 22): return [(16, "nf_conn")]
        case ("obj_new", 8): return [(3, "obj_1")]
        default:
            Issue.record("\(program.name): no expected answer for a throw at pc \(pc)")
            return []
        }
    }

    struct Misuse: CustomTestStringConvertible, Sendable {
        let program: SimProgram
        let kind: OracleViolation.Kind
        let pc: Int
        let object: String
        var testDescription: String { program.name }
    }

    /// Programs the verifier would reject, run unverified: the oracle names each misuse.
    static let misuses: [Misuse] = [
        Misuse(program: SimProgram("double release", """
            r1 = 7
            call bpf_task_from_pid
            if r0 == 0 goto out
            r6 = r0
            r1 = r6
            call bpf_task_release
            r1 = r6
            call bpf_task_release
            out:
            r0 = 0
            exit
            """), kind: .doubleRelease, pc: 7, object: "task_struct#3 (pid 7)"),
        Misuse(program: SimProgram("use after release", """
            call bpf_cpumask_create
            if r0 == 0 goto out
            r6 = r0
            r1 = r6
            call bpf_cpumask_release
            r0 = *(u64 *)(r6 + 0)
            out:
            r0 = 0
            exit
            """), kind: .useAfterRelease, pc: 5, object: "bpf_cpumask#3 (cpumask)"),
        Misuse(program: SimProgram("release without acquire", """
            call bpf_get_current_task_btf
            r1 = r0
            call bpf_task_release
            r0 = 0
            exit
            """), kind: .releaseWithoutAcquire, pc: 2, object: "task_struct#1 (current, pid 4242)"),
        Misuse(program: SimProgram("leak at exit", """
            r1 = 42
            call bpf_cgroup_from_id
            r0 = 0
            exit
            """), kind: .leak, pc: 1, object: "cgroup#3 (id 42)"),
        Misuse(program: SimProgram("iterator used after destroy", """
            r1 = r10
            r1 += -8
            r2 = 0
            r3 = 3
            call bpf_iter_num_new
            r1 = r10
            r1 += -8
            call bpf_iter_num_destroy
            r1 = r10
            r1 += -8
            call bpf_iter_num_next
            r0 = 0
            exit
            """), kind: .useAfterRelease, pc: 10, object: "bpf_iter_num#3 (at fp-8 of frame 0)"),
        Misuse(program: SimProgram("ring buffer record written after submit", """
            ; bpfsim: section=tc license=GPL
            ; map: name=rb type=ringbuf max_entries=4096
            r1 = rb ll
            r2 = 8
            r3 = 0
            call bpf_ringbuf_reserve
            if r0 == 0 goto out
            r6 = r0
            r1 = r6
            r2 = 0
            call bpf_ringbuf_submit
            *(u64 *)(r6 + 0) = r1
            out:
            r0 = 0
            exit
            """), kind: .useAfterRelease, pc: 10, object: "ringbuf_record#3 (8 bytes in 'rb')"),
    ]

    @Test(arguments: misuses)
    func misuseIsNamed(_ m: Misuse) throws {
        let summary = try runUnverified(m.program, context: skb(len: 64))
        let v = try #require(summary.violations.first, "\(m.program.name): no violation")
        #expect(summary.oracleViolations == 1, "\(m.program.name): \(summary.violations)")
        #expect(v.kind == m.kind, "\(m.program.name): \(v)")
        #expect(v.pc == m.pc, "\(m.program.name): reported at pc \(v.pc), expected \(m.pc): \(v.message)")
        #expect(v.object == m.object, "\(m.program.name): \(v.object)")
    }
}
