; Loops: bounded loops are verified by exploring every iteration (under the 1,000,000
; instruction limit); a loop whose state repeats exactly never ends (is_state_visited's
; infinite-loop check); may_goto loops converge. manifest.json holds the kernel's verdicts.
; bpfsim: section=tc license=GPL

; case: counted_loop: ten iterations (verifier_loops1.c "bounded loop, count to 4")
r0 = 0
r1 = 0
loop:
r0 += r1
r1 += 1
if r1 < 10 goto loop
r0 = 0
exit

; case: counted_down: counting down to zero (verifier_loops1.c "bounded loop, count from positive unknown to 4")
r1 = 10
loop:
r1 += -1
if r1 != 0 goto loop
r0 = 0
exit

; case: data_bounded_loop: a loop bound from data, capped by a mask (verifier_loops1.c)
r2 = *(u32 *)(r1 + 0)
r2 &= 15
r1 = 0
loop:
r1 += 1
if r1 < r2 goto loop
r0 = 0
exit

; case: infinite_loop_exact: the same state at the same insn (verifier_loops1.c "infinite loop after a conditional jump")
r0 = 0
loop:
r1 = 0
goto loop

; case: infinite_conditional_loop: a loop whose exit condition never changes (is_state_visited)
r0 = 5
loop:
r1 = 0
if r0 != 0 goto loop
exit

; case: loop_too_large: 100 million iterations exceed the 1M limit (verifier_loops1.c "bounded loop, count from positive unknown to 4"/too_large)
r1 = 0
loop:
r1 += 1
if r1 < 100000000 goto loop
r0 = 0
exit

; case: may_goto_loop: may_goto bounds a loop the verifier cannot (verifier_may_goto_1.c)
r1 = 0
loop:
may_goto out
r1 += 1
goto loop
out:
r0 = 0
exit
