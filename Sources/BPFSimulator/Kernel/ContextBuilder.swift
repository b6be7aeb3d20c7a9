import BPFInterpreter
import BPFKernelModel
import BPFObject

/// Builds a run's context (what `r1` points to at entry) per program type (SPEC §6): random
/// bytes from the run's stream, with the fields the kernel fills with pointers made valid.
///
/// - `__sk_buff` (tc, cgroup_skb, sk_skb, lwt, socket filter) and `xdp_md`: a packet, half the
///   time a well-formed Ethernet/IPv4/TCP-or-UDP frame with random addresses, ports and payload,
///   else random bytes; `data`, `data_end` and `data_meta` point into it (XDP packets get 256
///   bytes of headroom and tailroom for `bpf_xdp_adjust_head`/`_tail`); `len` and `protocol`
///   agree with it; `sk` and `flow_keys` are NULL.
/// - BTF argument arrays (`tp_btf`, `fentry`, `lsm`, `struct_ops`): each 8-byte argument points
///   to its own zeroed kernel object (the simulator has no vmlinux BTF to tell pointers from
///   integers, and a pointer is also a valid integer).
/// - Everything else: random bytes of the context's size.
struct ContextBuilder {
    unowned let kernel: SimulatedKernel

    static let xdpHeadroom = 256
    static let xdpTailroom = 256

    mutating func build(fixed: [UInt8]?) throws(MemoryError) -> ContextImage {
        let program = kernel.program
        let layout = ContextLayout.forProgram(program.programType, attach: program.expectedAttachType)
        let size = fixed?.count ?? layout?.size ?? 256
        var bytes = fixed ?? kernel.random.bytes(size)
        var image = ContextImage(address: KernelLayout.contextAddress, size: size)
        if fixed == nil, let layout {
            // Socket filters cannot read `data`, but their `ld_abs` loads read the packet.
            if layout.typeName == "__sk_buff" || layout.typeName == "xdp_md" {
                try buildPacket(&image, xdp: program.programType == .xdp)
            }
            let offset = { (access: ContextLayout.Access) in layout.fields.first { $0.access == access }?.offset }
            if image.packet != nil, let d = offset(.packetData), let e = offset(.packetEnd), let m = offset(.packetMeta) {
                image.fields = (d, e, m)
            }
            for field in layout.fields {
                switch field.access {
                case .packetData: put(&bytes, image.data, at: field.offset, size: field.size)
                case .packetEnd: put(&bytes, image.dataEnd, at: field.offset, size: field.size)
                case .packetMeta: put(&bytes, image.dataMeta, at: field.offset, size: field.size)
                case .sockCommonOrNull, .flowKeys: put(&bytes, 0, at: field.offset, size: field.size)
                case .scalar, .denied: break
                }
            }
            if layout.typeName == "__sk_buff" {
                let length = image.packet.map { _ in image.dataEnd - image.data } ?? UInt64(60 + kernel.random.next(below: 1400))
                put(&bytes, length, at: 0, size: 4)
                put(&bytes, UInt64(isIPv4 ? 0x0008 : 0xdd86), at: 16, size: 4)  // htons(ETH_P_IP / ETH_P_IPV6)
            }
            if layout.isBTFArgumentArray {
                for slot in 0..<(size / 8) {
                    let object = try kernel.makeKernelObject(typeName: "ctx_arg\(slot)", label: "context argument \(slot)")
                    put(&bytes, kernel.heap[object].address, at: slot * 8, size: 8)
                }
            }
        }
        try kernel.memory.map(at: image.address, "context", size: size, kind: .input, bytes: bytes)
        return image
    }

    var isIPv4 = false

    private func put(_ bytes: inout [UInt8], _ value: UInt64, at offset: Int, size: Int) {
        for b in 0..<size where offset + b < bytes.count {
            bytes[offset + b] = b < 8 ? UInt8(truncatingIfNeeded: value >> UInt64(8 * b)) : 0
        }
    }

    private mutating func buildPacket(_ image: inout ContextImage, xdp: Bool) throws(MemoryError) {
        let frame = makeFrame()
        let headroom = xdp ? Self.xdpHeadroom : 0
        let tailroom = xdp ? Self.xdpTailroom : 0
        let buffer = [UInt8](repeating: 0, count: headroom) + frame + [UInt8](repeating: 0, count: tailroom)
        let region = try kernel.memory.map(at: KernelLayout.packetBase, "packet", size: buffer.count, kind: .input, bytes: buffer)
        image.packet = region
        image.data = region.base + UInt64(headroom)
        image.dataEnd = image.data + UInt64(frame.count)
        image.dataMeta = image.data
    }

    /// An Ethernet frame: half the time IPv4 with TCP or UDP, else 14-128 random bytes.
    private mutating func makeFrame() -> [UInt8] {
        var r = kernel.random
        defer { kernel.random = r }
        guard r.next(below: 2) == 0 else {
            isIPv4 = false
            return r.bytes(14 + Int(r.next(below: 115)))
        }
        isIPv4 = true
        let tcp = r.next(below: 2) == 0
        let payload = r.bytes(Int(r.next(below: 65)))
        let l4Length = (tcp ? 20 : 8) + payload.count
        var frame = r.bytes(12)  // destination and source MAC
        frame += [0x08, 0x00]
        let total = 20 + l4Length
        frame += [0x45, 0x00, UInt8(total >> 8), UInt8(total & 0xff)]
        frame += r.bytes(2) + [0x40, 0x00, 64, tcp ? 6 : 17] + r.bytes(2)  // id, DF, ttl, protocol, csum
        frame += r.bytes(8)  // saddr, daddr
        if tcp {
            frame += r.bytes(12) + [0x50, 0x18] + r.bytes(6)  // ports, seq, ack, doff=5, PSH|ACK, window, csum, urg
        } else {
            frame += r.bytes(4) + [UInt8(l4Length >> 8), UInt8(l4Length & 0xff)] + r.bytes(2)
        }
        return frame + payload
    }
}
