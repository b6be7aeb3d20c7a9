#ifndef BPFSIM_CLIBBPFPRINT_H
#define BPFSIM_CLIBBPFPRINT_H

#include <stddef.h>

/// libbpf reports through `libbpf_print_fn_t`, a callback taking a `va_list`, which Swift
/// cannot declare as `@convention(c)`. This shim formats each message with `vsnprintf` and
/// keeps it in a process-wide buffer that Swift drains after each libbpf call.

/// The address of the `libbpf_print_fn_t` to hand to `libbpf_set_print`.
void *bpfsim_libbpf_print_callback(void);

/// Takes everything captured since the last call, as records `<level digit><message>` each
/// followed by the ASCII record separator 0x1e, and clears the buffer. The caller frees the
/// result with `free`; NULL when nothing was captured (or on allocation failure).
char *bpfsim_libbpf_print_take(void);

#endif
