; Models: a bounded scan with an open-coded iterator (bpf_for) that may or may not have
; taken a task reference before the loop: at the in-loop assertion fp-8..fp-8 holds the
; iterator (a stack object), R6 holds a task or NULL depending on the path (NULL merge).
;
; manifest: prog=iter_and_maybe_null resources=bpf_iter_num,task_struct throws_holding=yes stress=stack-object-at-throw,null-on-one-path
; bpfsim: section=tc name=iter_and_maybe_null license=GPL
r7 = r1
r6 = 0
r1 = *(u32 *)(r7 + 8)          ; skb->mark: a pid to watch, or 0
if r1 == 0 goto scan
call bpf_task_from_pid
r6 = r0
scan:
r1 = r10
r1 += -8
r2 = 0
r3 = 16
call bpf_iter_num_new
next:
r1 = r10
r1 += -8
call bpf_iter_num_next
if r0 == 0 goto done
r1 = *(u32 *)(r0 + 0)
r2 = *(u32 *)(r7 + 0)
if r1 != r2 goto next
r1 = 3
call bpf_throw
done:
r1 = r10
r1 += -8
call bpf_iter_num_destroy
if r6 == 0 goto out
r1 = r6
call bpf_task_release
out:
r0 = 0
exit
