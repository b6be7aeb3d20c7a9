; Acquired in main, released by a static function: the pop runs in a frame without a table
; and finds the entry in its caller's.
; bpfsim: section=tc license=GPL
r6 = r1
call bpf_get_current_task_btf
r1 = r0
call bpf_task_acquire
if r0 == 0 goto out
r7 = r0
r8 = *(u32 *)(r6 + 0)
r8 &= 1
if r8 != 0 goto give
r1 = 1
call bpf_throw
give:
r1 = r7
call put
out:
r0 = 0
exit
put:
call bpf_task_release
r0 = 0
exit
