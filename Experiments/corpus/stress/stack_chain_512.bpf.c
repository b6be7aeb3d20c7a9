/* Models: the same large-buffer style split over a caller and a static callee (a 248-byte
 * header buffer in the program, a 232-byte payload buffer in the formatting helper), each
 * frame holding a resource: the call chain's combined stack sits at 480 of 512 bytes after
 * the kernel's 32-byte rounding per frame.
 *
 * manifest: prog=stack_chain_512 resources=task_struct,ringbuf_record throws_holding=yes stress=stack-near-512,throw-in-static-callee
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 18);
} out SEC(".maps");

struct payload {
	u64 words[29];
};

static __noinline int emit_payload(struct task_struct *t, u32 salt)
{
	struct payload buf;
	u64 *rec;

	bpf_probe_read_kernel(&buf, sizeof(buf), t->comm);
	rec = bpf_ringbuf_reserve(&out, sizeof(u64) * 4, 0);
	if (!rec)
		return 0;
	rec[0] = buf.words[0] ^ salt;
	rec[1] = buf.words[28];
	rec[2] = buf.words[salt & 15];
	rec[3] = t->pid;
	bpf_assert(rec[3] != 0);
	bpf_ringbuf_submit(rec, 0);
	return 1;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(stack_chain_512, struct task_struct *p)
{
	char header[248];
	struct task_struct *t;
	int n;

	t = bpf_task_acquire(p);
	if (!t)
		return 0;
	bpf_probe_read_kernel(header, sizeof(header), t->comm);
	n = emit_payload(t, header[0] + header[247]);
	bpf_task_release(t);
	return n;
}
