; Never terminates: the counter grows without bound, so the verifier never sees a state
; repeat and stops at its instruction limit.
; bpfsim: section=tc name=forever license=GPL
r0 = 0
loop:
r0 += 1
if r0 != 0 goto loop
exit
