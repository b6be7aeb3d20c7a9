/* Models: transparent proxies that relate the two halves of a spliced connection (the
 * sockmap/sk_lookup redirect selftests, Cilium's socket-LB): look up the client-side and the
 * proxy-side socket, check they agree, release both.
 *
 * manifest: prog=sk_pair resources=sock,sock throws_holding=yes stress=callee-saved-across-calls
 */
#include "../../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, struct bpf_sock_tuple);
	__uint(max_entries, 2);
} proxy_tuples SEC(".maps");

SEC("tc")
int sk_pair(struct __sk_buff *skb)
{
	struct bpf_sock_tuple *t0, *t1;
	struct bpf_sock *client, *proxy;
	u32 k0 = 0, k1 = 1;
	int ok;

	t0 = bpf_map_lookup_elem(&proxy_tuples, &k0);
	t1 = bpf_map_lookup_elem(&proxy_tuples, &k1);
	if (!t0 || !t1)
		return TC_ACT_OK;
	client = bpf_sk_lookup_tcp(skb, t0, sizeof(t0->ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!client)
		return TC_ACT_OK;
	proxy = bpf_sk_lookup_tcp(skb, t1, sizeof(t1->ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!proxy) {
		bpf_sk_release(client);
		return TC_ACT_OK;
	}
	ok = client->family == proxy->family;
	bpf_assert(ok);
	bpf_sk_release(proxy);
	bpf_sk_release(client);
	return TC_ACT_OK;
}
