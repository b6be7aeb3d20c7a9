; A global function that may throw, called from two sites while a task reference is held
; (in R6 at the first, at fp-8 at the second).
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
