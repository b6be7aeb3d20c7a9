; Branch refinement (reg_set_min_max, regs_refine_cond_op) and decided branches
; (is_branch_taken): signed and unsigned, 64- and 32-bit, against constants and registers,
; copies narrowed together (sync_linked_regs). The cgroup_skb return check prints what the
; verifier learnt; a decided branch leaves its other side unexplored, so a fault there is
; never reported. manifest.json holds the running kernel's verdicts.
; bpfsim: section=cgroup_skb/ingress license=GPL

; case: jgt_refines_fallthrough: if r0 > 1 the fall-through knows r0 <= 1 (reg_set_min_max)
r0 = *(u32 *)(r1 + 0)
if r0 > 1 goto big
exit
big:
r0 = 0
exit

; case: jgt_taken_side: the taken side knows r0 >= 2 (reg_set_min_max)
r0 = *(u32 *)(r1 + 0)
if r0 > 1 goto big
r0 = 0
exit
big:
exit

; case: jlt_unsigned: if r0 < 2 goto ok (regs_refine_cond_op BPF_JLT)
r0 = *(u32 *)(r1 + 0)
if r0 < 2 goto ok
r0 = 0
ok:
exit

; case: jge_off_by_one: r0 >= 3 falls through with r0 <= 2 (BPF_JGE reversed to JLT)
r0 = *(u32 *)(r1 + 0)
if r0 >= 3 goto big
exit
big:
r0 = 0
exit

; case: jsgt_signed: a signed check leaves a negative lower bound (BPF_JSGT)
call bpf_ktime_get_ns
if r0 s> 1 goto big
exit
big:
r0 = 0
exit

; case: jsge_and_jsle_window: 0 <= r0 <= 1 by two signed checks (BPF_JSGE, BPF_JSLE)
call bpf_ktime_get_ns
if r0 s< 0 goto out
if r0 s> 1 goto out
exit
out:
r0 = 0
exit

; case: jeq_constant: r0 == 1 makes r0 the constant 1 (BPF_JEQ)
r0 = *(u32 *)(r1 + 0)
if r0 == 1 goto one
r0 = 0
exit
one:
exit

; case: jne_excludes_edge: r0 in [0,2], r0 != 2 gives [0,1] (BPF_JNE moves a bound)
r0 = *(u32 *)(r1 + 0)
r0 &= 3
if r0 > 2 goto out
if r0 != 2 goto ok
out:
r0 = 0
ok:
exit

; case: jset_clears_bit: r0 & 2 not set on [0,3] leaves [0,1] (BPF_JSET false side)
r0 = *(u32 *)(r1 + 0)
r0 &= 3
if r0 & 2 goto out
exit
out:
r0 = 0
exit

; case: jmp32_refines_subreg: if w0 > 1 refines the low 32 bits, then zero-extended use (BPF_JMP32)
r0 = *(u32 *)(r1 + 0)
if w0 > 1 goto big
exit
big:
r0 = 0
exit

; case: jmp32_not_upper_bits: a 32-bit check says nothing about the upper half (BPF_JMP32)
call bpf_ktime_get_ns
if w0 > 1 goto big
exit
big:
r0 = 0
exit

; case: jmp32_signed: if w0 s< 0 leaves the negative 32-bit values out (BPF_JMP32 | BPF_JSLT)
r0 = *(u32 *)(r1 + 0)
if w0 s< 0 goto out
if w0 s> 1 goto out
exit
out:
r0 = 0
exit

; case: reg_reg_compare: r0 <= r2 with r2 in [0,1] bounds r0 (reg_set_min_max with two registers)
r0 = *(u32 *)(r1 + 0)
r2 = *(u32 *)(r1 + 4)
r2 &= 1
if r0 > r2 goto out
exit
out:
r0 = 0
exit

; case: reg_reg_equal_copies_range: r0 == r2 gives r0 r2's range (BPF_JEQ with two registers)
r0 = *(u32 *)(r1 + 0)
r2 = *(u32 *)(r1 + 4)
r2 &= 1
if r0 != r2 goto out
exit
out:
r0 = 0
exit

; case: linked_copy_narrowed: a copy made before the check is narrowed too (sync_linked_regs)
r2 = *(u32 *)(r1 + 0)
r0 = r2
if r2 > 1 goto out
exit
out:
r0 = 0
exit

; case: linked_copy_broken_by_alu: a copy changed by ALU is no longer linked (adjust_reg_min_max_vals clears the id)
r2 = *(u32 *)(r1 + 0)
r0 = r2
r0 *= 1
if r2 > 1 goto out
exit
out:
r0 = 0
exit

; case: linked_delta: r0 = r2 + 1 stays linked with its delta (BPF_ADD_CONST)
r2 = *(u32 *)(r1 + 0)
r0 = r2
r0 += 1
if r2 > 0 goto out
exit
out:
r0 = 0
exit

; case: linked_delta_sub: r0 = r2 - 1 stays linked with its delta (BPF_ADD_CONST, subtraction)
r2 = *(u32 *)(r1 + 0)
r0 = r2
r0 -= 1
if r2 > 2 goto out
if r2 < 1 goto out
exit
out:
r0 = 0
exit

; case: decided_branch_skips_fault: a branch the bounds decide hides its other side (is_branch_taken)
r0 = 0
if r0 == 0 goto ok
r1 = 0
r0 = *(u64 *)(r1 + 0)
ok:
exit

; case: undecided_branch_explores_fault: the same fault on a live side is found (is_branch_taken unknown)
r0 = *(u32 *)(r1 + 0)
if r0 == 0 goto ok
r1 = 0
r0 = *(u64 *)(r1 + 0)
ok:
r0 = 0
exit

; case: decided_by_range: [0,1] > 5 is never true (is_scalar_branch_taken)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
if r0 > 5 goto bad
exit
bad:
r1 = 0
r0 = *(u64 *)(r1 + 0)
exit

; case: decided_by_tnum: (x | 4) & 4 is never 0 (is_scalar_branch_taken by tnum)
r0 = *(u32 *)(r1 + 0)
r0 |= 4
r2 = r0
r2 &= 4
if r2 == 0 goto bad
r0 = 1
exit
bad:
r1 = 0
r0 = *(u64 *)(r1 + 0)
exit

; case: decided_jset: x | 1 always has bit 0 (BPF_JSET decided)
r0 = *(u32 *)(r1 + 0)
r0 |= 1
if r0 & 1 goto ok
r1 = 0
r0 = *(u64 *)(r1 + 0)
ok:
r0 = 0
exit

; case: jmp32_decided_on_subreg: the low half of 1 << 32 is 0 (is_branch_taken with JMP32)
r0 = 1
r0 <<= 32
if w0 != 0 goto bad
r0 = 0
exit
bad:
r1 = 0
r0 = *(u64 *)(r1 + 0)
exit

; case: pointer_vs_null_decided: a non-NULL pointer compared with 0 (is_branch_taken for pointers)
r2 = r10
if r2 != 0 goto ok
r1 = 0
r0 = *(u64 *)(r1 + 0)
ok:
r0 = 0
exit
