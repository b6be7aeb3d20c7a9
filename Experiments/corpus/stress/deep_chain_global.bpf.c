/* Models: layered validation libraries built from global functions (each verified once,
 * reused by many programs, as in Cilium's and bpftool-generated skeleton helpers): the main
 * program holds a socket while calling three levels of global validators, the innermost of
 * which throws. The kernel verifies each global function alone and accepts.
 *
 * manifest: prog=deep_chain_global resources=sock throws_holding=yes stress=global-callee-throws,deep-call-chain
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

__noinline int check_port(u32 port)
{
	if (port == 0 || port > 65535)
		bpf_throw(port);
	return port;
}

__noinline int check_family(u32 family, u32 port)
{
	if (family != 2 && family != 10)
		bpf_throw(family << 16);
	return check_port(port);
}

__noinline int check_sock(u32 family, u32 port, u32 state)
{
	if (state > 12)
		bpf_throw(state << 24);
	return check_family(family, port);
}

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, struct bpf_sock_tuple);
	__uint(max_entries, 1);
} probe_tuple SEC(".maps");

SEC("tc")
int deep_chain_global(struct __sk_buff *skb)
{
	struct bpf_sock_tuple *t;
	struct bpf_sock *sk;
	u32 zero = 0;
	int port;

	t = bpf_map_lookup_elem(&probe_tuple, &zero);
	if (!t)
		return TC_ACT_OK;
	sk = bpf_sk_lookup_tcp(skb, t, sizeof(t->ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	port = check_sock(sk->family, sk->src_port, sk->state);
	bpf_sk_release(sk);
	return port > 1024 ? TC_ACT_OK : TC_ACT_SHOT;
}
