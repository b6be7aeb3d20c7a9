/// The helpers bpfsim's kernel model knows, with their `bpf_func_proto` in reduced form.
/// Ids and argument kinds follow `include/uapi/linux/bpf.h` and the `*_proto` definitions in
/// `kernel/bpf/helpers.c`, `kernel/trace/bpf_trace.c`, `net/core/filter.c`,
/// `kernel/bpf/ringbuf.c`. A helper missing here is rejected with a clear message.
enum BuiltinHelpers {
    static let all: [HelperSpec] = {
        let ro = HelperArg.memory(readOnly: true, uninit: false, nullable: false)
        let uninit = HelperArg.memory(readOnly: false, uninit: true, nullable: false)
        let size = HelperArg.size(zeroAllowed: false)
        let sizeOrZero = HelperArg.size(zeroAllowed: true)
        return [
            HelperSpec(id: 1, name: "bpf_map_lookup_elem", args: [.mapPointer, .mapKey], ret: .mapValueOrNull),
            HelperSpec(id: 2, name: "bpf_map_update_elem", args: [.mapPointer, .mapKey, .mapValue, .anything], ret: .integer),
            HelperSpec(id: 3, name: "bpf_map_delete_elem", args: [.mapPointer, .mapKey], ret: .integer),
            HelperSpec(id: 4, name: "bpf_probe_read", args: [uninit, sizeOrZero, .anything], ret: .integer, isGPLOnly: true),
            HelperSpec(id: 5, name: "bpf_ktime_get_ns", args: [], ret: .integer),
            HelperSpec(id: 6, name: "bpf_trace_printk", args: [ro, size], ret: .integer, isGPLOnly: true),
            HelperSpec(id: 7, name: "bpf_get_prandom_u32", args: [], ret: .integer),
            HelperSpec(id: 8, name: "bpf_get_smp_processor_id", args: [], ret: .integer),
            HelperSpec(id: 9, name: "bpf_skb_store_bytes", args: [.context, .anything, ro, size, .anything], ret: .integer),
            HelperSpec(id: 12, name: "bpf_tail_call", args: [.context, .mapPointer, .anything], ret: .void),
            HelperSpec(id: 14, name: "bpf_get_current_pid_tgid", args: [], ret: .integer),
            HelperSpec(id: 15, name: "bpf_get_current_uid_gid", args: [], ret: .integer),
            HelperSpec(id: 16, name: "bpf_get_current_comm", args: [uninit, size], ret: .integer),
            HelperSpec(id: 23, name: "bpf_redirect", args: [.anything, .anything], ret: .integer),
            HelperSpec(id: 25, name: "bpf_perf_event_output", args: [.context, .mapPointer, .anything, ro, sizeOrZero], ret: .integer, isGPLOnly: true),
            HelperSpec(id: 26, name: "bpf_skb_load_bytes", args: [.context, .anything, uninit, size], ret: .integer),
            HelperSpec(id: 28, name: "bpf_csum_diff", args: [.memory(readOnly: true, uninit: false, nullable: true), sizeOrZero, .memory(readOnly: true, uninit: false, nullable: true), sizeOrZero, .anything], ret: .integer),
            HelperSpec(id: 35, name: "bpf_get_current_task", args: [], ret: .integer, isGPLOnly: true),
            HelperSpec(id: 42, name: "bpf_get_numa_node_id", args: [], ret: .integer),
            HelperSpec(id: 44, name: "bpf_xdp_adjust_head", args: [.context, .anything], ret: .integer),
            HelperSpec(id: 46, name: "bpf_get_socket_cookie", args: [.context], ret: .integer),
            HelperSpec(id: 51, name: "bpf_redirect_map", args: [.mapPointer, .anything, .anything], ret: .integer),
            HelperSpec(id: 65, name: "bpf_xdp_adjust_tail", args: [.context, .anything], ret: .integer),
            HelperSpec(id: 80, name: "bpf_get_current_cgroup_id", args: [], ret: .integer),
            HelperSpec(id: 84, name: "bpf_sk_lookup_tcp", args: [.context, ro, size, .anything, .anything], ret: .socketOrNull, acquires: .socket),
            HelperSpec(id: 85, name: "bpf_sk_lookup_udp", args: [.context, ro, size, .anything, .anything], ret: .socketOrNull, acquires: .socket),
            HelperSpec(id: 86, name: "bpf_sk_release", args: [.socket], ret: .integer, releasesArg: 0),
            HelperSpec(id: 87, name: "bpf_map_push_elem", args: [.mapPointer, .mapValue, .anything], ret: .integer),
            HelperSpec(id: 88, name: "bpf_map_pop_elem", args: [.mapPointer, .memory(readOnly: false, uninit: true, nullable: false)], ret: .integer),
            HelperSpec(id: 89, name: "bpf_map_peek_elem", args: [.mapPointer, .memory(readOnly: false, uninit: true, nullable: false)], ret: .integer),
            HelperSpec(id: 93, name: "bpf_spin_lock", args: [.spinLock], ret: .void),
            HelperSpec(id: 94, name: "bpf_spin_unlock", args: [.spinLock], ret: .void),
            HelperSpec(id: 96, name: "bpf_tcp_sock", args: [.sockCommon], ret: .tcpSockOrNull),
            HelperSpec(id: 99, name: "bpf_skc_lookup_tcp", args: [.context, ro, size, .anything, .anything], ret: .sockCommonOrNull, acquires: .socket),
            HelperSpec(id: 109, name: "bpf_send_signal", args: [.anything], ret: .integer),
            HelperSpec(id: 112, name: "bpf_probe_read_user", args: [uninit, sizeOrZero, .anything], ret: .integer, isGPLOnly: true),
            HelperSpec(id: 113, name: "bpf_probe_read_kernel", args: [uninit, sizeOrZero, .anything], ret: .integer, isGPLOnly: true),
            HelperSpec(id: 114, name: "bpf_probe_read_user_str", args: [uninit, sizeOrZero, .anything], ret: .integer, isGPLOnly: true),
            HelperSpec(id: 115, name: "bpf_probe_read_kernel_str", args: [uninit, sizeOrZero, .anything], ret: .integer, isGPLOnly: true),
            HelperSpec(id: 118, name: "bpf_jiffies64", args: [], ret: .integer),
            HelperSpec(id: 125, name: "bpf_ktime_get_boot_ns", args: [], ret: .integer),
            HelperSpec(id: 130, name: "bpf_ringbuf_output", args: [.mapPointer, ro, sizeOrZero, .anything], ret: .integer),
            HelperSpec(id: 131, name: "bpf_ringbuf_reserve", args: [.mapPointer, .allocationSize, .anything], ret: .ringbufMemoryOrNull, acquires: .ringbufRecord),
            HelperSpec(id: 132, name: "bpf_ringbuf_submit", args: [.allocatedMemory, .anything], ret: .void, releasesArg: 0),
            HelperSpec(id: 133, name: "bpf_ringbuf_discard", args: [.allocatedMemory, .anything], ret: .void, releasesArg: 0),
            HelperSpec(id: 134, name: "bpf_ringbuf_query", args: [.mapPointer, .anything], ret: .integer),
            HelperSpec(id: 158, name: "bpf_get_current_task_btf", args: [], ret: .trustedObject("task_struct"), isGPLOnly: true),
            HelperSpec(id: 160, name: "bpf_ktime_get_coarse_ns", args: [], ret: .integer),
            HelperSpec(id: 164, name: "bpf_for_each_map_elem", args: [.mapPointer, .callback(.forEachMapElement), .stackOrNull, .anything], ret: .integer),
            HelperSpec(id: 173, name: "bpf_get_func_ip", args: [.context], ret: .integer),
            HelperSpec(id: 181, name: "bpf_loop", args: [.anything, .callback(.loop), .stackOrNull, .anything], ret: .integer),
            HelperSpec(id: 194, name: "bpf_kptr_xchg", args: [.kptrField, .kptrValue], ret: .kptrOrNull, releasesArg: 1),
        ]
    }()
}
