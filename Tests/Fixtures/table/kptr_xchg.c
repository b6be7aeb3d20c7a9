// A task stashed in a map with bpf_kptr_xchg (ownership moves to the map: a pop), the old
// value coming back (a push); a throw while the new one is held. In C: bpf_kptr_xchg needs
// the map value's BTF (the __kptr field).
#include "bpfsim_kernel.h"

struct stash {
	struct task_struct __kptr *task;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct stash);
} stashes SEC(".maps");

SEC("tc")
int kptr_xchg(struct __sk_buff *skb)
{
	struct task_struct *t, *old;
	struct stash *s;
	u32 zero = 0;

	t = bpf_task_from_pid(skb->len);
	if (!t)
		return 0;
	s = bpf_map_lookup_elem(&stashes, &zero);
	if (!s) {
		bpf_task_release(t);
		return 0;
	}
	if (skb->len & 1)
		bpf_throw(1);
	old = bpf_kptr_xchg(&s->task, t);
	if (old)
		bpf_task_release(old);
	return 0;
}
char _license[] SEC("license") = "GPL";
