; Three frames deep, a resource in each: a task in R6 of main, a cgroup at fp-8 of level1,
; a cpumask in R8 of level2, which may throw.
; bpfsim: section=tc license=GPL
r9 = r1
call bpf_get_current_task_btf
r1 = r0
call bpf_task_acquire
if r0 == 0 goto out
r6 = r0
r1 = *(u32 *)(r9 + 0)
r1 &= 1
call level1
r1 = r6
call bpf_task_release
out:
r0 = 0
exit
level1:
*(u64 *)(r10 - 16) = r1
r1 = 7
call bpf_cgroup_from_id
if r0 == 0 goto out1
*(u64 *)(r10 - 8) = r0
r1 = *(u64 *)(r10 - 16)
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
if r7 != 1 goto keep
r1 = 9
call bpf_throw
keep:
r1 = r8
call bpf_cpumask_release
out2:
r0 = 0
exit
