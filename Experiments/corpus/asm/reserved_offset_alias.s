; Models: a policy entry point that holds a task or a cgroup (one register, chosen per event,
; with a tag slot saying which, as the guard pattern of stress/slot_conflict_guard) and calls a
; scan helper that sets up an open-coded iterator and may abort. The caller's register
; conflict makes the descriptors backend reserve spill slots past the caller's depth (fp-16,
; fp-24), at the very offsets where the callee keeps its iterator (fp-16 of its own frame):
; reserved slots must be per frame, or the callee's iterator goes undescribed.
;
; manifest: prog=reserved_offset_alias resources=task_struct,cgroup,bpf_iter_num throws_holding=yes stress=register-type-conflict,stack-object-at-throw,throw-in-static-callee
; bpfsim: section=tc name=reserved_offset_alias license=GPL
r9 = r1
call bpf_get_prandom_u32
r0 &= 1
if r0 != 0 goto alt
r1 = 1
call bpf_task_from_pid
r6 = r0
r1 = 1
*(u64 *)(r10 - 8) = r1
goto done
alt:
r1 = 1
call bpf_cgroup_from_id
r6 = r0
r1 = 2
*(u64 *)(r10 - 8) = r1
done:
r1 = r9
call frame1
r1 = *(u64 *)(r10 - 8)
if r1 == 2 goto rel_cg
r1 = r6
if r1 == 0 goto out
call bpf_task_release
goto out
rel_cg:
r1 = r6
if r1 == 0 goto out
call bpf_cgroup_release
out:
r0 = 0
exit
frame1:
r1 = r10
r1 += -16
r2 = 0
r3 = 3
call bpf_iter_num_new
call bpf_get_prandom_u32
if r0 != 0 goto nothrow
r1 = 1
call bpf_throw
nothrow:
r1 = r10
r1 += -16
call bpf_iter_num_destroy
r0 = 0
exit
