import BPFObject

extension BPFProgram {
    /// The range `check_return_code` enforces on the main program's R0 (and on the default
    /// exception callback's cookie), or nil when the kernel does not check it for this program
    /// type. Only a checked return value is marked precise at exit, so where this is nil a
    /// scalar that merely flows to R0 never blocks state pruning.
    var mainReturnRange: ClosedRange<Int64>? {
        switch programType {
        case .cgroupSkb: return expectedAttachType?.description == "cgroup_inet_egress" ? 0...3 : 0...1
        case .cgroupSock, .cgroupDevice, .cgroupSysctl, .cgroupSockopt, .cgroupSockAddr, .skLookup, .netfilter: return 0...1
        case .lsm: return -4095...0
        case .tracing:
            switch expectedAttachType?.description {
            case "trace_fentry", "trace_fexit": return 0...0
            default: return nil
            }
        default: return nil
        }
    }
}
