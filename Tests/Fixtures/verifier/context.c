// Context and stack use per program type: which __sk_buff fields a program may read and
// write, return codes the program type checks, buffers on the stack handed to helpers.
// The rejected ones write a read-only field, return out of range, or overrun a buffer.
// Expected kernel verdicts: manifest.json beside this file.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, char[16]);
	__type(value, __u64);
} by_comm SEC(".maps");

/* Accepted: tc may set the mark and priority and use cb[] as scratch space. */
SEC("tc")
int tc_set_mark(struct __sk_buff *skb)
{
	skb->cb[0] = skb->len;
	skb->mark = skb->cb[0] > 1000 ? 1 : 2;
	skb->priority = skb->mark;
	return TC_ACT_OK;
}

/* Accepted: a cgroup_skb program returns 0 or 1. */
SEC("cgroup_skb/ingress")
int cgroup_allow_small(struct __sk_buff *skb)
{
	return skb->len < 9000 ? 1 : 0;
}

/* Accepted: the current task's name, copied onto the stack, is a map key. */
SEC("kprobe/do_nanosleep")
int comm_key(void *ctx)
{
	char comm[16];
	bpf_get_current_comm(comm, sizeof(comm));
	__u64 one = 1;
	__u64 *v = bpf_map_lookup_elem(&by_comm, comm);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&by_comm, comm, &one, BPF_NOEXIST);
	return 0;
}

/* Accepted: a stack buffer read through bpf_probe_read_kernel with a bounded size. */
SEC("kprobe/do_nanosleep")
int probe_read_bounded(void *ctx)
{
	char buf[64];
	__u32 n = bpf_get_prandom_u32() & 63;
	bpf_probe_read_kernel(buf, n, ctx);
	return buf[0];
}

/* Rejected: len is read-only for tc. */
SEC("tc")
int tc_write_len(struct __sk_buff *skb)
{
	skb->len = 0;
	return TC_ACT_OK;
}

/* Rejected: cgroup_skb ingress must return 0 or 1. */
SEC("cgroup_skb/ingress")
int cgroup_bad_return(struct __sk_buff *skb)
{
	return 2;
}

/* Rejected: the helper may write 128 bytes into a 64-byte buffer. */
SEC("kprobe/do_nanosleep")
int probe_read_overrun(void *ctx)
{
	char buf[64];
	__u32 n = bpf_get_prandom_u32() & 127;
	bpf_probe_read_kernel(buf, n, ctx);
	return buf[0];
}

/* Rejected: an index into a stack buffer that is not bounds-checked. */
SEC("tc")
int stack_index_unchecked(struct __sk_buff *skb)
{
	volatile char buf[32] = {};
	return buf[skb->mark & 63];
}

char _license[] SEC("license") = "GPL";
