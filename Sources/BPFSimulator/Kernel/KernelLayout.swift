import BPFInterpreter
import BPFObject

/// Where the simulated kernel puts what a program's `lddw` forms name, fixed per program so a
/// program is translated once and every run maps the same addresses (SPEC §9).
///
/// Windows (see ``BPFInterpreter/Memory``): packet data in window 0 (its addresses fit the
/// 32-bit `data`/`data_end` context fields), stacks in 1-8, then the context, the pseudo
/// addresses of functions (never mapped: callbacks are found by address, never read), the
/// current task and cgroup, two windows per map (its `struct bpf_map` handle, then its value
/// storage), one per `__ksym` variable; objects created during a run take the windows after.
struct KernelLayout: Sendable {
    static let packetBase: UInt64 = 0x1000_0000
    static let contextAddress: UInt64 = 10 << 32
    static let textAddress: UInt64 = 11 << 32
    static let currentTaskAddress: UInt64 = 12 << 32
    static let currentCgroupAddress: UInt64 = 13 << 32
    private static let firstMapWindow: UInt64 = 16

    let mapCount: Int
    /// `__ksym` variables in `lddw` imm order.
    let ksymIDs: [Int32]

    init(program: BPFProgram) {
        mapCount = program.maps.count
        ksymIDs = program.ksyms.keys.sorted()
    }

    func handleAddress(map index: Int) -> UInt64 { (Self.firstMapWindow + 2 * UInt64(index)) << Memory.windowShift }
    func storageAddress(map index: Int) -> UInt64 { (Self.firstMapWindow + 2 * UInt64(index) + 1) << Memory.windowShift }

    func ksymAddress(_ id: Int32) -> UInt64? {
        guard let k = ksymIDs.firstIndex(of: id) else { return nil }
        return (Self.firstMapWindow + 2 * UInt64(mapCount) + UInt64(k)) << Memory.windowShift
    }

    /// The pseudo address of the instruction at `pc` (`BPF_PSEUDO_FUNC`).
    static func functionAddress(pc: Int) -> UInt64 { textAddress + UInt64(pc) * 8 }

    /// The pc a function address names, if it is one.
    static func functionPC(_ address: UInt64) -> Int? {
        guard address >= textAddress, address < textAddress + (1 << 31), (address - textAddress) % 8 == 0 else { return nil }
        return Int((address - textAddress) / 8)
    }
}
