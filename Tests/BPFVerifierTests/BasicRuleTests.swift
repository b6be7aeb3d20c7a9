import Testing

/// Registers, ALU, control flow and limits: each case names the kernel rule it mirrors
/// (`kernel/bpf/verifier.c` function, or a `verifier_*.c` selftest).
@Suite struct BasicRuleTests {
    static let cases: [VerifierCase] = [
        .accept("return constant", "do_check exit", """
            r0 = 0
            exit
            """),
        .reject("R0 never written", "check_reg_arg at exit", "R0 !read_ok", at: 0, """
            exit
            """),
        .reject("read uninitialised register", "check_reg_arg SRC_OP", "R2 !read_ok", at: 0, """
            r0 = r2
            exit
            """),
        .reject("write frame pointer", "check_reg_arg DST_OP", "frame pointer is read only", at: 0, """
            r10 = 0
            r0 = 0
            exit
            """),
        .reject("jump out of range", "push_insn", "jump out of range from insn 0 to 5", at: 0, """
            goto +4
            r0 = 0
            exit
            """),
        .reject("unreachable instruction", "check_cfg", "unreachable insn 2", """
            r0 = 0
            exit
            r0 = 1
            exit
            """),
        .reject("divide by immediate zero", "check_alu_op", "div by zero", at: 1, """
            r0 = 1
            r0 /= 0
            exit
            """),
        .reject("shift out of range", "check_alu_op", "invalid shift 64", at: 1, """
            r0 = 1
            r0 <<= 64
            exit
            """),
        .accept("register divisor may be zero", "BPF_DIV semantics", """
            r0 = 1
            r1 = 0
            r0 /= r1
            exit
            """),
        .accept("bounded loop", "verifier_loops1 bounded_loop", """
            r0 = 0
            r1 = 0
            loop:
            r0 += r1
            r1 += 1
            if r1 < 10 goto loop
            r0 = 0
            exit
            """),
        .reject("infinite loop", "is_state_visited loop detection", "infinite loop detected at insn 1", """
            r0 = 0
            loop:
            r1 = 0
            goto loop
            """),
        .reject("program too large", "BPF_COMPLEXITY_LIMIT_INSNS", "BPF program is too large. Processed 1000001 insn", """
            r1 = 0
            loop:
            r1 += 1
            if r1 < 100000000 goto loop
            r0 = 0
            exit
            """),
        .reject("pointer arithmetic on ctx with variable", "adjust_ptr_min_max_vals", "math between ctx pointer and register with unbounded min value is not allowed", at: 2, """
            r2 = *(u32 *)(r1 + 0)
            r2 <<= 32
            r1 += r2
            r0 = 0
            exit
            """),
        .reject("32-bit pointer arithmetic", "adjust_ptr_min_max_vals", "R1 32-bit pointer arithmetic prohibited", at: 0, """
            w1 += 4
            r0 = 0
            exit
            """),
        .reject("pointer multiply", "adjust_ptr_min_max_vals", "R1 pointer arithmetic with *= operator prohibited", at: 0, """
            r1 *= 2
            r0 = 0
            exit
            """),
        .reject("load through scalar", "check_mem_access", "R1 invalid mem access 'scalar'", at: 1, """
            r1 = 0
            r0 = *(u64 *)(r1 + 0)
            exit
            """),
        .reject("stack out of bounds", "check_stack_access_within_bounds", "invalid write to stack R10 off=-520 size=8", at: 1, """
            r0 = 0
            *(u64 *)(r10 - 520) = r0
            exit
            """),
        .reject("stack above frame", "check_stack_access_within_bounds", "invalid write to stack R10 off=8 size=8", """
            r0 = 0
            *(u64 *)(r10 + 8) = r0
            exit
            """),
        .reject("misaligned stack", "check_ptr_alignment", "misaligned stack access off 0+0+-12 size 8", """
            r0 = 0
            *(u64 *)(r10 - 12) = r0
            exit
            """),
        .accept("spill and fill keep the value", "check_stack_read_fixed_off", """
            r1 = 42
            *(u64 *)(r10 - 8) = r1
            r0 = *(u64 *)(r10 - 8)
            if r0 != 42 goto +1
            r0 = 0
            exit
            """),
        .reject("partial fill of a spilled pointer", "check_stack_read_fixed_off", "invalid size of register fill", """
            *(u64 *)(r10 - 8) = r1
            r0 = *(u32 *)(r10 - 8)
            exit
            """),
        .accept("spilled ctx pointer is usable", "spill/fill of pointers", """
            *(u64 *)(r10 - 8) = r1
            r2 = *(u64 *)(r10 - 8)
            r0 = *(u32 *)(r2 + 0)
            r0 = 0
            exit
            """),
        .reject("context out of bounds", "tc_cls_act_is_valid_access", "invalid bpf_context access off=1000 size=4", """
            r0 = *(u32 *)(r1 + 1000)
            r0 = 0
            exit
            """),
        .reject("modified context pointer", "check_ptr_off_reg", "dereference of modified ctx ptr R1 off=4 disallowed", """
            r1 += 4
            r0 = *(u32 *)(r1 + 0)
            exit
            """),
        // Linux 6.18 accepts this (checked with bpfsim verify --kernel): clang leaves R0 unset
        // in a static function whose value no caller reads.
        .accept("static function leaves R0 unset", "prepare_func_exit (no R0 read check)", """
            call sub
            r0 = 0
            exit
            sub:
            r1 = 1
            exit
            """),
        .reject("caller reads an unset R0", "check_reg_arg SRC_OP after prepare_func_exit", "R0 !read_ok", at: 1, """
            call sub
            exit
            sub:
            r1 = 1
            exit
            """),
    ]

    @Test(arguments: cases)
    func rule(_ c: VerifierCase) throws { try check(c) }
}
