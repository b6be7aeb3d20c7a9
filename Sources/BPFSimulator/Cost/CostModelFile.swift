import BPFInterpreter
import Foundation

/// A cost model file that cannot be used, with its path: one line saying why.
public struct CostModelError: Error, Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

extension CostModel {
    /// The JSON keys of a cost model file, in the order they are written.
    static let keys = [
        "name", "notes", "cycles_per_class", "helper_call", "kfunc_call", "function_calls", "table_push", "table_pop",
        "forced_save", "throw_trampoline", "unwind_frame", "unwind_entry", "exception_callback",
    ]

    /// Reads a cost model file (format: `Experiments/cost-model.json`). Every key is required
    /// except `name`, `notes` and `function_calls`; an unknown key, a missing instruction class
    /// or a negative cost is an error, so a typo never silently costs zero.
    public static func load(path: String) throws(CostModelError) -> CostModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CostModelError(file: path, message: "cannot read the cost model file")
        }
        return try parse(data, file: path)
    }

    public static func parse(_ data: Data, file: String) throws(CostModelError) -> CostModel {
        func fail(_ message: String) -> CostModelError { CostModelError(file: file, message: message) }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
            throw fail("not valid JSON: \(detail)")
        }
        guard let object = json as? [String: Any] else { throw fail("expected a JSON object at the top level") }
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw fail("unknown key '\(unknown)' (known: \(keys.joined(separator: ", ")))")
        }
        func number(_ value: Any?, _ key: String) throws(CostModelError) -> Double {
            guard let value else { throw fail("missing key '\(key)'") }
            // JSON booleans arrive as NSNumbers of Objective-C type `c` (char).
            guard let n = value as? NSNumber, String(cString: n.objCType) != "c", n.doubleValue.isFinite else {
                throw fail("'\(key)' must be a number of cycles")
            }
            guard n.doubleValue >= 0 else { throw fail("'\(key)' is negative (\(n.doubleValue))") }
            return n.doubleValue
        }
        guard let classes = object["cycles_per_class"] else { throw fail("missing key 'cycles_per_class'") }
        guard let classTable = classes as? [String: Any] else { throw fail("'cycles_per_class' must be an object") }
        var perClass: [InstructionClass: Double] = [:]
        for cls in InstructionClass.allCases {
            perClass[cls] = try number(classTable[cls.description], "cycles_per_class.\(cls)")
        }
        if let extra = classTable.keys.sorted().first(where: { name in !InstructionClass.allCases.contains { $0.description == name } }) {
            throw fail("'cycles_per_class' has an unknown class '\(extra)' (classes: \(InstructionClass.allCases.map(\.description).joined(separator: ", ")))")
        }
        var functions: [String: Double] = [:]
        if let f = object["function_calls"] {
            guard let table = f as? [String: Any] else { throw fail("'function_calls' must be an object") }
            for (name, value) in table { functions[name] = try number(value, "function_calls.\(name)") }
        }
        return CostModel(
            name: object["name"] as? String ?? "unnamed", notes: object["notes"] as? String ?? "",
            cyclesPerClass: perClass, helperCall: try number(object["helper_call"], "helper_call"),
            kfuncCall: try number(object["kfunc_call"], "kfunc_call"), functionCalls: functions,
            tablePush: try number(object["table_push"], "table_push"), tablePop: try number(object["table_pop"], "table_pop"),
            forcedSave: try number(object["forced_save"], "forced_save"),
            throwTrampoline: try number(object["throw_trampoline"], "throw_trampoline"),
            unwindFrame: try number(object["unwind_frame"], "unwind_frame"),
            unwindEntry: try number(object["unwind_entry"], "unwind_entry"),
            exceptionCallback: try number(object["exception_callback"], "exception_callback"))
    }

    /// The model as a file's JSON (keys sorted, two-space indentation).
    public func fileJSON() -> String {
        var object: [String: Any] = [
            "name": name, "notes": notes, "helper_call": helperCall, "kfunc_call": kfuncCall, "table_push": tablePush,
            "table_pop": tablePop, "forced_save": forcedSave, "throw_trampoline": throwTrampoline,
            "unwind_frame": unwindFrame, "unwind_entry": unwindEntry, "exception_callback": exceptionCallback,
        ]
        var classes: [String: Any] = [:]
        for (cls, v) in cyclesPerClass { classes[cls.description] = v }
        object["cycles_per_class"] = classes
        object["function_calls"] = functionCalls
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
