import BPFISA
import BPFInterpreter
import BPFObject

/// Packet helpers (`net/core/filter.c`) on the run's packet: loads and stores within
/// `[data, data_end)`, XDP head and tail adjustment within the buffer's headroom and tailroom
/// (rewriting the context's `data`/`data_end`), checksum differences, redirects.
enum PacketHelpers {
    static let all: [Int32: KernelFunction] = [
        9: KernelFunction("bpf_skb_store_bytes") { call, k in
            let offset = call.argument(2)
            let length = Int(min(call.argument(4), 1 << 16))
            guard let bytes = k.bytes(call.argument(3), length) else { return .value(Errno.fault) }
            guard let at = packetRange(k, offset: offset, length: length) else { return .value(Errno.fault) }
            return .value(k.write(bytes, at: at) ? 0 : Errno.fault)
        },
        23: KernelFunction("bpf_redirect") { call, k in
            .value(call.argument(2) & ~UInt64(1) != 0 ? 0 : (k.program.programType == .xdp ? 4 : 7))  // XDP_REDIRECT, TC_ACT_REDIRECT
        },
        26: KernelFunction("bpf_skb_load_bytes") { call, k in
            let length = Int(min(call.argument(4), 1 << 16))
            guard let at = packetRange(k, offset: call.argument(2), length: length), let bytes = k.bytes(at, length) else {
                _ = k.write([UInt8](repeating: 0, count: length), at: call.argument(3))
                return .value(Errno.fault)
            }
            return .value(k.write(bytes, at: call.argument(3)) ? 0 : Errno.fault)
        },
        28: KernelFunction("bpf_csum_diff", csumDiff),
        44: KernelFunction("bpf_xdp_adjust_head") { call, k in adjust(call, k, head: true) },
        51: KernelFunction("bpf_redirect_map") { call, k in
            guard let map = k.map(handle: call.argument(1)) else { return MapHelpers.notAMap(call) }
            return .value(call.argument(2) < UInt64(map.maxEntries) ? 4 : call.argument(3) & 3)  // XDP_REDIRECT or the fallback action
        },
        65: KernelFunction("bpf_xdp_adjust_tail") { call, k in adjust(call, k, head: false) },
    ]

    /// The address of `length` packet bytes at `offset` from `data`, if they are inside it.
    static func packetRange(_ k: SimulatedKernel, offset: UInt64, length: Int) -> UInt64? {
        let data = k.contextData
        guard let end = k.contextDataEnd, let data, offset < 1 << 16 else { return nil }
        guard data + offset + UInt64(length) <= end else { return nil }
        return data + offset
    }

    /// `bpf_csum_diff(from, from_size, to, to_size, seed)`: the 32-bit one's-complement sum of
    /// `to` minus `from` (both multiples of 4 bytes) plus `seed`.
    static func csumDiff(_ call: inout HelperCall, _ k: SimulatedKernel) -> HelperResult {
        let fromSize = Int(call.argument(2))
        let toSize = Int(call.argument(4))
        guard fromSize % 4 == 0, toSize % 4 == 0, fromSize <= 512, toSize <= 512 else { return .value(Errno.inval) }
        let from = fromSize == 0 ? [] : k.bytes(call.argument(1), fromSize)
        let to = toSize == 0 ? [] : k.bytes(call.argument(3), toSize)
        guard let from, let to else { return .value(Errno.fault) }
        var sum = UInt64(UInt32(truncatingIfNeeded: call.argument(5)))
        func words(_ b: [UInt8]) -> [UInt32] {
            stride(from: 0, to: b.count, by: 4).map {
                UInt32(b[$0]) | UInt32(b[$0 + 1]) << 8 | UInt32(b[$0 + 2]) << 16 | UInt32(b[$0 + 3]) << 24
            }
        }
        for w in words(from) { sum += UInt64(~w) }
        for w in words(to) { sum += UInt64(w) }
        while sum >> 32 != 0 { sum = (sum & 0xffff_ffff) + (sum >> 32) }
        return .value(sum)
    }

    /// `bpf_xdp_adjust_head/tail(ctx, delta)`: moves `data` (or `data_end`) by `delta` within
    /// the packet buffer, keeping at least an Ethernet header, and updates the context.
    static func adjust(_ call: HelperCall, _ k: SimulatedKernel, head: Bool) -> HelperResult {
        guard let packet = k.context.packet, let fields = k.context.fields, let data = k.contextData,
            let end = k.contextDataEnd
        else { return .value(Errno.inval) }
        let delta = Int64(Int32(truncatingIfNeeded: call.argument(2)))
        let newData = head ? Int64(data) + delta : Int64(data)
        let newEnd = head ? Int64(end) : Int64(end) + delta
        guard newData >= Int64(packet.base), newEnd <= Int64(packet.end), newEnd - newData >= 14 else {
            return .value(Errno.inval)
        }
        let context = k.context.address
        do {
            if head {
                try k.memory.store(context + UInt64(fields.data), size: .word, value: UInt64(newData))
                try k.memory.store(context + UInt64(fields.meta), size: .word, value: UInt64(newData))
            } else {
                try k.memory.store(context + UInt64(fields.end), size: .word, value: UInt64(newEnd))
            }
        } catch {
            return .fault("cannot update the context: \(error.message)")
        }
        return .value(0)
    }
}

extension SimulatedKernel {
    /// The packet's `data` as the context holds it now (helpers may have moved it).
    var contextData: UInt64? {
        guard let fields = context.fields else { return nil }
        return try? memory.load(context.address + UInt64(fields.data), size: .word)
    }

    var contextDataEnd: UInt64? {
        guard let fields = context.fields else { return nil }
        return try? memory.load(context.address + UInt64(fields.end), size: .word)
    }
}
