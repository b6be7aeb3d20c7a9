; A ringbuf record reserved, a throw while it is held, then submitted (ownership moves to the
; ring buffer: a pop).
; bpfsim: section=tc license=GPL
; map: name=events type=ringbuf max_entries=4096
r6 = r1
r1 = events ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto out
r7 = r0
r8 = *(u32 *)(r6 + 0)
r8 &= 1
if r8 != 0 goto submit
r1 = 1
call bpf_throw
submit:
*(u64 *)(r7 + 0) = r8
r1 = r7
r2 = 0
call bpf_ringbuf_submit
out:
r0 = 0
exit
