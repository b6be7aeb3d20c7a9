/// `enum bpf_prog_type` of `include/uapi/linux/bpf.h`; raw values are the kernel's numbers.
public enum ProgramType: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case unspecified = 0
    case socketFilter = 1
    case kprobe = 2
    case schedCls = 3
    case schedAct = 4
    case tracepoint = 5
    case xdp = 6
    case perfEvent = 7
    case cgroupSkb = 8
    case cgroupSock = 9
    case lwtIn = 10
    case lwtOut = 11
    case lwtXmit = 12
    case sockOps = 13
    case skSkb = 14
    case cgroupDevice = 15
    case skMsg = 16
    case rawTracepoint = 17
    case cgroupSockAddr = 18
    case lwtSeg6local = 19
    case lircMode2 = 20
    case skReuseport = 21
    case flowDissector = 22
    case cgroupSysctl = 23
    case rawTracepointWritable = 24
    case cgroupSockopt = 25
    case tracing = 26
    case structOps = 27
    case ext = 28
    case lsm = 29
    case skLookup = 30
    case syscall = 31
    case netfilter = 32

    /// The lower-case name bpftool and veristat print (`sched_cls`, `tracing`, ...), which is
    /// `BPF_PROG_TYPE_` stripped.
    public var description: String {
        switch self {
        case .unspecified: return "unspec"
        case .socketFilter: return "socket_filter"
        case .kprobe: return "kprobe"
        case .schedCls: return "sched_cls"
        case .schedAct: return "sched_act"
        case .tracepoint: return "tracepoint"
        case .xdp: return "xdp"
        case .perfEvent: return "perf_event"
        case .cgroupSkb: return "cgroup_skb"
        case .cgroupSock: return "cgroup_sock"
        case .lwtIn: return "lwt_in"
        case .lwtOut: return "lwt_out"
        case .lwtXmit: return "lwt_xmit"
        case .sockOps: return "sock_ops"
        case .skSkb: return "sk_skb"
        case .cgroupDevice: return "cgroup_device"
        case .skMsg: return "sk_msg"
        case .rawTracepoint: return "raw_tracepoint"
        case .cgroupSockAddr: return "cgroup_sock_addr"
        case .lwtSeg6local: return "lwt_seg6local"
        case .lircMode2: return "lirc_mode2"
        case .skReuseport: return "sk_reuseport"
        case .flowDissector: return "flow_dissector"
        case .cgroupSysctl: return "cgroup_sysctl"
        case .rawTracepointWritable: return "raw_tracepoint_writable"
        case .cgroupSockopt: return "cgroup_sockopt"
        case .tracing: return "tracing"
        case .structOps: return "struct_ops"
        case .ext: return "ext"
        case .lsm: return "lsm"
        case .skLookup: return "sk_lookup"
        case .syscall: return "syscall"
        case .netfilter: return "netfilter"
        }
    }

    /// Parses `sched_cls`, `BPF_PROG_TYPE_SCHED_CLS`, or a number.
    public init?(name: String) {
        let lower = name.lowercased()
        let bare = lower.hasPrefix("bpf_prog_type_") ? String(lower.dropFirst("bpf_prog_type_".count)) : lower
        if let n = Int(bare), let t = ProgramType(rawValue: n) {
            self = t
            return
        }
        guard let t = ProgramType.allCases.first(where: { $0.description == bare }) else { return nil }
        self = t
    }
}

