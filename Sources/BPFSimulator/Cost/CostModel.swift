import BPFInterpreter
import Foundation

/// Turns executed instructions and kernel calls into modelled cycles (SPEC §6 "Cost"). The
/// default lives in `Experiments/cost-model.json` and in ``CostModel/default`` (a test keeps
/// them equal); a file of the same shape replaces it (`--cost-model FILE`).
///
/// What is charged:
/// - every executed instruction: `cycles_per_class[class]` (classes of ``InstructionClass``);
/// - every helper or kfunc call, on top of its instruction: `function_calls[name]`, else
///   `helper_call` or `kfunc_call`; the table backend's push and pop kfuncs cost `table_push`
///   and `table_pop` instead;
/// - `forced_save` per R6-R9 register whose save and restore the `descriptors` trampoline
///   forces on a subprogram, per call of it (the normal-path price of the RFC);
/// - on a throw (the throw path): `throw_trampoline` once under `descriptors`, `unwind_frame`
///   per frame walked, `unwind_entry` per descriptor or table entry examined, each destructor
///   call as a call of that function, `exception_callback` for entering the exception callback,
///   plus its instructions.
///
/// The default figures are order-of-magnitude costs on a current x86-64 core running JITed
/// code (an ALU op or L1 load about a cycle, a locked atomic about 20, an indirect call into
/// the kernel with its argument shuffling 10-15, a hash lookup or allocation a few tens); they
/// are assumptions to compare designs by, not measurements: change the file to explore.
public struct CostModel: Hashable, Sendable {
    public var name: String
    public var notes: String
    /// Per ``InstructionClass``, by its name (`alu`, `load`, ...).
    public var cyclesPerClass: [InstructionClass: Double]
    public var helperCall: Double
    public var kfuncCall: Double
    /// Per helper or kfunc name, replacing `helper_call` / `kfunc_call`.
    public var functionCalls: [String: Double]
    public var tablePush: Double
    public var tablePop: Double
    public var forcedSave: Double
    public var throwTrampoline: Double
    public var unwindFrame: Double
    public var unwindEntry: Double
    public var exceptionCallback: Double

    /// The names of the table backend's push and pop kfuncs (SPEC §5.3).
    static let pushFunctions: Set<String> = ["bpf_res_table_push", "bpf_res_table_push_global"]
    static let popFunctions: Set<String> = ["bpf_res_table_pop", "bpf_res_table_pop_global"]

    public static let `default` = CostModel(
        name: "default",
        notes: "Order-of-magnitude cycles on a current x86-64 core running JITed BPF; assumptions for comparing designs, not measurements.",
        cyclesPerClass: [.alu: 1, .load: 1, .store: 1, .atomic: 20, .branch: 1, .call: 2, .helper: 1, .kfunc: 1],
        helperCall: 15, kfuncCall: 10,
        functionCalls: [
            "bpf_map_lookup_elem": 25, "bpf_map_update_elem": 60, "bpf_map_delete_elem": 50,
            "bpf_ktime_get_ns": 25, "bpf_get_prandom_u32": 10,
            "bpf_task_acquire": 15, "bpf_task_release": 15, "bpf_task_from_pid": 40,
            "bpf_cgroup_acquire": 15, "bpf_cgroup_release": 15, "bpf_cgroup_from_id": 40,
            "bpf_cpumask_create": 60, "bpf_cpumask_release": 30,
            "bpf_obj_new_impl": 60, "bpf_obj_drop_impl": 40,
            "bpf_sk_lookup_tcp": 120, "bpf_sk_lookup_udp": 120, "bpf_skc_lookup_tcp": 120, "bpf_sk_release": 20,
            "bpf_ringbuf_reserve": 40, "bpf_ringbuf_submit": 30, "bpf_ringbuf_discard": 30,
            "bpf_skb_ct_lookup": 150, "bpf_xdp_ct_lookup": 150, "bpf_ct_release": 20,
            "bpf_iter_num_new": 5, "bpf_iter_num_next": 5, "bpf_iter_num_destroy": 3,
            "bpf_kptr_xchg": 20,
        ],
        tablePush: 6, tablePop: 8, forcedSave: 2, throwTrampoline: 12, unwindFrame: 25, unwindEntry: 3,
        exceptionCallback: 10)

    /// The cost of one call of `function` beyond its instruction's class cost.
    func callCost(_ function: String, isHelper: Bool) -> Double {
        if Self.pushFunctions.contains(function) { return tablePush }
        if Self.popFunctions.contains(function) { return tablePop }
        return functionCalls[function] ?? (isHelper ? helperCall : kfuncCall)
    }

    /// Cycles of executed instructions by class.
    func cycles(_ counts: InstructionCounts) -> Double {
        InstructionClass.allCases.reduce(0) { $0 + Double(counts[$1]) * (cyclesPerClass[$1] ?? 0) }
    }
}
