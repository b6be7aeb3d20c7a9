/// The memory a descriptor table takes, in the two encodings bpfsim reports (SPEC §6). This is
/// the one place where the sizes are defined; the README quotes it.
///
/// **Default — the RFC's structures on 64-bit**, reconstructed from the series
/// (`bpf_exception_frame_desc`, `bpf_frame_desc_reg_entry`):
/// - an entry is 24 bytes (type, slot kind, offset or register, BTF pointer and id);
/// - a descriptor is a 112-byte header (pc, stack entry count, four fixed R6-R9 register
///   entries) plus 24 bytes per stack entry;
/// - each subprogram with descriptors has a 16-byte table plus an 8-byte pointer per descriptor.
/// A small program holding one object in a callee-saved register at its one throw takes
/// 16 + 8 + 112 = 136 bytes, and every further live object on the stack adds 24: the figures of
/// the public KFLEX measurement of the RFC.
///
/// **Compact** — what a tighter encoding could do: a descriptor is an 8-byte pc and a 4-byte
/// entry count followed by 8 bytes per entry (stack or register; type index and location
/// packed), no fixed register entries; the per-subprogram table is the same 16 + 8 per
/// descriptor.
///
/// Not-initialised markers are not stored: they exist only to detect merge conflicts.
public enum DescriptorEncoding {
    public static let entryBytes = 24
    public static let headerBytes = 112
    public static let tableHeaderBytes = 16
    public static let tablePointerBytes = 8
    public static let compactHeaderBytes = 12
    public static let compactEntryBytes = 8

    /// Stored entries (markers excluded).
    static func stored(_ d: FrameDescriptor) -> [DescriptorEntry] { d.entries.filter { $0.kind != .notInitialised } }

    public static func defaultBytes(_ table: DescriptorTable) -> Int {
        var total = 0
        let bySubprog = Dictionary(grouping: table.descriptors.values, by: \.subprog)
        for (_, ds) in bySubprog {
            total += tableHeaderBytes + tablePointerBytes * ds.count
            for d in ds {
                total += headerBytes + entryBytes * stored(d).filter { if case .stack = $0.location { return true } else { return false } }.count
            }
        }
        return total
    }

    public static func compactBytes(_ table: DescriptorTable) -> Int {
        var total = 0
        let bySubprog = Dictionary(grouping: table.descriptors.values, by: \.subprog)
        for (_, ds) in bySubprog {
            total += tableHeaderBytes + tablePointerBytes * ds.count
            for d in ds { total += compactHeaderBytes + compactEntryBytes * stored(d).count }
        }
        return total
    }
}
