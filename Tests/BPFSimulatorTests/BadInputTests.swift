import BPFCleanup
import BPFSimulator
import Testing

/// Bad input gives one clear line, never a crash (issue 9): a program that runs out of its
/// instruction budget, an out-of-bounds map value access the verifier did not catch, a
/// helper the simulated kernel does not implement. (Malformed cost model files: CostTests.)
@Suite struct BadInputTests {
    @Test func loopUntilTheBudget() throws {
        let p = try SimProgram("endless", """
            r0 = 0
            loop:
            r0 += 1
            goto loop
            """).load()
        let s = try simulate(unverified(p), baseline: p, budget: 1000)
        #expect(s.faults == 1)
        #expect(s.firstFault == "run 0: pc 2: instruction budget of 1000 exhausted")
        #expect(s.oracleViolations == 0)
    }

    /// A verified-looking program reading past its 8-byte map value: the run faults naming the
    /// region and offset (a bpfsim verifier bug shows up as a run-time error, not a crash).
    @Test func outOfBoundsMapValue() throws {
        let p = try SimProgram("oob", """
            ; bpfsim: section=tc license=GPL
            ; map: name=vals type=array key_size=4 value_size=8 max_entries=1
            r1 = 0
            *(u32 *)(r10 - 4) = r1
            r1 = vals ll
            r2 = r10
            r2 += -4
            call bpf_map_lookup_elem
            if r0 == 0 goto out
            r0 = *(u64 *)(r0 + 64)
            out:
            exit
            """).load()
        let s = try simulate(unverified(p), baseline: p)
        let fault = try #require(s.firstFault)
        #expect(fault.hasPrefix("run 0: pc 8: invalid read of 8 bytes at 0x"), "\(fault)")
        #expect(fault.hasSuffix(": off=64 is outside region 'map 'vals' values' of 8 bytes"), "\(fault)")
        #expect(!fault.contains("\n"))
    }

    @Test func unimplementedKernelFunction() throws {
        let p = try SimProgram("unknown", """
            call bpf_no_such_kfunc
            r0 = 0
            exit
            """).load()
        let s = try simulate(unverified(p), baseline: p)
        #expect(s.firstFault == "run 0: pc 0: bpf_no_such_kfunc: bpf_no_such_kfunc is not implemented by bpfsim's simulated kernel")
    }
}
