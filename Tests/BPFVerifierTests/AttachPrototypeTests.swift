import BPFObject
@testable import BPFVerifier
import Foundation
import Testing

/// The typed arguments of BTF-typed contexts (`btf_ctx_access`): bpfsim's committed snapshot
/// of Linux 6.18's attach-point prototypes, checked against the running kernel's BTF when
/// this machine runs 6.18, and regenerated from it on request.
@Suite struct AttachPrototypeTests {
    static let kernelRelease: String = {
        var name = utsname()
        uname(&name)
        return withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }()

    static let kernelBTF: BTF? = KernelBTF.load(path: KernelBTF.defaultPath)
    static let canCompare = kernelBTF != nil && kernelRelease.hasPrefix("6.18")

    /// The attach points the snapshot holds (`AttachPrototypeSnapshot.swift` is generated from
    /// this list by `BPFSIM_WRITE_SNAPSHOT=1 swift test --filter AttachPrototypeTests`).
    static let attachPoints: [String] = [
        "btf_trace_sched_switch", "btf_trace_sched_wakeup", "btf_trace_sched_wakeup_new",
        "btf_trace_sched_process_fork", "btf_trace_sched_process_exec", "btf_trace_sched_process_exit",
        "btf_trace_sched_process_free", "btf_trace_sched_migrate_task", "btf_trace_task_newtask",
        "btf_trace_task_rename", "btf_trace_sys_enter", "btf_trace_sys_exit", "btf_trace_kfree_skb",
        "btf_trace_consume_skb", "btf_trace_netif_receive_skb", "btf_trace_net_dev_queue",
        "btf_trace_inet_sock_set_state", "btf_trace_tcp_retransmit_skb", "btf_trace_block_rq_issue",
        "btf_trace_block_rq_complete", "btf_trace_cgroup_mkdir", "btf_trace_softirq_entry",
        "btf_trace_irq_handler_entry", "btf_trace_mm_page_alloc", "btf_trace_sched_stat_runtime",
        "do_unlinkat", "do_nanosleep", "vfs_read", "vfs_write", "vfs_open", "do_sys_openat2", "tcp_connect",
        "tcp_sendmsg", "tcp_v4_connect", "inet_csk_accept", "wake_up_new_task", "kfree_skb_reason",
        "security_file_open", "bpf_fentry_test1", "bpf_fentry_test2", "bpf_fentry_test3",
        "bpf_lsm_file_open", "bpf_lsm_bprm_check_security", "bpf_lsm_task_alloc", "bpf_lsm_socket_connect",
        "bpf_lsm_inode_create", "bpf_lsm_file_permission", "bpf_lsm_bpf", "bpf_lsm_task_kill",
        "bpf_lsm_file_mprotect",
    ]

    static func logName(_ btfName: String) -> String {
        for prefix in ["btf_trace_", "bpf_lsm_"] where btfName.hasPrefix(prefix) { return String(btfName.dropFirst(prefix.count)) }
        return btfName
    }

    @Test(.enabled(if: canCompare, "needs /sys/kernel/btf/vmlinux of a 6.18 kernel (the snapshot's source)"))
    func snapshotMatchesTheRunningKernel() throws {
        let btf = try #require(Self.kernelBTF)
        #expect(!AttachPrototypeSnapshot.prototypes.isEmpty)
        for (name, snap) in AttachPrototypeSnapshot.prototypes.sorted(by: { $0.key < $1.key }) {
            let live = AttachPrototype.read(from: btf, btfName: name, logName: Self.logName(name))
            #expect(live == snap, "\(name): snapshot \(snap) but the kernel's BTF says \(String(describing: live))")
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["BPFSIM_WRITE_SNAPSHOT"] != nil && canCompare, "regenerates the snapshot on request only"))
    func writeSnapshot() throws {
        let btf = try #require(Self.kernelBTF)
        var lines: [String] = []
        for name in Self.attachPoints {
            guard let p = AttachPrototype.read(from: btf, btfName: name, logName: Self.logName(name)) else { continue }
            func arg(_ a: TracingArgument) -> String {
                switch a {
                case .scalar: return ".scalar"
                case .structPointer(let n, let id): return ".structPointer(name: \"\(n)\", kernelBTFID: \(id))"
                case .unsupported(let k): return ".unsupported(kind: \"\(k)\")"
                }
            }
            let args = p.arguments.map(arg).joined(separator: ", ")
            let ret = p.returnValue.map { ", returnValue: " + arg($0) } ?? ""
            lines.append("        \"\(name)\": AttachPrototype(function: \"\(p.function)\", arguments: [\(args)]\(ret)),")
        }
        let source = """
            /// Prototypes of common attach points as Linux 6.18 declares them (generated from
            /// `/sys/kernel/btf/vmlinux` of \(Self.kernelRelease) by `BPFSIM_WRITE_SNAPSHOT=1 swift test
            /// --filter AttachPrototypeTests`; `AttachPrototypeTests` checks it against a running
            /// 6.18 kernel). Committed so that verdicts do not depend on the machine's kernel: the
            /// running kernel's BTF is consulted only for attach points missing here.
            enum AttachPrototypeSnapshot {
                static let prototypes: [String: AttachPrototype] = [
            \(lines.joined(separator: "\n"))
                ]
            }

            """
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/BPFVerifier/Context/AttachPrototypeSnapshot.swift")
        try source.write(to: path, atomically: true, encoding: .utf8)
    }

    @Test func tracepointDropsTheDataArgument() throws {
        // `btf_trace_sched_switch` is `void (*)(void *, bool, struct task_struct *, ...)`.
        let p = try #require(AttachPrototypeSnapshot.prototypes["btf_trace_sched_switch"])
        #expect(p.function == "sched_switch")
        #expect(p.arguments.first == .scalar)
        guard case .structPointer(let name, _)? = p.arguments.dropFirst().first else {
            Issue.record("sched_switch arg1 is \(String(describing: p.arguments.dropFirst().first))")
            return
        }
        #expect(name == "task_struct")
    }
}
