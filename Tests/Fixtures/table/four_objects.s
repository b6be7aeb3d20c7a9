; A loop holding many objects, as clang unrolls it for a 4-element array: four task
; references at fp-8 .. fp-32 (each possibly NULL), a throw, then four releases.
; bpfsim: section=tc license=GPL
r6 = r1
r1 = 1
call bpf_task_from_pid
*(u64 *)(r10 - 8) = r0
r1 = 2
call bpf_task_from_pid
*(u64 *)(r10 - 16) = r0
r1 = 3
call bpf_task_from_pid
*(u64 *)(r10 - 24) = r0
r1 = 4
call bpf_task_from_pid
*(u64 *)(r10 - 32) = r0
r7 = *(u32 *)(r6 + 0)
r7 &= 1
if r7 != 0 goto release
r1 = 0
call bpf_throw
release:
r1 = *(u64 *)(r10 - 8)
if r1 == 0 goto s2
call bpf_task_release
s2:
r1 = *(u64 *)(r10 - 16)
if r1 == 0 goto s3
call bpf_task_release
s3:
r1 = *(u64 *)(r10 - 24)
if r1 == 0 goto s4
call bpf_task_release
s4:
r1 = *(u64 *)(r10 - 32)
if r1 == 0 goto done
call bpf_task_release
done:
r0 = 0
exit
