/* Call graphs libbpf must flatten: static and global subprograms in .text shared by several
 * programs, a subprogram reached from another subprogram, a callback passed to
 * bpf_for_each_map_elem, a __hidden global function, and a kprobe calling the same static
 * helper twice. */
#include "bpfsim_kernel.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, u32);
	__type(value, u64);
} slots SEC(".maps");

static __noinline u64 leaf(u64 x)
{
	return x * 3 + 1;
}

static __noinline u64 middle(u64 x)
{
	return leaf(x) + leaf(x + 1);
}

__noinline int global_sum(u32 n)
{
	u64 s = 0;

	for (u32 i = 0; i < n && i < 8; i++)
		s += middle(i);
	return (int)s;
}

__hidden __noinline int hidden_helper(int v)
{
	return v ^ 0x5a;
}

static long visit(struct bpf_map *map, u32 *key, u64 *val, void *ctx)
{
	*(u64 *)ctx += *val;
	return 0;
}

SEC("kprobe/do_sys_openat2")
int probe_open(void *ctx)
{
	u64 total = 0;

	bpf_for_each_map_elem(&slots, visit, &total, 0);
	return (int)(middle(total) + leaf(2));
}

SEC("raw_tp/sys_enter")
int raw_enter(void *ctx)
{
	return global_sum(4) + hidden_helper(3);
}

SEC("socket")
int sock_filter(struct __sk_buff *skb)
{
	return leaf(skb->len) > 100 ? 0 : -1;
}

SEC("?lsm.s/file_open")
int check_open(void *ctx)
{
	return 0;
}
