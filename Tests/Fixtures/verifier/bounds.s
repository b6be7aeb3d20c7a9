; Scalar bounds and tnum propagation through ALU instructions (adjust_scalar_min_max_vals,
; reg_bounds_sync). A cgroup_skb program must return 0 or 1, and check_return_code prints
; the signed bounds it knows when R0 is outside: the message is the oracle for the bounds.
; Each case names the rule or verifier_*.c selftest it mirrors; manifest.json holds the
; running kernel's verdict, message and pc for each.
; bpfsim: section=cgroup_skb/ingress license=GPL

; case: and_one_fits: AND with 1 leaves [0,1] (verifier_and.c)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
exit

; case: and_three_too_wide: AND with 3 gives smax=3 (verifier_and.c)
r0 = *(u32 *)(r1 + 0)
r0 &= 3
exit

; case: rsh_31_fits: a u32 shifted right by 31 is 0 or 1 (scalar_min_max_rsh)
r0 = *(u32 *)(r1 + 0)
r0 >>= 31
exit

; case: rsh_30_too_wide: shifted by 30 it may be 3 (scalar_min_max_rsh)
r0 = *(u32 *)(r1 + 0)
r0 >>= 30
exit

; case: unknown_return: an unbounded value prints as unknown (verbose_invalid_scalar)
call bpf_ktime_get_ns
exit

; case: u32_load_has_no_smin_text: a u32 load is only bounded above (verbose_invalid_scalar prints one bound)
r0 = *(u32 *)(r1 + 0)
exit

; case: add_constants: constant folding (scalar_min_max_add)
r0 = 5
r0 += -4
exit

; case: add_ranges: [0,1] + [0,1] = [0,2] (scalar_min_max_add)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
r2 = *(u32 *)(r1 + 4)
r2 &= 1
r0 += r2
exit

; case: sub_range_negative: [0,1] - 1 = [-1,0] (scalar_min_max_sub)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
r0 -= 1
exit

; case: sub_range_back: ([0,1] - 1) + 1 = [0,1] (scalar_min_max_sub, scalar_min_max_add)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
r0 -= 1
r0 += 1
exit

; case: mul_range: [0,3] * 3 = [0,9] (scalar_min_max_mul)
r0 = *(u32 *)(r1 + 0)
r0 &= 3
r0 *= 3
exit

; case: mul_signed_corners: [-1,0] * -3 = [0,3] (scalar_min_max_mul, 6.14+ corners)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
r0 -= 1
r0 *= -3
exit

; case: or_sets_bits: [0,1] | 2 = [2,3] (scalar_min_max_or)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
r0 |= 2
exit

; case: xor_flips: 1 ^ [0,1] stays in [0,1] (scalar_min_max_xor)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
r0 ^= 1
exit

; case: lsh_range: [0,1] << 2 = [0,4] (scalar_min_max_lsh)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
r0 <<= 2
exit

; case: arsh_sign: -1 s>> 5 = -1 (scalar_min_max_arsh)
r0 = -1
r0 s>>= 5
exit

; case: div_is_unknown: division forgets bounds (adjust_scalar_min_max_vals: DIV not tracked)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
r0 /= 3
exit

; case: mod_is_unknown: modulo forgets bounds (adjust_scalar_min_max_vals: BPF_MOD)
r0 = *(u32 *)(r1 + 0)
r0 %= 2
exit

; case: mov32_zero_extends: w0 = -1 is 0xffffffff (zext_32_to_64)
w0 = -1
exit

; case: mov64_sign_extends: r0 = -1 is -1 (MOV imm sign extension)
r0 = -1
exit

; case: alu32_wraps: w0 = 1; w0 -= 2 is 0xffffffff (alu32 then zero extension)
w0 = 1
w0 -= 2
exit

; case: alu32_truncates_range: (w0 = r0 & 0xff) + 1 stays 32-bit (verifier_subreg.c)
r0 = *(u32 *)(r1 + 0)
w0 &= 255
w0 += 1
exit

; case: neg_tracked: -[0,1] = [-1,0] (6.18 tracks NEG as 0 - x)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
r0 = -r0
exit

; case: bswap16_const: be16 of 0x0100 is 1 (scalar_byte_swap)
r0 = 256
r0 = be16 r0
exit

; case: le32_truncates: le32 of a constant keeps its low 32 bits (6.18.44 BPF_END tracking)
r0 = 1
r0 <<= 32
r0 |= 1
r0 = le32 r0
exit

; case: movsx8_range: (s8) of [0,255] is [-128,127] (verifier_movsx.c)
r0 = *(u32 *)(r1 + 0)
r0 &= 255
r0 = (s8)r0
exit

; case: movsx16_small_keeps: (s16) of [0,1] stays [0,1] (coerce_reg_to_size_sx)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
r0 = (s16)r0
exit

; case: ldsx8_range: a sign-extending byte load is [-128,127] (verifier_ldsx.c)
r0 = *(s8 *)(r1 + 0)
exit

; case: tnum_and_mask: (x | 1) & 1 is the constant 1 (tnum_and, tnum_or)
r0 = *(u32 *)(r1 + 0)
r0 |= 1
r0 &= 1
exit

; case: shift_pair_clears: (x << 62) >> 63 is [0,1] (tnum shifts)
r0 = *(u32 *)(r1 + 0)
r0 <<= 62
r0 >>= 63
exit

; case: and_fork_minus_one: [-1,0] & 5 forks into 0 and 5 (maybe_fork_scalars, 6.18.44)
r0 = *(u32 *)(r1 + 0)
r0 &= 1
r0 = -r0
r0 &= 5
exit

; case: mul_overflow_unbounded: a product that may overflow u64 is unknown (scalar_min_max_mul)
call bpf_ktime_get_ns
r0 *= 2
r0 &= 7
exit
