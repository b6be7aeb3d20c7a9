; Forgets to release the task it looked up: the verifier rejects it at exit.
; bpfsim: section=tc name=leak license=GPL
r1 = *(u32 *)(r1 + 0)
call bpf_task_from_pid
r0 = 0
exit
