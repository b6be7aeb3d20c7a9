import BPFCleanup
import BPFISA
import BPFInterpreter
import BPFKernelModel

/// The `descriptors` backend's unwinder, as the RFC's (SPEC §5.2): the throw enters a
/// trampoline that saves R6-R9; then, innermost frame first, the frame descriptor keyed by the
/// frame's pc (the throw pc, then each caller's call pc) is looked up and each non-NULL entry
/// released through the catalog's destructor.
///
/// A caller's R6-R9 are recovered as the RFC's unwinder recovers them: a register its callee
/// saves (``DescriptorTable/savedRegisters``) comes from the callee's save area, where the
/// simulator reads the caller's true value; one the callee does not save is taken as the value
/// the callee's frame had (its code never wrote it). Wrong save metadata therefore shows up as a
/// wrong pointer, and the oracle catches the leak or double release it causes.
struct DescriptorUnwinder: Unwinder {
    let table: DescriptorTable
    let backend: String

    func unwind(_ exception: ThrownException, kernel: SimulatedKernel) -> UnwindReport {
        var report = UnwindReport()
        report.trampolineSaves = 4
        var registers = exception.frames.first?.calleeSaved ?? CalleeSavedRegisters(r6: 0, r7: 0, r8: 0, r9: 0)
        var calleeSubprogram: Int?
        for frame in exception.frames {
            report.frames += 1
            if let callee = calleeSubprogram {
                let saved = table.savedRegisters[callee] ?? [6, 7, 8, 9]
                if saved.contains(6) { registers.r6 = frame.calleeSaved.r6 }
                if saved.contains(7) { registers.r7 = frame.calleeSaved.r7 }
                if saved.contains(8) { registers.r8 = frame.calleeSaved.r8 }
                if saved.contains(9) { registers.r9 = frame.calleeSaved.r9 }
            }
            calleeSubprogram = kernel.image.subprogram(entry: frame.subprogram)
            let name = kernel.subprogramName(frame.subprogram)
            guard let descriptor = table.descriptors[frame.pc] else {
                report.framesWithoutDescriptor += 1
                kernel.events?(.unwindFrame(depth: frame.depth, pc: frame.pc, subprogram: name, detail: "no frame descriptor"))
                continue
            }
            kernel.events?(.unwindFrame(
                depth: frame.depth, pc: frame.pc, subprogram: name, detail: "frame descriptor with \(descriptor.entries.count) entries"))
            if let sub = calleeSubprogram, descriptor.subprog != sub {
                report.problems.append("pc \(frame.pc): the descriptor is for func#\(descriptor.subprog), the frame runs func#\(sub)")
            }
            for entry in descriptor.entries {
                report.entries += 1
                release(entry, frame: frame, registers: registers, kernel: kernel, report: &report)
            }
        }
        return report
    }

    private func release(
        _ entry: DescriptorEntry, frame: UnwindFrame, registers: CalleeSavedRegisters, kernel: SimulatedKernel,
        report: inout UnwindReport
    ) {
        let value: UInt64
        let location = entry.location.description
        switch (entry.kind, entry.location) {
        case (.notInitialised, _):
            kernel.events?(.unwindEntry(location: location, value: nil, action: "not initialised: skipped"))
            return
        case (.dynptr, _):
            report.problems.append("pc \(frame.pc) \(location): dynptr entries are not modelled")
            return
        case (.iterator, .stack(let offset)):
            value = frame.framePointer &+ UInt64(bitPattern: Int64(offset))
        case (.iterator, .register):
            report.problems.append("pc \(frame.pc) \(location): an iterator entry must be a stack slot")
            return
        case (_, .stack(let offset)):
            guard let v = kernel.load64(frame.framePointer &+ UInt64(bitPattern: Int64(offset))) else {
                report.problems.append("pc \(frame.pc) \(location): the slot is not readable")
                return
            }
            value = v
        case (_, .register(let r)):
            guard let register = Register(Int(r)), let v = registers[register] else {
                report.problems.append("pc \(frame.pc) \(location): only R6-R9 survive a call")
                return
            }
            value = v
        }
        guard value != 0 else {
            kernel.events?(.unwindEntry(location: location, value: 0, action: "NULL: skipped"))
            return
        }
        guard let resource = entry.resource else {
            report.problems.append("pc \(frame.pc) \(location): an entry without resource type")
            return
        }
        kernel.events?(.unwindEntry(location: location, value: value, action: kernel.destructorName(resource)))
        kernel.destroy(value, resource: resource, backend: backend, report: &report)
    }
}
