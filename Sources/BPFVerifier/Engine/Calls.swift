import BPFISA
import BPFKernelModel
import BPFObject

/// bpf-to-bpf calls, callbacks, `exit` and `bpf_throw`: `check_func_call`,
/// `push_callback_call`, `prepare_func_exit`, `process_bpf_exit_full`, `check_return_code`.
extension VerifierRun {
    func checkCall(_ state: inout VerifierState, target: CallTarget, pc: Int, parent: Int?) throws(VerifierError) -> StepOutcome {
        switch target {
        case .helper(let id): return try checkHelperCall(&state, id: id, pc: pc, parent: parent)
        case .kfunc(let id, _): return try checkKfuncCall(&state, btfID: id, pc: pc, parent: parent)
        case .local(let off): return try checkSubprogCall(&state, target: pc + Int(off) + 1, pc: pc)
        }
    }

    // MARK: - bpf-to-bpf calls

    private func checkSubprogCall(_ state: inout VerifierState, target: Int, pc: Int) throws(VerifierError) -> StepOutcome {
        guard let callee = cfg.subprog(startingAt: target) else { throw VerifierError("call to invalid destination", pc: pc) }
        let sub = program.subprograms[callee]
        if state.frames.count >= options.maxCallFrames {
            throw VerifierError("the call stack of \(state.frames.count + 1) frames is too deep", pc: pc)
        }
        if sub.isGlobal {
            return try checkGlobalCall(&state, callee: callee, pc: pc)
        }
        var frame = FrameState(frameNo: state.frames.count, subprog: callee, callSite: pc)
        for r in 1...5 { frame.regs[r] = state.current.regs[r] }
        state.frames.append(frame)
        return .next(target)
    }

    /// A global subprogram: arguments checked against its prototype, result an unknown scalar;
    /// the callee is verified on its own later. A callee that may throw is a throw point when
    /// the backend asks for it.
    private func checkGlobalCall(_ state: inout VerifierState, callee: Int, pc: Int) throws(VerifierError) -> StepOutcome {
        let sub = program.subprograms[callee]
        if state.activeLockID != 0 {
            throw VerifierError("global function calls are not allowed while holding a lock,\nuse static function instead", pc: pc)
        }
        // Without a BTF prototype (assembly, gcc objects) the argument count is unknown: the
        // callee is verified with unknown scalars and the call site checks nothing.
        let expected = sub.btfPrototypeID == nil ? [] : globalArguments(of: callee)
        for (i, param) in expected.enumerated() where i < 5 {
            let r = Register(i + 1)!
            let reg = try readReg(state, r, pc: pc)
            // `btf_check_func_arg_match`: its complaint, then the caller's line.
            var why: String?
            switch param.type {
            case .scalar:
                if reg.type != .scalar { why = "R\(r.index) is not a scalar" }
            case .context:
                if reg.type != .context { why = "arg#\(i) expects pointer to ctx" }
            case .memory(let size):
                var nonNull = reg
                if param.isMaybeNull { nonNull.flags.remove(.maybeNull) }
                if !reg.isNullScalar {
                    do {
                        try helperMemoryAccess(&state, r, nonNull, size: Int(size), write: false, fromGlobalCall: true, pc: pc)
                    } catch {
                        why = error.message
                    }
                }
            default:
                break
            }
            if let why {
                throw VerifierError("\(why)\nCaller passes invalid args into func#\(callee) ('\(sub.name)')", pc: pc)
            }
        }
        log.line("Func#\(callee) ('\(sub.name)') is global and assumed valid.")
        if !calledGlobals.contains(callee) { calledGlobals.append(callee) }
        if cfg.throwingSubprograms.contains(callee) {
            result.throwPoints.insert(pc)
            if hooks.exploresThrowingCalls {
                if hooks.announcesThrowingCalls { log.line("Func#\(callee) ('\(sub.name)') may throw exception, exploring program path where exception is thrown") }
                var throwing = state
                try throwPoint(&throwing, ThrowPoint(pc: pc, kind: .throwingCall(callee: callee)))
            }
        }
        clobberArguments(&state)
        setReg(&state, .r0, .unknownScalar)
        return .next(pc + 1)
    }

    /// The register states a global subprogram starts with, from its BTF prototype
    /// (`btf_prepare_func_args`): scalars, the context, or memory of the pointee's size
    /// (possibly NULL).
    func globalArguments(of subprog: Int) -> [RegState] {
        let sub = program.subprograms[subprog]
        guard let protoID = sub.btfPrototypeID, let proto = program.btf.prototype(of: protoID) else {
            return Array(repeating: .unknownScalar, count: 5)
        }
        let contextTypes: Set<String> = [
            "__sk_buff", "xdp_md", "pt_regs", "bpf_perf_event_data", "bpf_sock", "bpf_sock_ops", "bpf_sock_addr",
            "sk_msg_md", "bpf_raw_tracepoint_args", "bpf_sk_lookup", "bpf_nf_ctx", "bpf_cgroup_dev_ctx", "bpf_sysctl",
            "bpf_sockopt",
        ]
        return proto.parameters.map { p in
            guard case .pointer(let to)? = program.btf.resolve(p.type)?.type else { return .unknownScalar }
            let pointee = program.btf.resolve(to)?.type
            if case .structure(let c)? = pointee, contextTypes.contains(c.name) {
                return RegState(type: .context)
            }
            if let size = program.btf.size(of: to), size > 0 {
                return RegState(type: .memory(size: Int32(size)), flags: [.maybeNull], id: newID())
            }
            return .unknownScalar
        }
    }

