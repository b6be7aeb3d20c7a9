import BPFObject

extension DescriptorTable {
    /// The table in a log-like form (`verify --descriptors`): one block per pc, its frame's
    /// function, then one entry per line.
    ///
    ///     pc 12 func#0 (main):
    ///       fp-16: ptr_task_struct (maybe-null)
    ///       R7: ptr_cgroup
    public func text(program: BPFProgram) -> String {
        var out = ""
        for pc in descriptors.keys.sorted() {
            let d = descriptors[pc]!
            let name = d.subprog < program.subprograms.count ? program.subprograms[d.subprog].name : "?"
            out += "pc \(pc) func#\(d.subprog) (\(name)):\n"
            for e in d.entries where e.kind != .notInitialised { out += "  \(e)\n" }
        }
        for (pc, off) in reservedSlots.sorted(by: { $0.key < $1.key }) {
            out += "reserved slot fp\(off) for the acquire at pc \(pc)\n"
        }
        return out
    }
}

extension DescriptorTable {
    /// The descriptors with the pcs left out, in pc order: per throw point and frame, the
    /// function's name and its entries. Two builds of a source whose throw points see the same
    /// frames holding the same types in the same slots and registers have the same shape, even
    /// when their instructions moved.
    public func shape(program: BPFProgram) -> String {
        var out = ""
        for pc in descriptors.keys.sorted() {
            let d = descriptors[pc]!
            let name = d.subprog < program.subprograms.count ? program.subprograms[d.subprog].name : "?"
            out += name + ":" + d.entries.filter { $0.kind != .notInitialised }.map { "\($0)" }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The first 16 hex digits of the SHA-256 of ``shape(program:)``: short enough for a column.
    public func shapeDigest(program: BPFProgram) -> String {
        String(BPFObjectFile.sha256(of: Array(shape(program: program).utf8)).prefix(16))
    }
}
