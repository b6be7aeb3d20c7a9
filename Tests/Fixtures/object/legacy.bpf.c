/* The pre-BTF way to define maps: struct bpf_map_def in the "maps" section (libbpf 0.x). */
#include "bpfsim_kernel.h"

char LICENSE[] SEC("license") = "GPL";

struct legacy_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct legacy_map_def old_counts SEC("maps") = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(u32),
	.value_size = sizeof(u64),
	.max_entries = 256,
};

struct legacy_map_def old_array SEC("maps") = {
	.type = BPF_MAP_TYPE_PERCPU_ARRAY,
	.key_size = sizeof(u32),
	.value_size = sizeof(u32),
	.max_entries = 4,
	.map_flags = 0,
};

SEC("xdp")
int legacy_xdp(struct xdp_md *ctx)
{
	u32 key = ctx->rx_queue_index;
	u64 *v = bpf_map_lookup_elem(&old_counts, &key);
	u32 *w = bpf_map_lookup_elem(&old_array, &key);

	if (v)
		(*v)++;
	if (w)
		(*w)++;
	return XDP_PASS;
}
