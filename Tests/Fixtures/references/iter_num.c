// Open-coded numeric iterators in C (SPEC §2): a stack object the program must destroy.
#include "bpfsim_kernel.h"

SEC("tc")
int c_iter_sum(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	int *v, sum = 0;

	bpf_iter_num_new(&it, 0, 16);
	while ((v = bpf_iter_num_next(&it)))
		sum += *v;
	bpf_iter_num_destroy(&it);
	return sum & 1;
}

SEC("tc")
int c_iter_leak(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	int *v, sum = 0;

	bpf_iter_num_new(&it, 0, 16);
	while ((v = bpf_iter_num_next(&it)))
		sum += *v;
	return sum & 1;
}

SEC("tc")
int c_iter_double_destroy(struct __sk_buff *skb)
{
	struct bpf_iter_num it;

	bpf_iter_num_new(&it, 0, 16);
	bpf_iter_num_destroy(&it);
	bpf_iter_num_destroy(&it);
	return 0;
}

SEC("tc")
int c_iter_destroy_unacquired(struct __sk_buff *skb)
{
	struct bpf_iter_num it;

	bpf_iter_num_destroy(&it);
	return 0;
}

SEC("tc")
int c_iter_next_after_destroy(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	int *v;

	bpf_iter_num_new(&it, 0, 16);
	bpf_iter_num_destroy(&it);
	v = bpf_iter_num_next(&it);
	return v ? *v & 1 : 0;
}

SEC("tc")
int c_iter_throw_holding(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	int *v;

	bpf_iter_num_new(&it, 0, 16);
	while ((v = bpf_iter_num_next(&it))) {
		if (*v == 7)
			bpf_throw(7);
	}
	bpf_iter_num_destroy(&it);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
