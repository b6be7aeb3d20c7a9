; Two open-coded iterators alive on the stack (fp-8, fp-16); a throw inside the loop.
; bpfsim: section=tc license=GPL
r1 = r10
r1 += -8
r2 = 0
r3 = 4
call bpf_iter_num_new
r1 = r10
r1 += -16
r2 = 0
r3 = 4
call bpf_iter_num_new
loop:
r1 = r10
r1 += -8
call bpf_iter_num_next
if r0 == 0 goto done
r6 = *(u32 *)(r0 + 0)
if r6 != 3 goto loop
r1 = 1
call bpf_throw
done:
r1 = r10
r1 += -16
call bpf_iter_num_destroy
r1 = r10
r1 += -8
call bpf_iter_num_destroy
r0 = 0
exit
