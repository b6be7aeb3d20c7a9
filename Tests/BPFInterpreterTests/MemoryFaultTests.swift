import BPFISA
import BPFInterpreter
import Testing

/// Accesses outside mapped, permitted memory end the run with a fault at the pc, in words
/// that name the region (a stack access by its `fp` offset); they never crash the host.
@Suite struct MemoryFaultTests {
    static let faults: [(Snippet, [UInt8], pc: Int, message: String)] = [
        (
            Snippet("read past the input", "ldxdw %r0, [%r1+8]\nexit"), [UInt8](repeating: 0, count: 8), 0,
            "invalid read of 8 bytes at 0xa00000008: off=8 is outside region 'mem' of 8 bytes"
        ),
        (
            Snippet("read crossing the input's end", "ldxw %r0, [%r1+6]\nexit"), [UInt8](repeating: 0, count: 8), 0,
            "invalid read of 4 bytes at 0xa00000006: off=6 is outside region 'mem' of 8 bytes"
        ),
        (
            Snippet("write before the input", "mov %r0, 0\nstb [%r1-1], 1\nexit"), [1], 1,
            "invalid write of 1 byte at 0x9ffffffff: off=-1 is outside region 'mem' of 1 bytes"
        ),
        (Snippet("NULL read", "mov %r1, 0\nldxb %r0, [%r1]\nexit"), [], 1, "invalid read of 1 byte at unmapped address 0x0"),
        (
            Snippet("wild pointer", "mov %r1, -1\nldxdw %r0, [%r1]\nexit"), [], 1,
            "invalid read of 8 bytes at unmapped address 0xffffffffffffffff"
        ),
        (
            Snippet("stack overflow", "stdw [%r10-520], 1\nexit"), [], 0,
            "invalid write of 8 bytes at fp-520 in the stack of frame 0 (512 bytes)"
        ),
        (
            Snippet("read above fp", "ldxdw %r0, [%r10]\nexit"), [], 0,
            "invalid read of 8 bytes at fp+0 in the stack of frame 0 (512 bytes)"
        ),
        (
            Snippet("callee stack overflow", "call local f\nexit\nf:\nmov %r0, 0\nstxw [%r10-516], %r0\nexit"), [], 3,
            "invalid write of 4 bytes at fp-516 in the stack of frame 1 (512 bytes)"
        ),
        (
            Snippet("atomic past the input", "mov %r2, 1\nlock add [%r1+4], %r2\nexit"), [UInt8](repeating: 0, count: 8), 1,
            "invalid write of 8 bytes at 0xa00000004: off=4 is outside region 'mem' of 8 bytes"
        ),
    ]

    @Test(arguments: faults)
    func faultNamesThePlace(_ snippet: Snippet, memory: [UInt8], pc: Int, message: String) throws {
        let result = try snippet.run(memory: memory)
        let fault = try #require(result.fault, "\(snippet.name): \(result.outcome)")
        #expect(fault.pc == pc, "\(snippet.name): faulted at pc \(fault.pc), expected pc \(pc)")
        #expect(fault.message == message, "\(snippet.name) at pc \(fault.pc)")
    }

    @Test func lastBytesOfARegionAreReachable() throws {
        let bytes: [UInt8] = [0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44]
        #expect(try Snippet("last word", "ldxw %r0, [%r1+4]\nexit").r0(memory: bytes) == 0x4433_2211)
        #expect(try Snippet("fp-512", "stdw [%r10-512], 7\nldxdw %r0, [%r10-512]\nexit").r0() == 7)
    }

    @Test func readOnlyRegionRejectsWrites() throws {
        let memory = Memory()
        let ctx = try memory.map("ctx", size: 16, permissions: .read, bytes: [5])
        let program = try Interpreter(try Assembler.assemble("ldxb %r0, [%r1]\nstb [%r1], 1\nexit", syntax: .ubpf).instructions)
        let result = program.run(arguments: [ctx.base], memory: memory)
        #expect(result.fault?.pc == 1)
        #expect(result.fault?.message == "invalid write of 1 byte at \(hex(ctx.base)): region 'ctx' is read-only")
        #expect(result.registers[.r0] == 5)
    }

    @Test func unmappedRegionFaultsAsUseAfterUnmap() throws {
        let memory = Memory()
        let object = try memory.map("task_struct#1", size: 64)
        memory.unmap(object)
        let newer = try memory.map("task_struct#2", size: 64)
        #expect(newer.base != object.base, "a window is never reused")
        let program = try Interpreter(try Assembler.assemble("ldxdw %r0, [%r1+8]\nexit", syntax: .ubpf).instructions)
        let result = program.run(arguments: [object.base], memory: memory)
        #expect(result.fault?.message == "invalid read of 8 bytes at \(hex(object.base + 8)): region 'task_struct#1' was unmapped")
    }
}

/// The address space's own API, which the simulated kernel builds on.
@Suite struct MemoryTests {
    @Test func regionsGetDistinctWindowsAndStacksSitAtTheTop() throws {
        let memory = Memory()
        let a = try memory.map("a", size: 10)
        let b = try memory.map("b", size: 10)
        #expect(a.base >> 32 != b.base >> 32)
        #expect(a.base & 0xffff_ffff == 0)
        for frame in 0..<Memory.maxFrames {
            let stack = memory.stack(frame: frame)
            #expect(stack.end == UInt64(frame + 2) << 32, "frame \(frame)")
            #expect(stack.size == 512)
        }
        #expect(memory.region(containing: a.base + 9) == a)
        #expect(memory.region(containing: a.base + 10) == nil)
    }

    @Test func mapAtChecksTheWindow() throws {
        let memory = Memory()
        let r = try memory.map(at: 0x1234_0000_1000, "obj", size: 32)
        #expect(r.base == 0x1234_0000_1000)
        #expect(throws: MemoryError.self) { try memory.map(at: 0x1234_0000_2000, "again", size: 8) }
        #expect(throws: MemoryError.self) { try memory.map(at: 0x2_0000_0000 - 4, "stack window", size: 8) }
        #expect(throws: MemoryError.self) { try memory.map(at: 0x5000_ffff_fff0, "crossing", size: 32) }
        #expect(throws: MemoryError.self) { try memory.map(at: 0, "null", size: 8) }
    }

    @Test func loadStoreAndBulkAccess() throws {
        let memory = Memory()
        let r = try memory.map("buf", size: 16)
        try memory.store(r.base + 3, size: .word, value: 0x1122_3344_5566)
        #expect(try memory.load(r.base + 3, size: .word) == 0x3344_5566)
        #expect(try memory.load(r.base + 3, size: .half) == 0x5566)
        try memory.write([1, 2, 3], at: r.base + 13)
        #expect(try memory.bytes(at: r.base + 13, count: 3) == [1, 2, 3])
        #expect(throws: MemoryFault.self) { try memory.bytes(at: r.base + 14, count: 3) }
        #expect(memory.bytes(of: r).count == 16)
    }
}
