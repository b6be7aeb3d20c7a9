; Models: a tc classifier holding a socket, a conntrack-free task reference and a ringbuf
; record in R6, R7 and R8 while calling a static validation function that throws: the
; resources live only in the caller's callee-saved registers, so an unwinder must recover
; them from the callee's saved-register area (the RFC's trampoline, SPEC §5.2).
;
; manifest: prog=callee_saved_throw resources=sock,task_struct,ringbuf_record throws_holding=yes stress=callee-saved-across-calls,throw-in-static-callee
; bpfsim: section=tc name=callee_saved_throw license=GPL
; map: name=events type=ringbuf max_entries=4096
r9 = r1
r1 = 0
*(u64 *)(r10 - 8) = r1
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 24) = r1
*(u64 *)(r10 - 32) = r1
*(u64 *)(r10 - 40) = r1
r1 = r9
r2 = r10
r2 += -40
r3 = 12
r4 = -1
r5 = 0
call bpf_sk_lookup_tcp
if r0 == 0 goto out
r6 = r0
r1 = *(u32 *)(r9 + 0)          ; skb->len as a pid
call bpf_task_from_pid
if r0 == 0 goto release_sock
r7 = r0
r1 = events ll
r2 = 16
r3 = 0
call bpf_ringbuf_reserve
if r0 == 0 goto release_task
r8 = r0
r1 = *(u32 *)(r9 + 0)
call validate
r1 = r8
r2 = 0
call bpf_ringbuf_submit
release_task:
r1 = r7
call bpf_task_release
release_sock:
r1 = r6
call bpf_sk_release
out:
r0 = 0
exit
validate:
if r1 < 14 goto bad
r0 = r1
exit
bad:
r1 = 2
call bpf_throw
r0 = 0
exit
