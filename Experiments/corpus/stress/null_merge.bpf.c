/* Models: optional references: a program that takes a second reference only when a
 * config flag asks for it (tools with optional parent tracking), so at the shared assert
 * the register is NULL on one path and a task on the other, the NULL-merge case of
 * SPEC §5.2 that every backend must unwind correctly.
 *
 * manifest: prog=null_merge resources=task_struct,task_struct throws_holding=yes stress=null-on-one-path
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u32);
	__uint(max_entries, 1);
} track_parent SEC(".maps");

SEC("tp_btf/sched_process_fork")
int BPF_PROG(null_merge, struct task_struct *parent, struct task_struct *child)
{
	struct task_struct *c, *p = NULL;
	u32 zero = 0, *flag;
	int ret;

	c = bpf_task_acquire(child);
	if (!c)
		return 0;
	flag = bpf_map_lookup_elem(&track_parent, &zero);
	if (flag && *flag)
		p = bpf_task_acquire(parent);
	ret = c->pid;
	bpf_assert(ret > 0);
	if (p) {
		ret = p->tgid;
		bpf_task_release(p);
	}
	bpf_task_release(c);
	return ret;
}
