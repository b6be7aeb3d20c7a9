#!/usr/bin/env python3
"""Regenerate MANIFEST.json and MANIFEST.md for bpfsim's bundled corpus.

Every corpus file states its intent in `manifest:` comment lines, one per program:

    manifest: prog=NAME resources=KIND,KIND throws_holding=yes|no stress=TAG,TAG

and says which real code it models in a `Models:` paragraph. This script collects those,
then asks two verifiers about every program:

  - bpfsim's model (`bpfsim verify FILE --backend reject --json`), and
  - the running kernel, through bpfsim's own libbpf loader (`bpfsim verify OBJ --kernel`).

C files are given to bpfsim as they are (compiled with its default flags; the corpus
includes its headers by relative path). Assembly files are verified by bpfsim directly;
for the kernel they are wrapped into a C file of naked functions (one per subprogram, the
way the kernel selftests embed assembly) and compiled, so the kernel sees the very same
instructions.

Usage: manifest.py --bpfsim PATH [--libbpf PATH] [--corpus DIR]
The kernel check needs root (or CAP_BPF) and a libbpf >= 1.3 for exception callbacks.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

CLANG = "/opt/swift/usr/bin/clang"
CFLAGS = ["-target", "bpf", "-O2", "-g", "-Xclang", "-fno-split-cold-code", "-I/usr/include/x86_64-linux-gnu"]

MANIFEST_RE = re.compile(r"manifest:\s*(.*)$")


def corpus_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for f in files:
            if f.endswith(".c") or f.endswith(".s"):
                out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


def intents(text):
    """prog name -> intent dict, from the file's `manifest:` lines."""
    found = {}
    for line in text.splitlines():
        m = MANIFEST_RE.search(line)
        if not m:
            continue
        fields = dict(kv.split("=", 1) for kv in m.group(1).split())
        found[fields["prog"]] = {
            "resources": [r for r in fields.get("resources", "").split(",") if r],
            "throws_holding": fields.get("throws_holding") == "yes",
            "stress": [s for s in fields.get("stress", "none").split(",") if s and s != "none"],
        }
    return found


def models(text):
    """The `Models:` paragraph of the header comment, on one line."""
    m = re.search(r"Models:(.*?)(?:\n\s*[*;]\s*\n|manifest:)", text, re.S)
    if not m:
        return ""
    words = re.sub(r"^\s*[*;/]+", " ", m.group(1), flags=re.M)
    return " ".join(words.split())


# --- assembly -> naked C, for the kernel ---------------------------------------------

HEADER_RE = re.compile(r"^\s*[;#]\s*bpfsim:(.*)$")
MAP_RE = re.compile(r"^\s*[;#]\s*map:(.*)$")
MAP_TYPES = {"ringbuf": "BPF_MAP_TYPE_RINGBUF", "hash": "BPF_MAP_TYPE_HASH", "array": "BPF_MAP_TYPE_ARRAY"}


def asm_wrapper(text, corpus_root):
    """C source holding the assembly as naked functions; returns (source, section, name)."""
    header, maps = {}, []
    body = []
    for line in text.splitlines():
        h = HEADER_RE.match(line)
        if h:
            header.update(kv.split("=", 1) for kv in h.group(1).split())
            continue
        mm = MAP_RE.match(line)
        if mm:
            maps.append(dict(kv.split("=", 1) for kv in mm.group(1).split()))
            continue
        code = line.split(";", 1)[0].split("//", 1)[0].strip()
        if code:
            body.append(code)
    labels = {l[:-1] for l in body if l.endswith(":")}
    callees = []
    for l in body:
        m = re.match(r"call (\w+)$", l)
        if m and m.group(1) in labels and m.group(1) not in callees:
            callees.append(m.group(1))
    # Split the body into functions at callee labels.
    funcs, current = [(header.get("name", "prog"), [])], None
    for l in body:
        if l.endswith(":") and l[:-1] in callees:
            funcs.append((l[:-1], []))
            continue
        funcs[-1][1].append(l)
    symbols, mapnames = set(), {m["name"] for m in maps}
    lines_out = []
    for name, insns in funcs:
        converted = []
        for l in insns:
            m = re.match(r"call (\w+)$", l)
            if m and m.group(1) not in callees:
                symbols.add(m.group(1))
                l = "call %%[%s]" % m.group(1)
            m = re.match(r"(r\d) = (\w+) ll$", l)
            if m and m.group(2) in mapnames:
                symbols.add("&" + m.group(2))
                l = "%s = %%[%s] ll" % (m.group(1), m.group(2))
            if l.endswith(":"):
                l = "%s_%s:" % (name, l[:-1])
            l = re.sub(r"goto (\w+)$", lambda g: "goto %s_%s" % (name, g.group(1)), l)
            converted.append(l)
        lines_out.append((name, converted))
    inc = os.path.relpath(os.path.join(corpus_root, "..", "include", "corpus.h"), tempfile.gettempdir())
    src = ['#include "%s"' % os.path.abspath(os.path.join(corpus_root, "..", "include", "corpus.h")),
           'char LICENSE[] SEC("license") = "%s";' % header.get("license", "GPL")]
    for m in maps:
        fields = ["__uint(type, %s);" % MAP_TYPES[m["type"]]]
        for k in ("key_size", "value_size", "max_entries"):
            if k in m:
                fields.append("__uint(%s, %s);" % (k, m[k]))
        src.append("struct { %s } %s SEC(\".maps\");" % (" ".join(fields), m["name"]))
    operands = []
    for s in sorted(symbols):
        operands.append('[%s] "i"(%s)' % (s.lstrip("&"), s))
    for i, (name, insns) in enumerate(lines_out):
        asm = "\n".join('\t\t"%s\\n"' % l for l in insns)
        if i == 0:
            src.append('SEC("%s") __attribute__((naked)) int %s(void)' % (header["section"], name))
        else:
            src.append("__attribute__((naked, noinline, used)) static int %s(void)" % name)
        src.append("{\n\tasm volatile(\n%s\n\t\t:\n\t\t: %s\n\t\t: \"memory\");\n}" % (asm, ", ".join(operands) or ""))
    # Callees must be declared before the main function refers to them.
    decls = ["static int %s(void);" % n for n, _ in lines_out[1:]]
    # clang emits BTF for an extern only when C code calls it; a never-loaded .text function
    # calls each kfunc once so the .ksyms relocations of the assembly can be resolved.
    kfuncs = sorted(s for s in symbols if not s.startswith("&") and not is_helper(s))
    if kfuncs:
        calls = " ".join("((void (*)(void))%s)();" % k for k in kfuncs)
        decls.append("__attribute__((noinline)) void bpfsim_kfunc_btf_root(void) { %s }" % calls)
    src = src[:2] + decls + src[2:]
    return "\n".join(src) + "\n", header["section"], header.get("name")


