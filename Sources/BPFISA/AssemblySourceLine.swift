/// One line of assembly text with its comment and any pasted listing prefix located.
///
/// Users paste from three places, so a line may start with a prefix that is not part of the
/// instruction: the kernel verifier log (`12: (bf) r6 = r1`), `llvm-objdump -d` with raw bytes
/// (`  12:\tbf 16 00 00 00 00 00 00\tr6 = r1`) and without (`  12:\tr6 = r1`). The pc written
/// there is ignored: pcs come from the order of the lines.
struct SourceLine {
    /// 1-based line number.
    var number: Int
    var bytes: [UInt8]

    static func split(_ text: String) -> [SourceLine] {
        var lines: [SourceLine] = []
        var current: [UInt8] = []
        var number = 1
        for b in text.utf8 {
            if b == 0x0a {
                lines.append(SourceLine(number: number, bytes: current))
                current.removeAll(keepingCapacity: true)
                number += 1
            } else {
                current.append(b)
            }
        }
        if !current.isEmpty { lines.append(SourceLine(number: number, bytes: current)) }
        return lines
    }

    /// A cursor over the instruction text: after any listing prefix, before any comment.
    /// objdump's symbol headers (`0000000000000000 <prog>:`) read as the label `prog:`, its
    /// banners (`x.o:\tfile format elf64-bpf`, `Disassembly of section .text:`) as nothing.
    func cursor(dialect: AssemblySyntax) -> AssemblyCursor {
        if let name = objdumpSymbolHeader {
            // Blank out the address and the angle brackets so columns stay those of the file.
            var label = [UInt8](repeating: 0x20, count: 18) + name
            label.append(0x3a)
            return AssemblyCursor(bytes: label, line: number)
        }
        if isObjdumpBanner { return AssemblyCursor(bytes: bytes, line: number, start: bytes.count) }
        return AssemblyCursor(bytes: bytes, line: number, start: prefixEnd, end: commentStart(dialect: dialect))
    }

    /// The name in `%016x <name>:`.
    private var objdumpSymbolHeader: [UInt8]? {
        var end = bytes.count
        while end > 0, AssemblyCursor.isSpace(bytes[end - 1]) { end -= 1 }
        guard end > 20, bytes[16] == 0x20, bytes[17] == 0x3c, bytes[end - 2] == 0x3e, bytes[end - 1] == 0x3a,
            bytes[0..<16].allSatisfy(Self.isHex)
        else { return nil }
        return Array(bytes[18..<(end - 2)])
    }

    private var isObjdumpBanner: Bool {
        let banner = Array("Disassembly of section ".utf8)
        if bytes.starts(with: banner) { return true }
        let format = Array(":\tfile format ".utf8)
        guard bytes.count > format.count else { return false }
        return (0...(bytes.count - format.count)).contains { bytes[$0..<($0 + format.count)].elementsEqual(format) }
    }

    /// Comments: `;` and `//` anywhere; `#` anywhere in uBPF, but in the LLVM dialect only at
    /// the start or after a space, because the kernel log writes `call bpf_task_acquire#65913`.
    func commentStart(dialect: AssemblySyntax) -> Int {
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case 0x3b: return i
            case 0x2f where i + 1 < bytes.count && bytes[i + 1] == 0x2f: return i
            case 0x23 where dialect == .ubpf || i == 0 || AssemblyCursor.isSpace(bytes[i - 1]): return i
            default: break
            }
            i += 1
        }
        return bytes.count
    }

    /// The end of a leading `pc:` and what follows it in pasted listings: a kernel-log opcode
    /// `(bf)` or objdump's raw bytes (8 or 16 two-digit hex groups). 0 when there is none.
    var prefixEnd: Int {
        var p = 0
        func skipSpace() { while p < bytes.count, AssemblyCursor.isSpace(bytes[p]) { p += 1 } }
        skipSpace()
        let digits = p
        while p < bytes.count, AssemblyCursor.isDigit(bytes[p]) { p += 1 }
        guard p > digits, p < bytes.count, bytes[p] == 0x3a else { return 0 }
        p += 1
        skipSpace()
        if p + 3 < bytes.count, bytes[p] == 0x28, Self.isHex(bytes[p + 1]), Self.isHex(bytes[p + 2]), bytes[p + 3] == 0x29 {
            return p + 4
        }
        var groups = 0
        var q = p
        while q + 1 < bytes.count, Self.isHex(bytes[q]), Self.isHex(bytes[q + 1]),
            q + 2 == bytes.count || AssemblyCursor.isSpace(bytes[q + 2])
        {
            groups += 1
            q += 2
            while q < bytes.count, AssemblyCursor.isSpace(bytes[q]) { q += 1 }
        }
        return groups == 8 || groups == 16 ? q : p
    }

    static func isHex(_ b: UInt8) -> Bool { AssemblyCursor.isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }
}

extension AssemblySyntax {
    /// Decides the dialect of a file from its first line that only one dialect can read.
    static func detect(_ lines: [SourceLine]) -> AssemblySyntax {
        for line in lines {
            var cursor = line.cursor(dialect: .llvm)
            while true {
                var probe = cursor
                guard probe.identifier() != nil, probe.consume(":") else { break }
                cursor = probe
            }
            guard !cursor.atEnd else { continue }
            if cursor.containsPercentRegister { return .ubpf }
            guard let word = cursor.identifier()?.name else { return .llvm }
            switch word {
            case "exit":
                continue
            case "call":
                if cursor.consume("local") || cursor.consume("helper") || cursor.consume("runtime") { return .ubpf }
                continue
            case "lock":
                return cursor.peek() == 0x2a ? .llvm : .ubpf  // `lock *(u64 *)...`
            default:
                return UBPFParser.isMnemonic(word) ? .ubpf : .llvm
            }
        }
        return .llvm
    }
}

extension AssemblyCursor {
    /// Whether the rest of the line holds `%r`, which only uBPF writes (`%=` is LLVM's modulo).
    fileprivate var containsPercentRegister: Bool {
        var i = position
        while i + 1 < end {
            if bytes[i] == 0x25, bytes[i + 1] == 0x72 { return true }
            i += 1
        }
        return false
    }
}
