import BPFKernelModel
import BPFObject
import BPFTestSupport
import BPFVerifier
import Foundation
import Testing

/// The kernel catalog (SPEC §2, issue 6): what it must know, catalog files in the kernel's
/// words, and one clear line for each way a catalog or a kfunc can be wrong.
@Suite struct CatalogTests {
    /// Helpers of issue 6 and the ids of `include/uapi/linux/bpf.h`.
    static let helpers: [(String, Int32)] = [
        ("bpf_map_lookup_elem", 1), ("bpf_map_update_elem", 2), ("bpf_map_delete_elem", 3),
        ("bpf_ktime_get_ns", 5), ("bpf_trace_printk", 6), ("bpf_sk_lookup_tcp", 84), ("bpf_sk_lookup_udp", 85),
        ("bpf_sk_release", 86), ("bpf_spin_lock", 93), ("bpf_spin_unlock", 94), ("bpf_skc_lookup_tcp", 99),
        ("bpf_probe_read_kernel", 113), ("bpf_ringbuf_reserve", 131), ("bpf_ringbuf_submit", 132),
        ("bpf_ringbuf_discard", 133), ("bpf_get_current_task_btf", 158), ("bpf_loop", 181), ("bpf_kptr_xchg", 194),
    ]

    @Test(arguments: helpers)
    func helperIsKnown(_ name: String, _ id: Int32) {
        #expect(Catalog.builtin.helper(id)?.name == name, "helper \(name)#\(id)")
    }

    /// kfuncs of issue 6 with their `BTF_ID_FLAGS` in Linux 6.18.
    static let kfuncs: [(String, KfuncFlags)] = [
        ("bpf_task_acquire", [.acquire, .rcu, .retNull]), ("bpf_task_from_pid", [.acquire, .retNull]),
        ("bpf_task_release", [.release]), ("bpf_cgroup_acquire", [.acquire, .rcu, .retNull]),
        ("bpf_cgroup_from_id", [.acquire, .retNull]), ("bpf_cgroup_release", [.release]),
        ("bpf_cpumask_create", [.acquire, .retNull]), ("bpf_cpumask_release", [.release]),
        ("bpf_obj_new_impl", [.acquire, .retNull]), ("bpf_obj_drop_impl", [.release]),
        ("bpf_refcount_acquire_impl", [.acquire, .retNull, .rcu]), ("bpf_list_push_front_impl", []),
        ("bpf_list_push_back_impl", []), ("bpf_list_pop_front", [.acquire, .retNull]),
        ("bpf_list_pop_back", [.acquire, .retNull]), ("bpf_rbtree_add_impl", []),
        ("bpf_rbtree_remove", [.acquire, .retNull]), ("bpf_rbtree_first", [.retNull]),
        ("bpf_skb_ct_lookup", [.acquire, .retNull]), ("bpf_xdp_ct_lookup", [.acquire, .retNull]),
        ("bpf_skb_ct_alloc", [.acquire, .retNull]), ("bpf_ct_release", [.release]),
        ("bpf_iter_num_new", [.iterNew]), ("bpf_iter_num_next", [.iterNext, .retNull]),
        ("bpf_iter_num_destroy", [.iterDestroy]), ("bpf_rcu_read_lock", []), ("bpf_rcu_read_unlock", []),
        ("bpf_throw", []),
    ]

    @Test(arguments: kfuncs)
    func kfuncIsKnownWithItsFlags(_ name: String, _ flags: KfuncFlags) throws {
        let spec = try #require(Catalog.builtin.kfunc(name), "kfunc \(name) missing")
        #expect(spec.flags == flags, "kfunc \(name): \(spec.flags.flagNames), the kernel says \(flags.flagNames)")
    }

