// cpumask references in C (SPEC §2); cpumask kfuncs are registered for tracing programs.
#include "bpfsim_kernel.h"

SEC("tp_btf/task_newtask")
int c_cpumask_create_release(u64 *ctx)
{
	struct bpf_cpumask *m = bpf_cpumask_create();

	if (!m)
		return 0;
	bpf_cpumask_set_cpu(0, m);
	bpf_cpumask_release(m);
	return 0;
}

SEC("tp_btf/task_newtask")
int c_cpumask_leak(u64 *ctx)
{
	struct bpf_cpumask *m = bpf_cpumask_create();

	if (!m)
		return 0;
	bpf_cpumask_set_cpu(1, m);
	return 0;
}

SEC("tp_btf/task_newtask")
int c_cpumask_double_release(u64 *ctx)
{
	struct bpf_cpumask *m = bpf_cpumask_create();

	if (!m)
		return 0;
	bpf_cpumask_release(m);
	bpf_cpumask_release(m);
	return 0;
}

SEC("tp_btf/task_newtask")
int c_cpumask_release_unacquired(u64 *ctx)
{
	bpf_cpumask_release((struct bpf_cpumask *)bpf_get_current_task_btf());
	return 0;
}

SEC("tp_btf/task_newtask")
int c_cpumask_use_after_release(u64 *ctx)
{
	struct bpf_cpumask *m = bpf_cpumask_create();

	if (!m)
		return 0;
	bpf_cpumask_release(m);
	bpf_cpumask_set_cpu(0, m);
	return 0;
}

SEC("tp_btf/task_newtask")
int c_cpumask_throw_holding(u64 *ctx)
{
	struct bpf_cpumask *m = bpf_cpumask_create();

	if (!m)
		return 0;
	bpf_throw(0);
	bpf_cpumask_release(m);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
