// Precision in open-coded iterator loops: a sum accumulated in the loop and tested after it.
// The kernel marks the test's operand precise only where it can predict the branch (on the
// path that skips the loop), so the sum is widened and the loop converges; where the
// predicted branch guards an unsafe access, the iteration that can take it is still explored.
// A return value is precise only where check_return_code enforces a range.
// Expected kernel verdicts: manifest.json beside this file.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_iter_num {
	__u64 __opaque[1];
} __attribute__((aligned(8)));

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

char LICENSE[] SEC("license") = "GPL";

static __always_inline unsigned long sum_elements(void)
{
	struct bpf_iter_num it;
	unsigned long sum = 0;
	int *v;

	bpf_iter_num_new(&it, 0, 1000);
	while ((v = bpf_iter_num_next(&it)))
		sum += (__u32)*v;
	bpf_iter_num_destroy(&it);
	return sum;
}

SEC("syscall")
int sum_tested_after_loop(void *ctx)
{
	return sum_elements() > 0xffff ? 1 : 0;
}

SEC("syscall")
int sum_returned(void *ctx)
{
	return sum_elements();
}

SEC("syscall")
int sum_guards_unsafe_access(void *ctx)
{
	unsigned long sum = sum_elements();

	if (sum)
		return *(long *)sum;
	return 0;
}

SEC("cgroup_skb/ingress")
int sum_returned_checked(struct __sk_buff *skb)
{
	return sum_elements();
}
