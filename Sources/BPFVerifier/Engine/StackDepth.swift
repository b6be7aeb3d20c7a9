import BPFISA
import BPFObject

/// The combined stack of call chains: the kernel's `check_max_stack_depth`, run after the
/// instruction walk over the static call graph.
///
/// The walk starts at the main program (and the exception callback), follows every pseudo
/// call and every callback address (`bpf_loop`'s callback runs on the caller's chain), and sums
/// each frame's depth rounded by `round_up_stack_depth`: to 16 bytes when the program will be
/// JIT-compiled (as on these machines, `net.core.bpf_jit_enable=1`: observed 300+300 bytes ->
/// `combined stack size of 3 calls is 608`), else to 32 bytes with at least 32 per frame.
extension VerifierRun {
    func checkMaxStackDepth() throws(VerifierError) {
        guard !program.subprograms.isEmpty else { return }
        var worst = 0
        let jit = options.jitRequested
        func depth(_ s: Int) -> Int {
            let raw = (s < stackDepth.count ? stackDepth[s] : 0) + (options.reservedStack[s] ?? 0)
            return Verifier.roundedStackDepth(raw, jit: jit)
        }
        func walk(_ s: Int, frame: Int, chain: [Int], total: Int) throws(VerifierError) {
            if frame >= options.maxCallFrames {
                throw VerifierError("the call stack of \(frame) frames is too deep !", pc: program.subprograms[s].startPC)
            }
            let t = total + depth(s)
            if t > options.stackLimit {
                throw VerifierError("combined stack size of \(frame + 1) calls is \(t). Too large", pc: program.subprograms[s].startPC)
            }
            worst = max(worst, t)
            for c in cfg.staticCallees[s] where !chain.contains(c) {
                try walk(c, frame: frame + 1, chain: chain + [s], total: t)
            }
        }
        var roots = [0]
        if let cb = program.subprograms.firstIndex(where: { $0.role.contains(.exceptionCallback) }), cb != 0 {
            roots.append(cb)
        }
        for r in roots { try walk(r, frame: 0, chain: [], total: 0) }
        result.stackChainMax = worst
    }
}

extension Verifier {
    /// `round_up_stack_depth`: a frame's share of the combined stack.
    public static func roundedStackDepth(_ depth: Int, jit: Bool) -> Int {
        jit ? (depth + 15) / 16 * 16 : (max(depth, 1) + 31) / 32 * 32
    }
}
