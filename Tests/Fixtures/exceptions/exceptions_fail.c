// Programs in the patterns of the kernel selftest progs/exceptions_fail.c (Linux 6.18),
// written for bpfsim: exception-callback rules, bpf_throw from callbacks, under a lock, in an
// RCU section, while holding references. Names are the selftest's; manifest.json records
// 6.18's messages (some differ from the selftest's older annotations, e.g. "bpf_rcu_read_unlock
// is missing" became "bpf_throw cannot be used inside bpf_rcu_read_lock-ed region").
#include "bpfsim_kernel.h"

#define private(name) SEC(".bss." #name) __attribute__((visibility("hidden"), aligned(8)))

struct foo {
	struct bpf_rb_node node;
};

private(A) struct bpf_spin_lock lock;
private(A) struct bpf_rb_root rbtree __contains(foo, node);

__attribute__((noinline)) void *exception_cb_bad_ret_type(u64 cookie)
{
	return 0;
}

__attribute__((noinline)) int exception_cb_bad_arg_0(void)
{
	return 0;
}

__attribute__((noinline)) int exception_cb_bad_arg_2(int a, int b)
{
	return 0;
}

__attribute__((noinline)) int exception_cb_ok_arg_small(int a)
{
	return 0;
}

SEC("?tc")
__exception_cb(exception_cb_bad_ret_type)
int reject_exception_cb_type_1(struct __sk_buff *ctx)
{
	bpf_throw(0);
	return 0;
}

SEC("?tc")
__exception_cb(exception_cb_bad_arg_0)
int reject_exception_cb_type_2(struct __sk_buff *ctx)
{
	bpf_throw(0);
	return 0;
}

SEC("?tc")
__exception_cb(exception_cb_bad_arg_2)
int reject_exception_cb_type_3(struct __sk_buff *ctx)
{
	bpf_throw(0);
	return 0;
}

SEC("?tc")
__exception_cb(exception_cb_ok_arg_small)
int reject_exception_cb_type_4(struct __sk_buff *ctx)
{
	bpf_throw(0);
	return 0;
}

static __attribute__((noinline)) int subprog_lock(struct __sk_buff *ctx)
{
	volatile int ret = 0;

	bpf_spin_lock(&lock);
	if (ctx->len)
		bpf_throw(0);
	return ret;
}

SEC("?tc")
int reject_with_lock(void *ctx)
{
	bpf_spin_lock(&lock);
	bpf_throw(0);
	return 0;
}

SEC("?tc")
int reject_subprog_with_lock(void *ctx)
{
	return subprog_lock(ctx);
}

SEC("?tc")
int reject_with_rcu_read_lock(void *ctx)
{
	bpf_rcu_read_lock();
	bpf_throw(0);
	return 0;
}

static __attribute__((noinline)) int throwing_subprog(struct __sk_buff *ctx)
{
	if (ctx->len)
		bpf_throw(0);
	return 0;
}

SEC("?tc")
int reject_subprog_with_rcu_read_lock(void *ctx)
{
	bpf_rcu_read_lock();
	return throwing_subprog(ctx);
}

static _Bool rbless(struct bpf_rb_node *n1, const struct bpf_rb_node *n2)
{
	bpf_throw(0);
	return 1;
}

SEC("?tc")
int reject_with_rbtree_add_throw(void *ctx)
{
	struct foo *f = bpf_obj_new(struct foo);

	if (!f)
		return 0;
	bpf_spin_lock(&lock);
	bpf_rbtree_add(&rbtree, &f->node, rbless);
	bpf_spin_unlock(&lock);
	return 0;
}

SEC("?tc")
int reject_with_reference(void *ctx)
{
	struct foo *f = bpf_obj_new(struct foo);

	if (!f)
		return 0;
	bpf_throw(0);
	return 0;
}

static __attribute__((noinline)) int subprog_ref(struct __sk_buff *ctx)
{
	struct foo *f = bpf_obj_new(struct foo);

	if (!f)
		return 0;
	bpf_throw(0);
	return 0;
}

static __attribute__((noinline)) int subprog_cb_ref(u32 i, void *ctx)
{
	bpf_throw(0);
	return 0;
}

SEC("?tc")
int reject_with_cb_reference(void *ctx)
{
	struct foo *f = bpf_obj_new(struct foo);

	if (!f)
		return 0;
	bpf_loop(5, subprog_cb_ref, 0, 0);
	bpf_obj_drop(f);
	return 0;
}

SEC("?tc")
int reject_with_cb(void *ctx)
{
	bpf_loop(5, subprog_cb_ref, 0, 0);
	return 0;
}

SEC("?tc")
int reject_with_subprog_reference(void *ctx)
{
	return subprog_ref(ctx) + 1;
}

__attribute__((noinline)) int throwing_exception_cb(u64 c)
{
	bpf_throw(0);
	return c;
}

__attribute__((noinline)) int exception_cb1(u64 c)
{
	return c;
}

__attribute__((noinline)) int exception_cb2(u64 c)
{
	return c;
}

static __attribute__((noinline)) int static_func(struct __sk_buff *ctx)
{
	return exception_cb1(ctx->tstamp);
}

__attribute__((noinline)) int global_func(struct __sk_buff *ctx)
{
	return exception_cb1(ctx->tstamp);
}

SEC("?tc")
__exception_cb(throwing_exception_cb)
int reject_throwing_exception_cb(struct __sk_buff *ctx)
{
	return 0;
}

SEC("?tc")
__exception_cb(exception_cb1)
int reject_exception_cb_call_global_func(struct __sk_buff *ctx)
{
	return global_func(ctx);
}

SEC("?tc")
__exception_cb(exception_cb1)
int reject_exception_cb_call_static_func(struct __sk_buff *ctx)
{
	return static_func(ctx);
}

__attribute__((noinline)) int exception_cb_bad_ret(u64 c)
{
	return c;
}

/* The selftest's fentry programs become cgroup_skb ones (return range [0, 1]) here: fentry
 * loads fail with EPERM on this machine. */
SEC("?cgroup_skb/ingress")
__exception_cb(exception_cb_bad_ret)
int reject_set_exception_cb_bad_ret1(void *ctx)
{
	return 0;
}

SEC("?cgroup_skb/ingress")
int reject_set_exception_cb_bad_ret2(void *ctx)
{
	bpf_throw(64);
	return 0;
}

static __attribute__((noinline)) int loop_cb1(u32 index, int *ctx)
{
	bpf_throw(0);
	return 0;
}

static __attribute__((noinline)) int loop_cb2(u32 index, int *ctx)
{
	bpf_throw(0);
	return 0;
}

SEC("?tc")
int reject_exception_throw_cb(struct __sk_buff *ctx)
{
	bpf_loop(5, loop_cb1, 0, 0);
	return 0;
}

SEC("?tc")
int reject_exception_throw_cb_diff(struct __sk_buff *ctx)
{
	if (ctx->protocol)
		bpf_loop(5, loop_cb1, 0, 0);
	else
		bpf_loop(5, loop_cb2, 0, 0);
	return 0;
}

char _license[] SEC("license") = "GPL";
