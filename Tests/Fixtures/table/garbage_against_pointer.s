; The descriptors issue's garbage (a constant) in R8 on one path, a cgroup on the other; the table holds only what was pushed. (DescriptorPrograms.garbageAgainstPointer)
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
