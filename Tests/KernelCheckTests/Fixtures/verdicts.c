// Programs whose verdict is the same on every kernel bpfsim may meet (helpers since 4.20 /
// 5.8, messages unchanged since): the cross-check asserts them against the running kernel.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

/* Declared for pinning by name: the cross-check must neither pin it nor need bpffs. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bpfsim_kernelcheck_pinned SEC(".maps");

/* Accepted: the lookup result is checked before use, the socket is released. */
SEC("tc")
int clean(struct __sk_buff *skb)
{
	__u32 key = skb->protocol;
	__u64 *value = bpf_map_lookup_elem(&counters, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	__u32 zero = 0;
	value = bpf_map_lookup_elem(&bpfsim_kernelcheck_pinned, &zero);
	if (value)
		*value = skb->len;

	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (sk)
		bpf_sk_release(sk);
	return TC_ACT_OK;
}

/* Rejected: a hash map lookup may return NULL ("R0 invalid mem access 'map_value_or_null'"). */
SEC("tc")
int map_null_deref(struct __sk_buff *skb)
{
	__u32 key = skb->protocol;
	__u64 *value = bpf_map_lookup_elem(&counters, &key);
	return *value ? TC_ACT_SHOT : TC_ACT_OK;
}

/* Rejected: the socket reference is never released ("Unreleased reference id=N alloc_insn=M"). */
SEC("tc")
int socket_leak(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (sk && sk->state == 1)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

/* Rejected: the ring buffer record is neither submitted nor discarded. */
SEC("tc")
int ringbuf_leak(struct __sk_buff *skb)
{
	__u64 *record = bpf_ringbuf_reserve(&events, sizeof(*record), 0);
	if (!record)
		return TC_ACT_OK;
	*record = skb->len;
	return TC_ACT_OK;
}

/* Rejected like map_null_deref, in a section whose programs libbpf does not load by default:
 * the cross-check must load it all the same. */
SEC("?tc")
int optional_null_deref(struct __sk_buff *skb)
{
	__u32 key = skb->len;
	__u64 *value = bpf_map_lookup_elem(&counters, &key);
	return *value ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
