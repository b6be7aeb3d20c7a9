; ringbuf records (SPEC §2): helper bpf_ringbuf_reserve (131) acquires, bpf_ringbuf_submit
; (132) and bpf_ringbuf_discard (133) release (ownership passes to the ring buffer).
; bpfsim: section=tc license=GPL
; map: name=events type=ringbuf max_entries=4096

; case: ringbuf_reserve_submit: reserve, NULL check, write, submit
r1 = events ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto out
r1 = 42
*(u64 *)(r0 + 0) = r1
r1 = r0
r2 = 0
call bpf_ringbuf_submit
out:
r0 = 0
exit

; case: ringbuf_reserve_discard: reserve, then discard
r1 = events ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto out
r1 = r0
r2 = 0
call bpf_ringbuf_discard
out:
r0 = 0
exit

; case: ringbuf_leak: reserved and neither submitted nor discarded
r1 = events ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto out
r1 = 42
*(u64 *)(r0 + 0) = r1
out:
r0 = 0
exit

; case: ringbuf_double_submit: the second submit sees a scalar
r1 = events ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto out
r6 = r0
r1 = r0
r2 = 0
call bpf_ringbuf_submit
r1 = r6
r2 = 0
call bpf_ringbuf_discard
out:
r0 = 0
exit

; case: ringbuf_submit_unreserved: a stack buffer was never reserved
r1 = 0
*(u64 *)(r10 - 8) = r1
r1 = r10
r1 += -8
r2 = 0
call bpf_ringbuf_submit
r0 = 0
exit

; case: ringbuf_use_after_submit: writing the record after submitting it
r1 = events ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto out
r6 = r0
r1 = r0
r2 = 0
call bpf_ringbuf_submit
r1 = 1
*(u64 *)(r6 + 0) = r1
out:
r0 = 0
exit

; case: ringbuf_submit_not_at_offset_zero: the record pointer was moved
r1 = events ll
r2 = 16
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto out
r1 = r0
r1 += 8
r2 = 0
call bpf_ringbuf_submit
out:
r0 = 0
exit

; case: ringbuf_submit_maybe_null: submitted before the NULL check
r1 = events ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
r1 = r0
r2 = 0
call bpf_ringbuf_submit
r0 = 0
exit

; case: ringbuf_throw_holding: bpf_throw while the record is reserved
r1 = events ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto out
r6 = r0
r1 = 0
call bpf_throw
r1 = r6
r2 = 0
call bpf_ringbuf_submit
out:
r0 = 0
exit

; case: ringbuf_spilled_across_call: the record spilled across a helper call, then submitted
r1 = events ll
r2 = 8
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto out
*(u64 *)(r10 - 8) = r0
call bpf_ktime_get_ns
r1 = *(u64 *)(r10 - 8)
r2 = 0
call bpf_ringbuf_submit
out:
r0 = 0
exit
