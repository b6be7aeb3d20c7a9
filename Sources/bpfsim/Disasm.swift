import ArgumentParser

/// Placeholder until the ISA issue's text tools land (being written now).
struct Disasm: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(in progress)")
    func run() throws { throw ValidationError("not implemented yet") }
}
