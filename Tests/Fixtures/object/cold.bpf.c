/* A miss path clang 21 outlines into a static prog.cold.1 function in the program's own
 * section unless -fno-split-cold-code is given; libbpf refuses the result. */
#include "bpfsim_kernel.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, u32);
	__type(value, u64);
} seen SEC(".maps");

static __noinline int slow_path(u32 k)
{
	u64 v = k;

	return bpf_map_update_elem(&seen, &k, &v, BPF_ANY);
}

SEC("tc")
int cold_prog(struct __sk_buff *skb)
{
	u32 k = skb->len;
	u64 *v = bpf_map_lookup_elem(&seen, &k);

	if (__builtin_expect(!v, 0)) {
		u64 zero = 0;

		bpf_map_update_elem(&seen, &k, &zero, BPF_ANY);
		bpf_printk("miss %d %d", k, skb->protocol);
		bpf_printk("miss again %d %d", k, skb->mark);
		bpf_map_delete_elem(&seen, &k);
		return slow_path(k) + 3;
	}
	return *v;
}
