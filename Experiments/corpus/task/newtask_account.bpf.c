/* Models: the task_kfunc selftests' basic acquire/release on task_newtask, extended the way
 * accounting tools use it (count new tasks per parent tgid): every reference is released
 * before the program asserts, so every design accepts both programs.
 *
 * manifest: prog=newtask_account resources=task_struct throws_holding=no stress=none
 * manifest: prog=newtask_assert_after_release resources=task_struct throws_holding=no stress=none
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, s32);
	__type(value, u64);
	__uint(max_entries, 4096);
} forks_by_tgid SEC(".maps");

SEC("tp_btf/task_newtask")
int BPF_PROG(newtask_account, struct task_struct *task, u64 clone_flags)
{
	struct task_struct *t;
	u64 one = 1, *cnt;
	s32 tgid;

	t = bpf_task_acquire(task);
	if (!t)
		return 0;
	tgid = t->tgid;
	bpf_task_release(t);
	cnt = bpf_map_lookup_elem(&forks_by_tgid, &tgid);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&forks_by_tgid, &tgid, &one, BPF_NOEXIST);
	return 0;
}

SEC("tp_btf/task_newtask")
int BPF_PROG(newtask_assert_after_release, struct task_struct *task, u64 clone_flags)
{
	struct task_struct *t;
	int prio;

	t = bpf_task_acquire(task);
	if (!t)
		return 0;
	prio = t->prio;
	bpf_task_release(t);
	bpf_assert_with(prio >= 0, 7);
	return prio;
}
