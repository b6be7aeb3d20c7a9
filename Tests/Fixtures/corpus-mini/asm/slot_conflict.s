; fp-8 holds a task_struct on one path and a cgroup on the other when the shared throw
; point is reached: the two-types-one-slot conflict of SPEC §5.2.
; bpfsim: section=tc name=slot_conflict license=GPL
r6 = r1
r7 = *(u32 *)(r6 + 8)
r7 &= 1
if r7 != 0 goto by_cgroup
r1 = *(u32 *)(r6 + 0)
call bpf_task_from_pid
goto have
by_cgroup:
call bpf_get_current_cgroup_id
r1 = r0
call bpf_cgroup_from_id
have:
*(u64 *)(r10 - 8) = r0
if r0 == 0 goto out
call bpf_get_prandom_u32
r0 &= 3
if r0 != 0 goto release
r1 = 1
call bpf_throw
release:
r1 = *(u64 *)(r10 - 8)
if r7 != 0 goto release_cgroup
call bpf_task_release
goto out
release_cgroup:
call bpf_cgroup_release
out:
r0 = 0
exit
