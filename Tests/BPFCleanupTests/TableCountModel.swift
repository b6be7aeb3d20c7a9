import BPFCleanup
import BPFVerifier

/// The table backend's metrics for one ``TableCase`` and one variant, computed from the
/// sequence lengths stated in `TableSequences` and the placement rules of
/// `TableInstrumentation`, independently of the code that emits them.
struct TableCountModel {
    var push = 0
    var pop = 0
    var zeroing = 0
    var handUp = 0
    var total: Int { push + pop + zeroing + handUp }
    /// Per subprogram: table entries and reserved bytes (table + scratch slot).
    var entries: [Int]
    var reserved: [Int]
    var chainBefore = 0
    var chainAfter = 0

    init(_ c: TableCase, _ layout: TableLayout) {
        let perFrame = layout.scope == .perFrame
        let e8 = layout.entrySize == .compact
        let e = layout.entrySize.rawValue
        let inline = layout.operations == .inline
        let n = c.depths.count
        entries = perFrame ? c.entries : (0..<n).map { $0 == 0 ? c.programEntries : 0 }
        let entries = self.entries
        func inlines(_ s: Int) -> Bool { inline && entries[s] > 0 && (perFrame || s == 0) }

        var scratch = Set<Int>()
        for p in c.pushes {
            if p.stackObject || !inlines(p.subprog) { scratch.insert(p.subprog) }
            let guardInsn = p.mayBeNull && !p.stackObject ? 1 : 0
            let save = p.stackObject ? 1 : 0
            if inlines(p.subprog) {
                let n = entries[p.subprog]
                let load = p.stackObject ? 1 : 0
                if e8 {
                    let typeAdd = p.type == 0 ? 0 : (p.stackObject ? 1 : 2)
                    push += save + guardInsn + load + typeAdd + 4 * n - 1
                } else {
                    push += save + guardInsn + load + 5 * n - 1
                }
            } else if perFrame {
                push += save + guardInsn + 7
            } else {
                push += save + guardInsn + 5
            }
        }
        for p in c.pops {
            scratch.insert(p.subprog)
            let own = entries[p.subprog] > 0
            let offset = p.offset == 0 ? 0 : 1
            let keep = p.keepsR0 ? 2 : 0
            let kfuncFrame = 1 + offset + keep + (own ? 2 : 1) + 1
            let kfuncGlobal = 1 + offset + keep + 1
            if inlines(p.subprog) && (!e8 || p.kinds == 1) {
                let adjust = (e8 ? p.type : 0) - p.offset == 0 ? 0 : 1
                let fallback = perFrame && p.crossFrame
                pop += 1 + 1 + adjust + 4 * entries[p.subprog] - 1 + (fallback ? 1 + kfuncFrame : 0)
            } else {
                pop += 1 + (perFrame ? kfuncFrame : kfuncGlobal)
            }
        }
        if perFrame {
            for (s, exits) in c.handUps {
                scratch.insert(s)
                handUp += 5 * exits
            }
        }
        zeroing = entries.reduce(0, +)
        reserved = (0..<n).map { entries[$0] * e + (scratch.contains($0) ? 8 : 0) }

        let reserved = self.reserved
        func rounded(_ s: Int, withTables: Bool) -> Int {
            let own = c.depths[s]
            let depth = withTables && reserved[s] > 0 ? (own + 7) / 8 * 8 + reserved[s] : own
            return Verifier.roundedStackDepth(depth, jit: true)
        }
        chainBefore = c.chains.map { $0.reduce(0) { $0 + rounded($1, withTables: false) } }.max() ?? 0
        chainAfter = c.chains.map { $0.reduce(0) { $0 + rounded($1, withTables: true) } }.max() ?? 0
    }

    var joinedEntries: String { entries.map(String.init).joined(separator: "+") }
    var joinedReserved: String { reserved.map(String.init).joined(separator: "+") }
}
