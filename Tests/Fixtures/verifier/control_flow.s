; The program's shape before the walk (check_subprogs, check_cfg) and the instruction walk's
; limits: jumps out of range, unreachable code, falling off the end, 64-bit immediates and
; their pseudo forms, division and shift immediates. manifest.json holds the kernel's verdicts.
; bpfsim: section=tc license=GPL
; map: name=arr8 type=array key_size=4 value_size=8 max_entries=1

; case: jump_out_of_range: a jump past the last instruction (push_insn)
goto +4
r0 = 0
exit

; case: jump_backward_out: a jump before the first instruction (push_insn)
r0 = 0
goto -3
exit

; case: unreachable_code: instructions no path reaches (check_cfg)
r0 = 0
exit
r0 = 1
exit

; case: falls_off_end: the last instruction is not an exit or jump (check_subprogs)
r0 = 0
r0 += 1

; case: jump_into_ldimm64: a jump to the second half of lddw (check_cfg)
r0 = 0
if r0 == 0 goto +1
r1 = 0x100000000 ll
r0 = 0
exit

; case: ldimm64_value: a 64-bit constant (check_ld_imm)
r0 = 0x100000001 ll
r0 >>= 32
r1 = 0x123456789 ll
if r1 != 0 goto ok
r0 = 7
ok:
exit

; case: ldimm64_map: a map pointer from lddw (BPF_PSEUDO_MAP_FD)
r1 = arr8 ll
r0 = 0
exit

; case: ldimm64_map_deref: a map pointer is not memory (check_mem_access)
r1 = arr8 ll
r0 = *(u64 *)(r1 + 0)
r0 = 0
exit

; case: div_by_zero_immediate: division by the constant 0 (check_alu_op)
r0 = 1
r0 /= 0
exit

; case: mod_by_zero_immediate: modulo by the constant 0 (check_alu_op)
r0 = 1
r0 %= 0
exit

; case: div_by_zero_register: a register divisor may be 0 at run time (BPF_DIV semantics)
r0 = 1
r1 = 0
r0 /= r1
r0 = 0
exit

; case: shift_by_64: an immediate shift by the register width (check_alu_op)
r0 = 1
r0 <<= 64
exit

; case: shift32_by_32: a 32-bit shift by 32 (check_alu_op)
w0 = 1
w0 <<= 32
exit

; case: shift_register_unbounded: a shift by an unknown register is allowed, the result unknown (adjust_scalar_min_max_vals: BPF_LSH)
r0 = 1
r1 = *(u32 *)(r1 + 0)
r0 <<= r1
r0 = 0
exit

; case: r0_not_set: exit without writing R0 (check_reg_arg at exit)
exit

; case: read_uninit_register: reading a register never written (check_reg_arg SRC_OP)
r0 = r5
exit

; case: ctx_return_value: returning the context pointer from tc (not checked for tc)
r0 = r1
exit

; case: pointer_return_cgroup: cgroup_skb must return a scalar (check_return_code)
; bpfsim: section=cgroup_skb/ingress
r0 = r10
exit

; case: unknown_helper: a helper id the kernel does not have (check_helper_call)
call 10000
r0 = 0
exit
