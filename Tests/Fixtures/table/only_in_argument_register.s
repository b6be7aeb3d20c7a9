; The descriptors issue's program whose task lives only in R2 at the throw (no descriptor can name it); a table entry does. (DescriptorPrograms.onlyInArgumentRegister)
; bpfsim: section=tc license=GPL
call bpf_get_current_task_btf
r1 = r0
call bpf_task_acquire
if r0 == 0 goto out
r2 = r0
r1 = 1
call bpf_throw
out:
r0 = 0
exit
