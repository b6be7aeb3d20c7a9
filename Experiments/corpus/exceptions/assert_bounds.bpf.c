/* Models: the exceptions_assert selftests and the motivating use of bpf_assert: replace
 * defensive "if out of range return" ladders with assertions that teach the verifier bounds
 * (bpf_assert_range's compare-and-throw), with no resource held. Accepted by every design.
 *
 * manifest: prog=assert_bounds resources= throws_holding=no stress=none
 * manifest: prog=assert_index resources= throws_holding=no stress=none
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u64);
	__uint(max_entries, 1);
} table SEC(".maps");

SEC("tc")
int assert_bounds(struct __sk_buff *skb)
{
	u64 len = skb->len;

	bpf_assert_range(len, 14, 9000);
	bpf_assert_with(skb->protocol != 0, TC_ACT_SHOT);
	return len > 1514 ? TC_ACT_SHOT : TC_ACT_OK;
}

/* The assertion bounds an index used to address a map value directly. */
SEC("tc")
int assert_index(struct __sk_buff *skb)
{
	u8 *val;
	u32 zero = 0;
	s64 idx = skb->mark;

	val = bpf_map_lookup_elem(&table, &zero);
	if (!val)
		return TC_ACT_OK;
	bpf_assert_range(idx, 0, 7);
	val[idx] += 1;
	return TC_ACT_OK;
}
