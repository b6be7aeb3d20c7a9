import BPFISA
import BPFKernelModel
import BPFObject
import Foundation

/// Options of one verification.
public struct VerifierOptions: Sendable {
    /// `BPF_COMPLEXITY_LIMIT_INSNS`.
    public var instructionLimit = 1_000_000
    /// `BPF_COMPLEXITY_LIMIT_JMP_SEQ`: pending branches.
    public var jumpSequenceLimit = 8192
    /// `MAX_CALL_FRAMES`.
    public var maxCallFrames = 8
    /// `MAX_BPF_STACK`, combined over the call chain.
    public var stackLimit = 512
    /// Whether the kernel will JIT the program (`prog->jit_requested`, true where
    /// `net.core.bpf_jit_enable` is 1): frames are then rounded to 16 bytes, not 32, in the
    /// combined stack depth.
    public var jitRequested = true
    /// 0: no log; 1: the kernel's level 1 (the failing path); 2: every path.
    public var logLevel = 0
    public var catalog: Catalog = .builtin
    /// The kernel BTF consulted for attach points missing from bpfsim's snapshot of Linux
    /// 6.18's prototypes (nil: never; their arguments then read as unknown scalars).
    public var kernelBTFPath: String? = KernelBTF.defaultPath
    /// Extra stack per subprogram that a backend reserves (descriptor spill slots, tables);
    /// counted in the combined depth check.
    public var reservedStack: [Int: Int] = [:]

    public init() {}
}

/// The verifier model's entry point (SPEC §4).
public enum Verifier {
    /// Verifies `program` with the given cleanup hooks (nil: upstream's rules, as `reject`).
    public static func verify(
        _ program: BPFProgram, options: VerifierOptions = VerifierOptions(), hooks: VerifierHooks? = nil
    ) -> VerificationResult {
        let start = DispatchTime.now().uptimeNanoseconds
        let run = VerifierRun(program: program, options: options, hooks: hooks ?? UpstreamHooks())
        var result = run.verifyAll()
        result.durationMicroseconds = Int((DispatchTime.now().uptimeNanoseconds - start) / 1000)
        return result
    }
}
