/* Models: a parser that allocates one of two record shapes depending on the packet (an IPv4
 * or an IPv6 flow record, each its own bpf_obj_new type) and finishes both paths through
 * common validation code. The two owning pointers have different BTF types but reach the
 * common code through the same variable.
 *
 * manifest: prog=two_shapes resources=obj_new throws_holding=yes stress=two-btf-types-one-register
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct rec4 {
	u32 len;
	u32 saddr;
	u32 daddr;
};

struct rec6 {
	u32 len;
	u32 saddr[4];
	u32 daddr[4];
};

SEC("tc")
int two_shapes(struct __sk_buff *skb)
{
	void *rec;
	u32 len = skb->len;

	if (skb->protocol == bpf_htons(ETH_P_IPV6)) {
		struct rec6 *r = bpf_obj_new(typeof(*r));

		if (!r)
			return TC_ACT_OK;
		r->len = len;
		r->saddr[0] = skb->hash;
		rec = r;
	} else {
		struct rec4 *r = bpf_obj_new(typeof(*r));

		if (!r)
			return TC_ACT_OK;
		r->len = len;
		r->saddr = skb->hash;
		rec = r;
	}
	bpf_assert(len >= 20);
	bpf_obj_drop(rec);
	return TC_ACT_OK;
}
