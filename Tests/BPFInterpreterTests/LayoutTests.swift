@testable import BPFInterpreter
import Testing

/// The loop's speed rests on these sizes: one 16-byte load per instruction, inline registers.
@Suite struct LayoutTests {
    @Test func translatedSlotIsSixteenBytes() {
        #expect(MemoryLayout<Op>.stride == 16)
    }

    @Test func registerFileIsInline() {
        #expect(MemoryLayout<RegisterFile>.size == 11 * 8)
    }
}
