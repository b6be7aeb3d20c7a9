// bpf_throw through an assertion, with a held reference (what SPEC section 1 is about).
#include "bpf_defs.h"

struct task_struct;
extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern void bpf_throw(__u64 cookie) __ksym;

SEC("tc") int throw_with_ref(__u32 *ctx) {
    struct task_struct *t = bpf_task_from_pid(ctx[0]);
    if (!t) return 0;
    if (ctx[1] > 100) bpf_throw(ctx[1]);
    bpf_task_release(t);
    return 1;
}
