/// The simulator's own test programs: one per resource of SPEC §2 and per throw pattern
/// (a reference in a stack slot, in R7 across a call, three frames deep, a throwing global
/// subprogram called with and without a reference, an iterator loop, a callback), each with a
/// throw that depends on context bytes so that seeded workloads take both paths.
enum SimulatorPrograms {
    static let cgroupThreeFrames = SimProgram("cgroup_three_frames", """
        ; bpfsim: section=tc license=GPL
        r9 = r1
        call bpf_get_current_task_btf
        r1 = r0
        call bpf_task_acquire
        if r0 == 0 goto out
        r6 = r0
        r1 = *(u32 *)(r9 + 8)
        call level1
        r1 = r6
        call bpf_task_release
        out:
        r0 = 0
        exit
        level1:
        r7 = r1
        r1 = 7
        call bpf_cgroup_from_id
        if r0 == 0 goto out1
        *(u64 *)(r10 - 8) = r0
        r1 = r7
        call level2
        r1 = *(u64 *)(r10 - 8)
        call bpf_cgroup_release
        out1:
        r0 = 0
        exit
        level2:
        r7 = r1
        call bpf_cpumask_create
        if r0 == 0 goto out2
        r8 = r0
        r1 = 1
        r2 = r8
        call bpf_cpumask_set_cpu
        r7 &= 3
        if r7 != 0 goto rel2
        r1 = 9
        call bpf_throw
        rel2:
        r1 = r8
        call bpf_cpumask_release
        out2:
        r0 = 0
        exit
        """)

    static let conntrack = SimProgram("conntrack", """
        ; bpfsim: section=tc license=GPL
        r6 = r1
        r2 = 0
        *(u64 *)(r10 - 8) = r2
        *(u64 *)(r10 - 16) = r2
        *(u64 *)(r10 - 24) = r2
        *(u64 *)(r10 - 32) = r2
        *(u64 *)(r10 - 40) = r2
        *(u64 *)(r10 - 48) = r2
        *(u64 *)(r10 - 56) = r2
        r1 = r6
        r2 = r10
        r2 += -40
        r3 = 12
        r4 = r10
        r4 += -56
        r5 = 12
        call bpf_skb_ct_lookup
        if r0 == 0 goto out
        r7 = r0
        r2 = *(u32 *)(r6 + 0)
        if r2 < 70 goto rel
        r1 = 17
        call bpf_throw
        rel:
        r1 = r7
        call bpf_ct_release
        out:
        r0 = 0
        exit
        """)

    static let globalThrow = SimProgram("global_throw", """
        ; bpfsim: section=tc license=GPL global=may_throw
        r6 = r1
        r1 = 42
        call bpf_cgroup_from_id
        if r0 == 0 goto out
        r7 = r0
        r1 = *(u32 *)(r6 + 4)
        call may_throw
        r1 = r7
        call bpf_cgroup_release
        r1 = *(u32 *)(r6 + 4)
        call may_throw
        out:
        r0 = 0
        exit
        may_throw:
        if r1 < 1000 goto fine
        r1 = 14
        call bpf_throw
        fine:
        r0 = 0
        exit
        """)

    static let iter = SimProgram("iter", """
        ; bpfsim: section=tc license=GPL
        r6 = *(u32 *)(r1 + 0)
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
        if r2 != 5 goto loop
        if r6 > 100 goto loop
        r1 = 13
        call bpf_throw
        done:
        r1 = r10
        r1 += -8
        call bpf_iter_num_destroy
        r0 = 0
        exit
        """)

    static let loopCallback = SimProgram("loop_callback", """
        ; bpfsim: section=tc license=GPL
        r6 = *(u32 *)(r1 + 0)
        *(u64 *)(r10 - 8) = r6
        r1 = 1
        call bpf_task_from_pid
        if r0 == 0 goto out
        r7 = r0
        r1 = 4
        r2 = cb ll
        r3 = r10
        r3 += -8
        r4 = 0
        call bpf_loop
        if r0 != 4 goto rel
        if r6 > 500 goto rel
        r1 = 15
        call bpf_throw
        rel:
        r1 = r7
        call bpf_task_release
        out:
        r0 = 0
        exit
        cb:
        r2 = *(u64 *)(r2 + 0)
        r0 = 0
        if r2 != r1 goto keep
        r0 = 1
        keep:
        exit
        """)

