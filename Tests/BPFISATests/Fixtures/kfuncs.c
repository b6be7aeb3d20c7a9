// kfunc calls through .ksyms: acquire, NULL check, release.
#include "bpf_defs.h"

struct task_struct;
extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

SEC("tp/kfuncs") int kfuncs(__u32 *ctx) {
    struct task_struct *t = bpf_task_from_pid(ctx[0]);
    if (!t) return 0;
    bpf_task_release(t);
    return 1;
}
