; The stack: bounds and alignment (check_stack_access_within_bounds, check_ptr_alignment),
; spills and fills that keep a register's state (check_stack_write_fixed_off,
; check_stack_read_fixed_off), variable offsets, and what a privileged program may read.
; manifest.json holds the running kernel's verdicts.
; bpfsim: section=tc license=GPL
; map: name=arr8 type=array key_size=4 value_size=8 max_entries=1

; case: write_below_512: fp-520 is outside the 512-byte stack (verifier_basic_stack.c)
r1 = 0
*(u64 *)(r10 - 520) = r1
r0 = 0
exit

; case: write_at_512: fp-512 is the last slot (MAX_BPF_STACK)
r1 = 0
*(u64 *)(r10 - 512) = r1
r0 = 0
exit

; case: write_above_fp: fp+8 belongs to no frame (check_stack_access_within_bounds)
r1 = 0
*(u64 *)(r10 + 8) = r1
r0 = 0
exit

; case: read_above_fp: reading at fp+0 (check_stack_access_within_bounds)
r0 = *(u64 *)(r10 + 0)
r0 = 0
exit

; case: misaligned_store: stack accesses are always aligned (check_ptr_alignment)
r1 = 0
*(u64 *)(r10 - 12) = r1
r0 = 0
exit

; case: misaligned_half: a 2-byte read at an odd offset (check_ptr_alignment)
r0 = *(u16 *)(r10 - 3)
r0 = 0
exit

; case: frame_pointer_read_only: r10 cannot be written (check_reg_arg DST_OP)
r10 = 0
r0 = 0
exit

; case: uninit_read_privileged: a privileged program may read uninitialised stack (allow_uninit_stack)
r0 = *(u64 *)(r10 - 8)
r0 = 0
exit

; case: spill_fill_constant: a spilled constant fills back as the constant (verifier_spill_fill.c)
r1 = 42
*(u64 *)(r10 - 8) = r1
r2 = *(u64 *)(r10 - 8)
if r2 == 42 goto ok
r1 = 0
r0 = *(u64 *)(r1 + 0)
ok:
r0 = 0
exit

; case: spill_fill_pointer: a spilled context pointer fills back usable (verifier_spill_fill.c "check valid spill/fill")
*(u64 *)(r10 - 8) = r1
r6 = *(u64 *)(r10 - 8)
r0 = *(u32 *)(r6 + 0)
r0 = 0
exit

; case: partial_fill_pointer: reading half of a spilled pointer (check_stack_read_fixed_off)
*(u64 *)(r10 - 8) = r1
r0 = *(u32 *)(r10 - 8)
r0 = 0
exit

; case: narrow_spill_pointer: a pointer spilled with a 4-byte store (check_stack_write_fixed_off)
*(u32 *)(r10 - 8) = r1
r0 = 0
exit

; case: overwrite_spilled_pointer: a scalar store over a spilled pointer destroys it (privileged)
*(u64 *)(r10 - 8) = r1
r2 = 0
*(u32 *)(r10 - 8) = r2
r6 = *(u64 *)(r10 - 8)
r0 = *(u32 *)(r6 + 0)
r0 = 0
exit

; case: spill_keeps_bounds: a bounded scalar spilled and filled keeps its bounds (verifier_spill_fill.c)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r1 = *(u32 *)(r0 + 0)
r1 &= 7
*(u64 *)(r10 - 16) = r1
r2 = *(u64 *)(r10 - 16)
r0 += r2
r1 = *(u8 *)(r0 + 0)
out:
r0 = 0
exit

; case: u32_fill_of_u64_spill: a 4-byte fill of a spilled 8-byte bounded scalar (verifier_spill_fill.c "Spill u32 const scalars")
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r1 = *(u32 *)(r0 + 0)
r1 &= 7
*(u64 *)(r10 - 16) = r1
r2 = *(u32 *)(r10 - 16)
r0 += r2
r1 = *(u8 *)(r0 + 0)
out:
r0 = 0
exit

; case: st_imm_spill: a BPF_ST immediate is a spilled constant (verifier_spill_fill.c)
*(u64 *)(r10 - 8) = 3
r2 = *(u64 *)(r10 - 8)
if r2 == 3 goto ok
r1 = 0
r0 = *(u64 *)(r1 + 0)
ok:
r0 = 0
exit

; case: zero_bytes_fill_zero: a 4-byte zero store fills back as 0 (STACK_ZERO)
r1 = 0
*(u32 *)(r10 - 12) = r1
r2 = *(u32 *)(r10 - 12)
if r2 == 0 goto ok
r1 = 0
r0 = *(u64 *)(r1 + 0)
ok:
r0 = 0
exit

; case: var_offset_write: a variable-offset store within the frame (check_stack_write_var_off)
r2 = *(u32 *)(r1 + 0)
r2 &= 8
r3 = r10
r3 += -16
r3 += r2
r1 = 0
*(u64 *)(r3 + 0) = r1
r0 = 0
exit

; case: var_offset_read_past_fp: a variable offset that may reach fp+0 (check_stack_access_within_bounds var_off)
r2 = *(u32 *)(r1 + 0)
r2 &= 8
r3 = r10
r3 += -8
r3 += r2
r0 = *(u64 *)(r3 + 0)
r0 = 0
exit

; case: var_offset_unbounded: an unbounded variable offset on the stack (check_stack_access_within_bounds)
r2 = *(u32 *)(r1 + 0)
r3 = r10
r3 += r2
r0 = *(u8 *)(r3 + 0)
r0 = 0
exit

; case: helper_reads_stack_key: a map key on the stack, initialised (check_helper_mem_access)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
r0 = 0
exit

; case: helper_key_outside_stack: a key pointer whose 4 bytes reach past fp (check_stack_access_within_bounds, indirect)
r2 = r10
r2 += -2
r1 = arr8 ll
call bpf_map_lookup_elem
r0 = 0
exit

; case: stack_depth_deep: touching fp-512 sets the stack depth to 512 (update_stack_depth)
r1 = 1
*(u8 *)(r10 - 512) = r1
r0 = *(u8 *)(r10 - 512)
r0 = 0
exit
