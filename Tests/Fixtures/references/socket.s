; socket references (SPEC §2): helpers bpf_sk_lookup_tcp (84), bpf_sk_lookup_udp (85) and
; bpf_skc_lookup_tcp (99) acquire, bpf_sk_release (86) releases. The lookup tuple is 12
; zeroed bytes at fp-16.
; bpfsim: section=tc license=GPL

; case: sk_lookup_tcp_release: lookup, NULL check, release
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = -1
r5 = 0
call bpf_sk_lookup_tcp
if r0 == 0 goto out
r1 = r0
call bpf_sk_release
out:
r0 = 0
exit

; case: sk_lookup_udp_release: the UDP lookup, released
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = -1
r5 = 0
call bpf_sk_lookup_udp
if r0 == 0 goto out
r1 = r0
call bpf_sk_release
out:
r0 = 0
exit

; case: skc_lookup_tcp_release: a sock_common reference, released
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = -1
r5 = 0
call bpf_skc_lookup_tcp
if r0 == 0 goto out
r1 = r0
call bpf_sk_release
out:
r0 = 0
exit

; case: sk_leak: the socket is read and never released
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = -1
r5 = 0
call bpf_sk_lookup_tcp
if r0 == 0 goto out
r0 = *(u32 *)(r0 + 4)
out:
r0 = 0
exit

; case: sk_double_release: the second release sees a scalar
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = -1
r5 = 0
call bpf_sk_lookup_tcp
if r0 == 0 goto out
r7 = r0
r1 = r0
call bpf_sk_release
r1 = r7
call bpf_sk_release
out:
r0 = 0
exit

; case: sk_release_unacquired: the context's socket is not a reference
r1 = *(u64 *)(r1 + 168)
if r1 == 0 goto out
call bpf_sk_release
out:
r0 = 0
exit

; case: sk_release_maybe_null: released before the NULL check
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = -1
r5 = 0
call bpf_sk_lookup_tcp
r1 = r0
call bpf_sk_release
r0 = 0
exit

; case: sk_use_after_release: reading the released socket
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = -1
r5 = 0
call bpf_sk_lookup_tcp
if r0 == 0 goto out
r7 = r0
r1 = r0
call bpf_sk_release
r0 = *(u32 *)(r7 + 4)
out:
r0 = 0
exit

; case: sk_throw_holding: bpf_throw while the socket is held
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = -1
r5 = 0
call bpf_sk_lookup_tcp
if r0 == 0 goto out
r7 = r0
r1 = 0
call bpf_throw
r1 = r7
call bpf_sk_release
out:
r0 = 0
exit
