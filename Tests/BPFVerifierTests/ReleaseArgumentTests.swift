import BPFVerifier
import Testing

/// `VerificationResult.releaseArguments`: which argument register (and offset) carried the
/// released object into each release call; the table backend pops the entry through it.
@Suite struct ReleaseArgumentTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var source: String
        /// Release pc -> expected (register, offset) pairs.
        var expected: [Int: Set<ReleasedArgument>]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "kfunc release through R1", source: """
                r1 = 5
                call bpf_task_from_pid
                if r0 == 0 goto out
                r1 = r0
                call bpf_task_release
                out:
                r0 = 0
                exit
                """, expected: [4: [ReleasedArgument(register: 1, offset: 0)]]),
        Case(
            name: "copies in R1 and R3 both name the object", source: """
                r1 = 5
                call bpf_task_from_pid
                if r0 == 0 goto out
                r1 = r0
                r3 = r0
                call bpf_task_release
                out:
                r0 = 0
                exit
                """, expected: [5: [ReleasedArgument(register: 1, offset: 0), ReleasedArgument(register: 3, offset: 0)]]),
        Case(
            name: "kptr_xchg releases R2, not the map value in R1", source: """
                ; bpfsim: section=tc license=GPL
                ; map: name=m type=array key_size=4 value_size=8 max_entries=1
                call bpf_cpumask_create
                if r0 == 0 goto out
                r6 = r0
                r1 = 0
                *(u32 *)(r10 - 4) = r1
                r2 = r10
                r2 += -4
                r1 = m ll
                call bpf_map_lookup_elem
                if r0 != 0 goto found
                r1 = r6
                call bpf_cpumask_release
                goto out
                found:
                r1 = r0
                r2 = r6
                call bpf_kptr_xchg
                if r0 == 0 goto out
                r1 = r0
                call bpf_cpumask_release
                out:
                r0 = 0
                exit
                """,
            expected: [
                13: [ReleasedArgument(register: 1, offset: 0)], 18: [ReleasedArgument(register: 2, offset: 0)],
                21: [ReleasedArgument(register: 1, offset: 0)],
            ]),
        Case(
            name: "iterator destroy through the stack pointer in R1", source: """
                r1 = r10
                r1 += -8
                r2 = 0
                r3 = 3
                call bpf_iter_num_new
                r1 = r10
                r1 += -8
                call bpf_iter_num_destroy
                r0 = 0
                exit
                """, expected: [7: [ReleasedArgument(register: 1, offset: 0)]]),
        Case(
            name: "ringbuf submit through R1", source: """
                ; bpfsim: section=tc license=GPL
                ; map: name=events type=ringbuf max_entries=4096
                r1 = events ll
                r2 = 8
                r3 = 0
                call bpf_ringbuf_reserve
                if r0 == 0 goto out
                r1 = r0
                r2 = 0
                call bpf_ringbuf_submit
                out:
                r0 = 0
                exit
                """, expected: [9: [ReleasedArgument(register: 1, offset: 0)]]),
    ]

    @Test(arguments: cases)
    func releaseArguments(_ c: Case) throws {
        let r = try verify(c.source)
        #expect(r.error == nil, "\(c.name): rejected at pc \(r.error?.pc ?? -1): \(r.error?.message ?? "")")
        #expect(r.releaseArguments == c.expected, "\(c.name): release arguments \(r.releaseArguments)")
        #expect(Set(r.releaseArguments.keys) == Set(r.releaseSites.keys), "\(c.name): every release site has its argument")
    }
}
