#!/bin/sh
# Corpus throughput of `bpfsim compare` (issue 10): entries per second with --jobs 1 and
# --jobs 2 in a release build, and each run's peak memory. Target: jobs 2 >= 1.7x jobs 1.
# The two settings run in turn, REPEAT times each (a machine's speed drifts; one pair of runs
# can be 10% off either way); the medians and the median of the pairwise ratios are printed.
# Usage: Experiments/tools/bench_compare.sh [CORPUS] [RUNS] [REPEAT]   (BPFSIM=path reuses a build)
set -eu
corpus=${1:-Experiments/corpus}
runs=${2:-20}
repeat=${3:-5}
if [ -z "${BPFSIM:-}" ]; then
    swift build -c release --product bpfsim >/dev/null
    BPFSIM=$(swift build -c release --show-bin-path)/bpfsim
fi
bin=$BPFSIM
out=$(mktemp -d)
# Warm the compile cache so every run measures the same work.
"$bin" compare --corpus "$corpus" --out "$out/warm" --runs 0 --jobs 2 --quiet >/dev/null 2>&1 || true
i=1
while [ "$i" -le "$repeat" ]; do
    for jobs in 1 2; do
        "$bin" compare --corpus "$corpus" --out "$out/j$jobs" --runs "$runs" --jobs "$jobs" --quiet --overwrite > "$out/run.txt" 2>/dev/null || true
        line=$(grep '^throughput:' "$out/run.txt")
        echo "run $i: $line"
        echo "$line" | sed -n 's/^throughput: \([0-9.]*\) entries.*peak memory \([0-9]*\) MiB.*/\1 \2/p' >> "$out/j$jobs.txt"
    done
    i=$((i + 1))
done
paste "$out/j1.txt" "$out/j2.txt" | awk '
    function median(a, n,   i, j, t) {
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    { n++; r1[n] = $1; m1[n] = $2; r2[n] = $3; m2[n] = $4; q[n] = $3 / $1 }
    END {
        printf "jobs 1: median %.2f entries/s (min %.2f, max %.2f), peak memory %d MiB\n", median(r1, n), r1[1], r1[n], median(m1, n)
        printf "jobs 2: median %.2f entries/s (min %.2f, max %.2f), peak memory %d MiB\n", median(r2, n), r2[1], r2[n], median(m2, n)
        printf "speedup jobs 2 / jobs 1: median of %d paired runs %.2fx (min %.2fx, max %.2fx; target 1.7x)\n", n, median(q, n), q[1], q[n]
    }'
rm -rf "$out"
