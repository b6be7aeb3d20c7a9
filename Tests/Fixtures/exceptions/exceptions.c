// Programs in the patterns of the kernel selftest progs/exceptions.c (Linux 6.18), written
// for bpfsim: throws from the main program, from static and global subprograms, through
// chains of both, the default and a custom exception callback, bpf_assert in global
// functions. Program names are the selftest's, so a failure names the program it mirrors.
// All are accepted by the kernel; manifest.json records its answer.
#include "bpfsim_kernel.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} jmp_table SEC(".maps");

static __attribute__((noinline)) int static_func(u64 i)
{
	bpf_throw(32);
	return i;
}

__attribute__((noinline)) int global2static_simple(u64 i)
{
	static_func(i + 2);
	return i - 1;
}

__attribute__((noinline)) int global2static(u64 i)
{
	if (i == 0x800)
		bpf_throw(16);
	return static_func(i);
}

static __attribute__((noinline)) int static2global(u64 i)
{
	return global2static(i) + i;
}

SEC("tc")
int exception_throw_always_1(struct __sk_buff *ctx)
{
	bpf_throw(64);
	return 0;
}

SEC("tc")
int exception_throw_always_2(struct __sk_buff *ctx)
{
	return global2static_simple(ctx->protocol);
}

SEC("tc")
int exception_throw_unwind_1(struct __sk_buff *ctx)
{
	return static2global(__builtin_bswap16(ctx->protocol));
}

SEC("tc")
int exception_throw_unwind_2(struct __sk_buff *ctx)
{
	return static2global(__builtin_bswap16(ctx->protocol) - 1);
}

SEC("tc")
int exception_throw_default(struct __sk_buff *ctx)
{
	bpf_throw(0);
	return 1;
}

SEC("tc")
int exception_throw_default_value(struct __sk_buff *ctx)
{
	bpf_throw(5);
	return 1;
}

static __attribute__((noinline)) int tail_call_subprog(struct __sk_buff *ctx)
{
	volatile int ret = 10;

	bpf_tail_call_static(ctx, &jmp_table, 0);
	return ret;
}

SEC("tc")
int exception_tail_call(struct __sk_buff *ctx)
{
	volatile int ret = 0;

	ret = tail_call_subprog(ctx);
	return ret + 8;
}

__attribute__((noinline)) int exception_cb_mod_global(u64 cookie)
{
	volatile int ret = 0;

	return ret;
}

/* A custom exception callback may call global functions. */
__attribute__((noinline)) int exception_cb_mod(u64 cookie)
{
	return exception_cb_mod_global(cookie) + cookie + 10;
}

SEC("tc")
__exception_cb(exception_cb_mod)
int exception_ext_mod_cb_runtime(struct __sk_buff *ctx)
{
	bpf_throw(25);
	return 0;
}

static __attribute__((noinline)) int plain_subprog(struct __sk_buff *ctx)
{
	return bpf_ktime_get_ns();
}

static __attribute__((noinline)) int throwing_subprog(struct __sk_buff *ctx)
{
	if (ctx->tstamp)
		bpf_throw(0);
	return bpf_ktime_get_ns();
}

__attribute__((noinline)) int global_subprog(struct __sk_buff *ctx)
{
	return bpf_ktime_get_ns();
}

__attribute__((noinline)) int throwing_global_subprog(struct __sk_buff *ctx)
{
	if (ctx->tstamp)
		bpf_throw(0);
	return bpf_ktime_get_ns();
}

SEC("tc")
int exception_throw_subprog(struct __sk_buff *ctx)
{
	switch (ctx->protocol) {
	case 1:
		return plain_subprog(ctx);
	case 2:
		return global_subprog(ctx);
	case 3:
		return throwing_subprog(ctx);
	case 4:
		return throwing_global_subprog(ctx);
	default:
		break;
	}
	bpf_throw(1);
	return 0;
}

/* bpf_assert in global functions on a value the verifier cannot know. */
__attribute__((noinline)) int assert_nz_gfunc(u64 c)
{
	volatile u64 cookie = c;

	bpf_assert(cookie != 0);
	return 0;
}

__attribute__((noinline)) int assert_neg_gfunc(s64 c)
{
	volatile s64 cookie = c;

	bpf_assert(cookie < 0);
	return 0;
}

__attribute__((noinline)) int assert_poseq_gfunc_with(s64 c)
{
	volatile s64 cookie = c;

	bpf_assert_with(cookie >= 1, cookie + 100);
	return 0;
}

SEC("tc")
int exception_assert_nz_gfunc(struct __sk_buff *ctx)
{
	return assert_nz_gfunc(5) + 1;
}

SEC("tc")
int exception_bad_assert_neg_gfunc(struct __sk_buff *ctx)
{
	return assert_neg_gfunc(100) + 1;
}

SEC("tc")
int exception_assert_poseq_gfunc_with(struct __sk_buff *ctx)
{
	return assert_poseq_gfunc_with(1) + 1;
}

SEC("tc")
int exception_assert_range(struct __sk_buff *ctx)
{
	u64 time = bpf_ktime_get_ns();

	bpf_assert(time >= 10 && time <= 1000);
	return 1;
}

char _license[] SEC("license") = "GPL";
