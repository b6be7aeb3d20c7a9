import BPFISA
import Foundation

/// `llvm-objdump -dr` output of an object, parsed into what the agreement test compares:
/// per section, each instruction's raw slots, the relocation symbol llvm-objdump prints for
/// it, and its CO-RE annotation; plus every function symbol's section and first slot.
struct ObjdumpListing {
    struct Line {
        var slots: [RawInstruction]
        var relocation: String?
        var core: String?
    }

    /// Section -> slot -> instruction line.
    var sections: [String: [Int: Line]] = [:]
    /// Function name -> (section, first slot).
    var functions: [String: (section: String, slot: Int)] = [:]

    init(object: URL) throws {
        let text = try Fixtures.run(Fixtures.llvmObjdump, ["-dr", object.path])
        var section = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("Disassembly of section ") {
                section = String(line.dropFirst("Disassembly of section ".count).dropLast())
                continue
            }
            // 0000000000000168 <exc_handler>:
            if let lt = line.firstIndex(of: "<"), line.hasSuffix(">:"), let address = Int(line[..<lt].trimmingCharacters(in: .whitespaces), radix: 16) {
                let name = String(line[line.index(after: lt)..<line.index(line.endIndex, offsetBy: -2)])
                functions[name] = (section, address / 8)
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // 0000000000000018:  R_BPF_64_64	events
            if trimmed.contains("R_BPF_"), let colon = trimmed.firstIndex(of: ":"), let offset = Int(trimmed[..<colon], radix: 16) {
                let symbol = trimmed.split(whereSeparator: { $0 == "\t" || $0 == " " }).last.map(String.init) ?? ""
                sections[section, default: [:]][offset / 8]?.relocation = symbol
                continue
            }
            if let r = trimmed.range(of: "CO-RE <"), let colon = trimmed.firstIndex(of: ":"), let offset = Int(trimmed[..<colon], radix: 16) {
                sections[section, default: [:]][offset / 8]?.core = String(trimmed[r.lowerBound...].dropFirst("CO-RE ".count))
                continue
            }
            //       45:	bf 10 00 00 00 00 00 00	r0 = r1
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, let slot = Int(fields[0].trimmingCharacters(in: .whitespaces).dropLast()),
                fields[0].hasSuffix(":")
            else { continue }
            let bytes = fields[1].split(separator: " ").compactMap { UInt8($0, radix: 16) }
            guard bytes.count == 8 || bytes.count == 16 else { continue }
            let slots = stride(from: 0, to: bytes.count, by: 8).map { RawInstruction(bytes: bytes, at: $0) }
            sections[section, default: [:]][slot] = Line(slots: slots)
        }
    }
}
