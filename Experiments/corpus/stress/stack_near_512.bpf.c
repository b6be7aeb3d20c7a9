/* Models: tracing tools that build a large event on the stack before copying it out (the
 * pre-ringbuf perf_event_output idiom still common in BCC-derived tools: path and argument
 * buffers of a few hundred bytes), while holding a task reference. The frame uses 504 of
 * the 512 stack bytes, so any per-frame cleanup table pushes it over the limit.
 *
 * manifest: prog=stack_near_512 resources=task_struct throws_holding=yes stress=stack-near-512
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct big_event {
	s32 pid;
	s32 ppid;
	char comm[16];
	char parent_comm[16];
	char args[456];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 18);
} big_events SEC(".maps");

SEC("tp_btf/sched_process_exec")
int BPF_PROG(stack_near_512, struct task_struct *p)
{
	struct big_event ev;
	struct task_struct *t;

	t = bpf_task_acquire(p);
	if (!t)
		return 0;
	ev.pid = t->pid;
	ev.ppid = BPF_CORE_READ(t, real_parent, tgid);
	bpf_probe_read_kernel_str(ev.comm, sizeof(ev.comm), t->comm);
	bpf_probe_read_kernel_str(ev.parent_comm, sizeof(ev.parent_comm), t->group_leader->comm);
	bpf_probe_read_kernel(ev.args, sizeof(ev.args), t->comm);
	bpf_assert(ev.pid > 0);
	bpf_ringbuf_output(&big_events, &ev, sizeof(ev), 0);
	bpf_task_release(t);
	return 0;
}
