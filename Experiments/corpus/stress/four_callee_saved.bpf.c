/* Models: a scheduler tick handler that relates the running task, its cgroup, a scratch
 * cpumask and an event record (the shape of scx_layered's and scx_rusty's tick/stopping
 * paths combined with event reporting): four resources of four kinds live at once, which
 * clang keeps in R6-R9 across helper and kfunc calls, then a consistency assert.
 *
 * manifest: prog=four_callee_saved resources=task_struct,cgroup,bpf_cpumask,ringbuf_record throws_holding=yes stress=callee-saved-across-calls
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct tick_event {
	s32 pid;
	u32 cpus;
	u64 cgid;
	u64 ts;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} ticks SEC(".maps");

SEC("tp_btf/sched_switch")
int BPF_PROG(four_callee_saved, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct tick_event *ev;
	struct bpf_cpumask *mask;
	struct task_struct *t;
	struct cgroup *cg;

	t = bpf_task_acquire(next);
	if (!t)
		return 0;
	cg = bpf_cgroup_from_id(bpf_get_current_cgroup_id());
	if (!cg)
		goto out_task;
	mask = bpf_cpumask_create();
	if (!mask)
		goto out_cg;
	ev = bpf_ringbuf_reserve(&ticks, sizeof(*ev), 0);
	if (!ev)
		goto out_mask;
	bpf_cpumask_copy(mask, t->cpus_ptr);
	ev->pid = t->pid;
	ev->cpus = bpf_cpumask_weight((const struct cpumask *)mask);
	ev->cgid = cg->kn->id;
	ev->ts = bpf_ktime_get_ns();
	bpf_assert(ev->cpus > 0);
	bpf_ringbuf_submit(ev, 0);
out_mask:
	bpf_cpumask_release(mask);
out_cg:
	bpf_cgroup_release(cg);
out_task:
	bpf_task_release(t);
	return 0;
}
