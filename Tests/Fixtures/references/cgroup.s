; cgroup references (SPEC §2): acquired by bpf_cgroup_from_id / bpf_cgroup_ancestor,
; released by bpf_cgroup_release. manifest.json holds the kernel's verdict on each case.
; bpfsim: section=tc license=GPL

; case: cgroup_acquire_release: bpf_cgroup_from_id, NULL check, bpf_cgroup_release
r1 = 1
call bpf_cgroup_from_id
if r0 == 0 goto out
r1 = r0
call bpf_cgroup_release
out:
r0 = 0
exit

; case: cgroup_ancestor_release_both: an ancestor is a second reference
r1 = 1
call bpf_cgroup_from_id
if r0 == 0 goto out
r6 = r0
r1 = r0
r2 = 0
call bpf_cgroup_ancestor
if r0 == 0 goto one
r1 = r0
call bpf_cgroup_release
one:
r1 = r6
call bpf_cgroup_release
out:
r0 = 0
exit

; case: cgroup_leak: the reference is never released
r1 = 1
call bpf_cgroup_from_id
if r0 == 0 goto out
r0 = 1
exit
out:
r0 = 0
exit

; case: cgroup_double_release: the second release sees a scalar
r1 = 1
call bpf_cgroup_from_id
if r0 == 0 goto out
r6 = r0
r1 = r0
call bpf_cgroup_release
r1 = r6
call bpf_cgroup_release
out:
r0 = 0
exit

; case: cgroup_release_null: NULL was never acquired
r1 = 0
call bpf_cgroup_release
r0 = 0
exit

; case: cgroup_release_task: a task pointer was never a cgroup reference
call bpf_get_current_task_btf
r1 = r0
call bpf_cgroup_release
r0 = 0
exit

; case: cgroup_use_after_release: reading the released cgroup
r1 = 1
call bpf_cgroup_from_id
if r0 == 0 goto out
r6 = r0
r1 = r0
call bpf_cgroup_release
r0 = *(u64 *)(r6 + 0)
out:
r0 = 0
exit

; case: cgroup_throw_holding: bpf_throw while the reference is held
r1 = 1
call bpf_cgroup_from_id
if r0 == 0 goto out
r6 = r0
r1 = 7
call bpf_throw
r1 = r6
call bpf_cgroup_release
out:
r0 = 0
exit
