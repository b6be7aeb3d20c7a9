import BPFISA

/// CO-RE relocation resolution (libbpf `relo_core.c`: `bpf_core_calc_relo_insn` and
/// `bpf_core_patch_insn`), with the object's own BTF as the target: bpfsim's simulated kernel
/// has exactly the types the program was compiled against. Each relocation is still computed
/// from the access string and checked against the compiled instruction, so a corrupt record
/// or an instruction that does not carry the expected value is an error with its pc.
struct CORERelocator {
    let btf: BTF

    struct Result {
        let value: UInt64
        let spec: String
    }

    /// Computes the relocated value of `record`.
    func resolve(_ record: BTFExt.CORERelocation) throws(ObjectError) -> Result {
        func fail(_ m: String) -> ObjectError { ObjectError("CO-RE \(record.kind.name) relocation: \(m)") }
        let root = record.typeID
        guard btf[root] != nil, !root.isVoid else { throw fail("bad type id \(root)") }
        var access: [Int] = []
        for part in record.accessString.split(separator: ":", omittingEmptySubsequences: false) {
            guard let n = Int(part), n >= 0 else { throw fail("invalid access string '\(record.accessString)'") }
            access.append(n)
        }
        guard let first = access.first else { throw fail("empty access string") }
        let rootName = btf.typeName(root)
        if record.kind.isTypeBased {
            switch record.kind {
            case .typeIDLocal, .typeIDTarget: return Result(value: UInt64(root.rawValue), spec: rootName)
            case .typeSize:
                guard let s = btf.size(of: root) else { throw fail("type \(root) has no size") }
                return Result(value: s, spec: rootName)
            default: return Result(value: 1, spec: rootName)
            }
        }
        if record.kind.isEnumValueBased {
            let values: [BTFEnumValue]
            switch btf.resolve(root)?.type {
            case .enumeration(let e)?, .enumeration64(let e)?: values = e.values
            default: throw fail("type \(root) is not an enum")
            }
            guard access.count == 1, first < values.count else { throw fail("enumerator #\(first) out of range") }
            let v = values[first]
            let spec = "\(rootName)::\(v.name) = \(v.value)"
            return Result(value: record.kind == .enumValue ? UInt64(bitPattern: v.value) : 1, spec: spec)
        }
        // Field-based: walk the access path from the root, summing bit offsets.
        guard let rootSize = btf.size(of: root) else { throw fail("root type \(root) has no size") }
        var bitOffset = UInt64(first) &* rootSize &* 8
        var type = root
        var bitfieldSize: UInt8 = 0
        var path = ""
        for index in access.dropFirst() {
            guard let resolved = btf.resolve(type) else { throw fail("bad type \(type) in access path") }
            switch resolved.type {
            case .structure(let c), .union(let c):
                guard index < c.members.count else { throw fail("member #\(index) out of range in \(btf.typeName(type))") }
                let m = c.members[index]
                bitOffset &+= UInt64(m.bitOffset)
                type = m.type
                bitfieldSize = m.bitfieldSize
                if !m.name.isEmpty { path += (path.isEmpty ? "" : ".") + m.name }
            case .array(let element, _, _):
                guard let s = btf.size(of: element) else { throw fail("array element \(element) has no size") }
                bitOffset &+= UInt64(index) &* s &* 8
                type = element
                bitfieldSize = 0
                path += "[\(index)]"
            default:
                throw fail("access #\(index) into non-composite \(btf.typeName(type))")
            }
        }
        let spec = "\(rootName)::\(path)"
        guard let fieldSize = btf.size(of: type) else { throw fail("field type \(type) has no size") }
        var byteSize = fieldSize
        var byteOffset = bitOffset / 8
        var bitSize = byteSize * 8
        if bitfieldSize > 0 {
            bitSize = UInt64(bitfieldSize)
            guard byteSize > 0 else { throw fail("bitfield of size 0") }
            byteOffset = bitOffset / 8 / byteSize * byteSize
            while bitOffset &+ bitSize &- byteOffset &* 8 > byteSize &* 8 {
                guard byteSize < 8 else { throw fail("bitfield does not fit an 8-byte load") }
                byteSize *= 2
                byteOffset = bitOffset / 8 / byteSize * byteSize
            }
        }
        switch record.kind {
        case .fieldByteOffset: return Result(value: byteOffset, spec: spec)
        case .fieldByteSize: return Result(value: byteSize, spec: spec)
        case .fieldExists: return Result(value: 1, spec: spec)
        case .fieldSigned:
            switch btf.resolve(type)?.type {
            case .int(_, _, let enc, _, _)?: return Result(value: enc.contains(.signed) ? 1 : 0, spec: spec)
            case .enumeration(let e)?, .enumeration64(let e)?: return Result(value: e.isSigned ? 1 : 0, spec: spec)
            default: return Result(value: 0, spec: spec)
            }
        case .fieldLShiftU64:
            return Result(value: 64 &- (bitOffset &+ bitSize &- byteOffset * 8), spec: spec)
        case .fieldRShiftU64:
            return Result(value: 64 &- bitSize, spec: spec)
        default:
            throw fail("unexpected kind")
        }
    }

    /// `bpf_core_patch_insn`: checks the instruction carries the value the compiler computed
    /// from the same BTF, then writes the relocated value (identical here) into `imm`, `off`
    /// or the 64-bit immediate.
    static func patch(_ slots: inout [RawInstruction], at pc: Int, value: UInt64, kind: CORERelocationKind)
        throws(ObjectError)
    {
        let insn = slots[pc]
        let cls = insn.code & 0x07
        func fail(_ m: String) -> ObjectError { ObjectError(pc: pc, "CO-RE \(kind.name) relocation: \(m)") }
        switch cls {
        case 0x04, 0x07:  // ALU, ALU64 with an immediate
            guard insn.code & 0x08 == 0 else { throw fail("insn uses a register source, expected an immediate") }
            guard UInt64(UInt32(bitPattern: insn.imm)) == value & 0xffff_ffff else {
                throw fail("unexpected insn imm \(insn.imm) (expected \(value))")
            }
            guard value <= UInt64(UInt32.max) || Int32(exactly: Int64(bitPattern: value)) != nil else {
                throw fail("value \(value) does not fit imm")
            }
            slots[pc].imm = Int32(truncatingIfNeeded: value)
        case 0x01, 0x02, 0x03:  // LDX, ST, STX
            guard Int64(insn.off) == Int64(bitPattern: value) else {
                throw fail("unexpected insn off \(insn.off) (expected \(value))")
            }
            guard let off = Int16(exactly: value) else { throw fail("value \(value) does not fit off") }
            slots[pc].off = off
        case 0x00 where insn.code == 0x18:  // lddw
            guard pc + 1 < slots.count else { throw fail("truncated lddw") }
            let current = UInt64(UInt32(bitPattern: slots[pc + 1].imm)) << 32 | UInt64(UInt32(bitPattern: insn.imm))
            guard current == value else { throw fail("unexpected insn imm64 \(current) (expected \(value))") }
            slots[pc].imm = Int32(bitPattern: UInt32(value & 0xffff_ffff))
            slots[pc + 1].imm = Int32(bitPattern: UInt32(value >> 32))
        default:
            throw fail("insn code \(hex(insn.code, width: 2)) cannot be relocated")
        }
    }
}
