/* Models: a program with its own exception callback (__exception_cb; the exceptions
 * selftests' custom-callback cases): the callback turns the throw cookie into the program's
 * verdict and counts aborts. No resource is held at the throws: accepted by every design.
 *
 * manifest: prog=custom_callback resources= throws_holding=no stress=exception-callback
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u64);
	__uint(max_entries, 4);
} aborts SEC(".maps");

__noinline int drop_on_throw(u64 cookie)
{
	u32 k = cookie & 3;
	u64 *n = bpf_map_lookup_elem(&aborts, &k);

	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_SHOT;
}

SEC("tc")
__exception_cb(drop_on_throw)
int custom_callback(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	bpf_assert_with((void *)(eth + 1) <= end, 1);
	bpf_assert_with(eth->h_proto == bpf_htons(ETH_P_IP) || eth->h_proto == bpf_htons(ETH_P_IPV6), 2);
	return TC_ACT_OK;
}
