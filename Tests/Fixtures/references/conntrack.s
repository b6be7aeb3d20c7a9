; conntrack entries (SPEC §2): bpf_skb_ct_lookup acquires, bpf_ct_release releases. The
; tuple (12 bytes used) is at fp-16, the struct bpf_ct_opts (16 bytes) at fp-32.
; bpfsim: section=tc license=GPL

; case: ct_lookup_release: lookup, NULL check, release
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
*(u64 *)(r10 - 32) = r1
*(u64 *)(r10 - 24) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = r10
r4 += -32
r5 = 16
call bpf_skb_ct_lookup
if r0 == 0 goto out
r1 = r0
call bpf_ct_release
out:
r0 = 0
exit

; case: ct_leak: the entry is read and never released
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
*(u64 *)(r10 - 32) = r1
*(u64 *)(r10 - 24) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = r10
r4 += -32
r5 = 16
call bpf_skb_ct_lookup
if r0 == 0 goto out
r0 = 1
exit
out:
r0 = 0
exit

; case: ct_double_release: the second release sees a scalar
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
*(u64 *)(r10 - 32) = r1
*(u64 *)(r10 - 24) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = r10
r4 += -32
r5 = 16
call bpf_skb_ct_lookup
if r0 == 0 goto out
r7 = r0
r1 = r0
call bpf_ct_release
r1 = r7
call bpf_ct_release
out:
r0 = 0
exit

; case: ct_release_null: NULL was never acquired
r1 = 0
call bpf_ct_release
r0 = 0
exit

; case: ct_use_after_release: reading the released entry
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
*(u64 *)(r10 - 32) = r1
*(u64 *)(r10 - 24) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = r10
r4 += -32
r5 = 16
call bpf_skb_ct_lookup
if r0 == 0 goto out
r7 = r0
r1 = r0
call bpf_ct_release
r0 = *(u64 *)(r7 + 0)
out:
r0 = 0
exit

; case: ct_throw_holding: bpf_throw while the entry is held
r6 = r1
r1 = 0
*(u64 *)(r10 - 16) = r1
*(u64 *)(r10 - 8) = r1
*(u64 *)(r10 - 32) = r1
*(u64 *)(r10 - 24) = r1
r1 = r6
r2 = r10
r2 += -16
r3 = 12
r4 = r10
r4 += -32
r5 = 16
call bpf_skb_ct_lookup
if r0 == 0 goto out
r7 = r0
r1 = 0
call bpf_throw
r1 = r7
call bpf_ct_release
out:
r0 = 0
exit
