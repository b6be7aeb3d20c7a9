; A throw that holds nothing: no table, no code.
; bpfsim: section=tc license=GPL
r6 = *(u32 *)(r1 + 0)
if r6 < 100 goto ok
r1 = 3
call bpf_throw
ok:
r0 = 0
exit
