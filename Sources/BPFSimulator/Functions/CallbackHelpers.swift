import BPFISA
import BPFInterpreter

/// Helpers that call back into the program (`bpf_loop`, `bpf_for_each_map_elem`): the callback
/// runs as the kernel runs it, in a new frame above the caller's, and a `bpf_throw` inside it
/// unwinds the callback's frames and then the caller's.
enum CallbackHelpers {
    static let all: [Int32: KernelFunction] = [
        164: KernelFunction("bpf_for_each_map_elem", forEachMapElement),
        181: KernelFunction("bpf_loop", loop),
    ]

    /// `BPF_MAX_LOOPS`.
    static let maxLoops: UInt64 = 1 << 23

    /// `bpf_loop(nr_loops, callback_fn, callback_ctx, flags)`: calls `callback_fn(i, ctx)`
    /// until it returns non-zero or `nr_loops` calls were made; returns the calls made.
    static func loop(_ call: inout HelperCall, _ k: SimulatedKernel) -> HelperResult {
        let count = call.argument(1)
        guard call.argument(4) == 0 else { return .value(Errno.inval) }
        guard count <= maxLoops else { return .value(Errno.e2big) }
        guard let entry = KernelLayout.functionPC(call.argument(2)) else {
            return .fault("R2 \(hex(call.argument(2))) is not a callback address")
        }
        var i: UInt64 = 0
        while i < count {
            switch callback(&call, k, entry: entry, arguments: [i, call.argument(3)]) {
            case .returned(let r0):
                i += 1
                if r0 != 0 { return .value(i) }
            case .ended(let result):
                return result
            }
        }
        return .value(i)
    }

    /// `bpf_for_each_map_elem(map, callback_fn, callback_ctx, flags)`: calls
    /// `callback_fn(map, &key, value, ctx)` per element (array index order, hash insertion
    /// order) until it returns non-zero; returns the elements visited.
    static func forEachMapElement(_ call: inout HelperCall, _ k: SimulatedKernel) -> HelperResult {
        guard let map = k.map(handle: call.argument(1)) else { return MapHelpers.notAMap(call) }
        guard call.argument(4) == 0 else { return .value(Errno.inval) }
        guard let entry = KernelLayout.functionPC(call.argument(2)) else {
            return .fault("R2 \(hex(call.argument(2))) is not a callback address")
        }
        var elements: [(key: [UInt8], value: UInt64)] = []
        switch map.storage {
        case .array:
            for index in 0..<UInt32(map.maxEntries) {
                let key = (0..<4).map { UInt8(truncatingIfNeeded: index >> UInt32(8 * $0)) }
                if let value = map.arrayElement(index) { elements.append((key, value)) }
            }
        case .hash(let byKey, let order):
            for key in order { if let region = byKey[key] { elements.append((key, region.base)) } }
        default:
            return MapHelpers.unsupported(map, "for_each_map_elem")
        }
        guard let keyRegion = try? k.memory.map("for_each key of '\(map.name)'", size: max(map.keySize, 4), permissions: .read) else {
            return .fault("the simulated kernel is out of address space")
        }
        defer { k.memory.unmap(keyRegion) }
        var visited: UInt64 = 0
        for element in elements {
            _ = try? k.memory.write(element.key, at: keyRegion.base)  // the kernel's copy, read-only to the program
            switch callback(&call, k, entry: entry, arguments: [call.argument(1), keyRegion.base, element.value, call.argument(3)]) {
            case .returned(let r0):
                visited += 1
                if r0 != 0 { return .value(visited) }
            case .ended(let result):
                return result
            }
        }
        return .value(visited)
    }

    enum CallbackResult {
        case returned(UInt64)
        /// The callback threw or faulted: the helper ends with this.
        case ended(HelperResult)
    }

    /// Runs one callback call, charging its instructions to the run.
    static func callback(_ call: inout HelperCall, _ k: SimulatedKernel, entry: Int, arguments: [UInt64]) -> CallbackResult {
        guard let interpreter = k.interpreter else { return .ended(.fault("callbacks need the simulation's interpreter")) }
        guard k.callbackBudget > 0 else {
            k.pendingFault = ExecutionFault(pc: call.pc, kind: .budgetExhausted, message: "instruction budget exhausted inside callbacks")
            return .ended(.fault("instruction budget exhausted inside callbacks"))
        }
        let trace = k.events.map { events in { (record: TraceRecord) in events(.instruction(record)) } }
        let result = interpreter.runCallback(entry: entry, arguments: arguments, from: call, budget: k.callbackBudget, trace: trace)
        for cls in InstructionClass.allCases { k.callbackCounts[cls] &+= result.counts[cls] }
        k.callbackBudget -= min(k.callbackBudget, result.counts.total)
        k.callbackSubprogramCalls[entry, default: 0] &+= 1
        for (callee, n) in result.subprogramCalls { k.callbackSubprogramCalls[callee, default: 0] &+= n }
        switch result.outcome {
        case .exited(let r0):
            return .returned(r0)
        case .thrown(let exception):
            if k.pendingThrow == nil { k.pendingThrow = exception }  // the innermost callback's is complete
            return .ended(.throwException(cookie: exception.cookie))
        case .faulted(let fault):
            if k.pendingFault == nil { k.pendingFault = fault }
            return .ended(.fault(fault.message))
        case .stopped(let r0, _):
            return .ended(.stop(returning: r0))
        }
    }
}
