import BPFISA
import BPFInterpreter
import BPFKernelModel

/// One helper or kfunc of the simulated kernel: its kernel name and what it does to the run's
/// kernel and registers (SPEC §6: "implementations of every catalog helper and kfunc").
struct KernelFunction: Sendable {
    let name: String
    let body: @Sendable (inout HelperCall, SimulatedKernel) -> HelperResult

    init(_ name: String, _ body: @escaping @Sendable (inout HelperCall, SimulatedKernel) -> HelperResult) {
        self.name = name
        self.body = body
    }
}

/// The kernel a run's helper table calls into: one table per workload, one kernel per run.
final class KernelBox {
    var kernel: SimulatedKernel?
}

/// Every kernel function the simulator implements, by helper id and kfunc name, and the
/// interpreter's dispatch table built from them for one program.
enum KernelFunctions {
    static let helpers: [Int32: KernelFunction] = {
        var all: [Int32: KernelFunction] = [:]
        for group in [MapHelpers.all, MiscHelpers.all, PacketHelpers.all, SocketHelpers.all, RingbufHelpers.all, CallbackHelpers.all] {
            all.merge(group) { a, _ in a }
        }
        return all
    }()

    static let kfuncs: [String: KernelFunction] = {
        var all: [String: KernelFunction] = [:]
        for group in [
            ControlKfuncs.all, TaskCgroupKfuncs.all, CpumaskKfuncs.all, LocalObjectKfuncs.all, IteratorKfuncs.all,
            ConntrackKfuncs.all, TableKfuncs.all,
        ] {
            for f in group { all[f.name] = f }
        }
        return all
    }()

    /// The dispatch table for `image`: every implemented helper, and every kfunc the program
    /// calls. A call of something the simulated kernel does not implement faults at the call
    /// with a line naming it.
    static func table(for image: ProgramImage, box: KernelBox) -> HelperTable {
        var table = HelperTable()
        var helperIDs = Set(helpers.keys)
        for insn in image.translated.instructions {
            if case .call(.helper(let id)) = insn { helperIDs.insert(id) }
        }
        for id in helperIDs {
            let name = image.functionName(.helper(id))
            table.register(helper: id, wrap(helpers[id], name: name, box: box))
        }
        var kfuncIDs = Set<KfuncID>()
        for insn in image.translated.instructions {
            if case .call(.kfunc(let id, let module)) = insn { kfuncIDs.insert(KfuncID(btfID: id, module: module)) }
        }
        for id in kfuncIDs {
            let name = image.kfuncNames[id.btfID] ?? "kfunc#\(id.btfID)"
            table.register(kfunc: id, wrap(kfuncs[name], name: name, box: box))
        }
        return table
    }

    private static func wrap(_ function: KernelFunction?, name: String, box: KernelBox) -> Helper {
        guard let function else {
            return Helper(name) { _ in .fault("\(name) is not implemented by bpfsim's simulated kernel") }
        }
        return Helper(name) { call in
            guard let kernel = box.kernel else { return .fault("no simulated kernel is attached") }
            kernel.calls[name, default: 0] &+= 1
            let result = function.body(&call, kernel)
            if let events = kernel.events {
                if case .value(let v) = result {
                    events(.call(pc: call.pc, depth: call.state.depth, function: name, result: v))
                } else {
                    events(.call(pc: call.pc, depth: call.state.depth, function: name, result: nil))
                }
            }
            return result
        }
    }

    /// The implementation of a destructor the catalog names (SPEC §2), for the unwinders.
    static func destructor(named name: String) -> KernelFunction? {
        if let k = kfuncs[name] { return k }
        return helpers.values.first { $0.name == name }
    }
}

/// Errno values kernel functions return, negated as the kernel does.
enum Errno {
    static let noent: UInt64 = UInt64(bitPattern: -2)
    static let e2big: UInt64 = UInt64(bitPattern: -7)
    static let nomem: UInt64 = UInt64(bitPattern: -12)
    static let fault: UInt64 = UInt64(bitPattern: -14)
    static let busy: UInt64 = UInt64(bitPattern: -16)
    static let exist: UInt64 = UInt64(bitPattern: -17)
    static let inval: UInt64 = UInt64(bitPattern: -22)
    static let nospc: UInt64 = UInt64(bitPattern: -28)
    static let again: UInt64 = UInt64(bitPattern: -11)
    static let opnotsupp: UInt64 = UInt64(bitPattern: -95)
}
