; One task reference in a stack slot (fp-8) at a throw; released on the other path.
; bpfsim: section=tc license=GPL
r6 = r1
call bpf_get_current_task_btf
r1 = r0
call bpf_task_acquire
if r0 == 0 goto out
*(u64 *)(r10 - 8) = r0
r7 = *(u32 *)(r6 + 0)
r7 &= 1
if r7 != 0 goto keep
r1 = 1
call bpf_throw
keep:
r1 = *(u64 *)(r10 - 8)
call bpf_task_release
out:
r0 = 0
exit
