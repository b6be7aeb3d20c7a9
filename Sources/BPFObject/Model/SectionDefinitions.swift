/// What a program's ELF section name says about it, as libbpf's `section_defs` table and
/// `sec_def_matches` read it: program type, expected attach type, attach target and the
/// sleepable flag (`fentry.s/`, `lsm.s/`, `syscall`, ...).
public struct ProgramSection: Hashable, Sendable {
    public let programType: ProgramType
    public let expectedAttachType: AttachType?
    /// What follows the section prefix's `/`: `do_unlinkat` for `fentry/do_unlinkat`,
    /// `sched/sched_switch` for `tp/sched/sched_switch`; nil when the section has none.
    public let attachTarget: String?
    public let isSleepable: Bool
    /// `SEC("?tc")`: libbpf does not load it unless asked (autoload off).
    public let autoloadDisabled: Bool

    /// Matches `name` against libbpf's table; nil when no entry matches (libbpf then reports
    /// "missing BPF prog type, check ELF section name").
    public init?(sectionName name: String) {
        var sec = Substring(name)
        autoloadDisabled = sec.hasPrefix("?")
        if autoloadDisabled { sec = sec.dropFirst() }
        guard let def = SectionDefinition.table.first(where: { $0.matches(sec) }) else { return nil }
        programType = def.type
        expectedAttachType = def.attach
        isSleepable = def.sleepable
        let prefix = def.prefix.hasSuffix("+") || def.prefix.hasSuffix("/") ? String(def.prefix.dropLast()) : def.prefix
        let rest = sec.dropFirst(prefix.count)
        attachTarget = rest.hasPrefix("/") && rest.count > 1 ? String(rest.dropFirst()) : nil
    }
}

/// One row of libbpf's `section_defs`.
struct SectionDefinition {
    let prefix: String
    let type: ProgramType
    let attach: AttachType?
    let sleepable: Bool

    init(_ prefix: String, _ type: ProgramType, _ attach: AttachType? = nil, sleepable: Bool = false) {
        self.prefix = prefix
        self.type = type
        self.attach = attach
        self.sleepable = sleepable
    }

    /// `type/` needs the slash; `type+` is `type` exactly or `type/...`; otherwise exact.
    func matches(_ name: Substring) -> Bool {
        if prefix.hasSuffix("/") { return name.hasPrefix(prefix) }
        if prefix.hasSuffix("+") {
            let bare = prefix.dropLast()
            guard name.hasPrefix(bare) else { return false }
            let rest = name.dropFirst(bare.count)
            return rest.isEmpty || rest.hasPrefix("/")
        }
        return name == prefix
    }

