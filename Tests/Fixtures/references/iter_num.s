; numeric iterators (SPEC §2): a stack object created by bpf_iter_num_new, advanced by
; bpf_iter_num_next, destroyed by bpf_iter_num_destroy. The iterator lives at fp-8.
; bpfsim: section=tc license=GPL

; case: iter_new_next_destroy: a complete loop
r1 = r10
r1 += -8
r2 = 0
r3 = 10
call bpf_iter_num_new
next:
r1 = r10
r1 += -8
call bpf_iter_num_next
if r0 == 0 goto done
goto next
done:
r1 = r10
r1 += -8
call bpf_iter_num_destroy
r0 = 0
exit

; case: iter_leak: created and never destroyed
r1 = r10
r1 += -8
r2 = 0
r3 = 10
call bpf_iter_num_new
r0 = 0
exit

; case: iter_double_destroy: destroyed twice
r1 = r10
r1 += -8
r2 = 0
r3 = 10
call bpf_iter_num_new
r1 = r10
r1 += -8
call bpf_iter_num_destroy
r1 = r10
r1 += -8
call bpf_iter_num_destroy
r0 = 0
exit

; case: iter_destroy_uninit: destroying a slot that never held an iterator
r1 = r10
r1 += -8
call bpf_iter_num_destroy
r0 = 0
exit

; case: iter_next_after_destroy: advancing a destroyed iterator
r1 = r10
r1 += -8
r2 = 0
r3 = 10
call bpf_iter_num_new
r1 = r10
r1 += -8
call bpf_iter_num_destroy
r1 = r10
r1 += -8
call bpf_iter_num_next
r0 = 0
exit

; case: iter_new_twice: creating over a live iterator
r1 = r10
r1 += -8
r2 = 0
r3 = 10
call bpf_iter_num_new
r1 = r10
r1 += -8
r2 = 0
r3 = 10
call bpf_iter_num_new
r1 = r10
r1 += -8
call bpf_iter_num_destroy
r0 = 0
exit

; case: iter_overwrite_slot: a store over the iterator's slot
r1 = r10
r1 += -8
r2 = 0
r3 = 10
call bpf_iter_num_new
r1 = 0
*(u64 *)(r10 - 8) = r1
r0 = 0
exit

; case: iter_throw_holding: bpf_throw inside the loop
r1 = r10
r1 += -8
r2 = 0
r3 = 10
call bpf_iter_num_new
next:
r1 = r10
r1 += -8
call bpf_iter_num_next
if r0 == 0 goto done
r1 = 1
call bpf_throw
goto next
done:
r1 = r10
r1 += -8
call bpf_iter_num_destroy
r0 = 0
exit
