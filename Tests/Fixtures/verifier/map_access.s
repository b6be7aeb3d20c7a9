; Map lookups and map values (check_map_access, mark_ptr_or_null_regs): the NULL check and
; its copies, array lookups with constant keys, read-only maps, helper arguments taken from
; the map's key and value sizes. manifest.json holds the running kernel's verdicts.
; bpfsim: section=tc license=GPL
; map: name=hash8 type=hash key_size=8 value_size=8 max_entries=4
; map: name=arr16 type=array key_size=4 value_size=16 max_entries=2

; case: null_check_then_read: the classic lookup (verifier_map_ptr.c)
r1 = 0
*(u64 *)(r10 - 8) = r1
r2 = r10
r2 += -8
r1 = hash8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r0 = *(u64 *)(r0 + 0)
out:
r0 = 0
exit

; case: no_null_check: reading map_value_or_null (check_mem_access)
r1 = 0
*(u64 *)(r10 - 8) = r1
r2 = r10
r2 += -8
r1 = hash8 ll
call bpf_map_lookup_elem
r0 = *(u64 *)(r0 + 0)
r0 = 0
exit

; case: null_check_covers_copy: a copy taken before the check is checked too (mark_ptr_or_null_regs by id)
r1 = 0
*(u64 *)(r10 - 8) = r1
r2 = r10
r2 += -8
r1 = hash8 ll
call bpf_map_lookup_elem
r6 = r0
if r0 == 0 goto out
r1 = *(u64 *)(r6 + 0)
out:
r0 = 0
exit

; case: null_side_is_zero: on the NULL side the register is the scalar 0 (mark_ptr_or_null_reg)
r1 = 0
*(u64 *)(r10 - 8) = r1
r2 = r10
r2 += -8
r1 = hash8 ll
call bpf_map_lookup_elem
if r0 != 0 goto out
r0 = *(u64 *)(r0 + 0)
out:
r0 = 0
exit

; case: spilled_copy_checked: a spilled copy is checked with the register (mark_ptr_or_null_regs on the stack)
r1 = 0
*(u64 *)(r10 - 8) = r1
r2 = r10
r2 += -8
r1 = hash8 ll
call bpf_map_lookup_elem
*(u64 *)(r10 - 16) = r0
if r0 == 0 goto out
r1 = *(u64 *)(r10 - 16)
r0 = *(u64 *)(r1 + 0)
out:
r0 = 0
exit

; case: jmp32_null_check: a 32-bit comparison with 0 is not a NULL check (check_cond_jmp_op)
r1 = 0
*(u64 *)(r10 - 8) = r1
r2 = r10
r2 += -8
r1 = hash8 ll
call bpf_map_lookup_elem
if w0 == 0 goto out
r0 = *(u64 *)(r0 + 0)
out:
r0 = 0
exit

; case: array_const_key_not_null: an array lookup with a constant in-range key cannot fail (6.13+)
r1 = 1
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr16 ll
call bpf_map_lookup_elem
r0 = *(u64 *)(r0 + 8)
r0 = 0
exit

; case: array_key_out_of_range_may_fail: key 2 of a 2-entry array may return NULL (check_helper_call: constant-key array lookups)
r1 = 2
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr16 ll
call bpf_map_lookup_elem
r0 = *(u64 *)(r0 + 8)
r0 = 0
exit

; case: value_last_bytes: the last 8 bytes of a 16-byte value (check_map_access)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr16 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r0 = *(u64 *)(r0 + 8)
out:
r0 = 0
exit

; case: value_overflow_by_one: an 8-byte read at offset 1 of an 8-byte value (check_map_access)
r1 = 0
*(u64 *)(r10 - 8) = r1
r2 = r10
r2 += -8
r1 = hash8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r0 = *(u64 *)(r0 + 1)
out:
r0 = 0
exit

; case: key_too_short: the key argument must cover key_size bytes (check_helper_mem_access)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = hash8 ll
call bpf_map_lookup_elem
r0 = 0
exit

; case: update_value_from_stack: bpf_map_update_elem reads key and value from the stack (check_helper_mem_access)
r1 = 0
*(u64 *)(r10 - 8) = r1
*(u64 *)(r10 - 16) = r1
r2 = r10
r2 += -8
r3 = r10
r3 += -16
r1 = hash8 ll
r4 = 0
call bpf_map_update_elem
r0 = 0
exit

; case: map_arg_not_a_map: the first argument must be a map pointer (check_reg_type)
r1 = 0
r2 = r10
r2 += -8
call bpf_map_lookup_elem
r0 = 0
exit

; case: value_pointer_as_key: a map value may serve as another lookup's key (ARG_PTR_TO_MAP_KEY accepts map_value)
r1 = 0
*(u64 *)(r10 - 8) = r1
r2 = r10
r2 += -8
r1 = hash8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r2 = r0
r1 = hash8 ll
call bpf_map_lookup_elem
out:
r0 = 0
exit
