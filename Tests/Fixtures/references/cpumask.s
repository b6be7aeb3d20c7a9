; cpumask references (SPEC §2): bpf_cpumask_create / bpf_cpumask_acquire, released by
; bpf_cpumask_release. cpumask kfuncs are registered for tracing programs, hence tp_btf.
; bpfsim: section=tp_btf/task_newtask license=GPL

; case: cpumask_create_release: create, NULL check, release
call bpf_cpumask_create
if r0 == 0 goto out
r1 = r0
call bpf_cpumask_release
out:
r0 = 0
exit

; case: cpumask_create_set_release: the mask is used, then released
call bpf_cpumask_create
if r0 == 0 goto out
r6 = r0
r1 = 0
r2 = r6
call bpf_cpumask_set_cpu
r1 = r6
call bpf_cpumask_release
out:
r0 = 0
exit

; case: cpumask_acquire_twice: a second reference to the same mask
call bpf_cpumask_create
if r0 == 0 goto out
r6 = r0
r1 = r0
call bpf_cpumask_acquire
r1 = r0
call bpf_cpumask_release
r1 = r6
call bpf_cpumask_release
out:
r0 = 0
exit

; case: cpumask_leak: the mask is never released
call bpf_cpumask_create
if r0 == 0 goto out
r6 = r0
out:
r0 = 0
exit

; case: cpumask_double_release: the second release sees a scalar
call bpf_cpumask_create
if r0 == 0 goto out
r6 = r0
r1 = r0
call bpf_cpumask_release
r1 = r6
call bpf_cpumask_release
out:
r0 = 0
exit

; case: cpumask_release_null: NULL was never acquired
r1 = 0
call bpf_cpumask_release
r0 = 0
exit

; case: cpumask_use_after_release: the released mask passed to bpf_cpumask_set_cpu
call bpf_cpumask_create
if r0 == 0 goto out
r6 = r0
r1 = r0
call bpf_cpumask_release
r1 = 0
r2 = r6
call bpf_cpumask_set_cpu
out:
r0 = 0
exit

; case: cpumask_throw_holding: bpf_throw while the mask is held
call bpf_cpumask_create
if r0 == 0 goto out
r6 = r0
r1 = 0
call bpf_throw
r1 = r6
call bpf_cpumask_release
out:
r0 = 0
exit
