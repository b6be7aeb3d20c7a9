/// The LLVM / kernel pseudo-C dialect (in progress: lands in the next commit).
enum LLVMParser {
    static func parse(_ c: inout AssemblyCursor) throws(AssemblyError) -> ParsedInstruction {
        throw c.error("the LLVM dialect is not implemented yet; use --syntax ubpf")
    }
}
