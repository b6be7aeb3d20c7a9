/* The one header every corpus program includes (by a path relative to itself, so the corpus
 * compiles with bpfsim's default flags): kernel types, kfuncs, exceptions, graph and network
 * helpers, plus libbpf-dev's bpf_helpers.h (through bpfsim/helpers.h, which also serves GCC) / bpf_tracing.h / bpf_core_read.h. Written for
 * bpfsim. */
#ifndef BPFSIM_CORPUS_H
#define BPFSIM_CORPUS_H

#include "bpfsim/kernel_types.h"
#include "bpfsim/helpers.h"
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bpfsim/kfuncs.h"
#include "bpfsim/exceptions.h"
#include "bpfsim/graph.h"
#include "bpfsim/net.h"

#endif