    /// Order matters: the first match wins, as in libbpf.
    static let table: [SectionDefinition] = [
        .init("socket", .socketFilter),
        .init("sk_reuseport/migrate", .skReuseport, .skReuseportSelectOrMigrate),
        .init("sk_reuseport", .skReuseport, .skReuseportSelect),
        .init("kprobe+", .kprobe),
        .init("uprobe+", .kprobe),
        .init("uprobe.s+", .kprobe, sleepable: true),
        .init("kretprobe+", .kprobe),
        .init("uretprobe+", .kprobe),
        .init("uretprobe.s+", .kprobe, sleepable: true),
        .init("kprobe.multi+", .kprobe, .traceKprobeMulti),
        .init("kretprobe.multi+", .kprobe, .traceKprobeMulti),
        .init("kprobe.session+", .kprobe, .traceKprobeSession),
        .init("uprobe.multi+", .kprobe, .traceUprobeMulti),
        .init("uretprobe.multi+", .kprobe, .traceUprobeMulti),
        .init("uprobe.multi.s+", .kprobe, .traceUprobeMulti, sleepable: true),
        .init("uretprobe.multi.s+", .kprobe, .traceUprobeMulti, sleepable: true),
        .init("ksyscall+", .kprobe),
        .init("kretsyscall+", .kprobe),
        .init("usdt+", .kprobe),
        .init("usdt.s+", .kprobe, sleepable: true),
        .init("tc/ingress", .schedCls, .tcxIngress),
        .init("tc/egress", .schedCls, .tcxEgress),
        .init("tcx/ingress", .schedCls, .tcxIngress),
        .init("tcx/egress", .schedCls, .tcxEgress),
        .init("tc", .schedCls),
        .init("classifier", .schedCls),
        .init("action", .schedAct),
        .init("netkit/primary", .schedCls, .netkitPrimary),
        .init("netkit/peer", .schedCls, .netkitPeer),
        .init("tracepoint+", .tracepoint),
        .init("tp+", .tracepoint),
        .init("raw_tracepoint+", .rawTracepoint),
        .init("raw_tp+", .rawTracepoint),
        .init("raw_tracepoint.w+", .rawTracepointWritable),
        .init("raw_tp.w+", .rawTracepointWritable),
        .init("tp_btf+", .tracing, .traceRawTP),
        .init("fentry+", .tracing, .traceFentry),
        .init("fmod_ret+", .tracing, .modifyReturn),
        .init("fexit+", .tracing, .traceFexit),
        .init("fentry.s+", .tracing, .traceFentry, sleepable: true),
        .init("fmod_ret.s+", .tracing, .modifyReturn, sleepable: true),
        .init("fexit.s+", .tracing, .traceFexit, sleepable: true),
        .init("freplace+", .ext),
        .init("lsm+", .lsm, .lsmMac),
        .init("lsm.s+", .lsm, .lsmMac, sleepable: true),
        .init("lsm_cgroup+", .lsm, .lsmCgroup),
        .init("iter+", .tracing, .traceIter),
        .init("iter.s+", .tracing, .traceIter, sleepable: true),
        .init("syscall", .syscall, sleepable: true),
        .init("xdp.frags/devmap", .xdp, .xdpDevmap),
        .init("xdp/devmap", .xdp, .xdpDevmap),
        .init("xdp.frags/cpumap", .xdp, .xdpCpumap),
        .init("xdp/cpumap", .xdp, .xdpCpumap),
        .init("xdp.frags", .xdp, .xdp),
        .init("xdp", .xdp, .xdp),
        .init("perf_event", .perfEvent),
        .init("lwt_in", .lwtIn),
        .init("lwt_out", .lwtOut),
        .init("lwt_xmit", .lwtXmit),
        .init("lwt_seg6local", .lwtSeg6local),
        .init("sockops", .sockOps, .cgroupSockOps),
        .init("sk_skb/stream_parser", .skSkb, .skSkbStreamParser),
        .init("sk_skb/stream_verdict", .skSkb, .skSkbStreamVerdict),
        .init("sk_skb/verdict", .skSkb, .skSkbVerdict),
        .init("sk_skb", .skSkb),
        .init("sk_msg", .skMsg, .skMsgVerdict),
        .init("lirc_mode2", .lircMode2, .lircMode2),
        .init("flow_dissector", .flowDissector, .flowDissector),
        .init("cgroup_skb/ingress", .cgroupSkb, .cgroupInetIngress),
        .init("cgroup_skb/egress", .cgroupSkb, .cgroupInetEgress),
        .init("cgroup/skb", .cgroupSkb),
        .init("cgroup/sock_create", .cgroupSock, .cgroupInetSockCreate),
        .init("cgroup/sock_release", .cgroupSock, .cgroupInetSockRelease),
        .init("cgroup/sock", .cgroupSock, .cgroupInetSockCreate),
        .init("cgroup/post_bind4", .cgroupSock, .cgroupInet4PostBind),
        .init("cgroup/post_bind6", .cgroupSock, .cgroupInet6PostBind),
        .init("cgroup/bind4", .cgroupSockAddr, .cgroupInet4Bind),
        .init("cgroup/bind6", .cgroupSockAddr, .cgroupInet6Bind),
        .init("cgroup/connect4", .cgroupSockAddr, .cgroupInet4Connect),
        .init("cgroup/connect6", .cgroupSockAddr, .cgroupInet6Connect),
        .init("cgroup/connect_unix", .cgroupSockAddr, .cgroupUnixConnect),
        .init("cgroup/sendmsg4", .cgroupSockAddr, .cgroupUDP4Sendmsg),
        .init("cgroup/sendmsg6", .cgroupSockAddr, .cgroupUDP6Sendmsg),
        .init("cgroup/sendmsg_unix", .cgroupSockAddr, .cgroupUnixSendmsg),
        .init("cgroup/recvmsg4", .cgroupSockAddr, .cgroupUDP4Recvmsg),
        .init("cgroup/recvmsg6", .cgroupSockAddr, .cgroupUDP6Recvmsg),
        .init("cgroup/recvmsg_unix", .cgroupSockAddr, .cgroupUnixRecvmsg),
        .init("cgroup/getpeername4", .cgroupSockAddr, .cgroupInet4Getpeername),
        .init("cgroup/getpeername6", .cgroupSockAddr, .cgroupInet6Getpeername),
        .init("cgroup/getpeername_unix", .cgroupSockAddr, .cgroupUnixGetpeername),
        .init("cgroup/getsockname4", .cgroupSockAddr, .cgroupInet4Getsockname),
        .init("cgroup/getsockname6", .cgroupSockAddr, .cgroupInet6Getsockname),
        .init("cgroup/getsockname_unix", .cgroupSockAddr, .cgroupUnixGetsockname),
        .init("cgroup/sysctl", .cgroupSysctl, .cgroupSysctl),
        .init("cgroup/getsockopt", .cgroupSockopt, .cgroupGetsockopt),
        .init("cgroup/setsockopt", .cgroupSockopt, .cgroupSetsockopt),
        .init("cgroup/dev", .cgroupDevice, .cgroupDevice),
        .init("struct_ops+", .structOps),
        .init("struct_ops.s+", .structOps, sleepable: true),
        .init("sk_lookup", .skLookup, .skLookup),
        .init("netfilter", .netfilter, .netfilter),
    ]
}
