; The same conflict in R8. (DescriptorPrograms.twoTypesInRegister)
; bpfsim: section=tc license=GPL
r7 = *(u32 *)(r1 + 0)
if r7 == 0 goto other
call bpf_get_current_task_btf
r1 = r0
call bpf_task_acquire
if r0 == 0 goto out
r8 = r0
goto throw
other:
r1 = 42
call bpf_cgroup_from_id
if r0 == 0 goto out
r8 = r0
throw:
r1 = 1
call bpf_throw
out:
r0 = 0
exit
