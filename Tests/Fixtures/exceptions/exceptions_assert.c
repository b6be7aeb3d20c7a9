// Programs in the patterns of the kernel selftest progs/exceptions_assert.c (Linux 6.18),
// written for bpfsim: bpf_assert on a bound teaches the verifier that bound on the path that
// goes on; each program then dereferences the asserted value (or reads past the asserted
// packet range) so the kernel rejects it and its log shows the learned range. Names are the
// selftest's.
#include "bpfsim_kernel.h"

#define INT_MIN (-2147483647 - 1)
#define INT_MAX 2147483647

SEC("?tc")
int check_assert_eq_int_max(void *ctx)
{
	s64 num = bpf_ktime_get_ns();

	bpf_assert(num == INT_MAX);
	return *(u64 *)num;
}

SEC("?tc")
int check_assert_lt_pos(void *ctx)
{
	s64 num = bpf_ktime_get_ns();

	bpf_assert(num < INT_MAX);
	return *(u64 *)num;
}

SEC("?tc")
int check_assert_le_neg(void *ctx)
{
	s64 num = bpf_ktime_get_ns();

	bpf_assert(num <= INT_MIN);
	return *(u64 *)num;
}

SEC("?tc")
int check_assert_gt_zero(void *ctx)
{
	s64 num = bpf_ktime_get_ns();

	bpf_assert(num > 0);
	return *(u64 *)num;
}

SEC("?tc")
int check_assert_ge_pos(void *ctx)
{
	s64 num = bpf_ktime_get_ns();

	bpf_assert(num >= INT_MAX);
	return *(u64 *)num;
}

SEC("?tc")
int check_assert_range_u64(struct __sk_buff *ctx)
{
	u64 num = ctx->len;

	bpf_assert(num >= 4096 && num <= 8192);
	return *((u8 *)ctx + num);
}

SEC("?tc")
int check_assert_single_range_u64(struct __sk_buff *ctx)
{
	u64 num = ctx->len;

	bpf_assert(num >= 4096 && num <= 4096);
	return *((u8 *)ctx + num);
}

SEC("?tc")
int check_assert_generic(struct __sk_buff *ctx)
{
	u8 *data_end = (void *)(long)ctx->data_end;
	u8 *data = (void *)(long)ctx->data;

	bpf_assert(data + 64 <= data_end);
	return data[128];
}

/* The default exception callback returns the cookie, checked against the program type's return
 * range (the selftest uses fentry, [0, 0]; fentry loads fail with EPERM on this machine, so a
 * cgroup_skb program, [0, 1], stands in). */
SEC("?cgroup_skb/ingress")
int check_assert_with_return(void *ctx)
{
	bpf_assert_with(!ctx, 64);
	return 0;
}

char _license[] SEC("license") = "GPL";
