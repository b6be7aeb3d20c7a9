/// The exactly-once oracle (SPEC §6): after a run, every reference acquired during it was
/// released exactly once, by the program, a transfer to the kernel or the unwinder. Double
/// releases and uses after release are caught as they happen (``SimulatedKernel``); what is
/// left at the end is a leak, reported at the acquiring pc.
enum Oracle {
    static func leaks(in kernel: SimulatedKernel) -> [OracleViolation] {
        kernel.ledger.acquisitions.filter(\.isLive).map { a in
            let object = kernel.heap[a.object].name
            return OracleViolation(
                kind: .leak, run: kernel.run, pc: a.pc, originalPC: kernel.image.originalPCs[a.pc], object: object,
                backend: kernel.backend,
                message: "\(object) acquired by \(a.function) at pc \(a.pc) (frame \(a.frame)) was never released")
        }
    }
}
