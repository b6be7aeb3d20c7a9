import BPFObject

/// Register and stack state in the kernel log's syntax (`print_reg_state`,
/// `print_scalar_ranges`, `print_verifier_state` in `kernel/bpf/log.c`).
struct StateFormat {
    let maps: [MapDefinition]

    /// `%lld` in [-32768, 32767], else `%#llx` (`verbose_snum`).
    static func snum(_ v: Int64) -> String {
        (-32768...32767).contains(v) ? String(v) : hex(UInt64(bitPattern: v))
    }

    /// `%llu` up to 65535, else `%#llx` (`verbose_unum`).
    static func unum(_ v: UInt64) -> String { v <= 0xffff ? String(v) : hex(v) }

    static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    /// `reg_type_str`: flag prefixes, base name, `_or_null`. A BTF object's struct name is not
    /// part of it (messages say `R0 invalid mem access 'ptr_or_null_'`); states append it.
    func typeName(_ r: RegState) -> String {
        var prefix = ""
        if r.flags.contains(.readOnly) { prefix += "rdonly_" }
        if r.flags.contains(.ringbuf) { prefix += "ringbuf_" }
        if r.flags.contains(.rcu) { prefix += "rcu_" }
        if r.flags.contains(.untrusted) { prefix += "untrusted_" }
        if r.flags.contains(.trusted) { prefix += "trusted_" }
        let null = r.isMaybeNull
        switch r.type {
        case .notInit: return "?"
        case .scalar: return "scalar"
        case .context: return prefix + "ctx" + (null ? "_or_null" : "")
        case .stack: return prefix + "fp"
        case .mapPointer: return prefix + "map_ptr" + (null ? "_or_null" : "")
        case .mapKey: return prefix + "map_key"
        case .mapValue: return prefix + "map_value" + (null ? "_or_null" : "")
        case .packet: return prefix + "pkt"
        case .packetMeta: return prefix + "pkt_meta"
        case .packetEnd: return prefix + "pkt_end"
        case .btfObject: return prefix + "ptr_" + (null ? "or_null_" : "")
        case .memory: return prefix + "mem" + (null ? "_or_null" : "")
        case .socket: return prefix + "sock" + (null ? "_or_null" : "")
        case .sockCommon: return prefix + "sock_common" + (null ? "_or_null" : "")
        case .tcpSock: return prefix + "tcp_sock" + (null ? "_or_null" : "")
        case .function: return prefix + "func"
        }
    }

    /// One register's value as `R1=` shows it (without the `R1=`), seen from frame `frameNo`.
    func format(_ r: RegState, frameNo: Int) -> String {
        if r.type == .scalar, r.value.isConst {
            return Self.snum(Int64(bitPattern: r.value.varOff.value))
        }
        var out = typeName(r)
        if case .btfObject(let t) = r.type { out += t.name }
        if case .stack(let f) = r.type {
            if f != frameNo { out += "[\(f)]" }
            if r.value.isConst {
                return out + Self.snum(Int64(bitPattern: r.value.varOff.value) &+ Int64(r.off))
            }
        }
        var attrs: [String] = []
        if r.id != 0 {
            let delta = r.type == .scalar && r.addConst != .none ? (r.off >= 0 ? "+\(r.off)" : "\(r.off)") : ""
            attrs.append("id=\(r.id)" + delta)
        }
        if r.refObjID != 0 { attrs.append("ref_obj_id=\(r.refObjID)") }
        if r.flags.contains(.nonOwning) { attrs.append("non_own_ref") }
        switch r.type {
        case .mapPointer(let m), .mapValue(let m), .mapKey(let m):
            if m < maps.count {
                let map = maps[m]
                if !map.name.isEmpty { attrs.append("map=\(String(map.name.prefix(15)))") }
                attrs.append("ks=\(map.keySize),vs=\(map.valueSize)")
            }
        default: break
        }
        if r.type != .scalar && r.off != 0 { attrs.append("off=" + Self.snum(Int64(r.off))) }
        switch r.type {
        case .packet, .packetMeta, .packetEnd: attrs.append("r=" + Self.unum(UInt64(max(r.range, 0))))
        case .memory(let size): attrs.append("sz=" + Self.unum(UInt64(max(size, 0))))
        default: break
        }
        if r.value.isConst {
            if r.value.varOff.value != 0 { attrs.append("imm=" + Self.snum(Int64(bitPattern: r.value.varOff.value))) }
        } else {
            attrs.append(contentsOf: Self.ranges(r.value))
            if !r.value.varOff.isUnknown {
                attrs.append("var_off=(\(Self.hex(r.value.varOff.value)); \(Self.hex(r.value.varOff.mask)))")
            }
        }
        return out + "(" + attrs.joined(separator: ",") + ")"
    }

