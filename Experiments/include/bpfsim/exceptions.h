/* bpf_throw, assertions and the exception-callback tag (SPEC §1).
 *
 * Written for bpfsim's corpus. The kernel selftests keep equivalents in bpf_experimental.h;
 * these are bpfsim's own spellings:
 *  - bpf_assert(cond) / bpf_assert_with(cond, cookie): a C conditional call of bpf_throw;
 *  - bpf_assert_range(x, lo, hi): the compare-and-throw written in inline assembly, so the
 *    fall-through path carries the bounds the verifier learnt from the two branches and the
 *    compiler cannot reorder or merge the throw;
 *  - __exception_cb(fn): the BTF decl tag on the main program naming its exception callback,
 *    a global function `int fn(u64 cookie)`. */
#ifndef BPFSIM_CORPUS_EXCEPTIONS_H
#define BPFSIM_CORPUS_EXCEPTIONS_H

#include "kernel_types.h"

#ifndef __ksym
#define __ksym __attribute__((section(".ksyms")))
#endif

extern void bpf_throw(u64 cookie) __ksym;

#define __exception_cb(name) __attribute__((btf_decl_tag("exception_callback:" #name)))

#define bpf_assert(cond)                \
	do {                            \
		if (!(cond))            \
			bpf_throw(0);   \
	} while (0)

#define bpf_assert_with(cond, cookie)     \
	do {                              \
		if (!(cond))              \
			bpf_throw(cookie); \
	} while (0)

/* Throws with `cookie` unless lo <= x <= hi (signed). The two compares are inline assembly
 * (asm goto) so the verifier sees exactly these branches on x's own register; the throw stays
 * a C call so clang emits the BTF that the bpf_throw .ksyms relocation needs. */
#if defined(__clang__)
#define bpf_assert_range_with(x, lo, hi, cookie)                                   \
	do {                                                                        \
		__label__ bpfsim_assert_failed, bpfsim_assert_done;                 \
		asm goto("if %[v] s< %[l] goto %l[bpfsim_assert_failed];"           \
			 "if %[v] s> %[h] goto %l[bpfsim_assert_failed];"           \
			 : : [v] "r"(x), [l] "i"(lo), [h] "i"(hi)                   \
			 : : bpfsim_assert_failed);                                 \
		goto bpfsim_assert_done;                                            \
	bpfsim_assert_failed:                                                       \
		bpf_throw(cookie);                                                  \
	bpfsim_assert_done:;                                                        \
	} while (0)
#else
/* GCC's assembler reads only the mnemonic syntax: the same check in C. */
#define bpf_assert_range_with(x, lo, hi, cookie)                  \
	do {                                                       \
		if ((long long)(x) < (lo) || (long long)(x) > (hi)) \
			bpf_throw(cookie);                         \
	} while (0)
#endif

#define bpf_assert_range(x, lo, hi) bpf_assert_range_with(x, lo, hi, 0)

#endif
