/// Lines a caller wants printed around an instruction in a listing: source lines before it
/// (objdump `-S` prints them as `; ...`), relocations after it (objdump `-r`:
/// `\t\t0000000000000028:  R_BPF_64_64\tmy_map`). The object-file reader fills these; the
/// listing prints them verbatim.
public struct ListingAnnotations: Sendable {
    public var before: [Int: [String]]
    public var after: [Int: [String]]

    public init(before: [Int: [String]] = [:], after: [Int: [String]] = [:]) {
        self.before = before
        self.after = after
    }
}

extension Disassembler {
    /// A whole program in `llvm-objdump -d` layout: a `%016x <name>:` header (preceded by a
    /// blank line) at each function symbol, then one `%8d:\t<text>` line per instruction
    /// (with the raw bytes between tabs when `rawBytes` is set); continuations print nothing.
    public static func listing(
        _ program: [Instruction], options: DisassemblyOptions = .llvm21, symbols: DisassemblySymbols = .none,
        annotations: ListingAnnotations = .init(), rawBytes: Bool = false
    ) -> String {
        var out = ""
        for (pc, insn) in program.enumerated() {
            if let name = symbols.functions[pc] {
                out += "\n" + String(repeating: "0", count: max(0, 16 - String(pc * 8, radix: 16).count))
                    + String(pc * 8, radix: 16) + " <\(name)>:\n"
            }
            if insn == .continuation { continue }
            for line in annotations.before[pc] ?? [] { out += line + "\n" }
            let pcText = String(pc)
            out += String(repeating: " ", count: max(0, 8 - pcText.count)) + pcText + ":\t"
            if rawBytes {
                out += insn.encode().flatMap(\.bytes).map { b in
                    let d = String(b, radix: 16)
                    return d.count == 1 ? "0" + d : d
                }.joined(separator: " ") + "\t"
            }
            out += text(of: insn, at: pc, options: options, symbols: symbols) + "\n"
            for line in annotations.after[pc] ?? [] { out += line + "\n" }
        }
        return out
    }
}
