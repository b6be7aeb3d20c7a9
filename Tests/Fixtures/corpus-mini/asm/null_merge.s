; A second task reference taken on one path only: at the throw, fp-16 is NULL on one path
; and a task on the other (the NULL merge of SPEC §5.2).
; bpfsim: section=tc name=null_merge license=GPL
r6 = r1
r1 = *(u32 *)(r6 + 0)
call bpf_task_from_pid
if r0 == 0 goto out
*(u64 *)(r10 - 8) = r0
r1 = 0
*(u64 *)(r10 - 16) = r1
r7 = *(u32 *)(r6 + 8)
r7 &= 1
if r7 == 0 goto check
r1 = *(u32 *)(r6 + 4)
call bpf_task_from_pid
*(u64 *)(r10 - 16) = r0
check:
call bpf_get_prandom_u32
r0 &= 3
if r0 != 0 goto release
r1 = 3
call bpf_throw
release:
r1 = *(u64 *)(r10 - 16)
if r1 == 0 goto first
call bpf_task_release
first:
r1 = *(u64 *)(r10 - 8)
call bpf_task_release
out:
r0 = 0
exit
