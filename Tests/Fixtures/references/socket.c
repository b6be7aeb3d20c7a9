// Socket references in C (SPEC §2): the bpf_sk_lookup_* helpers acquire, bpf_sk_release
// releases.
#include "bpfsim_kernel.h"

static __always_inline struct bpf_sock *lookup(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};

	return bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
}

SEC("tc")
int c_sk_lookup_release(struct __sk_buff *skb)
{
	struct bpf_sock *sk = lookup(skb);

	if (!sk)
		return 0;
	skb->mark = sk->state;
	bpf_sk_release(sk);
	return 0;
}

SEC("tc")
int c_sk_leak(struct __sk_buff *skb)
{
	struct bpf_sock *sk = lookup(skb);

	if (sk && sk->state == 1)
		return 2;
	return 0;
}

SEC("tc")
int c_sk_double_release(struct __sk_buff *skb)
{
	struct bpf_sock *sk = lookup(skb);

	if (!sk)
		return 0;
	bpf_sk_release(sk);
	bpf_sk_release(sk);
	return 0;
}

SEC("tc")
int c_sk_release_unacquired(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	if (!sk)
		return 0;
	bpf_sk_release(sk);
	return 0;
}

SEC("tc")
int c_sk_use_after_release(struct __sk_buff *skb)
{
	struct bpf_sock *sk = lookup(skb);

	if (!sk)
		return 0;
	bpf_sk_release(sk);
	return sk->state;
}

SEC("tc")
int c_sk_throw_holding(struct __sk_buff *skb)
{
	struct bpf_sock *sk = lookup(skb);

	if (!sk)
		return 0;
	if (sk->state == 10)
		bpf_throw(0);
	bpf_sk_release(sk);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
