/* Models: an exit reporter that holds the exiting task (to read fields after a helper that
 * may sleep-free wait) and a ringbuf record at the same time, the shape of tetragon's
 * process-exit event: two different resource kinds live across several calls.
 *
 * manifest: prog=task_and_record resources=task_struct,ringbuf_record throws_holding=yes stress=two-resource-types
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct exit_event {
	s32 pid;
	s32 tgid;
	u64 runtime;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 18);
} exits SEC(".maps");

SEC("tp_btf/sched_process_exit")
int BPF_PROG(task_and_record, struct task_struct *p)
{
	struct exit_event *e;
	struct task_struct *t;

	t = bpf_task_acquire(p);
	if (!t)
		return 0;
	e = bpf_ringbuf_reserve(&exits, sizeof(*e), 0);
	if (!e) {
		bpf_task_release(t);
		return 0;
	}
	e->pid = t->pid;
	e->tgid = t->tgid;
	e->runtime = t->se.sum_exec_runtime;
	bpf_probe_read_kernel_str(e->comm, sizeof(e->comm), t->comm);
	bpf_assert(e->tgid != 0);
	bpf_ringbuf_submit(e, 0);
	bpf_task_release(t);
	return 0;
}
