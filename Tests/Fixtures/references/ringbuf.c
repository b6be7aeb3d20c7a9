// Ring buffer records in C (SPEC §2): reserve acquires, submit and discard release.
#include "bpfsim_kernel.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} records SEC(".maps");

struct event {
	u32 len;
	u32 mark;
};

SEC("tc")
int c_ringbuf_reserve_submit(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&records, sizeof(*e), 0);

	if (!e)
		return 0;
	e->len = skb->len;
	e->mark = skb->mark;
	if (skb->len > 1000)
		bpf_ringbuf_discard(e, 0);
	else
		bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tc")
int c_ringbuf_leak(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&records, sizeof(*e), 0);

	if (!e)
		return 0;
	e->len = skb->len;
	if (skb->len > 1000)
		return 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tc")
int c_ringbuf_double_submit(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&records, sizeof(*e), 0);

	if (!e)
		return 0;
	bpf_ringbuf_submit(e, 0);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tc")
int c_ringbuf_submit_unreserved(struct __sk_buff *skb)
{
	struct event local = { .len = skb->len };

	bpf_ringbuf_submit(&local, 0);
	return 0;
}

SEC("tc")
int c_ringbuf_use_after_submit(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&records, sizeof(*e), 0);

	if (!e)
		return 0;
	bpf_ringbuf_submit(e, 0);
	e->len = skb->len;
	return 0;
}

SEC("tc")
int c_ringbuf_throw_holding(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&records, sizeof(*e), 0);

	if (!e)
		return 0;
	e->len = skb->len;
	if (e->len == 0)
		bpf_throw(0);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
