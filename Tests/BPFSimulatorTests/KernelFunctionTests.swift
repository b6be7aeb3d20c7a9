import BPFSimulator
import Testing

/// The simulated kernel's helpers and kfuncs on small programs with known answers: map
/// storage, ring buffers, iterators, cpumasks, tasks, sockets, conntrack, graphs, kptrs and
/// callbacks, with the ledger's counts of what was acquired, released and transferred.
@Suite struct KernelFunctionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let program: SimProgram
        let r0: UInt64
        /// acquired, released by the program, transferred to the kernel.
        let ledger: (Int, Int, Int)
        var testDescription: String { program.name }
    }

    static let cases: [Case] = [
        Case(program: SimProgram("hash update, lookup, NOEXIST, delete", """
            ; bpfsim: section=tc license=GPL
            ; map: name=h type=hash key_size=4 value_size=8 max_entries=2
            r1 = 5
            *(u32 *)(r10 - 4) = r1
            r1 = 77
            *(u64 *)(r10 - 16) = r1
            r1 = h ll
            r2 = r10
            r2 += -4
            r3 = r10
            r3 += -16
            r4 = 0
            call bpf_map_update_elem
            r1 = h ll
            r2 = r10
            r2 += -4
            r3 = r10
            r3 += -16
            r4 = 1
            call bpf_map_update_elem
            r6 = r0
            r1 = h ll
            r2 = r10
            r2 += -4
            call bpf_map_lookup_elem
            if r0 == 0 goto bad
            r7 = *(u64 *)(r0 + 0)
            r1 = h ll
            r2 = r10
            r2 += -4
            call bpf_map_delete_elem
            r1 = h ll
            r2 = r10
            r2 += -4
            call bpf_map_lookup_elem
            if r0 != 0 goto bad
            r6 += 17
            r6 <<= 8
            r0 = r6
            r0 += r7
            exit
            bad:
            r0 = 1
            exit
            """), r0: 77, ledger: (0, 0, 0)),
        Case(program: SimProgram("array lookup in and out of range", """
            ; bpfsim: section=tc license=GPL
            ; map: name=a type=array key_size=4 value_size=12 max_entries=3
            r1 = 2
            *(u32 *)(r10 - 4) = r1
            r1 = a ll
            r2 = r10
            r2 += -4
            call bpf_map_lookup_elem
            r6 = r0
            r1 = 3
            *(u32 *)(r10 - 4) = r1
            r1 = a ll
            r2 = r10
            r2 += -4
            call bpf_map_lookup_elem
            if r0 != 0 goto bad
            r1 = a ll
            r0 = r6
            r0 -= r1
            exit
            bad:
            r0 = 1
            exit
            """), r0: 0x1_0000_0020, ledger: (0, 0, 0)),
        Case(program: SimProgram("iterator sums 0..9", """
            ; bpfsim: section=tc license=GPL
            r6 = 0
            r1 = r10
            r1 += -8
            r2 = 0
            r3 = 10
            call bpf_iter_num_new
            loop:
            r1 = r10
            r1 += -8
            call bpf_iter_num_next
            if r0 == 0 goto done
            r2 = *(u32 *)(r0 + 0)
            r6 += r2
            goto loop
            done:
            r1 = r10
            r1 += -8
            call bpf_iter_num_destroy
            r0 = r6
            exit
            """), r0: 45, ledger: (1, 1, 0)),
        Case(program: SimProgram("ringbuf reserve and submit", """
            ; bpfsim: section=tc license=GPL
            ; map: name=rb type=ringbuf max_entries=64
            r1 = rb ll
            r2 = 40
            r3 = 0
            call bpf_ringbuf_reserve
            if r0 == 0 goto bad
            r1 = r0
            r2 = 0
            call bpf_ringbuf_submit
            r1 = rb ll
            r2 = 40
            r3 = 0
            call bpf_ringbuf_reserve
            if r0 != 0 goto bad
            r1 = rb ll
            r2 = 0
            call bpf_ringbuf_query
            exit
            bad:
            r0 = 1
            exit
            """), r0: 48, ledger: (1, 0, 1)),
        Case(program: SimProgram("cpumask set, test, weight, first", """
            ; bpfsim: section=tc license=GPL
            call bpf_cpumask_create
            if r0 == 0 goto bad
            r6 = r0
            r1 = 1
            r2 = r6
            call bpf_cpumask_set_cpu
            r1 = 1
            r2 = r6
            call bpf_cpumask_test_cpu
            r7 = r0
            r1 = r6
            call bpf_cpumask_weight
            r7 <<= 4
            r7 |= r0
            r1 = r6
            call bpf_cpumask_first
            r7 <<= 4
            r7 |= r0
            r1 = r6
            call bpf_cpumask_release
            r0 = r7
            exit
            bad:
            r0 = 0
            exit
            """), r0: 0x111, ledger: (1, 1, 0)),
        Case(program: SimProgram("task from the current pid is the current task", """
            ; bpfsim: section=tc license=GPL
            r1 = 4242
            call bpf_task_from_pid
            if r0 == 0 goto bad
            r6 = r0
            call bpf_get_current_task_btf
            r7 = 0
            if r0 != r6 goto rel
            r7 = 1
            rel:
            r1 = r6
            call bpf_task_release
            r0 = r7
            exit
            bad:
            r0 = 9
            exit
            """), r0: 1, ledger: (1, 1, 0)),
        Case(program: SimProgram("tcp socket lookup fields", """
            ; bpfsim: section=tc license=GPL
            r6 = r1
            r2 = 0
            *(u64 *)(r10 - 8) = r2
            *(u64 *)(r10 - 16) = r2
            *(u64 *)(r10 - 24) = r2
            *(u64 *)(r10 - 32) = r2
            *(u64 *)(r10 - 40) = r2
            r1 = r6
            r2 = r10
            r2 += -40
            r3 = 36
            r4 = -1
            r5 = 0
            call bpf_sk_lookup_tcp
            if r0 == 0 goto bad
            r7 = *(u32 *)(r0 + 4)
            r8 = *(u32 *)(r0 + 12)
            r1 = r0
            call bpf_sk_release
            r7 <<= 8
            r0 = r7
            r0 |= r8
            exit
            bad:
            r0 = 1
            exit
            """), r0: 0x206, ledger: (1, 1, 0)),
        Case(program: SimProgram("kptr_xchg stores and takes back", """
            ; bpfsim: section=tc license=GPL
            ; map: name=stash type=array key_size=4 value_size=8 max_entries=1
            r1 = 0
            *(u32 *)(r10 - 4) = r1
            r1 = stash ll
            r2 = r10
            r2 += -4
            call bpf_map_lookup_elem
            if r0 == 0 goto bad
            r6 = r0
            r1 = 9
            call bpf_task_from_pid
            if r0 == 0 goto bad
            r7 = r0
            r1 = r6
            r2 = r7
            call bpf_kptr_xchg
            if r0 != 0 goto bad
            r1 = r6
            r2 = 0
            call bpf_kptr_xchg
            if r0 != r7 goto bad
            r1 = r0
            call bpf_task_release
            r0 = 2
            exit
            bad:
            r0 = 1
            exit
            """), r0: 2, ledger: (2, 1, 1)),
        Case(program: SimProgram("list push and pop", """
            ; bpfsim: section=tc license=GPL
            ; map: name=heads type=array key_size=4 value_size=16 max_entries=1
            r1 = 0
            *(u32 *)(r10 - 4) = r1
            r1 = heads ll
            r2 = r10
            r2 += -4
            call bpf_map_lookup_elem
            if r0 == 0 goto bad
            r6 = r0
            r1 = 1
            r2 = 0
            call bpf_obj_new_impl
            if r0 == 0 goto bad
            r7 = r0
            r2 = r0
            r2 += 16
            r1 = r6
            r3 = 0
            r4 = 16
            call bpf_list_push_back_impl
            r1 = r6
            call bpf_list_pop_front
            if r0 == 0 goto bad
            r0 -= 16
            r8 = 3
            if r0 == r7 goto same
            r8 = 4
            same:
            r1 = r0
            r2 = 0
            call bpf_obj_drop_impl
            r0 = r8
            exit
            bad:
            r0 = 1
            exit
            """), r0: 3, ledger: (2, 1, 1)),
        Case(program: SimProgram("conntrack alloc, insert, release", """
            ; bpfsim: section=tc license=GPL
            r6 = r1
            r2 = 0
            *(u64 *)(r10 - 8) = r2
            *(u64 *)(r10 - 16) = r2
            *(u64 *)(r10 - 24) = r2
            *(u64 *)(r10 - 32) = r2
            r1 = r6
            r2 = r10
            r2 += -24
            r3 = 12
            r4 = r10
            r4 += -32
            r5 = 12
            call bpf_skb_ct_alloc
            if r0 == 0 goto bad
            r1 = r0
            call bpf_ct_insert_entry
            if r0 == 0 goto bad
            r1 = r0
            call bpf_ct_release
            r0 = 5
            exit
            bad:
            r0 = 1
            exit
            """), r0: 5, ledger: (2, 2, 0)),
        Case(program: SimProgram("bpf_loop calls back four times", """
            ; bpfsim: section=tc license=GPL
            r1 = 0
            *(u64 *)(r10 - 8) = r1
            r1 = 4
            r2 = cb ll
            r3 = r10
            r3 += -8
            r4 = 0
            call bpf_loop
            r6 = *(u64 *)(r10 - 8)
            r0 <<= 8
            r0 |= r6
            exit
            cb:
            r3 = *(u64 *)(r2 + 0)
            r3 += r1
            *(u64 *)(r2 + 0) = r3
            r0 = 0
            exit
            """), r0: 0x406, ledger: (0, 0, 0)),
    ]

    @Test(arguments: cases)
    func knownAnswer(_ c: Case) throws {
        let summary = try runUnverified(c.program, context: skb(len: 100))
        let run = try #require(summary.perRun?.first)
        #expect(run.ending == .exit, "\(c.program.name): \(run.fault ?? "")")
        #expect(run.returnValue == c.r0, "\(c.program.name): r0 = \(run.returnValue.map { String($0, radix: 16) } ?? "nil")")
        #expect(
            (run.acquires, run.programReleases, run.transfers) == c.ledger,
            "\(c.program.name): acquired \(run.acquires), released \(run.programReleases), transferred \(run.transfers)")
        #expect(run.violations.isEmpty, "\(c.program.name): \(run.violations)")
    }

    /// With p = 1 every acquire that may fail returns NULL; with p = 0 none does.
    @Test(arguments: [(0.0, 0), (1.0, 1)])
    func acquireFailureProbability(p: Double, expected: UInt64) throws {
        let program = SimProgram("from_pid", """
            r1 = 7
            call bpf_task_from_pid
            if r0 == 0 goto failed
            r1 = r0
            call bpf_task_release
            r0 = 0
            exit
            failed:
            r0 = 1
            exit
            """)
        let summary = try runUnverified(program, runs: 20, p: p)
        #expect(summary.perRun?.allSatisfy { $0.returnValue == expected } == true)
        #expect(summary.acquireFailures == (p == 1 ? 20 : 0))
    }

    /// An XDP context's `data` and `data_end` point into the run's packet.
    @Test func xdpPacketPointers() throws {
        let program = SimProgram("xdp_len", """
            ; bpfsim: section=xdp license=GPL
            r2 = *(u32 *)(r1 + 0)
            r3 = *(u32 *)(r1 + 4)
            r0 = r3
            r0 -= r2
            r4 = r2
            r4 += 14
            if r4 > r3 goto out
            r5 = *(u8 *)(r2 + 12)
            r0 <<= 8
            r0 |= r5
            out:
            exit
            """)
        let summary = try runUnverified(program, runs: 30)
        for run in try #require(summary.perRun) {
            let r0 = try #require(run.returnValue, "run \(run.run): \(run.fault ?? "")")
            let length = r0 >> 8
            #expect(length >= 14 && length <= 128 + 54 + 64, "run \(run.run): packet of \(length) bytes")
        }
        #expect(summary.perRun?.contains { $0.returnValue.map { $0 & 0xff == 0x08 } ?? false } == true, "no IPv4 frame in 30 runs")
    }
}
