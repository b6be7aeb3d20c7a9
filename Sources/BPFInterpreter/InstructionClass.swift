/// The classes executed instructions are counted in, for the cost model of SPEC §6.
///
/// Exactly one class per executed instruction; `lddw` is one instruction (its second slot is
/// never executed), so a program's total matches the "executed BPF instructions" of uBPF and
/// rbpf. The split:
/// - `alu`: `BPF_ALU`/`BPF_ALU64` operations, `neg`, `movsx`, byte swaps, `lddw`;
/// - `load`: `BPF_LDX` loads (zero- and sign-extending) and the legacy `ld_abs`/`ld_ind`;
/// - `store`: `BPF_ST` and `BPF_STX | BPF_MEM` stores;
/// - `atomic`: `BPF_STX | BPF_ATOMIC`;
/// - `branch`: conditional jumps, `goto`/`gotol` and `may_goto`;
/// - `call`: bpf-to-bpf `call` instructions and *every* `exit`, the main program's included:
///   each is a transfer into or out of a BPF frame, so a subprogram invocation costs one call
///   plus one exit and a program with no subprograms still counts its final exit here;
/// - `helper`: helper calls, `callx` included (the conformance suite resolves it to a helper);
/// - `kfunc`: kfunc calls (`bpf_throw` among them).
public enum InstructionClass: Int, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case alu, load, store, atomic, branch, call, helper, kfunc

    public var description: String {
        switch self {
        case .alu: return "alu"
        case .load: return "load"
        case .store: return "store"
        case .atomic: return "atomic"
        case .branch: return "branch"
        case .call: return "call"
        case .helper: return "helper"
        case .kfunc: return "kfunc"
        }
    }
}

/// Executed instructions per ``InstructionClass`` (SPEC §6 "count executed instructions by
/// class"). An instruction counts when it starts executing, so one that faults is counted; one
/// refused for lack of budget is not.
public struct InstructionCounts: Hashable, Sendable, CustomStringConvertible {
    /// Indexed by `InstructionClass.rawValue`; a tuple keeps the counts inline for the loop.

    var values: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    public init() {}

    public subscript(_ cls: InstructionClass) -> UInt64 {
        get { withUnsafeBytes(of: values) { $0.load(fromByteOffset: cls.rawValue * 8, as: UInt64.self) } }
        set {
            withUnsafeMutableBytes(of: &values) { $0.storeBytes(of: newValue, toByteOffset: cls.rawValue * 8, as: UInt64.self) }
        }
    }

    /// Sets the ALU count to what `total` leaves after every other class: the interpreter loop
    /// counts only the rarer classes and knows the total from its budget countdown.
    mutating func setALU(total: UInt64) {
        self[.alu] = total - InstructionClass.allCases.filter { $0 != .alu }.reduce(0) { $0 + self[$1] }
    }

    /// All executed instructions.
    public var total: UInt64 { InstructionClass.allCases.reduce(0) { $0 + self[$1] } }

    public static func == (a: InstructionCounts, b: InstructionCounts) -> Bool {
        InstructionClass.allCases.allSatisfy { a[$0] == b[$0] }
    }

    public func hash(into hasher: inout Hasher) {
        for cls in InstructionClass.allCases { hasher.combine(self[cls]) }
    }

    /// `alu=6 load=2 ...`, every class in order.
    public var description: String {
        InstructionClass.allCases.map { "\($0)=\(self[$0])" }.joined(separator: " ")
    }
}
