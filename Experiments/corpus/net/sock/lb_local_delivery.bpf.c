/* Models: a katran-style L4 load balancer on tc: pick a backend from a map by flow hash,
 * and when the backend is local look up its listening socket; a global (separately
 * verified) consistency check of the backend table may abort while the socket is held.
 * The kernel verifies the global function alone and accepts (kernel-verifier-facts §6.3).
 *
 * manifest: prog=lb_local_delivery resources=sock throws_holding=yes stress=global-callee-throws
 */
#include "../../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct backend {
	u32 addr;
	u16 port;
	u16 local;
	u32 weight;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, struct backend);
	__uint(max_entries, 64);
} backends SEC(".maps");

__noinline int check_backend(u32 idx, u32 weight)
{
	if (idx >= 64)
		bpf_throw(10);
	if (weight == 0)
		bpf_throw(11);
	return weight;
}

SEC("tc")
int lb_local_delivery(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tup = {};
	struct backend *be;
	struct bpf_sock *sk;
	u32 idx = skb->hash & 63;
	int w;

	be = bpf_map_lookup_elem(&backends, &idx);
	if (!be || !be->local)
		return TC_ACT_OK;
	tup.ipv4.daddr = be->addr;
	tup.ipv4.dport = be->port;
	sk = bpf_sk_lookup_tcp(skb, &tup, sizeof(tup.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_SHOT;
	w = check_backend(idx, be->weight);
	bpf_sk_release(sk);
	return w > 0 ? TC_ACT_OK : TC_ACT_SHOT;
}
