import BPFISA
import BPFInterpreter
import BPFKernelModel

/// Socket lookups and release (`net/core/filter.c`): a lookup finds a socket unless the
/// workload makes it fail (probability `p`), and returns a new referenced `struct bpf_sock`
/// (family, type, protocol and state filled in; 128 bytes, so the `bpf_tcp_sock` view of it
/// fits too); `bpf_sk_release` ends the reference.
enum SocketHelpers {
    static let all: [Int32: KernelFunction] = [
        84: KernelFunction("bpf_sk_lookup_tcp") { call, k in lookup(call, k, "bpf_sk_lookup_tcp", tcp: true) },
        85: KernelFunction("bpf_sk_lookup_udp") { call, k in lookup(call, k, "bpf_sk_lookup_udp", tcp: false) },
        86: KernelFunction("bpf_sk_release") { call, k in
            k.release(call.argument(1), pc: call.pc, by: .program("bpf_sk_release"), expecting: .socket)
            return .value(0)
        },
        96: KernelFunction("bpf_tcp_sock") { call, k in
            guard let id = k.liveObject(call.argument(1), pc: call.pc, function: "bpf_tcp_sock") else { return .value(0) }
            return .value(k.heap[id].typeName == "sock" && k.heap[id].label.hasPrefix("tcp") ? k.heap[id].address : 0)
        },
        99: KernelFunction("bpf_skc_lookup_tcp") { call, k in lookup(call, k, "bpf_skc_lookup_tcp", tcp: true) },
    ]

    static func lookup(_ call: HelperCall, _ k: SimulatedKernel, _ name: String, tcp: Bool) -> HelperResult {
        guard call.argument(5) == 0 else { return .value(0) }  // flags must be 0
        if k.acquireFails(call, name) { return .value(0) }
        var bytes = [UInt8](repeating: 0, count: 128)
        bytes[4] = 2  // family = AF_INET
        bytes[8] = tcp ? 1 : 2  // type = SOCK_STREAM / SOCK_DGRAM
        bytes[12] = tcp ? 6 : 17  // protocol
        bytes[72] = 1  // state = TCP_ESTABLISHED
        let label = "\(tcp ? "tcp" : "udp") socket"
        guard let id = k.makeObject(typeName: "sock", resource: .socket, label: label, size: bytes.count, bytes: bytes) else {
            return .fault("the simulated kernel is out of address space")
        }
        k.acquire(id, resource: .socket, call: call, function: name)
        return .value(k.heap[id].address)
    }
}
