/// The `.BTF.ext` section: per-ELF-section `func_info`, `line_info` and CO-RE relocation
/// records (`struct btf_ext_header`, `bpf_func_info`, `bpf_line_info`, `bpf_core_relo` of
/// `include/uapi/linux/bpf.h`). Offsets in the file are byte offsets inside the named ELF
/// section; they are kept as read and turned into pcs by the loader.
public struct BTFExt: Sendable {
    /// `struct bpf_func_info`: a function starts at `byteOffset`; `typeID` is its BTF FUNC.
    public struct FuncInfo: Hashable, Sendable {
        public let byteOffset: UInt32
        public let typeID: BTFTypeID
    }

    /// `struct bpf_line_info`: the source position of the instruction at `byteOffset`.
    public struct LineInfo: Hashable, Sendable {
        public let byteOffset: UInt32
        public let file: String
        /// The source line's text, as clang stores it in the string table.
        public let sourceLine: String
        public let line: UInt32
        public let column: UInt32
    }

    /// `struct bpf_core_relo`.
    public struct CORERelocation: Hashable, Sendable {
        public let byteOffset: UInt32
        /// The root type of the access (local BTF).
        public let typeID: BTFTypeID
        /// `0:4` style access string (first index is the array index through the root pointer).
        public let accessString: String
        public let kind: CORERelocationKind
    }

    /// Records by ELF section name (`tc`, `.text`, ...), in file order.
    public let funcInfo: [String: [FuncInfo]]
    public let lineInfo: [String: [LineInfo]]
    public let coreRelocations: [String: [CORERelocation]]

    public init(funcInfo: [String: [FuncInfo]] = [:], lineInfo: [String: [LineInfo]] = [:], coreRelocations: [String: [CORERelocation]] = [:]) {
        self.funcInfo = funcInfo
        self.lineInfo = lineInfo
        self.coreRelocations = coreRelocations
    }

    /// Parses `.BTF.ext`; strings (section names, file names, source lines, access strings)
    /// come from `btf`'s string section.
    public init(bytes: [UInt8], btf: BTF, section: String = ".BTF.ext") throws(ObjectError) {
        let r = ByteReader(bytes, section: section)
        guard try r.u16(0, "BTF.ext header") == BTF.magic else { throw ObjectError(section: section, "invalid BTF.ext magic") }
        guard try r.u8(2, "BTF.ext header") == 1 else { throw ObjectError(section: section, "unsupported BTF.ext version") }
        let headerLength = Int(try r.u32(4, "BTF.ext header"))
        guard headerLength >= 24, headerLength <= bytes.count else {
            throw ObjectError(section: section, "BTF.ext header length \(headerLength) is invalid")
        }
        func area(_ at: Int) throws(ObjectError) -> (Int, Int)? {
            guard at + 8 <= headerLength else { return nil }
            let off = Int(try r.u32(at, "BTF.ext header")), len = Int(try r.u32(at + 4, "BTF.ext header"))
            guard len > 0 else { return nil }
            try r.check(headerLength + off, len, "BTF.ext info area")
            return (headerLength + off, len)
        }
        var cache: [UInt32: String] = [:]
        func string(_ offset: UInt32, _ what: String) throws(ObjectError) -> String {
            if let s = cache[offset] { return s }
            guard let s = btf.string(at: offset) else {
                throw ObjectError(section: section, "\(what) string offset \(offset) is outside the BTF string section")
            }
            cache[offset] = s
            return s
        }
        /// Walks one info area: `u32 rec_size`, then per section `{sec_name_off, num_info, records}`.
        func records<T>(
            _ area: (Int, Int)?, minimumSize: Int, _ what: String,
            _ read: (Int, Int) throws(ObjectError) -> T
        ) throws(ObjectError) -> [String: [T]] {
            guard let (start, length) = area else { return [:] }
            let end = start + length
            let recordSize = Int(try r.u32(start, what))
            guard recordSize >= minimumSize, recordSize % 4 == 0 else {
                throw ObjectError(section: section, "\(what) record size \(recordSize) is invalid")
            }
            var out: [String: [T]] = [:]
            var p = start + 4
            while p < end {
                let name = try string(try r.u32(p, what), "\(what) section name")
                let n = Int(try r.u32(p + 4, what))
                p += 8
                guard n <= (end - p) / recordSize else {
                    throw ObjectError(section: section, "\(what) for section '\(name)': \(n) records overrun the area")
                }
                var list: [T] = []
                list.reserveCapacity(n)
                for i in 0..<n { list.append(try read(p + i * recordSize, i)) }
                out[name, default: []] += list
                p += n * recordSize
            }
            return out
        }
        funcInfo = try records(try area(8), minimumSize: 8, "func_info") { (p, _) throws(ObjectError) in
            FuncInfo(byteOffset: try r.u32(p, "func_info"), typeID: BTFTypeID(try r.u32(p + 4, "func_info")))
        }
        lineInfo = try records(try area(16), minimumSize: 16, "line_info") { (p, _) throws(ObjectError) in
            let lineCol = try r.u32(p + 12, "line_info")
            return LineInfo(
                byteOffset: try r.u32(p, "line_info"), file: try string(try r.u32(p + 4, "line_info"), "line_info file"),
                sourceLine: try string(try r.u32(p + 8, "line_info"), "line_info line"), line: lineCol >> 10,
                column: lineCol & 0x3ff)
        }
        coreRelocations = try records(try area(24), minimumSize: 16, "core_relo") { (p, i) throws(ObjectError) in
            let rawKind = try r.u32(p + 12, "core_relo")
            guard let kind = CORERelocationKind(rawValue: rawKind) else {
                throw ObjectError(section: section, "core_relo #\(i): unknown relocation kind \(rawKind)")
            }
            return CORERelocation(
                byteOffset: try r.u32(p, "core_relo"), typeID: BTFTypeID(try r.u32(p + 4, "core_relo")),
                accessString: try string(try r.u32(p + 8, "core_relo"), "core_relo access"), kind: kind)
        }
    }
}

/// `enum bpf_core_relo_kind`, with libbpf's spelling for messages and listings.
public enum CORERelocationKind: UInt32, Hashable, Sendable, CaseIterable {
    case fieldByteOffset = 0
    case fieldByteSize = 1
    case fieldExists = 2
    case fieldSigned = 3
    case fieldLShiftU64 = 4
    case fieldRShiftU64 = 5
    case typeIDLocal = 6
    case typeIDTarget = 7
    case typeExists = 8
    case typeSize = 9
    case enumValueExists = 10
    case enumValue = 11
    case typeMatches = 12

    /// llvm-objdump's and libbpf's names (`byte_off`, `field_exists`, `target_type_id`, ...).
    public var name: String {
        switch self {
        case .fieldByteOffset: return "byte_off"
        case .fieldByteSize: return "byte_sz"
        case .fieldExists: return "field_exists"
        case .fieldSigned: return "signed"
        case .fieldLShiftU64: return "lshift_u64"
        case .fieldRShiftU64: return "rshift_u64"
        case .typeIDLocal: return "local_type_id"
        case .typeIDTarget: return "target_type_id"
        case .typeExists: return "type_exists"
        case .typeSize: return "type_size"
        case .enumValueExists: return "enumval_exists"
        case .enumValue: return "enumval_value"
        case .typeMatches: return "type_matches"
        }
    }

    public var isFieldBased: Bool { rawValue <= 5 }
    public var isTypeBased: Bool { (6...9).contains(rawValue) || self == .typeMatches }
    public var isEnumValueBased: Bool { self == .enumValueExists || self == .enumValue }
}
