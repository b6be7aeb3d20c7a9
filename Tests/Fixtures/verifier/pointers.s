; Pointer arithmetic (adjust_ptr_min_max_vals, check_reg_sane_offset): which operators and
; pointer types allow it, constant and variable offsets, the limits on both, and what the
; resulting pointer may access. manifest.json holds the running kernel's verdicts.
; bpfsim: section=tc license=GPL
; map: name=arr8 type=array key_size=4 value_size=8 max_entries=1
; map: name=hash8 type=hash key_size=8 value_size=8 max_entries=4

; case: map_value_const_offset: a constant offset inside the value (check_map_access)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r0 += 4
r1 = *(u32 *)(r0 + 0)
out:
r0 = 0
exit

; case: map_value_const_past_end: 8 bytes in, one byte read is outside (__check_mem_access)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r0 += 8
r1 = *(u8 *)(r0 + 0)
out:
r0 = 0
exit

; case: map_value_negative_offset: one byte before the value (check_mem_region_access)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r1 = *(u8 *)(r0 - 1)
out:
r0 = 0
exit

; case: map_value_var_offset_bounded: [0,7] plus a byte read fits (verifier_value_adj_spill / check_map_access)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r1 = *(u32 *)(r0 + 0)
r1 &= 7
r0 += r1
r1 = *(u8 *)(r0 + 0)
out:
r0 = 0
exit

; case: map_value_var_offset_too_far: [0,7] plus a 2-byte read may pass the end (verifier_value_ptr_arith)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r1 = *(u32 *)(r0 + 0)
r1 &= 7
r0 += r1
r1 = *(u16 *)(r0 + 0)
out:
r0 = 0
exit

; case: map_value_unbounded_min: a scalar with no lower bound cannot move a pointer (check_reg_sane_offset)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r1 = *(u64 *)(r0 + 0)
r0 += r1
r1 = *(u8 *)(r0 + 0)
out:
r0 = 0
exit

; case: map_value_unbounded_max: a value bounded below only reaches past the end (check_mem_region_access)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r1 = *(u32 *)(r0 + 0)
r0 += r1
r1 = *(u8 *)(r0 + 0)
out:
r0 = 0
exit

; case: map_value_huge_constant: 1 << 29 is too large an offset (BPF_MAX_VAR_OFF)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r0 += 536870912
out:
r0 = 0
exit

; case: map_value_accumulated_offset: offsets add up past the limit (verifier_bounds.c "off+size signed 32bit overflow. test2")
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r0 += 0x1fffffff
r0 += 0x1fffffff
r0 += 0x1fffffff
r1 = *(u64 *)(r0 + 0)
out:
r0 = 0
exit

; case: null_check_first: arithmetic on map_value_or_null (adjust_ptr_min_max_vals)
r1 = 0
*(u64 *)(r10 - 8) = r1
r2 = r10
r2 += -8
r1 = hash8 ll
call bpf_map_lookup_elem
r0 += 4
r0 = 0
exit

; case: map_ptr_arithmetic: CONST_PTR_TO_MAP only allows += 0 (adjust_ptr_min_max_vals)
r1 = arr8 ll
r1 += 8
r0 = 0
exit

; case: map_ptr_plus_zero: adding the constant 0 to a map pointer is allowed (adjust_ptr_min_max_vals)
r1 = arr8 ll
r1 += 0
r0 = 0
exit

; case: multiply_pointer: only add and sub apply to pointers (adjust_ptr_min_max_vals)
r2 = r10
r2 *= 2
r0 = 0
exit

; case: and_pointer: bitwise operators are refused on pointers (adjust_ptr_min_max_vals)
r2 = r10
r2 &= -8
r0 = 0
exit

; case: alu32_on_pointer: 32-bit arithmetic on a pointer (adjust_ptr_min_max_vals)
r2 = r10
w2 += -8
r0 = 0
exit

; case: subtract_pointer_from_scalar: scalar -= pointer (adjust_ptr_min_max_vals)
r2 = 16
r2 -= r10
r0 = 0
exit

; case: pointer_minus_pointer: ptr - ptr is a scalar for a privileged program (verifier_bounds.c "check subtraction on pointers for unpriv")
r2 = r10
r3 = r10
r3 += -8
r2 -= r3
r0 = 0
exit

; case: pointer_plus_pointer: ptr + ptr is refused (adjust_reg_min_max_vals)
r2 = r10
r2 += r10
r0 = 0
exit

; case: scalar_plus_pointer: scalar += pointer gives a pointer (adjust_ptr_min_max_vals with the pointer as source)
r2 = -8
r2 += r10
r1 = 0
*(u64 *)(r2 + 0) = r1
r0 = 0
exit

; case: pointer_neg: negating a pointer (check_alu_op BPF_NEG)
r2 = r10
r2 = -r2
r0 = 0
exit

; case: ctx_pointer_moved: the context pointer moved by a constant then read (check_ptr_off_reg)
r1 += 4
r0 = *(u32 *)(r1 + 0)
r0 = 0
exit

; case: ctx_pointer_variable: the context pointer moved by a variable (check_ptr_off_reg)
r2 = *(u32 *)(r1 + 0)
r2 &= 4
r1 += r2
r0 = *(u32 *)(r1 + 0)
r0 = 0
exit

; case: stack_pointer_copy_keeps_offset: a copied frame pointer moved twice (PTR_TO_STACK fixed offset)
r2 = r10
r2 += -16
r2 += 8
r1 = 1
*(u64 *)(r2 + 0) = r1
r0 = *(u64 *)(r10 - 8)
r0 = 0
exit
