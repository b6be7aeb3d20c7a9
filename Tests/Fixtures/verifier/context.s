; Context accesses per program type (check_ctx_access and each type's is_valid_access):
; __sk_buff for tc, socket filters and cgroup_skb, xdp_md, pt_regs for kprobes, the u64
; argument arrays of raw tracepoints and tp_btf (btf_ctx_access, with BTF-typed pointer
; arguments), and classic tracepoint records. manifest.json holds the kernel's verdicts.
; bpfsim: section=tc license=GPL

; case: skb_len_read: __sk_buff->len is readable (tc_cls_act_is_valid_access)
r0 = *(u32 *)(r1 + 0)
r0 = 0
exit

; case: skb_out_of_range: past the end of __sk_buff (verifier_ctx.c)
r0 = *(u32 *)(r1 + 1000)
r0 = 0
exit

; case: skb_mark_write: tc may write the mark (tc_cls_act_is_valid_access)
r2 = 1
*(u32 *)(r1 + 8) = r2
r0 = 0
exit

; case: skb_len_write: len is read-only (tc_cls_act_is_valid_access)
r2 = 1
*(u32 *)(r1 + 0) = r2
r0 = 0
exit

; case: skb_narrow_read: a one-byte read of a u32 field (bpf_ctx_narrow_access_ok)
r0 = *(u8 *)(r1 + 0)
r0 = 0
exit

; case: skb_wide_read: an 8-byte read of a u32 field (bpf_skb_is_valid_access)
r0 = *(u64 *)(r1 + 0)
r0 = 0
exit

; case: skb_data_pointers: data and data_end become packet pointers (tc)
r2 = *(u32 *)(r1 + 76)
r3 = *(u32 *)(r1 + 80)
r0 = 0
exit

; case: socket_no_direct_data: a socket filter may not read data (sk_filter_is_valid_access)
; bpfsim: section=socket
r2 = *(u32 *)(r1 + 76)
r0 = 0
exit

; case: socket_cb_write: a socket filter may write cb[] (sk_filter_is_valid_access)
; bpfsim: section=socket
r2 = 7
*(u32 *)(r1 + 48) = r2
r0 = 0
exit

; case: socket_mark_write: a socket filter may not write the mark (sk_filter_is_valid_access)
; bpfsim: section=socket
r2 = 7
*(u32 *)(r1 + 8) = r2
r0 = 0
exit

; case: cgroup_skb_mark_write: cgroup_skb may write the mark (cg_skb_is_valid_access)
; bpfsim: section=cgroup_skb/ingress
r2 = 7
*(u32 *)(r1 + 8) = r2
r0 = 1
exit

; case: xdp_data_read: xdp_md->data (xdp_is_valid_access)
; bpfsim: section=xdp
r2 = *(u32 *)(r1 + 0)
r0 = 2
exit

; case: xdp_write_refused: xdp_md is read-only (xdp_is_valid_access)
; bpfsim: section=xdp
r2 = 0
*(u32 *)(r1 + 16) = r2
r0 = 2
exit

; case: xdp_misaligned: a read inside a field (verifier_xdp.c)
; bpfsim: section=xdp
r2 = *(u32 *)(r1 + 2)
r0 = 2
exit

; case: xdp_past_end: past the last field of xdp_md (xdp_is_valid_access)
; bpfsim: section=xdp
r2 = *(u32 *)(r1 + 24)
r0 = 2
exit

; case: kprobe_regs_read: pt_regs is readable (kprobe_prog_is_valid_access)
; bpfsim: section=kprobe/do_nanosleep
r0 = *(u64 *)(r1 + 112)
r0 = 0
exit

; case: kprobe_regs_past_end: past sizeof(struct pt_regs)
; bpfsim: section=kprobe/do_nanosleep
r0 = *(u64 *)(r1 + 168)
r0 = 0
exit

; case: kprobe_regs_write: pt_regs is read-only (kprobe_prog_is_valid_access)
; bpfsim: section=kprobe/do_nanosleep
r2 = 0
*(u64 *)(r1 + 0) = r2
r0 = 0
exit

; case: raw_tp_arg_read: a raw tracepoint's first argument (raw_tp_prog_is_valid_access)
; bpfsim: section=raw_tp/sched_switch
r0 = *(u64 *)(r1 + 0)
r0 = 0
exit

; case: raw_tp_arg_13: raw tracepoints have at most 12 arguments (raw_tp_prog_is_valid_access)
; bpfsim: section=raw_tp/sched_switch
r0 = *(u64 *)(r1 + 96)
r0 = 0
exit

; case: raw_tp_misaligned: an 8-byte read at offset 4 (raw_tp_prog_is_valid_access)
; bpfsim: section=raw_tp/sched_switch
r0 = *(u64 *)(r1 + 4)
r0 = 0
exit

; case: tracepoint_record_read: a classic tracepoint's record past the common header (tp_prog_is_valid_access)
; bpfsim: section=tracepoint/syscalls/sys_enter_openat
r0 = *(u64 *)(r1 + 16)
r0 = 0
exit

; case: tracepoint_common_header: the first 8 bytes are not readable (tp_prog_is_valid_access)
; bpfsim: section=tracepoint/syscalls/sys_enter_openat
r0 = *(u32 *)(r1 + 0)
r0 = 0
exit

; case: tp_btf_task_argument: sched_switch's prev is a trusted task_struct pointer (btf_ctx_access)
; bpfsim: section=tp_btf/sched_switch
r2 = *(u64 *)(r1 + 8)
r0 = *(u32 *)(r2 + 0)
r0 = 0
exit

; case: tp_btf_scalar_argument: sched_switch's preempt is a scalar, not a pointer (btf_ctx_access)
; bpfsim: section=tp_btf/sched_switch
r2 = *(u64 *)(r1 + 0)
r0 = *(u32 *)(r2 + 0)
r0 = 0
exit

; case: tp_btf_misaligned_argument: arguments are read at multiples of 8 (btf_ctx_access)
; bpfsim: section=tp_btf/sched_switch
r2 = *(u32 *)(r1 + 4)
r0 = 0
exit

; case: tp_btf_missing_argument: sched_switch has four arguments (btf_ctx_access)
; bpfsim: section=tp_btf/sched_switch
r2 = *(u64 *)(r1 + 32)
r0 = 0
exit

; case: tp_btf_task_write: a task_struct is read-only to tracing (check_ptr_to_btf_access)
; bpfsim: section=tp_btf/sched_switch
r2 = *(u64 *)(r1 + 8)
r3 = 0
*(u32 *)(r2 + 0) = r3
r0 = 0
exit

; case: tp_btf_negative_offset: a BTF pointer read before its start (check_ptr_to_btf_access)
; bpfsim: section=tp_btf/sched_switch
r2 = *(u64 *)(r1 + 8)
r0 = *(u32 *)(r2 - 8)
r0 = 0
exit

; case: tp_btf_past_struct: a read past the end of task_struct (btf_struct_access)
; bpfsim: section=tp_btf/sched_switch
r2 = *(u64 *)(r1 + 8)
r0 = *(u64 *)(r2 + 32000)
r0 = 0
exit
