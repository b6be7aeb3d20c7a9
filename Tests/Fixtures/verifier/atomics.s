; Atomic instructions (check_atomic, check_atomic_rmw): where they may operate (stack, map
; values), what they read and write, and the registers they define. manifest.json holds the
; running kernel's verdicts.
; bpfsim: section=tc license=GPL
; map: name=arr8 type=array key_size=4 value_size=8 max_entries=1

; case: stack_add: an atomic add on an initialised stack slot (verifier_atomic*)
r1 = 1
*(u64 *)(r10 - 8) = r1
lock *(u64 *)(r10 - 8) += r1
r0 = 0
exit

; case: stack_fetch_add_defines_src: fetch variants write the old value to the source register (check_atomic: BPF_FETCH)
r1 = 1
*(u64 *)(r10 - 8) = r1
r1 = atomic_fetch_add((u64 *)(r10 - 8), r1)
r0 = r1
r0 &= 0
exit

; case: stack_fetch_add_32: the 32-bit fetch zero-extends (check_atomic_rmw, BPF_W)
r1 = 1
*(u64 *)(r10 - 8) = r1
w1 = atomic_fetch_add((u32 *)(r10 - 8), w1)
r0 = 0
exit

; case: cmpxchg_needs_r0: compare-and-exchange reads R0 (check_atomic_rmw)
r1 = 1
*(u64 *)(r10 - 8) = r1
r0 = cmpxchg_64(r10 - 8, r0, r1)
r0 = 0
exit

; case: cmpxchg_defines_r0: with R0 set it is accepted and R0 is the old value (check_atomic: BPF_CMPXCHG)
r1 = 1
*(u64 *)(r10 - 8) = r1
r0 = 0
r0 = cmpxchg_64(r10 - 8, r0, r1)
r0 = 0
exit

; case: xchg_stack: an exchange on the stack (check_atomic: BPF_XCHG)
r1 = 1
*(u64 *)(r10 - 8) = r1
r1 = xchg_64(r10 - 8, r1)
r0 = 0
exit

; case: map_value_add: an atomic add on a map value (verifier_value / atomics on map values)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r1 = 1
lock *(u64 *)(r0 + 0) += r1
out:
r0 = 0
exit

; case: map_value_past_end: an 8-byte atomic at offset 4 of an 8-byte value (check_map_access from check_atomic)
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = arr8 ll
call bpf_map_lookup_elem
if r0 == 0 goto out
r1 = 1
lock *(u64 *)(r0 + 4) += r1
out:
r0 = 0
exit

; case: ctx_atomic: atomics on the context are refused (check_atomic)
r2 = 1
lock *(u32 *)(r1 + 8) += r2
r0 = 0
exit

; case: scalar_base: an atomic through a scalar (check_mem_access)
r1 = 0
r2 = 1
lock *(u64 *)(r1 + 0) += r2
r0 = 0
exit

; case: pointer_source: storing a pointer atomically (check_atomic, privileged)
r2 = r10
r1 = 0
*(u64 *)(r10 - 8) = r1
lock *(u64 *)(r10 - 8) += r2
r0 = 0
exit

; case: misaligned_atomic: a 64-bit atomic at fp-4 (check_ptr_alignment)
r1 = 1
*(u64 *)(r10 - 8) = r1
lock *(u64 *)(r10 - 4) += r1
r0 = 0
exit