HELPER_DEFS = "/usr/include/bpf/bpf_helper_defs.h"
_helpers = None


def is_helper(name):
    global _helpers
    if _helpers is None:
        _helpers = set(re.findall(r"\(\*(?: const)? ?(\w+)\)\(", open(HELPER_DEFS).read()))
    return name in _helpers


# --- running bpfsim -------------------------------------------------------------------

def bpfsim_json(args, cmd):
    p = subprocess.run([args.bpfsim] + cmd, capture_output=True, text=True)
    rows = []
    for line in p.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            rows.append(json.loads(line))
    return rows, p.stderr.strip()


def last_line(message):
    if not message:
        return None
    lines = [l for l in message.splitlines() if l.strip()]
    return lines[-1] if lines else None


def kernel_summary(row):
    if row is None:
        return {"verdict": "not_run"}
    out = {"verdict": row.get("kernel_verdict", "not_run")}
    for key in ("kernel_message", "kernel_pc", "kernel_total_insns", "kernel_failure_kind", "kernel_stack_depth"):
        if row.get(key) is not None:
            out[key[len("kernel_"):]] = row[key]
    return out


def bpfsim_summary(row, err):
    if row is None:
        return {"verdict": "load_error", "message": err.splitlines()[-1] if err else "no output"}
    out = {"verdict": row["verdict"]}
    for key in ("message", "pc", "failure_kind", "total_insns"):
        if row.get(key) is not None:
            out[key] = row[key]
    return out


KERNEL_MESSAGE_LINES = 8  # KernelCheck keeps the kernel's first 8 message lines


def same_message(kernel, sim):
    k = [l for l in (kernel or "").splitlines() if l.strip()]
    b = [l for l in (sim or "").splitlines() if l.strip()]
    return k == b or (len(k) == KERNEL_MESSAGE_LINES and b[:len(k)] == k)


