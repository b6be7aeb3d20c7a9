import BPFCleanup
import BPFInterpreter
import BPFKernelModel

/// The `table` backend's unwinder (SPEC §5.3): walk the resource tables of all live frames,
/// innermost first (one table in the main frame for the whole-program scope), last entry
/// first, and run the destructor of each non-NULL entry's type.
struct TableUnwinder: Unwinder {
    let layout: TableLayout
    let backend: String

    func unwind(_ exception: ThrownException, kernel: SimulatedKernel) -> UnwindReport {
        var report = UnwindReport()
        for frame in exception.frames {
            report.frames += 1
            let name = kernel.subprogramName(frame.subprogram)
            let holdsTable = layout.scope == .perFrame || frame.depth == 0
            guard holdsTable, let table = TableKfuncs.table(kernel, entry: frame.subprogram, fp: frame.framePointer, depth: frame.depth)
            else {
                kernel.events?(.unwindFrame(depth: frame.depth, pc: frame.pc, subprogram: name, detail: "no table"))
                continue
            }
            kernel.events?(.unwindFrame(
                depth: frame.depth, pc: frame.pc, subprogram: name, detail: "table of \(table.entries) entries at \(hexFP(table.base, frame))"))
            for i in stride(from: table.entries - 1, through: 0, by: -1) {
                report.entries += 1
                let at = table.base + UInt64(i * table.entrySize)
                let place = "table[\(i)]"
                guard let word = kernel.load64(at) else {
                    report.problems.append("frame \(frame.depth) \(place): not readable")
                    continue
                }
                let pointer: UInt64
                let type: UInt64
                if table.entrySize == 8 {
                    pointer = word & ~7
                    type = word & 7
                } else {
                    pointer = word
                    type = kernel.load64(at + 8) ?? .max
                }
                guard pointer != 0 else {
                    kernel.events?(.unwindEntry(location: place, value: 0, action: "empty"))
                    continue
                }
                guard type < UInt64(layout.resourceTypes.count) else {
                    report.problems.append("frame \(frame.depth) \(place): type index \(type) is not in the table's \(layout.resourceTypes.count) types")
                    continue
                }
                let resource = layout.resourceTypes[Int(type)]
                kernel.events?(.unwindEntry(location: place, value: pointer, action: kernel.destructorName(resource)))
                kernel.destroy(pointer, resource: resource, backend: backend, report: &report)
            }
        }
        return report
    }

    private func hexFP(_ address: UInt64, _ frame: UnwindFrame) -> String {
        "fp\(Int64(bitPattern: address &- frame.framePointer))"
    }
}
