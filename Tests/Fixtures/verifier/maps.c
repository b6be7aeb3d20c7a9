// Map lookups as users write them: NULL checks, counters, array indexing with a bounds
// check, spin locks, ring buffers and global data. The rejected ones forget the NULL check,
// the bounds check, or call a helper under a lock.
// Expected kernel verdicts: manifest.json beside this file.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct flow_stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct flow_stats);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[16]);
} histogram SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} percpu_counts SEC(".maps");

struct locked_value {
	struct bpf_spin_lock lock;
	__u64 total;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct locked_value);
} locked SEC(".maps");

struct event {
	__u32 len;
	__u32 mark;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

__u64 packets_seen = 0;
const volatile __u32 drop_mark = 7;

/* Accepted: look up, create if missing, count with atomics. */
SEC("tc")
int count_flows(struct __sk_buff *skb)
{
	__u32 key = skb->hash;
	struct flow_stats *st = bpf_map_lookup_elem(&flows, &key);
	if (!st) {
		struct flow_stats init = { .packets = 1, .bytes = skb->len };
		bpf_map_update_elem(&flows, &key, &init, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	__sync_fetch_and_add(&st->packets, 1);
	__sync_fetch_and_add(&st->bytes, skb->len);
	return TC_ACT_OK;
}

/* Accepted: a histogram bucket indexed by a value masked into range. */
SEC("tc")
int length_histogram(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *buckets = bpf_map_lookup_elem(&histogram, &zero);
	if (!buckets)
		return TC_ACT_OK;
	__u32 bucket = (skb->len >> 7) & 15;
	buckets[bucket]++;
	return TC_ACT_OK;
}

/* Accepted: a bucket indexed by a value checked against the array size. */
SEC("tc")
int checked_index(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *buckets = bpf_map_lookup_elem(&histogram, &zero);
	if (!buckets)
		return TC_ACT_OK;
	__u32 idx = skb->mark;
	if (idx < 16)
		buckets[idx] += 1;
	return TC_ACT_OK;
}

/* Accepted: per-CPU counter, no atomics needed. */
SEC("xdp")
int percpu_counter(struct xdp_md *ctx)
{
	__u32 key = ctx->rx_queue_index & 3;
	__u64 *v = bpf_map_lookup_elem(&percpu_counts, &key);
	if (v)
		*v += 1;
	return XDP_PASS;
}

/* Accepted: a spin lock held around the update only. */
SEC("tc")
int spin_locked_sum(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct locked_value *v = bpf_map_lookup_elem(&locked, &zero);
	if (!v)
		return TC_ACT_OK;
	bpf_spin_lock(&v->lock);
	v->total += skb->len;
	bpf_spin_unlock(&v->lock);
	return TC_ACT_OK;
}

/* Accepted: a ring buffer record reserved, filled and submitted. */
SEC("tc")
int ringbuf_event(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return TC_ACT_OK;
	e->len = skb->len;
	e->mark = skb->mark;
	bpf_ringbuf_submit(e, 0);
	return TC_ACT_OK;
}

/* Accepted: global variables in .bss and .rodata. */
SEC("tc")
int global_data(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&packets_seen, 1);
	return skb->mark == drop_mark ? TC_ACT_SHOT : TC_ACT_OK;
}

/* Rejected: the hash lookup may return NULL. */
SEC("tc")
int missing_null_check(struct __sk_buff *skb)
{
	__u32 key = skb->hash;
	struct flow_stats *st = bpf_map_lookup_elem(&flows, &key);
	st->packets++;
	return TC_ACT_OK;
}

/* Rejected: the index is checked only from above: off by one at 16. */
SEC("tc")
int off_by_one_index(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *buckets = bpf_map_lookup_elem(&histogram, &zero);
	if (!buckets)
		return TC_ACT_OK;
	__u32 idx = skb->mark;
	if (idx <= 16)
		buckets[idx] += 1;
	return TC_ACT_OK;
}

/* Rejected: a signed index checked only from above may be negative. */
SEC("tc")
int signed_index(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *buckets = bpf_map_lookup_elem(&histogram, &zero);
	if (!buckets)
		return TC_ACT_OK;
	int idx = (int)skb->mark;
	if (idx < 16)
		buckets[idx] += 1;
	return TC_ACT_OK;
}

/* Rejected: a helper called while the spin lock is held. */
SEC("tc")
int helper_under_lock(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct locked_value *v = bpf_map_lookup_elem(&locked, &zero);
	if (!v)
		return TC_ACT_OK;
	bpf_spin_lock(&v->lock);
	v->total += bpf_get_prandom_u32();
	bpf_spin_unlock(&v->lock);
	return TC_ACT_OK;
}

/* Rejected: the ring buffer record is dropped on one path. */
SEC("tc")
int ringbuf_leak_on_path(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return TC_ACT_OK;
	e->len = skb->len;
	if (skb->mark)
		return TC_ACT_SHOT;
	bpf_ringbuf_submit(e, 0);
	return TC_ACT_OK;
}

/* Rejected: a write into the read-only .rodata map. */
SEC("tc")
int write_rodata(struct __sk_buff *skb)
{
	*(volatile __u32 *)&drop_mark = skb->mark;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