    /// SPEC §2: every resource with its acquiring and releasing functions and a destructor
    /// the unwinder can call, each one a helper or kfunc of the catalog.
    static let resources: [(ResourceKind, [String], String)] = [
        (.task, ["bpf_task_acquire", "bpf_task_from_pid"], "bpf_task_release"),
        (.cgroup, ["bpf_cgroup_acquire", "bpf_cgroup_from_id"], "bpf_cgroup_release"),
        (.cpumask, ["bpf_cpumask_create"], "bpf_cpumask_release"),
        (.object, ["bpf_obj_new_impl", "bpf_refcount_acquire_impl"], "bpf_obj_drop_impl"),
        (.socket, ["bpf_sk_lookup_tcp", "bpf_sk_lookup_udp", "bpf_skc_lookup_tcp"], "bpf_sk_release"),
        (.ringbufRecord, ["bpf_ringbuf_reserve"], "bpf_ringbuf_discard"),
        (.conntrack, ["bpf_skb_ct_lookup", "bpf_xdp_ct_lookup", "bpf_skb_ct_alloc"], "bpf_ct_release"),
        (.iterNum, ["bpf_iter_num_new"], "bpf_iter_num_destroy"),
    ]

    @Test(arguments: resources)
    func resourceHasAcquirersAndADestructor(_ kind: ResourceKind, _ acquirers: [String], _ destructor: String) throws {
        let catalog = Catalog.builtin
        let spec = try #require(catalog.resource(kind), "resource \(kind) missing")
        #expect(spec.destructor == destructor, "\(kind): destructor \(spec.destructor)")
        #expect(Set(acquirers).isSubset(of: spec.acquiredBy), "\(kind): acquired by \(spec.acquiredBy)")
        for name in spec.acquiredBy + spec.releasedBy + [spec.destructor] {
            let known = catalog.kfunc(name) != nil || catalog.helper(named: name) != nil
            #expect(known, "\(kind): \(name) is neither a helper nor a kfunc of the catalog")
        }
        for name in spec.acquiredBy {
            let acquires = catalog.kfunc(name).map { $0.flags.contains(.acquire) || $0.flags.contains(.iterNew) }
                ?? (catalog.helper(named: name)?.acquires == kind)
            #expect(acquires, "\(kind): \(name) does not acquire")
        }
    }

    /// Every built-in entry survives a catalog file: the file words cover the whole model.
    @Test func builtinEntriesRoundTripThroughTheFileFormat() throws {
        let builtin = Catalog.builtin
        let file = CatalogFile(
            helpers: builtin.helpers.values.sorted { $0.id < $1.id },
            kfuncs: builtin.kfuncs.values.sorted { $0.name < $1.name },
            resources: builtin.resources.values.sorted { $0.kind < $1.kind }, structs: builtin.structs)
        let data = try JSONEncoder().encode(file)
        let again = try JSONDecoder().decode(CatalogFile.self, from: data)
        #expect(again.helpers == file.helpers)
        #expect(again.kfuncs == file.kfuncs)
        #expect(again.resources == file.resources)
        // The same entries again are no contradiction.
        let extended = try builtin.extended(byJSON: data, name: "builtin.json")
        #expect(extended.kfuncs == builtin.kfuncs && extended.helpers == builtin.helpers)
    }

    static let documentedExample = """
        {
          "kfuncs": [
            { "name": "bpfsim_widget_get", "flags": ["KF_ACQUIRE", "KF_RET_NULL"], "resource": "widget",
              "ret": "ptr:widget", "args": ["scalar"] },
            { "name": "bpfsim_widget_put", "flags": ["KF_RELEASE"], "resource": "widget", "ret": "void",
              "args": ["ptr:widget"] }
          ],
          "resources": [
            { "kind": "widget", "acquired_by": ["bpfsim_widget_get"], "released_by": ["bpfsim_widget_put"],
              "destructor": "bpfsim_widget_put" }
          ],
          "helpers": [
            { "id": 5, "name": "bpf_ktime_get_ns", "args": [], "ret": "RET_INTEGER" }
          ]
        }
        """

