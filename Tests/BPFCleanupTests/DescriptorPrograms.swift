/// Hand-written programs with known descriptor tables (issue 7's list). Each is assembly
/// with a `; bpfsim:` header; comments say what the case is about.
enum DescriptorPrograms {
    /// One task reference in a stack slot at a throw.
    static let stackSlot = """
        ; bpfsim: section=tc license=GPL
        call bpf_get_current_task_btf
        r1 = r0
        call bpf_task_acquire
        if r0 == 0 goto out
        *(u64 *)(r10 - 16) = r0
        r1 = 1
        call bpf_throw
        out:
        r0 = 0
        exit
        """

    /// A reference in R7 across a call to a static function that throws.
    static let registerAcrossCall = """
        ; bpfsim: section=tc license=GPL
        call bpf_get_current_task_btf
        r1 = r0
        call bpf_task_acquire
        if r0 == 0 goto out
        r7 = r0
        r1 = 5
        call thrower
        r1 = r7
        call bpf_task_release
        out:
        r0 = 0
        exit
        thrower:
        if r1 != 5 goto skip
        r1 = 3
        call bpf_throw
        skip:
        r0 = 0
        exit
        """

    /// Conditional acquire: NULL on one path, a pointer on the other (a NULL merge).
    static let conditionalAcquire = """
        ; bpfsim: section=tc license=GPL
        r6 = 0
        r7 = *(u32 *)(r1 + 0)
        if r7 == 0 goto throw
        r1 = 42
        call bpf_cgroup_from_id
        r6 = r0
        throw:
        r1 = 2
        call bpf_throw
        r0 = 0
        exit
        """

    /// Three frames deep, a resource in each: R6 in main, fp-8 in level1, R8 in level2.
    static let threeFrames = """
        ; bpfsim: section=tc license=GPL
        call bpf_get_current_task_btf
        r1 = r0
        call bpf_task_acquire
        if r0 == 0 goto out
        r6 = r0
        call level1
        r1 = r6
        call bpf_task_release
        out:
        r0 = 0
        exit
        level1:
        r1 = 7
        call bpf_cgroup_from_id
        if r0 == 0 goto out1
        *(u64 *)(r10 - 8) = r0
        call level2
        r1 = *(u64 *)(r10 - 8)
        call bpf_cgroup_release
        out1:
        r0 = 0
        exit
        level2:
        call bpf_cpumask_create
        if r0 == 0 goto out2
        r8 = r0
        r1 = 9
        call bpf_throw
        r1 = r8
        call bpf_cpumask_release
        out2:
        r0 = 0
        exit
        """

    /// A global function that may throw, called from two sites while a reference is held in
    /// R6 at the first and on the stack at the second.
    static let globalTwoSites = """
        ; bpfsim: section=tc license=GPL global=may_throw
        call bpf_get_current_task_btf
        r1 = r0
        call bpf_task_acquire
        if r0 == 0 goto out
        r6 = r0
        r1 = 1
        call may_throw
        *(u64 *)(r10 - 8) = r6
        r6 = 0
        r1 = 2
        call may_throw
        r1 = *(u64 *)(r10 - 8)
        call bpf_task_release
        out:
        r0 = 0
        exit
        may_throw:
        if r1 != 2 goto fine
        call bpf_throw
        fine:
        r0 = 0
        exit
        """

    /// Two open-coded iterators alive on the stack at a throw inside the loop.
    static let nestedIterators = """
        ; bpfsim: section=tc license=GPL
        r1 = r10
        r1 += -8
        r2 = 0
        r3 = 4
        call bpf_iter_num_new
        r1 = r10
        r1 += -16
        r2 = 0
        r3 = 4
        call bpf_iter_num_new
        loop:
        r1 = r10
        r1 += -8
        call bpf_iter_num_next
        if r0 == 0 goto done
        r6 = *(u32 *)(r0 + 0)
        if r6 != 3 goto loop
        r1 = 1
        call bpf_throw
        done:
        r1 = r10
        r1 += -16
        call bpf_iter_num_destroy
        r1 = r10
        r1 += -8
        call bpf_iter_num_destroy
        r0 = 0
        exit
        """

