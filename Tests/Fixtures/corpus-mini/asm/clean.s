; No resource held; throws when skb->mark is odd (bpf_assert style).
; bpfsim: section=tc name=clean license=GPL
r6 = r1
r7 = *(u32 *)(r6 + 8)
r7 &= 1
if r7 == 0 goto ok
r1 = 2
call bpf_throw
ok:
r0 = *(u32 *)(r6 + 0)
r0 &= 255
exit
