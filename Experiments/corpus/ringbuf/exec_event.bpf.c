/* Models: the classic ringbuf producer of libbpf-bootstrap / BCC tools (execsnoop-style):
 * reserve a record, fill it from the current task, assert the fields are sane, submit. The
 * assert between reserve and submit is exactly what upstream rejects today.
 *
 * manifest: prog=exec_event resources=ringbuf_record throws_holding=yes stress=none
 * manifest: prog=exec_event_checked resources=ringbuf_record throws_holding=no stress=none
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct exec_event {
	s32 pid;
	s32 ppid;
	u64 ts;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tp_btf/sched_process_exec")
int BPF_PROG(exec_event, struct task_struct *p)
{
	struct exec_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = p->tgid;
	e->ppid = BPF_CORE_READ(p, real_parent, tgid);
	e->ts = bpf_ktime_get_ns();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_assert(e->pid > 0);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* Today's idiom: discard instead of asserting. */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(exec_event_checked, struct task_struct *p)
{
	struct exec_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = p->tgid;
	e->ts = bpf_ktime_get_ns();
	if (e->pid <= 0) {
		bpf_ringbuf_discard(e, 0);
		return 0;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}
