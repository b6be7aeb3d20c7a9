/* Models: a union slot reused for a cookie or an owned pointer (event code that stores a
 * numeric key in the same stack word as a looked-up socket, as packed "key or object"
 * records do): at the shared assert the slot holds a plain non-zero number on one path and
 * a socket reference on the other, the not-initialised-marker-against-pointer conflict of
 * SPEC §5.2.
 *
 * manifest: prog=slot_garbage_vs_ref resources=sock throws_holding=yes stress=garbage-vs-pointer
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

union key_or_sock {
	u64 cookie;
	struct bpf_sock *sk;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, struct bpf_sock_tuple);
	__uint(max_entries, 1);
} wanted SEC(".maps");

static __noinline int finish(union key_or_sock *u, u64 is_sock)
{
	if (is_sock && u->sk) {
		bpf_sk_release(u->sk);
		return 1;
	}
	return 0;
}

SEC("tc")
int slot_garbage_vs_ref(struct __sk_buff *skb)
{
	union key_or_sock u;
	struct bpf_sock_tuple *t;
	u32 zero = 0;
	u64 is_sock = 0;

	t = bpf_map_lookup_elem(&wanted, &zero);
	if (t && skb->protocol == bpf_htons(ETH_P_IP)) {
		u.sk = bpf_sk_lookup_tcp(skb, t, sizeof(t->ipv4), BPF_F_CURRENT_NETNS, 0);
		if (!u.sk)
			return TC_ACT_OK;
		is_sock = 1;
	} else {
		u.cookie = bpf_get_prandom_u32() | 1;
	}
	bpf_assert(skb->len > 0);
	return finish(&u, is_sock) ? TC_ACT_OK : TC_ACT_SHOT;
}