    // MARK: - Callbacks

    /// `push_callback_call`: queue an entry into the callback; the caller continues after the
    /// call. The callback's exit returns to the call instruction (another iteration), until a
    /// checkpoint there matches or `bpf_loop`'s count is reached.
    func pushCallback(
        _ state: inout VerifierState, subprog: Int, kind: CallbackKind, context ctxArg: RegState, nrLoopsMax: UInt64?,
        mapIndex: Int?, pc: Int, parent: Int?
    ) throws(VerifierError) {
        if let limit = nrLoopsMax, UInt64(state.current.callbackDepth) >= limit {
            state.current.callbackDepth = 0
            return
        }
        if state.frames.count >= options.maxCallFrames {
            throw VerifierError("the call stack of \(state.frames.count + 1) frames is too deep", pc: pc)
        }
        var entering = state
        entering.current.callbackDepth += 1
        entering.callbackUnrollDepth += 1
        var frame = FrameState(frameNo: state.frames.count, subprog: subprog, callSite: pc)
        frame.callbackReturnRange = 0...1
        switch kind {
        case .loop:
            frame.regs[1] = .scalar(.range(0, UInt64(UInt32.max)))
            frame.regs[2] = ctxArg
        case .forEachMapElement:
            if let m = mapIndex {
                frame.regs[1] = RegState(type: .mapPointer(map: m))
                frame.regs[2] = RegState(type: .mapKey(map: m))
                frame.regs[3] = RegState(type: .mapValue(map: m))
            }
            frame.regs[4] = ctxArg
        case .rbtreeLess:
            // `set_rbtree_add_callback_state`: two nodes of the tree's type, not owned.
            frame.regs[1] = ctxArg
            frame.regs[2] = ctxArg
        }
        entering.frames.append(frame)
        entering.pc = program.subprograms[subprog].startPC
        try push(entering, parent: parent, fromPC: pc)
        state.current.callbackDepth = 0
    }

    // MARK: - exit

    func checkExit(_ state: inout VerifierState, pc: Int, parent: Int?) throws(VerifierError) -> StepOutcome {
        // `prepare_func_exit` hands a static function's R0 back unread: clang leaves it unset
        // when no caller uses the value, and only the caller's read of it is checked.
        let staticReturn = state.frames.count > 1 && state.current.callbackReturnRange == nil
        let r0 = staticReturn ? state.current.regs[0] : try readReg(state, .r0, pc: pc)
        if state.frames.count > 1 {
            let callee = state.current
            if let range = callee.callbackReturnRange {
                guard r0.type == .scalar else {
                    throw VerifierError("At callback return the register R0 is not a known value (\(StateFormat(maps: program.maps).typeName(r0)))", pc: pc)
                }
                if r0.value.smin < range.lowerBound || r0.value.smax > range.upperBound {
                    throw VerifierError(Self.invalidScalar("At callback return", "R0", r0.value, range), pc: pc)
                }
                // Back to the calling instruction: it runs again (the next iteration).
                state.frames.removeLast()
                state.pc = callee.callSite
                return .next(callee.callSite)
            }
            if case .stack(let f) = r0.type, f == callee.frameNo {
                throw VerifierError("cannot return stack pointer to the caller", pc: pc)
            }
            state.frames.removeLast()
            for r in 1...5 { state.current.regs[r] = .notInit }
            state.current.regs[0] = r0
            return .next(callee.callSite + 1)
        }
        if let err = state.resourceLeakError(prefix: "BPF_EXIT instruction in main prog", pc: pc, checkLock: true) { throw err }
        let sub = program.subprograms.isEmpty ? nil : program.subprograms[state.current.subprog]
        if sub == nil || sub!.role.contains(.main) || sub!.role.contains(.exceptionCallback) {
            try checkReturnCode(r0, register: "R0", pc: pc)
        }
        return .end
    }

    func checkReturnCode(_ reg: RegState, register: String, pc: Int) throws(VerifierError) {
        guard let range = program.mainReturnRange else { return }
        guard reg.type == .scalar else {
            throw VerifierError("At program exit the register \(register) is not a known value (\(StateFormat(maps: program.maps).typeName(reg)))", pc: pc)
        }
        if reg.value.smin < range.lowerBound || reg.value.smax > range.upperBound {
            throw VerifierError(Self.invalidScalar("At program exit", register, reg.value, range), pc: pc)
        }
    }

