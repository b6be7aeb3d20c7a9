import BPFObject
import BPFVerifier

/// The combined stack of the deepest call chain as the kernel's `check_max_stack_depth`
/// computes it (each frame rounded by ``Verifier/roundedStackDepth(_:jit:)``, summed along
/// the calls and callback entries from the main program and from the exception callback),
/// for depths a backend has not written into the program yet. Only the maximum: whether it
/// is too large, and the kernel's message, come from the verifier itself (run with
/// `VerifierOptions.reservedStack`).
struct StackChain {
    let maximum: Int

    /// `depths[s]`: bytes of stack subprogram `s` uses, its own plus what a backend reserves.
    init(program: BPFProgram, graph: CallGraph, depths: [Int], jit: Bool) {
        let subs = program.subprograms
        guard !subs.isEmpty else {
            maximum = 0
            return
        }
        var worst = 0
        func walk(_ s: Int, chain: [Int], total: Int) {
            let t = total + Verifier.roundedStackDepth(s < depths.count ? depths[s] : 0, jit: jit)
            worst = max(worst, t)
            for c in graph.callees[s] + graph.callbacksTaken[s] where !chain.contains(c) {
                walk(c, chain: chain + [s], total: t)
            }
        }
        walk(0, chain: [], total: 0)
        if let cb = subs.firstIndex(where: \.isExceptionCallback), cb != 0 { walk(cb, chain: [], total: 0) }
        maximum = worst
    }
}
