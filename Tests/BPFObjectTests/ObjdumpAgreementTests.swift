import BPFISA
import Foundation
import Testing

@testable import BPFObject

/// Acceptance: for every program of the C fixtures, the loaded, relocated instruction stream
/// agrees with `llvm-objdump -dr` (LLVM 21): the same instructions slot by slot, and every
/// relocation resolved to the symbol llvm-objdump names.
@Suite struct ObjdumpAgreementTests {
    @Test(arguments: Fixtures.clangSources)
    func everyProgramAgreesWithObjdump(source: String) throws {
        let url = try Fixtures.clangObject(source)
        let object = try BPFObjectFile.load(path: url.path)
        let listing = try ObjdumpListing(object: url)
        #expect(!object.programs.isEmpty, "\(source): no programs")
        var relocationsChecked = 0
        for program in object.programs {
            for sub in program.subprograms {
                guard let (section, first) = listing.functions[sub.name] else {
                    Issue.record("\(source) \(program.name): llvm-objdump has no function '\(sub.name)'")
                    continue
                }
                #expect(section == sub.section, "\(program.name): '\(sub.name)' is in \(section), bpfsim says \(sub.section)")
                for pc in sub.pcs {
                    let slot = first + (pc - sub.startPC)
                    let place = "\(source) \(program.name) pc \(pc) (\(section)+\(slot))"
                    let ours = program.instructions[pc]
                    if ours == .continuation { continue }
                    guard let line = listing.sections[section]?[slot] else {
                        Issue.record("\(place): llvm-objdump shows no instruction there")
                        continue
                    }
                    let theirs = try Instruction.decode(line.slots, at: 0)
                    if let symbol = line.relocation {
                        relocationsChecked += 1
                        try checkRelocation(program, pc: pc, ours: ours, theirs: theirs, symbol: symbol, listing: listing, section: section, slot: slot, place: place)
                    } else if case .call(.local(let off)) = theirs {
                        let target = listing.functions.first { $0.value.section == section && $0.value.slot == slot + Int(off) + 1 }?.key
                        guard case .call(.local(let o)) = ours else {
                            Issue.record("\(place): expected a bpf-to-bpf call, got \(ours)")
                            continue
                        }
                        #expect(program.subprogram(startingAt: pc + Int(o) + 1)?.name == target, "\(place): call reaches \(String(describing: program.subprogram(startingAt: pc + Int(o) + 1)?.name)), llvm-objdump \(String(describing: target))")
                    } else {
                        #expect(ours == theirs, "\(place): bpfsim \(ours), llvm-objdump \(theirs)")
                    }
                    if let core = line.core {
                        let applied = program.coreRelocations.first { $0.pc == pc }
                        let rendered = applied.map { a in
                            "<\(a.kind.name)> \(a.typeID) \(a.spec)" + (a.kind.isFieldBased ? " (\(a.accessString))" : "")
                        }
                        #expect(rendered == core, "\(place): CO-RE bpfsim \(rendered ?? "none"), llvm-objdump \(core)")
                    }
                }
            }
        }
        #expect(relocationsChecked > 0, "\(source): no relocations were compared")
    }

    private func checkRelocation(
        _ program: BPFProgram, pc: Int, ours: Instruction, theirs: Instruction, symbol: String, listing: ObjdumpListing,
        section: String, slot: Int, place: String
    ) throws {
        let references = program.references(at: pc)
        #expect(references.count == 1, "\(place): \(references.count) references for relocation '\(symbol)'")
        guard let ref = references.first else { return }
        #expect(ref.symbol == symbol, "\(place): relocation symbol bpfsim '\(ref.symbol)', llvm-objdump '\(symbol)'")
        switch (theirs, ours, ref.target) {
        case (.loadImm64(let d1, _), .loadImm64(let d2, .mapFD(let m)), .map(let m2)):
            #expect(d1 == d2 && Int(m) == m2 && program.maps[m2].name == symbol, "\(place): map \(m) is not '\(symbol)'")
        case (.loadImm64(let d1, _), .loadImm64(let d2, .mapValue(let m, let off)), .globalData(let m2, let off2)):
            #expect(d1 == d2 && Int(m) == m2 && off == off2, "\(place): global data mismatch")
        case (.loadImm64(let d1, _), .loadImm64(let d2, .mapValue(let m, let off)), .kconfig(let m2, let off2)):
            #expect(d1 == d2 && Int(m) == m2 && off == off2 && program.maps[m2].name == ".kconfig", "\(place): kconfig mismatch")
        case (.loadImm64(let d1, _), .loadImm64(let d2, .btfID(let id, 0)), .ksym(let id2)):
            #expect(d1 == d2 && id == id2 && program.ksyms[id]?.name == symbol, "\(place): ksym \(id) is not '\(symbol)'")
        case (.call, .call(.kfunc(let id, _)), .kfunc(let id2)):
            #expect(id == id2 && program.kfuncs[id]?.name == symbol, "\(place): kfunc \(id) is not '\(symbol)'")
        case (.call(.local(let off)), .call(.local(let o)), .subprogram(let name)):
            #expect(program.subprogram(startingAt: pc + Int(o) + 1)?.name == name, "\(place): call lands elsewhere than \(name)")
            // The symbol names the callee, or its section with the slot in imm.
            let expected: String?
            if listing.functions[symbol] != nil {
                expected = symbol
            } else {
                expected = listing.functions.first { $0.value.section == symbol && $0.value.slot == Int(off) + 1 }?.key
            }
            #expect(name == expected, "\(place): callee \(name), llvm-objdump relocation names \(String(describing: expected))")
        case (.loadImm64(_, .value(let byteOffset)), .loadImm64(_, .function(let o)), .callback(let name)):
            #expect(program.subprogram(startingAt: pc + Int(o) + 1)?.name == name, "\(place): callback lands elsewhere than \(name)")
            let expected = listing.functions.first { $0.value.section == symbol && $0.value.slot == Int(byteOffset / 8) }?.key
            #expect(name == expected, "\(place): callback \(name), llvm-objdump points at \(String(describing: expected))")
        default:
            Issue.record("\(place): relocation '\(symbol)': bpfsim \(ours) (\(ref.target)) does not match llvm-objdump \(theirs)")
        }
    }
}
