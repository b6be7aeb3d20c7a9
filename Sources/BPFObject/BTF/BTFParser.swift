import BPFISA

/// Reading the `.BTF` wire format (`struct btf_header`, `struct btf_type` and trailers).
extension BTF {
    /// Parses a BTF blob. Structural problems (header, truncated records, unknown kinds, string
    /// offsets outside the string section) throw; reference problems (ids out of range, loops)
    /// are left to ``validate()`` so the loader can decide which ones it can live with.
    public init(bytes: [UInt8], section: String = ".BTF") throws(ObjectError) {
        let r = ByteReader(bytes, section: section)
        let magic = try r.u16(0, "BTF header")
        guard magic == BTF.magic else {
            throw ObjectError(section: section, "invalid BTF magic \(hex(magic)) (expected 0xeb9f)")
        }
        let version = try r.u8(2, "BTF header")
        guard version == 1 else { throw ObjectError(section: section, "unsupported BTF version \(version)") }
        let headerLength = Int(try r.u32(4, "BTF header"))
        guard headerLength >= 24, headerLength <= bytes.count else {
            throw ObjectError(section: section, "BTF header length \(headerLength) is invalid")
        }
        let typeOffset = Int(try r.u32(8, "BTF header")), typeLength = Int(try r.u32(12, "BTF header"))
        let stringOffset = Int(try r.u32(16, "BTF header")), stringLength = Int(try r.u32(20, "BTF header"))
        let typeStart = headerLength + typeOffset, stringStart = headerLength + stringOffset
        try r.check(typeStart, typeLength, "BTF type section")
        try r.check(stringStart, stringLength, "BTF string section")
        guard typeOffset % 4 == 0 else { throw ObjectError(section: section, "BTF type section is not 4-byte aligned") }
        let strings = Array(bytes[stringStart..<stringStart + stringLength])
        guard strings.first == 0, strings.last == 0 else {
            throw ObjectError(section: section, "BTF string section does not start and end with NUL")
        }
        let strtab = ByteReader(strings, section: section)
        var types: [BTFType] = []
        var offset = typeStart
        let end = typeStart + typeLength
        while offset < end {
            let id = types.count + 1
            let (type, size) = try BTF.parseType(r, at: offset, limit: end, id: id, strings: strtab, section: section)
            types.append(type)
            offset += size
        }
        self.init(types: types, strings: strings)
    }

