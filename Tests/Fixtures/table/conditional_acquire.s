; A cgroup acquired on one path only; the throw is reached with or without it.
; bpfsim: section=tc license=GPL
r6 = r1
r8 = 0
r7 = *(u32 *)(r6 + 0)
r7 &= 1
if r7 == 0 goto skip
r1 = 42
call bpf_cgroup_from_id
r8 = r0
skip:
r7 = *(u32 *)(r6 + 4)
r7 &= 1
if r7 != 1 goto done
r1 = 2
call bpf_throw
done:
if r8 == 0 goto out
r1 = r8
call bpf_cgroup_release
out:
r0 = 0
exit
