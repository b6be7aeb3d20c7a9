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

    /// Two kinds of cycle the kernel rejects ("Loop detected"): a chain of pointers and
    /// modifiers that comes back to itself (`PTR -> CONST -> PTR -> ...`), and a type that
    /// contains itself by value through typedefs, arrays, members, variables or DATASEC
    /// entries. A pointer to a struct is fine: that is how `struct list_head` links.
    private func loopProblems() -> [BTFProblem] {
        var problems: [BTFProblem] = []
        // 1. Pointer/modifier chains: each node has one successor.
        var chainState = [UInt8](repeating: 0, count: types.count)  // 0 new, 1 on current walk, 2 done
        for start in 1..<types.count where chainState[start] == 0 {
            var walk: [Int] = []
            var current = start
            while current > 0, current < types.count, chainState[current] == 0 {
                chainState[current] = 1
                walk.append(current)
                switch types[current] {
                case .pointer(let next): current = Int(next.rawValue)
                default:
                    guard let next = types[current].modifiedType else { current = 0; continue }
                    current = Int(next.rawValue)
                }
            }
            if current > 0, current < types.count, chainState[current] == 1 {
                problems.append(BTFProblem(typeID: BTFTypeID(UInt32(current)), message: "\(types[current].kindName) '\(types[current].name)' is part of a pointer/modifier loop"))
            }
            for n in walk { chainState[n] = 2 }
        }
        // 2. Containment by value: iterative DFS without pointer edges.
        func edges(_ t: BTFType) -> [BTFTypeID] {
            switch t {
            case .pointer, .functionProto, .function, .declTag: return []
            default: return t.references
            }
        }
        var state = [UInt8](repeating: 0, count: types.count)
        for start in 1..<types.count where state[start] == 0 {
            var stack: [(node: Int, edges: [BTFTypeID], next: Int)] = [(start, edges(types[start]), 0)]
            state[start] = 1
            while var top = stack.popLast() {
                if top.next < top.edges.count {
                    let child = Int(top.edges[top.next].rawValue)
                    top.next += 1
                    stack.append(top)
                    guard child > 0, child < types.count else { continue }
                    if state[child] == 1 {
                        problems.append(BTFProblem(typeID: BTFTypeID(UInt32(child)), message: "\(types[child].kindName) '\(types[child].name)' contains itself (reference loop)"))
                    } else if state[child] == 0 {
                        state[child] = 1
                        stack.append((child, edges(types[child]), 0))
                    }
                } else {
                    state[top.node] = 2
                }
            }
        }
        return problems
    }
}