    /// Four task references (the unrolled loop clang makes of a 4-element array) at a throw.
    static let fourObjects = """
        ; bpfsim: section=tc license=GPL
        r1 = 1
        call bpf_task_from_pid
        *(u64 *)(r10 - 8) = r0
        r1 = 2
        call bpf_task_from_pid
        *(u64 *)(r10 - 16) = r0
        r1 = 3
        call bpf_task_from_pid
        *(u64 *)(r10 - 24) = r0
        r1 = 4
        call bpf_task_from_pid
        *(u64 *)(r10 - 32) = r0
        r1 = 0
        call bpf_throw
        r0 = 0
        exit
        """

    /// The reference lives only in R2 at the throw: the unwinder cannot reach it.
    static let onlyInArgumentRegister = """
        ; bpfsim: section=tc license=GPL
        call bpf_get_current_task_btf
        r1 = r0
        call bpf_task_acquire
        if r0 == 0 goto out
        r2 = r0
        r1 = 1
        call bpf_throw
        out:
        r0 = 0
        exit
        """

    /// A task on one path and a cgroup on the other reach fp-8 at the same throw.
    static let twoTypesInSlot = """
        ; bpfsim: section=tc license=GPL
        r6 = r1
        r7 = *(u32 *)(r6 + 0)
        if r7 == 0 goto other
        call bpf_get_current_task_btf
        r1 = r0
        call bpf_task_acquire
        if r0 == 0 goto out
        *(u64 *)(r10 - 8) = r0
        goto throw
        other:
        r1 = 42
        call bpf_cgroup_from_id
        if r0 == 0 goto out
        *(u64 *)(r10 - 8) = r0
        throw:
        r1 = 1
        call bpf_throw
        out:
        r0 = 0
        exit
        """

    /// The same conflict in a callee-saved register.
    static let twoTypesInRegister = """
        ; bpfsim: section=tc license=GPL
        r7 = *(u32 *)(r1 + 0)
        if r7 == 0 goto other
        call bpf_get_current_task_btf
        r1 = r0
        call bpf_task_acquire
        if r0 == 0 goto out
        r8 = r0
        goto throw
        other:
        r1 = 42
        call bpf_cgroup_from_id
        if r0 == 0 goto out
        r8 = r0
        throw:
        r1 = 1
        call bpf_throw
        out:
        r0 = 0
        exit
        """

    /// Garbage (a non-zero constant) in R8 on one path, a pointer on the other.
    static let garbageAgainstPointer = """
        ; bpfsim: section=tc license=GPL
        r8 = 1234
        r7 = *(u32 *)(r1 + 0)
        if r7 == 0 goto throw
        r1 = 42
        call bpf_cgroup_from_id
        if r0 == 0 goto out
        r8 = r0
        throw:
        r1 = 1
        call bpf_throw
        out:
        r0 = 0
        exit
        """

    /// An iterator on one path and nothing on the other in the same slot: spilling cannot help
    /// (the object lives in the slot), so the conflict stays after every round.
    static let iteratorAgainstNothing = """
        ; bpfsim: section=tc license=GPL
        r7 = *(u32 *)(r1 + 0)
        if r7 == 0 goto throw
        r1 = r10
        r1 += -8
        r2 = 0
        r3 = 4
        call bpf_iter_num_new
        r1 = r10
        r1 += -8
        call bpf_iter_num_next
        throw:
        r1 = 1
        call bpf_throw
        r0 = 0
        exit
        """

    /// No resource at any throw point: nothing to describe, nothing inserted.
    static let nothingHeld = """
        ; bpfsim: section=tc license=GPL
        r6 = *(u32 *)(r1 + 0)
        if r6 < 100 goto ok
        r1 = 3
        call bpf_throw
        ok:
        r0 = 0
        exit
        """
}
