import BPFCleanup
import BPFISA
import BPFInterpreter
import BPFKernelModel

/// The `table` backend's kfuncs (SPEC §5.3) with the semantics `BPFKernelModel.TableKfunc`
/// states, all clobbering no register (`r0` included):
///
/// - `bpf_res_table_push(table, ptr, type)`: store `ptr` with type index `type` in the first
///   free entry of the calling frame's table (16-byte entries: pointer, then type; 8-byte
///   entries: the type index in the pointer's low three bits). A full table is a backend bug:
///   the run faults saying so, no entry is overwritten.
/// - `bpf_res_table_pop(table, ptr)`: clear the entry holding `ptr` in `table`, else in the
///   callers' tables outward (a release in another frame). A non-NULL pointer in no live
///   table was never pushed (or pushed as another address): the run faults naming it, since
///   a stale entry would make the unwinder release the object a second time.
/// - `bpf_res_table_push_global` / `_pop_global`: the same on the one table in frame 0.
/// - `bpf_res_table_hand_up(table)`: before a subprogram's `exit`, move the table's entries into
///   the nearest caller with a table, then zero it (entries are dropped when no caller has one).
enum TableKfuncs {
    static let all: [KernelFunction] = [
        KernelFunction("bpf_res_table_push") { call, k in push(call, k, table: call.argument(1), ptr: call.argument(2), type: call.argument(3)) },
        KernelFunction("bpf_res_table_pop") { call, k in pop(call, k, table: call.argument(1), ptr: call.argument(2)) },
        KernelFunction("bpf_res_table_push_global") { call, k in
            guard let table = globalTable(call, k) else { return .fault("the whole-program resource table is not laid out") }
            return push(call, k, table: table, ptr: call.argument(1), type: call.argument(2))
        },
        KernelFunction("bpf_res_table_pop_global") { call, k in
            guard let table = globalTable(call, k) else { return .fault("the whole-program resource table is not laid out") }
            return pop(call, k, table: table, ptr: call.argument(1))
        },
        KernelFunction("bpf_res_table_hand_up") { call, k in handUp(call, k, table: call.argument(1)) },
    ]

    /// A table: where it starts and its entry count and size.
    struct Place {
        let base: UInt64
        let entries: Int
        let entrySize: Int
        let frame: Int
    }

    /// The table of the frame entered at `entry` whose frame pointer is `fp`.
    static func table(_ k: SimulatedKernel, entry: Int, fp: UInt64, depth: Int) -> Place? {
        guard let layout = k.tableLayout, let sub = k.image.subprogram(entry: entry), let t = layout.tables[sub], t.entries > 0
        else { return nil }
        return Place(base: fp &+ UInt64(bitPattern: Int64(t.offset)), entries: t.entries, entrySize: layout.entrySize.rawValue, frame: depth)
    }

    static func globalTable(_ call: HelperCall, _ k: SimulatedKernel) -> UInt64? {
        let mainEntry = k.program.subprograms.first?.startPC ?? 0
        return table(k, entry: mainEntry, fp: k.memory.framePointer(frame: 0), depth: 0)?.base
    }

    /// Every live frame's table, innermost first, for a pop's search.
    static func frameTables(_ call: HelperCall, _ k: SimulatedKernel) -> [Place] {
        var places: [Place] = []
        for frame in call.state.unwindFrames {
            if let p = table(k, entry: frame.subprogram, fp: frame.framePointer, depth: frame.depth) { places.append(p) }
        }
        return places
    }

    static func place(containing base: UInt64, _ call: HelperCall, _ k: SimulatedKernel) -> Place? {
        if let p = frameTables(call, k).first(where: { $0.base == base }) { return p }
        if let layout = k.tableLayout, layout.scope == .wholeProgram,
            let main = table(k, entry: k.program.subprograms.first?.startPC ?? 0, fp: k.memory.framePointer(frame: 0), depth: 0),
            main.base == base
        {
            return main
        }
        return nil
    }

    static func push(_ call: HelperCall, _ k: SimulatedKernel, table: UInt64, ptr: UInt64, type: UInt64) -> HelperResult {
        let r0 = call.state.registers[.r0]
        guard let place = place(containing: table, call, k) else {
            return .fault("bpf_res_table_push: \(hex(table)) is not the resource table of a live frame")
        }
        for i in 0..<place.entries {
            let at = place.base + UInt64(i * place.entrySize)
            guard let word = k.load64(at) else { return .fault("bpf_res_table_push: the table at \(hex(place.base)) is not readable") }
            let pointer = place.entrySize == 8 ? word & ~7 : word
            guard pointer == 0 else { continue }
            do {
                if place.entrySize == 8 {
                    try k.memory.store(at, size: .double, value: ptr | (type & 7))
                } else {
                    try k.memory.store(at, size: .double, value: ptr)
                    try k.memory.store(at + 8, size: .double, value: type)
                }
            } catch {
                return .fault("bpf_res_table_push: \(error.message)")
            }
            return .value(r0)
        }
        return .fault("bpf_res_table_push: the resource table of frame \(place.frame) is full (\(place.entries) entries): a table backend bug")
    }

    static func pop(_ call: HelperCall, _ k: SimulatedKernel, table: UInt64, ptr: UInt64) -> HelperResult {
        let r0 = call.state.registers[.r0]
        guard ptr != 0 else { return .value(r0) }
        var places = frameTables(call, k)
        if let own = places.firstIndex(where: { $0.base == table }) {
            places.insert(places.remove(at: own), at: 0)
        } else if let p = place(containing: table, call, k) {
            places.insert(p, at: 0)
        }
        for place in places {
            for i in 0..<place.entries {
                let at = place.base + UInt64(i * place.entrySize)
                guard let word = k.load64(at), (place.entrySize == 8 ? word & ~7 : word) == ptr else { continue }
                clear(k, at: at, entrySize: place.entrySize)
                return .value(r0)
            }
        }
        return .fault("bpf_res_table_pop: 0x\(String(ptr, radix: 16)) is in no live resource table: a table backend bug")
    }

    /// Moves the calling frame's entries to the nearest caller that has a table.
    static func handUp(_ call: HelperCall, _ k: SimulatedKernel, table: UInt64) -> HelperResult {
        let r0 = call.state.registers[.r0]
        let places = frameTables(call, k)
        guard let own = places.first(where: { $0.base == table }) else { return .value(r0) }
        let callers = places.filter { $0.frame < own.frame }.sorted { $0.frame > $1.frame }
        for i in 0..<own.entries {
            let at = own.base + UInt64(i * own.entrySize)
            guard let word = k.load64(at) else { continue }
            let pointer = own.entrySize == 8 ? word & ~7 : word
            guard pointer != 0 else { continue }
            let type = own.entrySize == 8 ? word & 7 : (k.load64(at + 8) ?? 0)
            clear(k, at: at, entrySize: own.entrySize)
            guard let target = callers.first else { continue }
            if case .fault(let message) = push(call, k, table: target.base, ptr: pointer, type: type) {
                return .fault("bpf_res_table_hand_up: \(message)")
            }
        }
        return .value(r0)
    }

    static func clear(_ k: SimulatedKernel, at: UInt64, entrySize: Int) {
        try? k.memory.store(at, size: .double, value: 0)
        if entrySize == 16 { try? k.memory.store(at + 8, size: .double, value: 0) }
    }
}