    private static func parseType(
        _ r: ByteReader, at base: Int, limit: Int, id: Int, strings: ByteReader, section: String
    ) throws(ObjectError) -> (BTFType, Int) {
        func fail(_ message: String) -> ObjectError { ObjectError(section: section, "[\(id)] \(message)") }
        func need(_ size: Int) throws(ObjectError) {
            guard base + size <= limit else { throw fail("truncated type record (needs \(size) bytes)") }
        }
        func name(_ offset: UInt32, _ what: String) throws(ObjectError) -> String {
            guard let s = strings.cString(at: Int(offset)) else {
                throw fail("\(what) name offset \(offset) is outside the \(strings.count)-byte string section")
            }
            return s
        }
        try need(12)
        let nameOffset = try r.u32(base, "type")
        let info = try r.u32(base + 4, "type")
        let sizeOrType = try r.u32(base + 8, "type")
        let vlen = Int(info & 0xffff)
        let kind = (info >> 24) & 0x1f
        let kindFlag = info >> 31 != 0
        let typeName = try name(nameOffset, "type")
        let ref = BTFTypeID(sizeOrType)
        let linkage = { (raw: UInt32) throws(ObjectError) -> BTFLinkage in
            guard let l = BTFLinkage(rawValue: raw) else { throw fail("invalid linkage \(raw)") }
            return l
        }
        switch kind {
        case 1:
            try need(16)
            let enc = try r.u32(base + 12, "INT")
            guard enc & 0xf000_ff00 == 0 else { throw fail("INT '\(typeName)' uses reserved encoding bits") }
            return (
                .int(
                    name: typeName, size: sizeOrType, encoding: BTFIntEncoding(rawValue: UInt8((enc >> 24) & 0x0f)),
                    bitOffset: UInt8((enc >> 16) & 0xff), bits: UInt8(enc & 0xff)), 16
            )
        case 2: return (.pointer(to: ref), 12)
        case 3:
            try need(24)
            return (
                .array(
                    element: BTFTypeID(try r.u32(base + 12, "ARRAY")), index: BTFTypeID(try r.u32(base + 16, "ARRAY")),
                    count: try r.u32(base + 20, "ARRAY")), 24
            )
        case 4, 5:
            try need(12 + 12 * vlen)
            var members: [BTFMember] = []
            members.reserveCapacity(vlen)
            for i in 0..<vlen {
                let m = base + 12 + 12 * i
                let offset = try r.u32(m + 8, "member")
                members.append(
                    BTFMember(
                        name: try name(try r.u32(m, "member"), "member \(i)"), type: BTFTypeID(try r.u32(m + 4, "member")),
                        bitOffset: kindFlag ? offset & 0x00ff_ffff : offset,
                        bitfieldSize: kindFlag ? UInt8(offset >> 24) : 0))
            }
            let c = BTFComposite(name: typeName, size: sizeOrType, members: members)
            return (kind == 4 ? .structure(c) : .union(c), 12 + 12 * vlen)
        case 6:
            try need(12 + 8 * vlen)
            var values: [BTFEnumValue] = []
            for i in 0..<vlen {
                let v = base + 12 + 8 * i
                let raw = try r.i32(v + 4, "enumerator")
                values.append(
                    BTFEnumValue(
                        name: try name(try r.u32(v, "enumerator"), "enumerator \(i)"),
                        value: kindFlag ? Int64(raw) : Int64(UInt32(bitPattern: raw))))
            }
            return (.enumeration(BTFEnum(name: typeName, size: sizeOrType, isSigned: kindFlag, values: values)), 12 + 8 * vlen)
        case 7: return (.forward(name: typeName, isUnion: kindFlag), 12)
        case 8: return (.typedef(name: typeName, type: ref), 12)
        case 9: return (.volatile(ref), 12)
        case 10: return (.const(ref), 12)
        case 11: return (.restrict(ref), 12)
        case 12: return (.function(name: typeName, proto: ref, linkage: try linkage(UInt32(vlen))), 12)
        case 13:
            try need(12 + 8 * vlen)
            var params: [BTFParameter] = []
            for i in 0..<vlen {
                let p = base + 12 + 8 * i
                params.append(
                    BTFParameter(
                        name: try name(try r.u32(p, "parameter"), "parameter \(i)"),
                        type: BTFTypeID(try r.u32(p + 4, "parameter"))))
            }
            return (.functionProto(returnType: ref, parameters: params), 12 + 8 * vlen)
        case 14:
            try need(16)
            return (.variable(name: typeName, type: ref, linkage: try linkage(try r.u32(base + 12, "VAR"))), 16)
        case 15:
            try need(12 + 12 * vlen)
            var vars: [BTFVariableInSection] = []
            for i in 0..<vlen {
                let v = base + 12 + 12 * i
                vars.append(
                    BTFVariableInSection(
                        type: BTFTypeID(try r.u32(v, "DATASEC entry")), offset: try r.u32(v + 4, "DATASEC entry"),
                        size: try r.u32(v + 8, "DATASEC entry")))
            }
            return (.dataSection(name: typeName, size: sizeOrType, variables: vars), 12 + 12 * vlen)
        case 16: return (.float(name: typeName, size: sizeOrType), 12)
        case 17:
            try need(16)
            return (.declTag(name: typeName, target: ref, componentIndex: try r.i32(base + 12, "DECL_TAG")), 16)
        case 18: return (.typeTag(name: typeName, type: ref), 12)
        case 19:
            try need(12 + 12 * vlen)
            var values: [BTFEnumValue] = []
            for i in 0..<vlen {
                let v = base + 12 + 12 * i
                let lo = UInt64(try r.u32(v + 4, "enumerator")), hi = UInt64(try r.u32(v + 8, "enumerator"))
                values.append(
                    BTFEnumValue(
                        name: try name(try r.u32(v, "enumerator"), "enumerator \(i)"),
                        value: Int64(bitPattern: hi << 32 | lo)))
            }
            return (
                .enumeration64(BTFEnum(name: typeName, size: sizeOrType, isSigned: kindFlag, values: values)), 12 + 12 * vlen
            )
        default:
            throw fail("unknown BTF kind \(kind)")
        }
    }
}
