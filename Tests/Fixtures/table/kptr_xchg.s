; A cpumask stashed in a map with bpf_kptr_xchg (ownership moves to the map: a pop), the old
; value coming back (a push), a throw while the new one is held.
; bpfsim: section=tc license=GPL
; map: name=masks type=array key_size=4 value_size=8 max_entries=1
r6 = r1
call bpf_cpumask_create
if r0 == 0 goto out
r7 = r0
r1 = 0
*(u32 *)(r10 - 4) = r1
r2 = r10
r2 += -4
r1 = masks ll
call bpf_map_lookup_elem
if r0 != 0 goto found
r1 = r7
call bpf_cpumask_release
goto out
found:
r8 = *(u32 *)(r6 + 0)
if r8 != 0 goto stash
r1 = 1
call bpf_throw
stash:
r1 = r0
r2 = r7
call bpf_kptr_xchg
if r0 == 0 goto out
r1 = r0
call bpf_cpumask_release
out:
r0 = 0
exit
