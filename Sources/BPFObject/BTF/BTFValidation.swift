/// One thing wrong with a BTF blob, placed at the type that holds it.
public struct BTFProblem: Hashable, Sendable, CustomStringConvertible {
    public let typeID: BTFTypeID
    public let message: String
    public var description: String { "\(typeID) \(message)" }
}

extension BTF {
    /// Reference checks in the spirit of the kernel's `btf_check_all_types`: every referenced
    /// id exists, modifier/array/member chains do not loop, FUNC points at a FUNC_PROTO, VAR
    /// and DATASEC entries are well-formed. Returns every problem (empty when the BTF is sound).
    public func validate() -> [BTFProblem] {
        var problems: [BTFProblem] = []
        for i in 1..<types.count {
            let id = BTFTypeID(UInt32(i))
            let t = types[i]
            for ref in t.references where Int(ref.rawValue) >= types.count {
                problems.append(BTFProblem(typeID: id, message: "\(t.kindName) '\(t.name)' refers to type \(ref), which does not exist (\(types.count - 1) types)"))
            }
            switch t {
            case .function(_, let proto, _):
                switch self[proto] {
                case .functionProto?, nil: break
                default: problems.append(BTFProblem(typeID: id, message: "FUNC '\(t.name)' type \(proto) is not a FUNC_PROTO"))
                }
            case .dataSection(_, _, let vars):
                for v in vars {
                    switch self[v.type] {
                    case .variable?, .function?, nil: break
                    default:
                        problems.append(BTFProblem(typeID: id, message: "DATASEC '\(t.name)' entry \(v.type) is not a VAR or FUNC"))
                    }
                }
            case .declTag(_, _, let component) where component < -1:
                problems.append(BTFProblem(typeID: id, message: "DECL_TAG '\(t.name)' has invalid component index \(component)"))
            default:
                break
            }
        }
        problems += loopProblems()
        return problems
    }

    /// Cycles through edges that the kernel must resolve by value: modifiers, typedefs, arrays,
    /// struct/union members, variables, and pointers to non-composite types (a pointer to a
    /// struct legitimately closes a cycle such as `struct list_head`).
    private func loopProblems() -> [BTFProblem] {
        var state = [UInt8](repeating: 0, count: types.count)  // 0 new, 1 on stack, 2 done
        var problems: [BTFProblem] = []
        func edges(_ t: BTFType) -> [BTFTypeID] {
            switch t {
            case .pointer(let to):
                switch self[to] {
                case .structure?, .union?, .forward?, .functionProto?, .void?, .int?, .enumeration?, .enumeration64?,
                    .float?, nil:
                    return []
                default: return [to]
                }
            case .functionProto, .function, .declTag: return []
            default: return t.references
            }
        }
        for start in 1..<types.count where state[start] == 0 {
            // Iterative DFS: (node, next edge index).
            var stack: [(Int, [BTFTypeID], Int)] = [(start, edges(types[start]), 0)]
            state[start] = 1
            while var top = stack.popLast() {
                if top.2 < top.1.count {
                    let next = Int(top.1[top.2].rawValue)
                    top.2 += 1
                    stack.append(top)
                    guard next < types.count, next != 0 else { continue }
                    if state[next] == 1 {
                        problems.append(BTFProblem(typeID: BTFTypeID(UInt32(next)), message: "\(types[next].kindName) '\(types[next].name)' is part of a reference loop"))
                        continue
                    }
                    if state[next] == 0 {
                        state[next] = 1
                        stack.append((next, edges(types[next]), 0))
                    }
                } else {
                    state[top.0] = 2
                }
            }
        }
        return problems
    }
}
