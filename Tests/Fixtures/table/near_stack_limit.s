; 504 bytes of stack (512 in the kernel's rounding): every other design fits, any table
; pushes the frame past 512.
; bpfsim: section=tc license=GPL
r6 = r1
r1 = 0
*(u64 *)(r10 - 504) = r1
call bpf_get_current_task_btf
r1 = r0
call bpf_task_acquire
if r0 == 0 goto out
r7 = r0
r8 = *(u32 *)(r6 + 0)
r8 &= 1
if r8 != 0 goto release
r1 = 1
call bpf_throw
release:
r1 = r7
call bpf_task_release
out:
r0 = 0
exit