    /// `verbose_invalid_scalar`: each signed bound that is not at its extreme, else
    /// `unknown scalar value`.
    static func invalidScalar(_ context: String, _ register: String, _ v: Scalar, _ range: ClosedRange<Int64>) -> String {
        var what = ""
        if v.smin > .min { what += " smin=\(v.smin)" }
        if v.smax < .max { what += " smax=\(v.smax)" }
        if what.isEmpty { what = " unknown scalar value" }
        return "\(context) the register \(register) has\(what) should have been in [\(range.lowerBound), \(range.upperBound)]"
    }

    // MARK: - bpf_throw

    func checkThrow(_ state: inout VerifierState, pc: Int) throws(VerifierError) -> StepOutcome {
        let cookie = try readReg(state, .r1, pc: pc)
        guard cookie.type == .scalar else { throw VerifierError("R1 is not a scalar", pc: pc) }
        // A throw inside a callback is refused later, by the static walk (checkExceptionRules);
        // here it is an exit like any other.
        if program.subprograms.first(where: { $0.role.contains(.exceptionCallback) }) == nil {
            // The default callback returns the cookie: it must be a valid return value.
            try checkReturnCode(cookie, register: "R1", pc: pc)
        }
        result.throwPoints.insert(pc)
        try throwPoint(&state, ThrowPoint(pc: pc, kind: .throwCall))
        return .end
    }

    /// Hands a throw point to the backend; whatever it leaves held is a leak.
    func throwPoint(_ state: inout VerifierState, _ point: ThrowPoint) throws(VerifierError) {
        result.refsAtThrowMax = max(result.refsAtThrowMax, state.pointerRefs.count)
        let context = ThrowContext(
            catalog: catalog, frameSubprogs: state.frames.map(\.subprog), subprogramNames: program.subprograms.map(\.name),
            recordGap: { [weak self] gap in
                if self?.result.upstreamGaps.contains(gap) == false { self?.result.upstreamGaps.append(gap) }
            })
        if let err = hooks.atThrowPoint(point, state: &state, context: context) { throw err }
    }

    // MARK: - Exception rules of the static call-graph walk

    /// The exception checks of `check_max_stack_depth_subprog`, after every path was explored:
    /// from the main program and then the exception callback, calls and callback references
    /// are followed in instruction order; `bpf_throw` in a callback (or in anything a callback
    /// calls; the exception callback counts as one) and any call of the exception callback are
    /// refused. The first offence in walk order is reported, as the kernel does.
    func checkExceptionRules() throws(VerifierError) {
        guard !program.subprograms.isEmpty else { return }
        var roots = [0]
        if let cb = program.subprograms.firstIndex(where: { $0.role.contains(.exceptionCallback) }), cb != 0 {
            roots.append(cb)
        }
        var walked: Set<[Int]> = []
        func walk(_ s: Int, inCallback: Bool, depth: Int) throws(VerifierError) {
            guard depth < options.maxCallFrames * 2, walked.insert([s, inCallback ? 1 : 0]).inserted else { return }
            let sub = program.subprograms[s]
            var pc = sub.startPC
            while pc < min(sub.endPC, insns.count) {
                let insn = insns[pc]
                switch insn {
                case .call(.kfunc):
                    if inCallback, let name = cfg.kfuncName(insn), catalog.kfunc(name)?.special == .throw {
                        throw VerifierError("bpf_throw kfunc (insn \(pc)) cannot be called from callback subprog \(s)", pc: pc)
                    }
                case .call(.local(let off)):
                    if let callee = cfg.subprog(startingAt: pc + Int(off) + 1) {
                        if program.subprograms[callee].role.contains(.exceptionCallback) {
                            // The kernel's string has no newline: the next log line is glued to it.
                            throw VerifierError("insn \(pc) cannot call exception cb directly", pc: pc)
                        }
                        try walk(callee, inCallback: inCallback, depth: depth + 1)
                    }
                case .loadImm64(_, .function(let off)):
                    if let callee = cfg.subprog(startingAt: pc + Int(off) + 1) {
                        try walk(callee, inCallback: true, depth: depth + 1)
                    }
                default:
                    break
                }
                pc += insn.slotCount
            }
        }
        for root in roots {
            try walk(root, inCallback: program.subprograms[root].role.contains(.exceptionCallback), depth: 0)
        }
    }

    /// `btf_prepare_func_args`: a global function (the exception callback among them) returns
    /// a scalar.
    func checkGlobalReturnType(subprog s: Int) throws(VerifierError) {
        let sub = program.subprograms[s]
        guard let proto = sub.btfPrototypeID.flatMap({ program.btf.prototype(of: $0) }) else { return }
        switch program.btf.resolve(proto.returnType)?.type {
        case .pointer?, .structure?, .union?:
            throw VerifierError("Global function \(sub.name)() doesn't return scalar. Only those are supported.", pc: sub.startPC)
        default:
            return
        }
    }
}
