#ifndef BPFSIM_CKERNELLOADER_H
#define BPFSIM_CKERNELLOADER_H

#include <stddef.h>

/// The two things KernelCheck's loader process needs that Swift cannot express: a C function
/// taking a `va_list`, and the variadic `prctl`.

/// libbpf reports through `libbpf_print_fn_t`, a callback taking a `va_list`, which Swift
/// cannot declare as `@convention(c)`. The callback formats each message with `vsnprintf` and
/// keeps it in a process-wide buffer that Swift drains after each libbpf call. This returns
/// its address, to hand to `libbpf_set_print`.
void *bpfsim_libbpf_print_callback(void);

/// Takes everything captured since the last call, as records `<level digit><message>` each
/// followed by the ASCII record separator 0x1e, and clears the buffer. The caller frees the
/// result with `free`; NULL when nothing was captured (or on allocation failure).
char *bpfsim_libbpf_print_take(void);

/// Asks the kernel to SIGKILL this process when its parent dies (`PR_SET_PDEATHSIG`), so a
/// loader stuck in the kernel does not outlive bpfsim. Returns 0, or -1 where unsupported.
int bpfsim_die_with_parent(void);

#endif
