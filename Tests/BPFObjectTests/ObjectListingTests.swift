import BPFISA
import Testing

@testable import BPFObject

/// `bpfsim disasm FILE.o`'s listing: every program with its section, function and
/// subprogram labels, relocation targets by name, CO-RE values and interleaved source lines.
@Suite struct ObjectListingTests {
    static func listing() throws -> (BPFObjectFile, String) {
        let object = try BPFObjectFile.load(path: Fixtures.clangObject("features.bpf.c").path)
        return (object, ObjectListing.listing(of: object))
    }

    @Test func everyProgramHasAHeaderAndItsFunctionLabels() throws {
        let (object, text) = try Self.listing()
        for p in object.programs {
            #expect(text.contains(ObjectListing.header(for: p)), "\(p.name)")
        }
        #expect(text.contains("Disassembly of program on_unlink (section fentry/do_unlinkat, tracing, attach trace_fentry, target do_unlinkat, exception callback exc_handler):"))
        let unlink = try #require(object.program(named: "on_unlink"))
        let programText = ObjectListing.listing(of: unlink)
        for s in unlink.subprograms {
            let address = String(s.startPC * 8, radix: 16)
            #expect(programText.contains(String(repeating: "0", count: 16 - address.count) + address + " <\(s.name)>:"), "\(s.name)")
        }
    }

    @Test func relocationTargetsAreNamed() throws {
        let (_, text) = try Self.listing()
        for expected in [
            "; events: map #0 (ringbuf)", "; counts: map #3 (hash)", "; bpf_throw: kfunc bpf_throw (btf_id ",
            "; bpf_task_acquire: kfunc bpf_task_acquire", "; .text: callback sum_cb", "; .text: call bump",
            "; call record_task", "; greeting: .rodata+4 (map #4)", "; LINUX_KERNEL_VERSION: .kconfig+4 (map #9)",
            "; CO-RE <byte_off> [42] struct task_struct::pid (0:4) = 0x20",
            "; CO-RE <enumval_value> [", "enum task_state_bits::TASK_DEAD_BIT = 7 = 0x7",
        ] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
    }

    @Test func sourceLinesPrecedeTheirInstructions() throws {
        let (object, _) = try Self.listing()
        let p = try #require(object.program(named: "on_unlink"))
        let lines = ObjectListing.listing(of: p).split(separator: "\n").map(String.init)
        let source = try #require(lines.firstIndex { $0.hasPrefix("; ") && $0.contains("bpf_throw(lc.sum);") })
        let call = try #require(p.references.first { $0.symbol == "bpf_throw" })
        let next = try #require(lines[(source + 1)...].first { !$0.hasPrefix(";") })
        #expect(next.hasPrefix(String(repeating: " ", count: 8 - String(call.pc).count) + "\(call.pc):"), "\(next)")
        // Every appended subprogram starts with the source line of its function.
        #expect(lines.contains("; int exc_handler(u64 cookie)"))
    }

    @Test func readableStyleUsesNames() throws {
        let (object, _) = try Self.listing()
        let p = try #require(object.program(named: "on_switch"))
        let text = ObjectListing.listing(of: p, options: .readable)
        #expect(text.contains("call bpf_task_acquire"), "\(text.prefix(2000))")
        #expect(text.contains("counts"))
    }
}