    /// `print_scalar_ranges`: bounds at their defaults are omitted; equal values of the same
    /// kind (min with min, max with max) are merged as `smin=umin=...`.
    static func ranges(_ s: Scalar) -> [String] {
        func s32(_ v: Int32) -> UInt64 {
            (-32768...32767).contains(v) ? UInt64(bitPattern: Int64(v)) : UInt64(UInt32(bitPattern: v))
        }
        var items: [(name: String, val: UInt64, omit: Bool)] = [
            ("smin", UInt64(bitPattern: s.smin), s.smin == .min),
            ("smax", UInt64(bitPattern: s.smax), s.smax == .max),
            ("umin", s.umin, s.umin == 0),
            ("umax", s.umax, s.umax == .max),
            ("smin32", s32(s.s32min), s.s32min == .min),
            ("smax32", s32(s.s32max), s.s32max == .max),
            ("umin32", UInt64(s.u32min), s.u32min == 0),
            ("umax32", UInt64(s.u32max), s.u32max == .max),
        ]
        var out: [String] = []
        for i in items.indices where !items[i].omit {
            let isSigned = items[i].name.hasPrefix("s")
            let neg1 = isSigned && Int64(bitPattern: items[i].val) < 0
            var text = items[i].name + "="
            var j = i + 2
            while j < items.count {
                let neg2 = items[j].name.hasPrefix("s") && Int64(bitPattern: items[j].val) < 0
                if !items[j].omit && items[j].val == items[i].val && neg1 == neg2 {
                    items[j].omit = true
                    text += items[j].name + "="
                }
                j += 2
            }
            text += isSigned ? snum(Int64(bitPattern: items[i].val)) : unum(items[i].val)
            out.append(text)
        }
        return out
    }

    /// A stack slot as ` fp-8=...` shows it, or nil when the slot is all invalid.
    func format(slot: StackSlot, spi: Int, frameNo: Int) -> String? {
        if slot.types.all(.invalid) { return nil }
        let name = "fp\(-(spi + 1) * 8)="
        let lowest = slot.types[7]
        switch lowest {
        case .spill:
            var prefix = ""
            for i in 0..<8 where slot.types[i] != .spill { prefix.append(slot.types[i].character) }
            return name + prefix + format(slot.spilled, frameNo: frameNo)
        case .iter:
            let state = slot.spilled.value.constValue == 0 ? "drained" : "active"
            return name + "iter_num(ref_id=\(slot.spilled.refObjID),state=\(state),depth=\(slot.spilled.range))"
        default:
            return name + slot.types.logString
        }
    }

    /// One frame's state: registers, then stack slots, then `refs=`.
    func format(state: VerifierState, frame: Int, registers: Set<Int>? = nil, slots: Set<Int>? = nil) -> String {
        let f = state.frames[frame]
        var parts: [String] = []
        if f.frameNo > 0 { parts.append("frame\(f.frameNo):") }
        for (i, r) in f.regs.enumerated() where r.type != .notInit {
            if let only = registers, !only.contains(i) { continue }
            parts.append("R\(i)=" + format(r, frameNo: f.frameNo))
        }
        for (spi, slot) in f.stack.enumerated() {
            if let only = slots, !only.contains(spi) { continue }
            if let s = format(slot: slot, spi: spi, frameNo: f.frameNo) { parts.append(s) }
        }
        // The kernel prints nothing when the first entry is a lock without an id (a global
        // variable's), and skips such entries after the first.
        if let first = state.refs.first, first.id != 0 {
            parts.append("refs=" + state.refs.filter { $0.id != 0 }.map { String($0.id) }.joined(separator: ","))
        }
        if f.callbackReturnRange != nil { parts.append("cb") }
        return parts.joined(separator: " ")
    }
}
