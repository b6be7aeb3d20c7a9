; task_struct references (SPEC §2): acquired by bpf_task_from_pid / bpf_task_acquire,
; released by bpf_task_release. One tc program per case; manifest.json holds the running
; kernel's verdict, message and pc for each.
; bpfsim: section=tc license=GPL

; case: task_acquire_release: bpf_task_from_pid, NULL check, bpf_task_release
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r1 = r0
call bpf_task_release
out:
r0 = 0
exit

; case: task_acquire_trusted_release: bpf_task_acquire of the trusted current task
call bpf_get_current_task_btf
r1 = r0
call bpf_task_acquire
if r0 == 0 goto out
r1 = r0
call bpf_task_release
out:
r0 = 0
exit

; case: task_null_path_needs_no_release: the NULL branch drops the reference
r1 = 1
call bpf_task_from_pid
if r0 != 0 goto release
r0 = 0
exit
release:
r1 = r0
call bpf_task_release
r0 = 0
exit

; case: task_leak: the reference is never released
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r6 = r0
out:
r0 = 0
exit

; case: task_leak_on_one_path: released only when the pid is even
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r6 = r0
call bpf_get_prandom_u32
r0 &= 1
if r0 != 0 goto out
r1 = r6
call bpf_task_release
out:
r0 = 0
exit

; case: task_double_release: the second release sees a scalar
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r6 = r0
r1 = r0
call bpf_task_release
r1 = r6
call bpf_task_release
out:
r0 = 0
exit

; case: task_release_unacquired: the current task is trusted, not referenced
call bpf_get_current_task_btf
r1 = r0
call bpf_task_release
r0 = 0
exit

; case: task_use_after_release: a copy of the released pointer is dereferenced
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r6 = r0
r1 = r0
call bpf_task_release
r0 = *(u32 *)(r6 + 0)
out:
r0 = 0
exit

; case: task_release_wrong_type: a cgroup reference passed to bpf_task_release
r1 = 1
call bpf_cgroup_from_id
if r0 == 0 goto out
r1 = r0
call bpf_task_release
out:
r0 = 0
exit

; case: task_release_not_at_offset_zero: the pointer was moved before the release
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r1 = r0
r1 += 8
call bpf_task_release
out:
r0 = 0
exit

; case: task_release_maybe_null: released before the NULL check
r1 = 1
call bpf_task_from_pid
r1 = r0
call bpf_task_release
r0 = 0
exit

; case: task_throw_holding: bpf_throw while the reference is held
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r6 = r0
r1 = 0
call bpf_throw
r1 = r6
call bpf_task_release
out:
r0 = 0
exit

; case: task_throw_after_release: bpf_throw once the reference is gone
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r1 = r0
call bpf_task_release
r1 = 0
call bpf_throw
out:
r0 = 0
exit

; case: task_in_r6_across_call: held in a callee-saved register across a helper call
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r6 = r0
call bpf_ktime_get_ns
r1 = r6
call bpf_task_release
out:
r0 = 0
exit

; case: task_in_r9_across_call_leak: held in R9 across a call, then forgotten
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r9 = r0
call bpf_ktime_get_ns
out:
r0 = 0
exit

; case: task_in_r1_clobbered_by_call: only R1 held it, and the call clobbered R1
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r1 = r0
call bpf_ktime_get_ns
out:
r0 = 0
exit

; case: task_spilled_across_call: spilled to fp-8 across a call, filled and released
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
*(u64 *)(r10 - 8) = r0
call bpf_ktime_get_ns
r1 = *(u64 *)(r10 - 8)
call bpf_task_release
out:
r0 = 0
exit

; case: task_spilled_across_call_leak: spilled across a call and never filled
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
*(u64 *)(r10 - 16) = r0
call bpf_ktime_get_ns
out:
r0 = 0
exit

; case: task_spill_overwritten_leak: the only copy on the stack is overwritten
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
*(u64 *)(r10 - 8) = r0
r1 = 0
*(u64 *)(r10 - 8) = r1
out:
r0 = 0
exit

; case: task_conditional_acquire: acquired and released under the same condition
call bpf_get_prandom_u32
r7 = r0
r6 = 0
if r7 == 0 goto use
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r6 = r0
use:
call bpf_ktime_get_ns
if r7 == 0 goto out
r1 = r6
call bpf_task_release
out:
r0 = 0
exit

; case: task_conditional_acquire_leak: released under a different condition
call bpf_get_prandom_u32
r7 = r0
r6 = 0
if r7 == 0 goto use
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r6 = r0
use:
call bpf_ktime_get_ns
if r7 != 1 goto out
r1 = r6
call bpf_task_release
out:
r0 = 0
exit

; case: task_two_references: two tasks held at once, both released
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r6 = r0
r1 = 2
call bpf_task_from_pid
if r0 == 0 goto one
r1 = r0
call bpf_task_release
one:
r1 = r6
call bpf_task_release
out:
r0 = 0
exit

; case: task_two_references_leak_second: the second of two references leaks
r1 = 1
call bpf_task_from_pid
if r0 == 0 goto out
r6 = r0
r1 = 2
call bpf_task_from_pid
r1 = r6
call bpf_task_release
out:
r0 = 0
exit
