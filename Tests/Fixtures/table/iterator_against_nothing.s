; The descriptors issue's iterator on one path and nothing on the other in fp-8; the table entry exists only when the iterator does. (DescriptorPrograms.iteratorAgainstNothing)
; bpfsim: section=tc license=GPL
r7 = *(u32 *)(r1 + 0)
if r7 == 0 goto throw
r1 = r10
r1 += -8
r2 = 0
r3 = 4
call bpf_iter_num_new
r1 = r10
r1 += -8
call bpf_iter_num_next
throw:
r1 = 1
call bpf_throw
r0 = 0
exit
