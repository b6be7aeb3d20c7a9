/* Models: bpf_obj_new used as per-invocation scratch memory larger than is comfortable on
 * the 512-byte stack (as in the local-kptr selftests): allocate, fill from the packet
 * metadata, validate, drop.
 *
 * manifest: prog=obj_scratch resources=obj_new throws_holding=yes stress=none
 * manifest: prog=obj_scratch_checked resources=obj_new throws_holding=no stress=none
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct scratch {
	u64 len;
	u64 hash;
	u32 mark;
	u32 ifindex;
	u64 hist[16];
};

SEC("tc")
int obj_scratch(struct __sk_buff *skb)
{
	struct scratch *s;
	u64 h;

	s = bpf_obj_new(typeof(*s));
	if (!s)
		return TC_ACT_OK;
	s->len = skb->len;
	s->mark = skb->mark;
	s->ifindex = skb->ifindex;
	s->hist[0] += skb->len & 15;
	bpf_assert_with(s->len <= 65535 + 14, TC_ACT_SHOT);
	h = s->len * 31 + s->mark;
	bpf_obj_drop(s);
	return h & 1 ? TC_ACT_OK : TC_ACT_OK;
}

SEC("tc")
int obj_scratch_checked(struct __sk_buff *skb)
{
	struct scratch *s;
	u64 len;

	s = bpf_obj_new(typeof(*s));
	if (!s)
		return TC_ACT_OK;
	s->len = skb->len;
	s->hist[0] += skb->len & 15;
	len = s->len;
	bpf_obj_drop(s);
	bpf_assert_with(len <= 65535 + 14, TC_ACT_SHOT);
	return TC_ACT_OK;
}
