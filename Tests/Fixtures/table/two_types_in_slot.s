; The descriptors issue's merge conflict: a task on one path, a cgroup on the other, in fp-8 at one throw; a table entry carries its own type. (DescriptorPrograms.twoTypesInSlot)
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
