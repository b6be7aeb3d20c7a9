// Loops the ways users write them: a counted `for` the verifier unrolls by exploration,
// `bpf_loop` with a callback, `bpf_for_each_map_elem`, and a loop over a stack array. The
// rejected ones have a bound the verifier cannot see, or a callback returning out of range.
// Expected kernel verdicts: manifest.json beside this file.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct bpf_map;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} weights SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32[32]);
} table SEC(".maps");

/* Accepted: sum a 32-entry array in a map value with a counted loop. */
SEC("tc")
int sum_table(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u32 *t = bpf_map_lookup_elem(&table, &zero);
	if (!t)
		return TC_ACT_OK;
	__u32 sum = 0;
	for (int i = 0; i < 32; i++)
		sum += t[i];
	return sum > skb->len ? TC_ACT_SHOT : TC_ACT_OK;
}

/* Accepted: a loop over a stack array, bounded by a constant. */
SEC("tc")
int stack_array_loop(struct __sk_buff *skb)
{
	__u32 buf[8];
	for (int i = 0; i < 8; i++)
		buf[i] = skb->len + i;
	__u32 acc = 0;
	for (int i = 0; i < 8; i++)
		acc ^= buf[i];
	return acc & 1;
}

/* Accepted: a loop whose trip count depends on data but is capped. */
SEC("tc")
int capped_data_loop(struct __sk_buff *skb)
{
	__u32 n = skb->mark;
	__u32 acc = 0;
	for (__u32 i = 0; i < n && i < 64; i++)
		acc += i * 3;
	return acc & 1;
}

struct loop_ctx {
	__u64 sum;
	__u32 len;
};

static int add_weight(__u32 index, void *data)
{
	struct loop_ctx *lc = data;
	__u32 key = index & 7;
	__u64 *w = bpf_map_lookup_elem(&weights, &key);
	if (w)
		lc->sum += *w * lc->len;
	return 0;
}

/* Accepted: bpf_loop with a callback reading a map and writing the caller's stack. */
SEC("tc")
int bpf_loop_weights(struct __sk_buff *skb)
{
	struct loop_ctx lc = { .sum = 0, .len = skb->len };
	bpf_loop(100, add_weight, &lc, 0);
	return lc.sum > 1000 ? TC_ACT_SHOT : TC_ACT_OK;
}

static int stop_at_five(__u32 index, void *data)
{
	*(__u32 *)data = index;
	return index >= 5 ? 1 : 0;
}

/* Accepted: a bpf_loop callback that stops the loop early. */
SEC("xdp")
int bpf_loop_early_stop(struct xdp_md *ctx)
{
	__u32 last = 0;
	bpf_loop(1000, stop_at_five, &last, 0);
	return last == 5 ? XDP_PASS : XDP_DROP;
}

static long sum_elem(struct bpf_map *map, __u32 *key, __u64 *value, void *data)
{
	*(__u64 *)data += *value;
	return 0;
}

/* Accepted: bpf_for_each_map_elem over an array map. */
SEC("tc")
int for_each_sum(struct __sk_buff *skb)
{
	__u64 total = 0;
	bpf_for_each_map_elem(&weights, sum_elem, &total, 0);
	return total > skb->len ? TC_ACT_SHOT : TC_ACT_OK;
}

static int bad_return(__u32 index, void *data)
{
	return 2;
}

/* Rejected: a bpf_loop callback must return 0 or 1. */
SEC("tc")
int bpf_loop_bad_return(struct __sk_buff *skb)
{
	bpf_loop(4, bad_return, 0, 0);
	return TC_ACT_OK;
}

/* Rejected: the loop walks past the end of the map value (i <= 32). */
SEC("tc")
int loop_past_end(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u32 *t = bpf_map_lookup_elem(&table, &zero);
	if (!t)
		return TC_ACT_OK;
	__u32 sum = 0;
	for (int i = 0; i <= 32; i++)
		sum += t[i];
	return sum & 1;
}

char _license[] SEC("license") = "GPL";
