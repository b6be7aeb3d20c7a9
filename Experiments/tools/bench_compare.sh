#!/bin/sh
# Corpus throughput of `bpfsim compare` (issue 10): entries per second with --jobs 1 and
# --jobs 2 in a release build, and each run's peak memory. Target: jobs 2 >= 1.7x jobs 1.
# Usage: Experiments/tools/bench_compare.sh [CORPUS] [RUNS]   (BPFSIM=path reuses a build)
set -eu
corpus=${1:-Experiments/corpus}
runs=${2:-20}
if [ -z "${BPFSIM:-}" ]; then
    swift build -c release --product bpfsim >/dev/null
    BPFSIM=$(swift build -c release --show-bin-path)/bpfsim
fi
bin=$BPFSIM
out=$(mktemp -d)
# Warm the compile cache so both runs measure the same work.
"$bin" compare --corpus "$corpus" --out "$out/warm" --runs 0 --jobs 2 --quiet >/dev/null || true
for jobs in 1 2; do
    "$bin" compare --corpus "$corpus" --out "$out/j$jobs" --runs "$runs" --jobs "$jobs" --quiet > "$out/j$jobs.txt" || true
    grep '^throughput:' "$out/j$jobs.txt"
done
r1=$(sed -n 's/^throughput: \([0-9.]*\) entries.*/\1/p' "$out/j1.txt")
r2=$(sed -n 's/^throughput: \([0-9.]*\) entries.*/\1/p' "$out/j2.txt")
awk -v a="$r1" -v b="$r2" 'BEGIN { printf "speedup jobs 2 / jobs 1: %.2fx (target 1.7x)\n", b / a }'
rm -rf "$out"
