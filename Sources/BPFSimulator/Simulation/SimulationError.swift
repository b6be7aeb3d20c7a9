import BPFObject

/// Why a workload could not start or a file could not be read, with its place
/// (`file:section:pc: message`, STYLE "Errors are values with places").
public struct SimulationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `prog.o:tc/ingress:prog_name` or a file path.
    public let place: String
    public let pc: Int?
    public let message: String

    public init(place: String, pc: Int? = nil, _ message: String) {
        self.place = place
        self.pc = pc
        self.message = message
    }

    init(program: BPFProgram, pc: Int? = nil, _ message: String) {
        self.init(place: "\(program.section):\(program.name)", pc: pc, message)
    }

    public var description: String {
        if let pc { return "\(place):\(pc): \(message)" }
        return "\(place): \(message)"
    }
}
