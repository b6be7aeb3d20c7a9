; A static function returns the task it acquired: its table entry is handed up to main's
; before its exit, and main's release pops it there.
; bpfsim: section=tc license=GPL
r6 = r1
call get
if r0 == 0 goto out
r7 = r0
r8 = *(u32 *)(r6 + 0)
r8 &= 1
if r8 != 0 goto done
r1 = 1
call bpf_throw
done:
r1 = r7
call bpf_task_release
out:
r0 = 0
exit
get:
r1 = 5
call bpf_task_from_pid
exit
