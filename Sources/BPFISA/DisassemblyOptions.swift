/// How the disassembler spells instructions.
///
/// The default reproduces `llvm-objdump -d` of LLVM 21 (the Swift toolchain's), byte for byte
/// on the instruction text. ``llvm14`` reproduces Debian's LLVM 14 for the instructions it
/// knows (it predates cpu v4: `s/=`, `(s8)`, sign-extending loads, `gotol`, `may_goto`,
/// `bswap` and 32-bit fetch atomics print as `<unknown>` or wrongly there).
public struct DisassemblyOptions: Hashable, Sendable {
    public enum Immediates: Hashable, Sendable {
        /// `r1 += -0x5`: LLVM 21's default.
        case hex
        /// `r1 += -5`: LLVM up to 17, and LLVM 21 with `--no-print-imm-hex`.
        case decimal
    }

    public var immediates: Immediates
    /// LLVM 18 and later write narrow loads, stores and 32-bit atomics with `w` registers
    /// (`w1 = *(u8 *)(r2 + 0x0)`); older versions with `r` registers.
    public var subregisterMemoryOperands: Bool
    /// objdump's `<prog+0x78>` after a jump target, printed when the symbol table has
    /// functions (objdump always has a symbol in an object file). Tests comparing with
    /// objdump leave it on; the round-trip form turns it off.
    public var annotateTargets: Bool
    /// Spell what LLVM's text loses, so that the text re-assembles to the same instruction:
    /// `call pc-4` for a bpf-to-bpf call (LLVM: `call -0x4`, the same text as helper -4),
    /// `call kernel-function#ID` (`@MODULE` when not vmlinux) for a kfunc, a fourth
    /// `ld_pseudo` operand for a second-slot immediate, and `skb[r3 + 4]` for an indirect
    /// packet load with an offset (LLVM drops it).
    public var lossless: Bool
    /// Names instead of numbers where the symbol table has them: helpers (`call
    /// bpf_map_lookup_elem`), kfuncs, maps (`r1 = my_map ll`), labels (`goto out`).
    public var names: Bool

    public init(
        immediates: Immediates = .hex, subregisterMemoryOperands: Bool = true, annotateTargets: Bool = true,
        lossless: Bool = false, names: Bool = false
    ) {
        self.immediates = immediates
        self.subregisterMemoryOperands = subregisterMemoryOperands
        self.annotateTargets = annotateTargets
        self.lossless = lossless
        self.names = names
    }

    /// `/opt/swift/usr/bin/llvm-objdump -d` (LLVM 21).
    public static let llvm21 = DisassemblyOptions()
    /// `/usr/bin/llvm-objdump -d` (Debian's LLVM 14).
    public static let llvm14 = DisassemblyOptions(immediates: .decimal, subregisterMemoryOperands: false)
    /// Symbol-free, lossless, numeric offsets: `Assembler.assemble` gives the instruction back.
    public static let roundTrip = DisassemblyOptions(immediates: .decimal, annotateTargets: false, lossless: true)
    /// bpfsim's own readable form: LLVM 21 spelling with names for helpers, kfuncs, maps and
    /// labels, still lossless so it re-assembles.
    public static let readable = DisassemblyOptions(annotateTargets: false, lossless: true, names: true)
}

/// What the disassembler may call things: function symbols (objdump's `<prog>` headers and
/// `<prog+0x78>` annotations), labels, kfunc and map names.
public struct DisassemblySymbols: Sendable {
    /// pc -> function symbol, in one section's pc space.
    public let functions: [Int: String]
    /// pc -> label, for jump and call targets under ``DisassemblyOptions/names``.
    public let labels: [Int: String]
    /// BTF id -> kfunc name.
    public let kfuncs: [Int32: String]
    /// Map index (the `imm` of `BPF_PSEUDO_MAP_FD`/`_IDX`) -> map name.
    public let maps: [Int32: String]
    private let sortedFunctions: [(pc: Int, name: String)]

    public init(
        functions: [Int: String] = [:], labels: [Int: String] = [:], kfuncs: [Int32: String] = [:],
        maps: [Int32: String] = [:]
    ) {
        self.functions = functions
        self.labels = labels
        self.kfuncs = kfuncs
        self.maps = maps
        self.sortedFunctions = functions.map { ($0.key, $0.value) }.sorted { $0.pc < $1.pc }
    }

    /// The names an assembled text defined. When several labels share a pc, the
    /// alphabetically first is used so output is stable.
    public init(_ program: AssembledProgram, functions: [Int: String] = [:]) {
        var labels: [Int: String] = [:]
        for (name, pc) in program.labels where labels[pc].map({ name < $0 }) ?? true { labels[pc] = name }
        self.init(functions: functions, labels: labels, kfuncs: program.kfuncs, maps: program.maps)
    }

    public static let none = DisassemblySymbols()

    /// objdump's `<sym+0xOFF>` for a target pc: the closest function symbol at or before the
    /// target's byte address, with the distance in hex (`<sym>` when it is 0). objdump works on
    /// unsigned 64-bit addresses, so a target before the section start wraps around and is
    /// named after the last symbol (`<f+0xfffffffffffdb6d8>`); this does the same.
    func annotation(for target: Int) -> String? {
        let address = UInt64(bitPattern: Int64(target) &* 8)
        var lo = 0
        var hi = sortedFunctions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if UInt64(sortedFunctions[mid].pc * 8) <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let symbol = sortedFunctions[lo - 1]
        let distance = address &- UInt64(symbol.pc * 8)
        return distance == 0 ? "<\(symbol.name)>" : "<\(symbol.name)+\(hex(distance))>"
    }
}
