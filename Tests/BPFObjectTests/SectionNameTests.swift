import Testing

@testable import BPFObject

/// libbpf's `section_defs` matching: exact names, `type+` (exact or `type/...`), `type/`
/// prefixes, first match wins, `?` disables autoload.
@Suite struct SectionNameTests {
    @Test(arguments: [
        ("socket", ProgramType.socketFilter, nil as AttachType?, nil as String?, false),
        ("kprobe/do_unlinkat", .kprobe, nil, "do_unlinkat", false),
        ("kretprobe/do_unlinkat", .kprobe, nil, "do_unlinkat", false),
        ("kprobe.multi/vfs_*", .kprobe, .traceKprobeMulti, "vfs_*", false),
        ("uprobe.s//bin/bash:readline", .kprobe, nil, "/bin/bash:readline", true),
        ("tp/syscalls/sys_enter_openat", .tracepoint, nil, "syscalls/sys_enter_openat", false),
        ("tracepoint/sched/sched_switch", .tracepoint, nil, "sched/sched_switch", false),
        ("raw_tp/sys_enter", .rawTracepoint, nil, "sys_enter", false),
        ("raw_tracepoint.w/foo", .rawTracepointWritable, nil, "foo", false),
        ("tp_btf/sched_switch", .tracing, .traceRawTP, "sched_switch", false),
        ("fentry/do_unlinkat", .tracing, .traceFentry, "do_unlinkat", false),
        ("fexit/do_unlinkat", .tracing, .traceFexit, "do_unlinkat", false),
        ("fmod_ret/security_x", .tracing, .modifyReturn, "security_x", false),
        ("fentry.s/do_unlinkat", .tracing, .traceFentry, "do_unlinkat", true),
        ("lsm/file_open", .lsm, .lsmMac, "file_open", false),
        ("lsm.s/file_open", .lsm, .lsmMac, "file_open", true),
        ("lsm_cgroup/socket_bind", .lsm, .lsmCgroup, "socket_bind", false),
        ("iter/task", .tracing, .traceIter, "task", false),
        ("syscall", .syscall, nil, nil, true),
        ("tc", .schedCls, nil, nil, false),
        ("tc/ingress", .schedCls, .tcxIngress, nil, false),
        ("tcx/egress", .schedCls, .tcxEgress, nil, false),
        ("classifier", .schedCls, nil, nil, false),
        ("action", .schedAct, nil, nil, false),
        ("xdp", .xdp, .xdp, nil, false),
        ("xdp.frags", .xdp, .xdp, nil, false),
        ("xdp/devmap", .xdp, .xdpDevmap, nil, false),
        ("perf_event", .perfEvent, nil, nil, false),
        ("cgroup_skb/ingress", .cgroupSkb, .cgroupInetIngress, nil, false),
        ("cgroup/skb", .cgroupSkb, nil, nil, false),
        ("cgroup/sock_create", .cgroupSock, .cgroupInetSockCreate, nil, false),
        ("cgroup/connect4", .cgroupSockAddr, .cgroupInet4Connect, nil, false),
        ("cgroup/sysctl", .cgroupSysctl, .cgroupSysctl, nil, false),
        ("cgroup/dev", .cgroupDevice, .cgroupDevice, nil, false),
        ("sockops", .sockOps, .cgroupSockOps, nil, false),
        ("sk_skb/stream_parser", .skSkb, .skSkbStreamParser, nil, false),
        ("sk_skb", .skSkb, nil, nil, false),
        ("sk_msg", .skMsg, .skMsgVerdict, nil, false),
        ("sk_lookup", .skLookup, .skLookup, nil, false),
        ("struct_ops/dequeue", .structOps, nil, "dequeue", false),
        ("struct_ops.s/init", .structOps, nil, "init", true),
        ("freplace/handler", .ext, nil, "handler", false),
        ("flow_dissector", .flowDissector, .flowDissector, nil, false),
        ("netfilter", .netfilter, .netfilter, nil, false),
        ("?tc", .schedCls, nil, nil, false),
    ])
    func matches(section: String, type: ProgramType, attach: AttachType?, target: String?, sleepable: Bool) throws {
        let s = try #require(ProgramSection(sectionName: section), "\(section) matched nothing")
        #expect(s.programType == type, "\(section)")
        #expect(s.expectedAttachType == attach, "\(section)")
        #expect(s.attachTarget == target, "\(section)")
        #expect(s.isSleepable == sleepable, "\(section)")
        #expect(s.autoloadDisabled == section.hasPrefix("?"), "\(section)")
    }

    /// Names libbpf does not know, and near misses of `type+` and exact entries.
    @Test(arguments: ["tcfoo", "kprobefoo", "xdp_drop", "socket/x", "my_section", "", "fentry_x"])
    func unknownSectionsMatchNothing(section: String) {
        #expect(ProgramSection(sectionName: section) == nil, "\(section)")
    }

    @Test(arguments: ProgramType.allCases)
    func programTypeNamesRoundTrip(type: ProgramType) {
        #expect(ProgramType(name: type.description) == type)
        #expect(ProgramType(name: "BPF_PROG_TYPE_" + type.description.uppercased()) == type)
    }

    @Test(arguments: MapType.allCases)
    func mapTypeNamesRoundTrip(type: MapType) {
        #expect(MapType(name: type.description) == type)
        #expect(MapType(name: "\(type.rawValue)") == type)
    }
}