/// `enum bpf_attach_type`; raw values are the kernel's numbers.
public enum AttachType: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case cgroupInetIngress = 0, cgroupInetEgress, cgroupInetSockCreate, cgroupSockOps
    case skSkbStreamParser, skSkbStreamVerdict, cgroupDevice, skMsgVerdict
    case cgroupInet4Bind, cgroupInet6Bind, cgroupInet4Connect, cgroupInet6Connect
    case cgroupInet4PostBind, cgroupInet6PostBind, cgroupUDP4Sendmsg, cgroupUDP6Sendmsg
    case lircMode2, flowDissector, cgroupSysctl, cgroupUDP4Recvmsg, cgroupUDP6Recvmsg
    case cgroupGetsockopt, cgroupSetsockopt
    case traceRawTP, traceFentry, traceFexit, modifyReturn, lsmMac, traceIter
    case cgroupInet4Getpeername, cgroupInet6Getpeername, cgroupInet4Getsockname, cgroupInet6Getsockname
    case xdpDevmap, cgroupInetSockRelease, xdpCpumap, skLookup, xdp, skSkbVerdict
    case skReuseportSelect, skReuseportSelectOrMigrate, perfEvent, traceKprobeMulti, lsmCgroup
    case structOps, netfilter, tcxIngress, tcxEgress, traceUprobeMulti
    case cgroupUnixConnect, cgroupUnixSendmsg, cgroupUnixRecvmsg, cgroupUnixGetpeername, cgroupUnixGetsockname
    case netkitPrimary, netkitPeer, traceKprobeSession, traceUprobeSession

    /// libbpf's `attach_type_name` spelling (`cgroup_inet_ingress`, `trace_fentry`, ...).
    public var description: String {
        switch self {
        case .cgroupInetIngress: return "cgroup_inet_ingress"
        case .cgroupInetEgress: return "cgroup_inet_egress"
        case .cgroupInetSockCreate: return "cgroup_inet_sock_create"
        case .cgroupSockOps: return "cgroup_sock_ops"
        case .skSkbStreamParser: return "sk_skb_stream_parser"
        case .skSkbStreamVerdict: return "sk_skb_stream_verdict"
        case .cgroupDevice: return "cgroup_device"
        case .skMsgVerdict: return "sk_msg_verdict"
        case .cgroupInet4Bind: return "cgroup_inet4_bind"
        case .cgroupInet6Bind: return "cgroup_inet6_bind"
        case .cgroupInet4Connect: return "cgroup_inet4_connect"
        case .cgroupInet6Connect: return "cgroup_inet6_connect"
        case .cgroupInet4PostBind: return "cgroup_inet4_post_bind"
        case .cgroupInet6PostBind: return "cgroup_inet6_post_bind"
        case .cgroupUDP4Sendmsg: return "cgroup_udp4_sendmsg"
        case .cgroupUDP6Sendmsg: return "cgroup_udp6_sendmsg"
        case .lircMode2: return "lirc_mode2"
        case .flowDissector: return "flow_dissector"
        case .cgroupSysctl: return "cgroup_sysctl"
        case .cgroupUDP4Recvmsg: return "cgroup_udp4_recvmsg"
        case .cgroupUDP6Recvmsg: return "cgroup_udp6_recvmsg"
        case .cgroupGetsockopt: return "cgroup_getsockopt"
        case .cgroupSetsockopt: return "cgroup_setsockopt"
        case .traceRawTP: return "trace_raw_tp"
        case .traceFentry: return "trace_fentry"
        case .traceFexit: return "trace_fexit"
        case .modifyReturn: return "modify_return"
        case .lsmMac: return "lsm_mac"
        case .traceIter: return "trace_iter"
        case .cgroupInet4Getpeername: return "cgroup_inet4_getpeername"
        case .cgroupInet6Getpeername: return "cgroup_inet6_getpeername"
        case .cgroupInet4Getsockname: return "cgroup_inet4_getsockname"
        case .cgroupInet6Getsockname: return "cgroup_inet6_getsockname"
        case .xdpDevmap: return "xdp_devmap"
        case .cgroupInetSockRelease: return "cgroup_inet_sock_release"
        case .xdpCpumap: return "xdp_cpumap"
        case .skLookup: return "sk_lookup"
        case .xdp: return "xdp"
        case .skSkbVerdict: return "sk_skb_verdict"
        case .skReuseportSelect: return "sk_reuseport_select"
        case .skReuseportSelectOrMigrate: return "sk_reuseport_select_or_migrate"
        case .perfEvent: return "perf_event"
        case .traceKprobeMulti: return "trace_kprobe_multi"
        case .lsmCgroup: return "lsm_cgroup"
        case .structOps: return "struct_ops"
        case .netfilter: return "netfilter"
        case .tcxIngress: return "tcx_ingress"
        case .tcxEgress: return "tcx_egress"
        case .traceUprobeMulti: return "trace_uprobe_multi"
        case .cgroupUnixConnect: return "cgroup_unix_connect"
        case .cgroupUnixSendmsg: return "cgroup_unix_sendmsg"
        case .cgroupUnixRecvmsg: return "cgroup_unix_recvmsg"
        case .cgroupUnixGetpeername: return "cgroup_unix_getpeername"
        case .cgroupUnixGetsockname: return "cgroup_unix_getsockname"
        case .netkitPrimary: return "netkit_primary"
        case .netkitPeer: return "netkit_peer"
        case .traceKprobeSession: return "trace_kprobe_session"
        case .traceUprobeSession: return "trace_uprobe_session"
        }
    }
}
