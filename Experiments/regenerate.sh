#!/bin/sh
# Regenerates every report kept in Results/ from scratch (SPEC §9, issue 11):
#   Results/corpus     the bundled corpus, default configuration (Experiments/default.json)
#   Results/compilers  the bundled corpus built by clang -O1/-O2/-O3 and bpf-gcc -O2
#                      (Experiments/compilers.json)
#   Results/scaling    generated chains (bpfsim gen) of 1-6 frames and 1-5 references per
#                      frame (Experiments/scaling.json)
# Usage: Experiments/regenerate.sh [JOBS]   (from the repository root; release build)
#        BPFSIM=path/to/bpfsim Experiments/regenerate.sh   (use an existing build)
set -eu
jobs=${1:-$(nproc)}
if [ -z "${BPFSIM:-}" ]; then
    swift build -c release --product bpfsim >/dev/null
    BPFSIM=$(swift build -c release --show-bin-path)/bpfsim
fi
bin=$BPFSIM

"$bin" compare --corpus Experiments/corpus --config Experiments/default.json \
    --out Results/corpus --overwrite --jobs "$jobs" --quiet
"$bin" compare --corpus Experiments/corpus --config Experiments/compilers.json \
    --out Results/compilers --overwrite --jobs "$jobs" --quiet

# The scaling corpus: one folder per size, each of 4 seeded programs without branches, so
# every program at a size holds the same number of references at its deepest throw.
gen=Results/scaling/corpus
rm -rf "$gen"
for f in 1 2 3 4 5 6; do
    "$bin" gen --out "$gen/frames-$f" --seed "$f" --count 4 --frames "$f" --resources 2 \
        --kinds task,cgroup,sock,ringbuf --branch-rate 0 --stack-rate 0.5 >/dev/null
done
for r in 1 2 3 4 5; do
    "$bin" gen --out "$gen/refs-$r" --seed "$((100 + r))" --count 4 --frames 2 --resources "$r" \
        --kinds task,cgroup,sock,ringbuf --branch-rate 0 --stack-rate 0.5 >/dev/null
done
"$bin" compare --corpus "$gen" --config Experiments/scaling.json \
    --out Results/scaling --overwrite --jobs "$jobs" --quiet