    static let manyMasks = SimProgram("many_masks", """
        ; bpfsim: section=tc license=GPL
        r6 = *(u32 *)(r1 + 0)
        call bpf_cpumask_create
        if r0 == 0 goto out
        *(u64 *)(r10 - 8) = r0
        call bpf_cpumask_create
        if r0 == 0 goto rel1
        *(u64 *)(r10 - 16) = r0
        call bpf_cpumask_create
        if r0 == 0 goto rel2
        *(u64 *)(r10 - 24) = r0
        if r6 > 128 goto rel3
        r1 = 16
        call bpf_throw
        rel3:
        r1 = *(u64 *)(r10 - 24)
        call bpf_cpumask_release
        rel2:
        r1 = *(u64 *)(r10 - 16)
        call bpf_cpumask_release
        rel1:
        r1 = *(u64 *)(r10 - 8)
        call bpf_cpumask_release
        out:
        r0 = 0
        exit
        """)

    static let objNew = SimProgram("obj_new", """
        ; bpfsim: section=tc license=GPL
        r6 = *(u32 *)(r1 + 0)
        r1 = 1
        r2 = 0
        call bpf_obj_new_impl
        if r0 == 0 goto out
        r7 = r0
        if r6 > 300 goto drop
        r1 = 18
        call bpf_throw
        drop:
        r1 = r7
        r2 = 0
        call bpf_obj_drop_impl
        out:
        r0 = 0
        exit
        """)

    static let ringbuf = SimProgram("ringbuf", """
        ; bpfsim: section=tc license=GPL
        ; map: name=rb type=ringbuf max_entries=4096
        r6 = r1
        r1 = rb ll
        r2 = 16
        r3 = 0
        call bpf_ringbuf_reserve
        if r0 == 0 goto out
        r7 = r0
        r2 = *(u32 *)(r6 + 0)
        *(u64 *)(r7 + 0) = r2
        if r2 < 90 goto submit
        r1 = 12
        call bpf_throw
        submit:
        r1 = r7
        r2 = 0
        call bpf_ringbuf_submit
        out:
        r0 = 0
        exit
        """)

    static let socket = SimProgram("socket", """
        ; bpfsim: section=tc license=GPL
        r6 = r1
        r2 = 0
        *(u64 *)(r10 - 8) = r2
        *(u64 *)(r10 - 16) = r2
        *(u64 *)(r10 - 24) = r2
        *(u64 *)(r10 - 32) = r2
        *(u64 *)(r10 - 40) = r2
        r2 = r10
        r2 += -40
        r3 = 36
        r4 = -1
        r5 = 0
        call bpf_sk_lookup_tcp
        if r0 == 0 goto out
        r7 = r0
        r2 = *(u32 *)(r6 + 0)
        if r2 < 80 goto rel
        r1 = 11
        call bpf_throw
        rel:
        r1 = r7
        call bpf_sk_release
        out:
        r0 = 0
        exit
        """)

    static let taskR7Call = SimProgram("task_r7_call", """
        ; bpfsim: section=tc license=GPL
        r6 = r1
        call bpf_get_current_task_btf
        r1 = r0
        call bpf_task_acquire
        if r0 == 0 goto out
        r7 = r0
        r1 = *(u32 *)(r6 + 8)
        call thrower
        r1 = r7
        call bpf_task_release
        out:
        r0 = 0
        exit
        thrower:
        r1 &= 1
        if r1 == 0 goto skip
        r1 = 5
        call bpf_throw
        skip:
        r0 = 0
        exit
        """)

    static let taskStack = SimProgram("task_stack", """
        ; bpfsim: section=tc license=GPL
        r6 = r1
        r1 = 7
        call bpf_task_from_pid
        if r0 == 0 goto out
        *(u64 *)(r10 - 8) = r0
        r2 = *(u32 *)(r6 + 0)
        if r2 > 600 goto rel
        r1 = 3
        call bpf_throw
        rel:
        r1 = *(u64 *)(r10 - 8)
        call bpf_task_release
        out:
        r0 = 0
        exit
        """)

    static let all = [cgroupThreeFrames, conntrack, globalThrow, iter, loopCallback, manyMasks, objNew, ringbuf, socket, taskR7Call, taskStack]
}
