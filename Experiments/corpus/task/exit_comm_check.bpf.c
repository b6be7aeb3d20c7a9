/* Models: exit auditing (tracee / tetragon-style process lifecycle tracking): on task exit
 * take a reference, check the command name was set and the task is really exiting (PF_EXITING),
 * record it, release.
 *
 * manifest: prog=exit_comm_check resources=task_struct throws_holding=yes stress=two-throw-sites
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

#define PF_EXITING 0x00000004

struct exit_rec {
	char comm[16];
	u32 flags;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, s32);
	__type(value, struct exit_rec);
	__uint(max_entries, 1024);
} exits SEC(".maps");

SEC("tp_btf/sched_process_exit")
int BPF_PROG(exit_comm_check, struct task_struct *p)
{
	struct exit_rec rec = {};
	struct task_struct *t;
	s32 pid;

	t = bpf_task_acquire(p);
	if (!t)
		return 0;
	bpf_assert_with(t->flags & PF_EXITING, 1);
	bpf_probe_read_kernel_str(rec.comm, sizeof(rec.comm), t->comm);
	bpf_assert_with(rec.comm[0] != 0, 2);
	rec.flags = t->flags;
	pid = t->pid;
	bpf_task_release(t);
	bpf_map_update_elem(&exits, &pid, &rec, BPF_ANY);
	return 0;
}
