; A task reference in R7 across a call of a static function that may throw.
; bpfsim: section=tc license=GPL
r6 = r1
call bpf_get_current_task_btf
r1 = r0
call bpf_task_acquire
if r0 == 0 goto out
r7 = r0
r1 = *(u32 *)(r6 + 0)
r1 &= 7
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
