import BPFISA
import BPFInterpreter

/// Helpers about the current task, time, randomness, kernel memory and output
/// (`kernel/bpf/helpers.c`, `kernel/trace/bpf_trace.c`), on the simulated machine: CPU 0 of
/// ``SimulatedKernel/cpuCount``, current task pid ``SimulatedKernel/currentPID`` with uid and
/// gid 0, a clock that advances a microsecond per reading.
enum MiscHelpers {
    static let all: [Int32: KernelFunction] = [
        4: KernelFunction("bpf_probe_read") { call, k in probeRead(call, k, string: false) },
        5: KernelFunction("bpf_ktime_get_ns") { _, k in .value(tick(k)) },
        6: KernelFunction("bpf_trace_printk", tracePrintk),
        7: KernelFunction("bpf_get_prandom_u32") { _, k in .value(k.random.next() & 0xffff_ffff) },
        8: KernelFunction("bpf_get_smp_processor_id") { _, _ in .value(0) },
        14: KernelFunction("bpf_get_current_pid_tgid") { _, _ in
            .value(UInt64(SimulatedKernel.currentPID) << 32 | UInt64(SimulatedKernel.currentPID))
        },
        15: KernelFunction("bpf_get_current_uid_gid") { _, _ in .value(0) },
        16: KernelFunction("bpf_get_current_comm") { call, k in
            let size = Int(min(call.argument(2), 4096))
            var name = Array("bpfsim".utf8.prefix(max(size - 1, 0)))
            name += [UInt8](repeating: 0, count: max(size - name.count, 0))
            return .value(k.write(name, at: call.argument(1)) ? 0 : Errno.fault)
        },
        25: KernelFunction("bpf_perf_event_output") { _, _ in .value(0) },
        35: KernelFunction("bpf_get_current_task") { _, k in .value(k.heap[k.currentTask].address) },
        42: KernelFunction("bpf_get_numa_node_id") { _, _ in .value(0) },
        46: KernelFunction("bpf_get_socket_cookie") { _, _ in .value(0x5eed_c00c1e) },
        80: KernelFunction("bpf_get_current_cgroup_id") { _, _ in .value(SimulatedKernel.currentCgroupID) },
        109: KernelFunction("bpf_send_signal") { _, _ in .value(0) },
        112: KernelFunction("bpf_probe_read_user") { call, k in probeRead(call, k, string: false) },
        113: KernelFunction("bpf_probe_read_kernel") { call, k in probeRead(call, k, string: false) },
        114: KernelFunction("bpf_probe_read_user_str") { call, k in probeRead(call, k, string: true) },
        115: KernelFunction("bpf_probe_read_kernel_str") { call, k in probeRead(call, k, string: true) },
        118: KernelFunction("bpf_jiffies64") { _, k in .value(tick(k) / 4_000_000) },
        125: KernelFunction("bpf_ktime_get_boot_ns") { _, k in .value(tick(k)) },
        158: KernelFunction("bpf_get_current_task_btf") { _, k in .value(k.heap[k.currentTask].address) },
        160: KernelFunction("bpf_ktime_get_coarse_ns") { _, k in .value(tick(k)) },
        173: KernelFunction("bpf_get_func_ip") { _, _ in .value(0xffff_ffff_8100_0000) },
    ]

    static func tick(_ k: SimulatedKernel) -> UInt64 {
        k.clock &+= 1000
        return k.clock
    }

    /// `bpf_probe_read_*`: copies what is readable; on a fault zeroes the destination and
    /// returns `-EFAULT`, as `copy_from_kernel_nofault` callers do. The `_str` forms stop after
    /// the first NUL and return the length including it.
    static func probeRead(_ call: HelperCall, _ k: SimulatedKernel, string: Bool) -> HelperResult {
        let destination = call.argument(1)
        let size = Int(min(call.argument(2), 1 << 20))
        let source = call.argument(3)
        guard size > 0 else { return .value(string ? Errno.inval : 0) }
        if !string {
            guard let bytes = k.bytes(source, size) else {
                _ = k.write([UInt8](repeating: 0, count: size), at: destination)
                return .value(Errno.fault)
            }
            return .value(k.write(bytes, at: destination) ? 0 : Errno.fault)
        }
        var out: [UInt8] = []
        while out.count < size - 1 {
            guard let b = k.bytes(source &+ UInt64(out.count), 1)?.first else {
                if out.isEmpty {
                    _ = k.write([UInt8](repeating: 0, count: size), at: destination)
                    return .value(Errno.fault)
                }
                break
            }
            if b == 0 { break }
            out.append(b)
        }
        out.append(0)
        return .value(k.write(out, at: destination) ? UInt64(out.count) : Errno.fault)
    }

    /// `bpf_trace_printk(fmt, size, a, b, c)`: formats `%d %i %u %x %s %c %p` (with `l`/`ll`
    /// and `%%`) from up to three arguments and keeps the line for the trace.
    static func tracePrintk(_ call: inout HelperCall, _ k: SimulatedKernel) -> HelperResult {
        let size = Int(min(call.argument(2), 4096))
        guard size > 0, var format = k.bytes(call.argument(1), size) else { return .value(Errno.inval) }
        if let nul = format.firstIndex(of: 0) { format = Array(format[..<nul]) }
        let text = String(decoding: format, as: UTF8.self)
        var arguments = [call.argument(3), call.argument(4), call.argument(5)].makeIterator()
        var out = ""
        var chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            i += 1
            guard c == "%", i < chars.count else {
                out.append(c)
                continue
            }
            while i < chars.count, chars[i] == "l" || chars[i] == "h" || chars[i].isNumber || chars[i] == "-" { i += 1 }
            guard i < chars.count else { break }
            let conversion = chars[i]
            i += 1
            if conversion == "%" {
                out.append("%")
                continue
            }
            let value = arguments.next() ?? 0
            switch conversion {
            case "d", "i": out += String(Int64(bitPattern: value))
            case "u": out += String(value)
            case "x": out += String(value, radix: 16)
            case "X": out += String(value, radix: 16, uppercase: true)
            case "p": out += "0x" + String(value, radix: 16)
            case "c": out.append(Character(UnicodeScalar(UInt8(truncatingIfNeeded: value))))
            case "s":
                var s: [UInt8] = []
                while s.count < 256, let b = k.bytes(value &+ UInt64(s.count), 1)?.first, b != 0 { s.append(b) }
                out += String(decoding: s, as: UTF8.self)
            default: out.append("%")
                out.append(conversion)
            }
        }
        chars = []
        k.printk.append(out)
        return .value(UInt64(out.utf8.count))
    }
}
