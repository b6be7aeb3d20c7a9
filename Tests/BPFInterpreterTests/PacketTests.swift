import BPFISA
import BPFInterpreter
import Testing

/// Legacy `ld_abs`/`ld_ind`: big-endian packet loads into r0 when a packet region is given;
/// reading past its end ends the program returning 0, as the kernel does.
@Suite struct PacketTests {
    static let packet: [UInt8] = [0x45, 0x00, 0x12, 0x34, 0xaa, 0xbb, 0xcc, 0xdd]

    static let cases: [(Snippet, ExecutionOutcome)] = [
        (Snippet("ldabsh", "ldabsh 2\nexit"), .exited(0x1234)),
        (Snippet("ldabsw", "ldabsw 4\nexit"), .exited(0xaabb_ccdd)),
        (Snippet("ldabsb", "ldabsb 0\nexit"), .exited(0x45)),
        (Snippet("ldindh", "mov %r3, 4\nldindh %r3, 2\nmov %r0, 1\nexit"), .exited(1)),
        (Snippet("ldabsw past the end", "mov %r0, 9\nldabsw 6\nmov %r0, 1\nexit"), .exited(0)),
        (Snippet("ldindb negative offset", "mov %r3, -1\nldindb %r3, 0\nmov %r0, 1\nexit"), .exited(0)),
    ]

    @Test(arguments: cases)
    func loadsFromThePacket(_ snippet: Snippet, expected: ExecutionOutcome) throws {
        let memory = Memory()
        let packet = try memory.map("packet", size: Self.packet.count, permissions: .read, bytes: Self.packet)
        let result = try Interpreter(snippet.instructions).run(memory: memory, packet: packet)
        #expect(result.outcome == expected, "\(snippet.name)")
    }

    @Test func ldindLoadsAtRegisterPlusOffset() throws {
        let memory = Memory()
        let packet = try memory.map("packet", size: Self.packet.count, permissions: .read, bytes: Self.packet)
        let result = try Interpreter(Snippet("ldindh", "mov %r3, 4\nldindh %r3, 2\nexit").instructions).run(memory: memory, packet: packet)
        #expect(result.returnValue == 0xccdd)
        #expect(result.counts[.load] == 1)
    }

    @Test func withoutAPacketTheLoadFaults() throws {
        let result = try Snippet("ldabsb", "mov %r0, 0\nldabsb 0\nexit").run()
        #expect(result.fault?.kind == .noPacket)
        #expect(result.fault?.pc == 1)
        #expect(result.fault?.message == "BPF_LD_[ABS|IND] needs a packet, and none was given")
    }
}
