; RCU read-side sections and preemption (kernel check_resource_leak rules): bpf_rcu_read_lock
; / unlock and bpf_preempt_disable / enable must pair up before exit, and bpf_throw may not
; be called inside either.
; bpfsim: section=tc license=GPL

; case: rcu_lock_unlock: a balanced section
call bpf_rcu_read_lock
call bpf_rcu_read_unlock
r0 = 0
exit

; case: rcu_task_acquire_inside: a task acquired inside the section, released after it
call bpf_rcu_read_lock
r1 = 1
call bpf_task_from_pid
r6 = r0
call bpf_rcu_read_unlock
if r6 == 0 goto out
r1 = r6
call bpf_task_release
out:
r0 = 0
exit

; case: rcu_unlock_unmatched: unlock without lock
call bpf_rcu_read_unlock
r0 = 0
exit

; case: rcu_exit_locked: exit inside the section
call bpf_rcu_read_lock
r0 = 0
exit

; case: rcu_nested: a section inside a section
call bpf_rcu_read_lock
call bpf_rcu_read_lock
call bpf_rcu_read_unlock
call bpf_rcu_read_unlock
r0 = 0
exit

; case: rcu_throw_locked: bpf_throw inside the section
call bpf_rcu_read_lock
r1 = 0
call bpf_throw
call bpf_rcu_read_unlock
r0 = 0
exit

; case: preempt_disable_enable: a balanced region
call bpf_preempt_disable
call bpf_preempt_enable
r0 = 0
exit

; case: preempt_exit_disabled: exit with preemption disabled
call bpf_preempt_disable
r0 = 0
exit

; case: preempt_enable_unmatched: enable without disable
call bpf_preempt_enable
r0 = 0
exit

; case: preempt_throw_disabled: bpf_throw with preemption disabled
call bpf_preempt_disable
r1 = 0
call bpf_throw
call bpf_preempt_enable
r0 = 0
exit
