/// Draws ``ProgramPlan``s from ``GeneratorOptions``. The order of draws is part of the
/// format: changing it changes what a seed means, so keep it stable.
///
/// Per frame: the number of resources, then per resource its kind, home, conditional flag
/// and conflict partner, then the throw flag and the padding. Stack layout per frame, from
/// fp-8 down: resource slots and tags in resource order, then the scratch area, then padding.
public struct PlanSampler {
    public let options: GeneratorOptions
    private var rng: SplitMix64

    public init(options: GeneratorOptions) {
        self.options = options
        rng = SplitMix64(seed: options.seed)
    }

    public mutating func next(name: String) -> ProgramPlan {
        let depth = rng.pick(options.frames)
        var frames: [FramePlan] = []
        let pointerKinds = options.kinds.filter { !$0.isStackObject }
        for index in 0..<depth {
            let count = rng.pick(options.resourcesPerFrame)
            var resources: [ResourcePlan] = []
            var offset = 0
            var freeRegisters = [6, 7, 8]
            var scratch = 0
            for _ in 0..<count {
                let kind = rng.pick(options.kinds)
                let wantsStack = rng.chance(options.stackRate)
                let conditional = rng.chance(options.branchRate)
                let conflicting = rng.chance(options.conflictRate)
                var partner: ConflictPartner?
                if conflicting && !kind.isStackObject {
                    let others = pointerKinds.filter { $0 != kind }
                    // A number instead of a second kind when no other pointer kind exists, and
                    // for one conflict in four otherwise.
                    partner = others.isEmpty || rng.chance(0.25) ? .scalar : .kind(rng.pick(others))
                }
                let home: Home
                if kind.isStackObject || wantsStack || freeRegisters.isEmpty {
                    offset += 8
                    home = .slot(offset)
                } else {
                    home = .register(freeRegisters.removeFirst())
                }
                var tag: Int?
                if partner != nil {
                    offset += 8
                    tag = offset
                }
                scratch = max(scratch, kind.scratchBytes, partner.map { if case .kind(let k) = $0 { return k.scratchBytes } else { return 0 } } ?? 0)
                resources.append(ResourcePlan(kind: kind, home: home, conditional: conditional && !kind.isStackObject, conflict: partner, tagOffset: tag))
            }
            let throwing = rng.chance(options.throwRate)
            let padding = (rng.pick(options.padding) + 7) / 8 * 8
            var scratchOffset: Int?
            if scratch > 0 {
                offset += scratch
                scratchOffset = offset
            }
            offset += padding
            frames.append(FramePlan(index: index, resources: resources, throws: throwing, scratchOffset: scratchOffset, paddingBytes: padding, stackDepth: offset))
        }
        return ProgramPlan(name: name, section: options.section, frames: frames)
    }
}