    /// A kfunc added by a catalog file is verified with its flags: acquire, NULL check, release
    /// accepted; the leak rejected as the kernel words it.
    @Test func catalogFileAddsAResource() throws {
        let catalog = try Catalog.builtin.extended(byJSON: Data(Self.documentedExample.utf8), name: "widget.json")
        #expect(catalog.destructor(for: ResourceKind("widget")) == "bpfsim_widget_put")
        let release = """
            r1 = 7
            call bpfsim_widget_get
            if r0 == 0 goto out
            r1 = r0
            call bpfsim_widget_put
            out:
            r0 = 0
            exit
            """
        #expect(try verify(release, catalog: catalog).error == nil)
        let leak = """
            r1 = 7
            call bpfsim_widget_get
            r0 = 0
            exit
            """
        let error = try #require(try verify(leak, catalog: catalog).error)
        #expect(error.message == "Unreleased reference id=2 alloc_insn=1\nBPF_EXIT instruction in main prog would lead to reference leak")
        #expect(error.pc == 3)
    }

    @Test func unknownKfuncNamesItselfAndTheOption() throws {
        let r = try verify("""
            call bpfsim_no_such_kfunc
            r0 = 0
            exit
            """)
        let error = try #require(r.error)
        #expect(error.message == "kfunc bpfsim_no_such_kfunc is not in bpfsim's kernel catalog (extend it with --catalog FILE)")
        #expect(error.kind == .unsupported && error.pc == 0)
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var message: String
        var testDescription: String { name }
    }

    static let badFiles: [BadFile] = [
        BadFile(
            name: "JSON syntax error", json: "{\n  \"kfuncs\": [\n    { \"name\": \"x\" ]\n}",
            message: "bad.json: not valid JSON at line 3, column 19: "),
        BadFile(
            name: "unknown flag", json: #"{"kfuncs": [{"name": "bpfsim_x", "flags": ["KF_ACQIRE"]}]}"#,
            message: "bad.json: kfuncs[0].flags[0]: unknown flag 'KF_ACQIRE' (expected KF_ACQUIRE, KF_RELEASE"),
        BadFile(
            name: "unknown argument word", json: #"{"kfuncs": [{"name": "bpfsim_x", "args": ["pointer"]}]}"#,
            message: "bad.json: kfuncs[0].args[0]: unknown word 'pointer' (expected scalar, const, ctx, ptr:TYPE"),
        BadFile(
            name: "unknown helper argument", json: #"{"helpers": [{"id": 300, "name": "bpf_x", "args": ["ARG_WHATEVER"], "ret": "RET_INTEGER"}]}"#,
            message: "bad.json: helpers[0].args[0]: unknown word 'ARG_WHATEVER' (expected ARG_ANYTHING"),
        BadFile(
            name: "missing key", json: #"{"resources": [{"kind": "x", "acquired_by": []}]}"#,
            message: "bad.json: resources[0]: missing key 'destructor'"),
        BadFile(
            name: "wrong type", json: #"{"helpers": [{"id": "five", "name": "bpf_x", "ret": "RET_INTEGER"}]}"#,
            message: "bad.json: helpers[0].id: expected a number"),
        BadFile(
            name: "kfunc contradicting the built-in one",
            json: #"{"kfuncs": [{"name": "bpf_task_acquire", "flags": ["KF_RELEASE"], "resource": "task_struct", "ret": "ptr:task_struct", "args": ["ptr:task_struct"]}]}"#,
            message: "bad.json: kfunc bpf_task_acquire contradicts bpfsim's built-in entry: flags KF_RELEASE, built in KF_ACQUIRE|KF_RET_NULL|KF_RCU"),
        BadFile(
            name: "helper contradicting the built-in one", json: #"{"helpers": [{"id": 1, "name": "bpf_map_lookup_elem", "args": [], "ret": "RET_INTEGER"}]}"#,
            message: "bad.json: helper 1 (bpf_map_lookup_elem) contradicts bpfsim's built-in entry: args none, built in ARG_CONST_MAP_PTR,ARG_PTR_TO_MAP_KEY"),
        BadFile(
            name: "helper name under another id", json: #"{"helpers": [{"id": 4000, "name": "bpf_ktime_get_ns", "ret": "RET_INTEGER"}]}"#,
            message: "bad.json: helper bpf_ktime_get_ns has id 4000; bpfsim's built-in bpf_ktime_get_ns has id 5"),
        BadFile(
            name: "resource contradicting the built-in one",
            json: #"{"resources": [{"kind": "task_struct", "acquired_by": ["bpf_task_acquire"], "released_by": ["bpf_task_release"], "destructor": "bpf_cgroup_release"}]}"#,
            message: "bad.json: resource task_struct contradicts bpfsim's built-in entry: acquired_by bpf_task_acquire, built in bpf_task_acquire,bpf_task_from_pid,bpf_task_from_vpid"),
        BadFile(
            name: "entry listed twice", json: #"{"kfuncs": [{"name": "bpfsim_x"}, {"name": "bpfsim_x", "ret": "void"}]}"#,
            message: "bad.json: kfunc bpfsim_x is listed twice"),
    ]

