// Static and global subprograms as users factor code: a static helper verified in the
// caller's context, global functions verified once against their BTF prototype (scalars, the
// context, a pointer to a struct that may be NULL). The rejected ones break those rules.
// Expected kernel verdicts: manifest.json beside this file.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct config {
	__u32 mark;
	__u32 limit;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct config);
} configs SEC(".maps");

static __noinline __u32 mix(__u32 a, __u32 b)
{
	a ^= b;
	a *= 0x9e3779b1;
	return a ^ (a >> 16);
}

/* Accepted: a static subprogram returning a scalar. */
SEC("tc")
int static_hash(struct __sk_buff *skb)
{
	return mix(skb->hash, skb->mark) & 1 ? TC_ACT_SHOT : TC_ACT_OK;
}

static __noinline int is_ipv4(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return 0;
	return eth->h_proto == bpf_htons(ETH_P_IP);
}

/* Accepted: packet pointers passed to a static subprogram that checks bounds itself. */
SEC("xdp")
int static_packet_check(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	return is_ipv4(data, data_end) ? XDP_PASS : XDP_DROP;
}

__noinline int clamp_len(__u32 len, __u32 limit)
{
	return len > limit ? limit : len;
}

/* Accepted: a global subprogram with scalar arguments. */
SEC("tc")
int global_scalar_args(struct __sk_buff *skb)
{
	return clamp_len(skb->len, 1500) > 1000 ? TC_ACT_SHOT : TC_ACT_OK;
}

__noinline int skb_is_marked(struct __sk_buff *skb)
{
	return skb->mark != 0;
}

/* Accepted: a global subprogram taking the context. */
SEC("tc")
int global_ctx_arg(struct __sk_buff *skb)
{
	return skb_is_marked(skb) ? TC_ACT_SHOT : TC_ACT_OK;
}

__noinline int config_allows(struct config *cfg, __u32 len)
{
	if (!cfg)
		return 1;
	return len <= cfg->limit;
}

/* Accepted: a global subprogram taking a pointer to a struct, checked for NULL inside. */
SEC("tc")
int global_struct_arg(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct config *cfg = bpf_map_lookup_elem(&configs, &zero);
	return config_allows(cfg, skb->len) ? TC_ACT_OK : TC_ACT_SHOT;
}

static __noinline int level3(int x) { return x + 1; }
static __noinline int level2(int x) { return level3(x) * 2; }
static __noinline int level1(int x) { return level2(x) - 1; }

/* Accepted: a chain of three static calls. */
SEC("tc")
int static_chain(struct __sk_buff *skb)
{
	return level1(skb->mark) & 1;
}

__noinline int config_limit(struct config *cfg)
{
	return cfg->limit;
}

/* Rejected: the global subprogram dereferences a pointer argument that may be NULL. */
SEC("tc")
int global_unchecked_arg(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct config *cfg = bpf_map_lookup_elem(&configs, &zero);
	if (!cfg)
		return TC_ACT_OK;
	return config_limit(cfg) > 10 ? TC_ACT_SHOT : TC_ACT_OK;
}

static __noinline int big_frame(int x)
{
	volatile char buf[300];
	buf[x & 255] = 1;
	return buf[0];
}

static __noinline int big_caller(int x)
{
	volatile char buf[300];
	buf[x & 255] = 2;
	return big_frame(x) + buf[1];
}

/* Rejected: two 300-byte frames on one call chain exceed the 512-byte stack. */
SEC("tc")
int combined_stack_too_large(struct __sk_buff *skb)
{
	return big_caller(skb->mark) & 1;
}

static __noinline int read_past(int *p)
{
	return p[2];
}

/* Rejected: the static callee reads past the caller's 8-byte stack object. */
SEC("tc")
int static_reads_past_object(struct __sk_buff *skb)
{
	int pair[2] = { skb->mark, skb->len };
	return read_past(pair) & 1;
}

static __noinline int depth8(int x) { return x * 3; }
static __noinline int depth7(int x) { return depth8(x + 1) ^ 7; }
static __noinline int depth6(int x) { return depth7(x + 1) ^ 6; }
static __noinline int depth5(int x) { return depth6(x + 1) ^ 5; }
static __noinline int depth4(int x) { return depth5(x + 1) ^ 4; }
static __noinline int depth3(int x) { return depth4(x + 1) ^ 3; }
static __noinline int depth2(int x) { return depth3(x + 1) ^ 2; }
static __noinline int depth1(int x) { return depth2(x + 1) ^ 1; }

/* Accepted: seven nested static calls, eight frames with the main program (MAX_CALL_FRAMES). */
SEC("tc")
int call_depth_eight_frames(struct __sk_buff *skb)
{
	return depth2(skb->mark) & 1;
}

/* Rejected: eight nested static calls need a ninth frame. */
SEC("tc")
int call_depth_nine_frames(struct __sk_buff *skb)
{
	return depth1(skb->mark) & 1;
}

char _license[] SEC("license") = "GPL";