def agreement(kernel, sim):
    """`same` (verdict, and for a rejection the kernel's last message line and pc),
    `verdict_only` (both reject, for different reasons or at different pcs), or `differ`."""
    if kernel.get("verdict") != sim["verdict"]:
        return "differ"
    if sim["verdict"] != "failure":
        return "same"
    if same_message(kernel.get("message"), sim.get("message")) and kernel.get("pc") == sim.get("pc"):
        return "same"
    return "verdict_only"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--bpfsim", required=True)
    ap.add_argument("--libbpf", default="/tmp/libbpf-inst/lib64/libbpf.so.1")
    ap.add_argument("--corpus", default=here)
    ap.add_argument("--no-kernel", action="store_true", help="keep the kernel verdicts of the existing MANIFEST.json")
    args = ap.parse_args()
    root = os.path.abspath(args.corpus)
    old = {}
    if args.no_kernel and os.path.exists(os.path.join(root, "MANIFEST.json")):
        for e in json.load(open(os.path.join(root, "MANIFEST.json")))["programs"]:
            old[(e["file"], e["prog"])] = e["kernel"]

    entries = []
    tmp = tempfile.mkdtemp(prefix="bpfsim-corpus-")
    for rel in corpus_files(root):
        path = os.path.join(root, rel)
        text = open(path).read()
        intent = intents(text)
        about = models(text)
        sim_rows, sim_err = bpfsim_json(args, ["verify", path, "--backend", "reject", "--json"])
        sim = {r["prog_name"]: r for r in sim_rows}
        kern = {}
        if not args.no_kernel:
            if rel.endswith(".c"):
                rows, _ = bpfsim_json(args, ["verify", path, "--json", "--kernel", "--libbpf", args.libbpf])
            else:
                src, _, _ = asm_wrapper(text, root)
                cfile = os.path.join(tmp, os.path.basename(rel) + ".c")
                obj = cfile[:-2] + ".o"
                open(cfile, "w").write(src)
                c = subprocess.run([CLANG] + CFLAGS + ["-c", cfile, "-o", obj], capture_output=True, text=True)
                rows = []
                if c.returncode == 0:
                    rows, _ = bpfsim_json(args, ["verify", obj, "--json", "--kernel", "--libbpf", args.libbpf])
                else:
                    print("%s: wrapper does not compile: %s" % (rel, c.stderr.strip().splitlines()[0]), file=sys.stderr)
            kern = {r["prog_name"]: r for r in rows}
        names = list(intent) or list(sim)
        for name in names:
            i = intent.get(name, {"resources": [], "throws_holding": None, "stress": []})
            k = old.get((rel, name)) if args.no_kernel else kernel_summary(kern.get(name))
            b = bpfsim_summary(sim.get(name), sim_err)
            entries.append({
                "file": rel,
                "domain": rel.split("/")[0],
                "prog": name,
                "section": (sim.get(name) or {}).get("section"),
                "models": about,
                "resources": i["resources"],
                "throws_holding": i["throws_holding"],
                "stress": i["stress"],
                "kernel": k,
                "bpfsim_reject": b,
                "agree": agreement(k or {}, b),
            })
            print("%-45s %-28s kernel=%-10s bpfsim=%s" % (rel, name, (k or {}).get("verdict"), b["verdict"]), file=sys.stderr)
    with open(os.path.join(root, "MANIFEST.json"), "w") as f:
        json.dump({"generated_by": "Experiments/corpus/manifest.py", "kernel_release": os.uname().release,
                   "libbpf": args.libbpf, "programs": entries}, f, indent=1, sort_keys=True)
        f.write("\n")
    write_markdown(root, entries)


def write_markdown(root, entries):
    kinds = {}
    for e in entries:
        for r in e["resources"]:
            kinds.setdefault(r, set()).add((e["file"], e["prog"]))
    out = ["# bpfsim corpus manifest", "",
           "Generated by `manifest.py` from the `manifest:` lines of each file and two verifier runs:",
           "`kernel` is the running kernel (%s) loading the program through libbpf (`bpfsim verify --kernel`);" % os.uname().release,
           "`bpfsim` is bpfsim's model with the `reject` backend (the kernel's own rules). Resources",
           "are listed once per reference held at the same time; `throws` says whether a throw can",
           "happen while one is held.", "",
           "## Programs per resource kind", "", "| resource | programs |", "|---|---|"]
    for k in sorted(kinds):
        out.append("| %s | %d |" % (k, len(kinds[k])))
    out += ["", "## Programs", ""]
    domain = None
    for e in entries:
        if e["domain"] != domain:
            domain = e["domain"]
            out += ["", "### %s" % domain, "",
                    "| file | program | resources | throws | stress | kernel | bpfsim reject |",
                    "|---|---|---|---|---|---|---|"]
        k = e["kernel"] or {}
        kv = k.get("verdict", "")
        if kv == "failure" and k.get("message"):
            kv += ": " + last_line(k["message"])
        b = e["bpfsim_reject"]
        bv = b["verdict"] + (": " + last_line(b["message"]) if b["verdict"] != "success" and b.get("message") else "")
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            e["file"].split("/", 1)[-1], e["prog"], ", ".join(e["resources"]) or "-",
            "yes" if e["throws_holding"] else "no", ", ".join(e["stress"]) or "-",
            kv.replace("|", "\\|"), bv.replace("|", "\\|")))
    counts = {a: sum(1 for e in entries if e["agree"] == a) for a in ("same", "verdict_only", "differ")}
    out += ["", "## Where bpfsim and the kernel disagree", "",
            "%d of %d programs agree (same verdict, and for rejections the same message and pc). "
            "Rejected by both for different reasons: %d. Different verdicts: %d." % (
                counts["same"], len(entries), counts["verdict_only"], counts["differ"]), ""]
    for e in entries:
        if e["agree"] == "same":
            continue
        k, b = e["kernel"] or {}, e["bpfsim_reject"]
        out.append("- `%s:%s` (%s): kernel %s%s; bpfsim %s%s" % (
            e["file"], e["prog"], e["agree"].replace("_", " "), k.get("verdict"),
            " at pc %s: %s" % (k.get("pc"), last_line(k.get("message"))) if k.get("verdict") == "failure" else "",
            b["verdict"], " at pc %s: %s" % (b.get("pc"), last_line(b.get("message"))) if b["verdict"] != "success" else ""))
    with open(os.path.join(root, "MANIFEST.md"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
