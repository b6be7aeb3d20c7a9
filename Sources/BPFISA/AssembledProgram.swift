/// The result of assembling one text: slot-indexed instructions and the names they used.
public struct AssembledProgram: Hashable, Sendable {
    /// Slot-indexed, as everywhere in bpfsim: each `lddw` is followed by a
    /// ``Instruction/continuation``.
    public var instructions: [Instruction]
    /// Label -> pc of the instruction that follows it.
    public var labels: [String: Int]
    /// BTF id -> kfunc name, for every `call NAME` that resolved to a kfunc (ids from the
    /// resolver, from a kernel-log `call NAME#ID`, or synthetic).
    public var kfuncs: [Int32: String]
    /// Map index -> map name, for every `r1 = NAME ll` that resolved to a map.
    public var maps: [Int32: String]
    /// Source line (1-based) of each slot; a continuation has its `lddw`'s line. Later stages
    /// use it to report `file:line` for a pc.
    public var sourceLines: [Int]
    /// The dialect the text was read in (``AssemblySyntax/auto`` resolved).
    public var syntax: AssemblySyntax

    public init(
        instructions: [Instruction], labels: [String: Int] = [:], kfuncs: [Int32: String] = [:],
        maps: [Int32: String] = [:], sourceLines: [Int] = [], syntax: AssemblySyntax = .llvm
    ) {
        self.instructions = instructions
        self.labels = labels
        self.kfuncs = kfuncs
        self.maps = maps
        self.sourceLines = sourceLines
        self.syntax = syntax
    }

    /// The program as little-endian bytes, 8 per slot.
    public var bytes: [UInt8] { Instruction.encodeProgram(instructions) }
}