    /// Each mistake is one line that names the file, the entry and what is wrong.
    @Test(arguments: badFiles)
    func badCatalogFileIsOneClearLine(_ bad: BadFile) {
        do {
            _ = try Catalog.builtin.extended(byJSON: Data(bad.json.utf8), name: "bad.json")
            Issue.record("\(bad.name): accepted")
        } catch {
            let text = error.description
            #expect(text.hasPrefix(bad.message), "\(bad.name): \(text)")
            #expect(!text.contains("\n"), "\(bad.name): more than one line: \(text)")
        }
    }

    /// A JSON syntax error says where it is.
    @Test func syntaxErrorHasLineAndColumn() {
        do {
            _ = try Catalog.builtin.extended(byJSON: Data("{\n  \"kfuncs\": [\n    { \"name\": \"x\" ]\n}".utf8), name: "bad.json")
            Issue.record("accepted")
        } catch {
            #expect(error.description == "bad.json: not valid JSON at line 3, column 19: Invalid value", "\(error.description)")
        }
    }

    @Test func unreadableFileIsOneLine() {
        do {
            _ = try Catalog.builtin.extended(byFile: "/nonexistent/bpfsim-catalog.json")
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/bpfsim-catalog.json: cannot read catalog file"))
            #expect(!error.description.contains("\n"))
        }
    }

    /// A kfunc a catalog file lists without arguments takes them from the program's BTF
    /// extern prototype: here `struct task_struct *`, so a cgroup is refused as the kernel would.
    @Test func kfuncArgumentsFromTheProgramsBTF() throws {
        let catalog = try Catalog.builtin.extended(
            byJSON: Data(#"{"kfuncs": [{"name": "bpfsim_task_poke", "ret": "int"}]}"#.utf8), name: "poke.json")
        let source = """
            #include "bpfsim_kernel.h"
            extern int bpfsim_task_poke(struct task_struct *t, int how) __ksym;
            SEC("tc")
            int poke(struct __sk_buff *skb)
            {
            	struct cgroup *cg = bpf_cgroup_from_id(skb->mark);

            	if (!cg)
            		return 0;
            	bpfsim_task_poke((struct task_struct *)cg, 1);
            	bpf_cgroup_release(cg);
            	return 0;
            }
            char LICENSE[] SEC("license") = "GPL";
            """
        let dir = try TestPaths.temporaryDirectory("bpfsim-catalog-btf")
        let url = dir.appendingPathComponent("poke.c")
        try source.write(to: url, atomically: true, encoding: .utf8)
        let compiler = CCompiler(
            configuration: CompilerConfiguration(
                includePaths: CompilerConfiguration.defaultIncludePaths + [ReferenceFixtures.include], cacheDirectory: dir))
        let object = try BPFObjectFile.load(bytes: compiler.compile(source: url, displayName: "poke.c").bytes, name: "poke.c")
        let program = try #require(object.program(named: "poke"))
        var options = VerifierOptions()
        options.catalog = catalog
        let error = try #require(Verifier.verify(program, options: options).error)
        #expect(error.message == "kernel function bpfsim_task_poke args#0 expected pointer to STRUCT task_struct but R1 has a pointer to STRUCT cgroup")
    }
}

/// Verifies an assembly snippet (default header: a GPL tc program) with `catalog`.
func verify(_ source: String, catalog: Catalog) throws -> VerificationResult {
    let text = source.contains("bpfsim:") ? source : "; bpfsim: section=tc license=GPL\n" + source
    let program = try AssemblyFile.load(text: text, path: "case.s")
    var options = VerifierOptions()
    options.catalog = catalog
    return Verifier.verify(program, options: options)
}
