/* Models: producers that emit a header record and a payload record for one event (split
 * events in tracing tools whose payload size differs per event type): both records are
 * reserved before either is submitted, and a check between them can fail.
 *
 * manifest: prog=two_records resources=ringbuf_record,ringbuf_record throws_holding=yes stress=two-refs-same-type
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct hdr {
	u32 kind;
	u32 size;
	u64 ts;
};

struct payload {
	u64 words[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 18);
} rb SEC(".maps");

SEC("tp_btf/sched_switch")
int BPF_PROG(two_records, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct payload *pl;
	struct hdr *h;

	h = bpf_ringbuf_reserve(&rb, sizeof(*h), 0);
	if (!h)
		return 0;
	pl = bpf_ringbuf_reserve(&rb, sizeof(*pl), 0);
	if (!pl) {
		bpf_ringbuf_discard(h, 0);
		return 0;
	}
	h->kind = 1;
	h->size = sizeof(*pl);
	h->ts = bpf_ktime_get_ns();
	pl->words[0] = prev->pid;
	pl->words[1] = next->pid;
	pl->words[2] = prev->__state;
	bpf_assert(pl->words[0] != pl->words[1] || !preempt);
	bpf_ringbuf_submit(h, 0);
	bpf_ringbuf_submit(pl, 0);
	return 0;
}
