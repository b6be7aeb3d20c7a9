; Models: a caller holding a cgroup in R6 calls a static parser that keeps either a socket
; or a plain cookie in its fp-8 (a union slot), then asserts: at the throw the callee's
; descriptor has a pointer-against-garbage conflict in fp-8 and the caller's descriptor
; holds the cgroup in R6 (two frames, one rescuable conflict).
;
; manifest: prog=two_frames_garbage resources=cgroup,sock throws_holding=yes stress=garbage-vs-pointer,throw-in-static-callee
; bpfsim: section=tc name=two_frames_garbage license=GPL
r9 = r1
call bpf_get_current_cgroup_id
r1 = r0
call bpf_cgroup_from_id
if r0 == 0 goto out
r6 = r0
r1 = r9
call parse
r1 = r6
call bpf_cgroup_release
out:
r0 = 0
exit
parse:
r8 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 24) = r1
*(u64 *)(r10 - 32) = r1
*(u64 *)(r10 - 40) = r1
*(u64 *)(r10 - 48) = r1
r7 = *(u32 *)(r8 + 8)          ; skb->mark
if r7 == 0 goto cookie
r1 = r8
r2 = r10
r2 += -48
r3 = 12
r4 = -1
r5 = 0
call bpf_sk_lookup_tcp
if r0 == 0 goto none
*(u64 *)(r10 - 8) = r0
goto check
cookie:
call bpf_get_prandom_u32
r0 |= 1
*(u64 *)(r10 - 8) = r0
check:
r1 = *(u32 *)(r8 + 0)
if r1 > 13 goto fine
r1 = 4
call bpf_throw
fine:
if r7 == 0 goto none
r1 = *(u64 *)(r10 - 8)
call bpf_sk_release
none:
r0 = 0
exit
