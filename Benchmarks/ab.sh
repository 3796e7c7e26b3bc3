#!/usr/bin/env bash
# A/B timing of two revisions of the `cableform` command, alternating them.
#
#   bash Benchmarks/ab.sh REV_A REV_B CABLEFORM_ARGS...
#   e.g.  bash Benchmarks/ab.sh HEAD~1 HEAD analyze /tmp/cableform-bench-1h.cfb
#         ROUNDS=20 RUNS=3 bash Benchmarks/ab.sh main my-branch batch Fixtures/simulated
#
# This machine runs in a fast and a slow phase that alternate over tens of
# seconds (docs/performance.md), so two benchmark runs made one after the
# other can differ by 10-50% for the same code. Alternating the two builds
# round by round puts both in the same phases: each round runs A then B,
# RUNS times each, and keeps each side's fastest run; the script prints both
# sides' fastest run overall and the median of the per-round ratios B / A
# (below 1: B is faster). On this VM a ratio within about ±5% is noise.
#
# Each revision is built once (release) in a git worktree under
# ${AB_DIR:-/tmp/cableform-ab}, kept for the next comparison (remove one with
# `git worktree remove /tmp/cableform-ab/<sha>`); the times are wall-clock times of the whole
# command, process start and output included (written to /dev/null), so
# measure commands that run for at least ~50 ms.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,6p' "$0"; exit 2; }
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${AB_DIR:-/tmp/cableform-ab}"
mkdir -p "$dir"
a="$1"; b="$2"; shift 2

build() {  # build REV -> prints the path of its cableform binary
    local sha tree
    sha="$(git -C "$repo" rev-parse --short=12 "$1^{commit}")"
    tree="$dir/$sha"
    if [ ! -d "$tree" ]; then
        git -C "$repo" worktree add --detach -f "$tree" "$sha" >&2
    fi
    (cd "$tree" && swift build -c release --product cableform >&2)
    echo "$tree/.build/release/cableform"
}

bin_a="$(build "$a")"
bin_b="$(build "$b")"
echo "A = $a ($bin_a)" >&2
echo "B = $b ($bin_b)" >&2

python3 - "$bin_a" "$bin_b" "$@" <<'PY'
import os, statistics, subprocess, sys, time
a, b, args = sys.argv[1], sys.argv[2], sys.argv[3:]
rounds, runs = int(os.environ.get("ROUNDS", "10")), int(os.environ.get("RUNS", "3"))
def fastest(binary):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([binary] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:  # an unreadable file would time the error path
            sys.exit(f"{binary} exited with {done.returncode}: {done.stderr.decode()[:500]}")
        best = min(best, elapsed)
    return best
times_a, times_b, ratios = [], [], []
for r in range(rounds):
    ta, tb = fastest(a), fastest(b)
    times_a.append(ta); times_b.append(tb); ratios.append(tb / ta)
    print(f"round {r + 1:2d}: A {ta * 1e3:8.1f} ms  B {tb * 1e3:8.1f} ms  B/A {tb / ta:.3f}", file=sys.stderr)
print(f"A fastest {min(times_a) * 1e3:.1f} ms, B fastest {min(times_b) * 1e3:.1f} ms; "
      f"B/A: fastest {min(times_b) / min(times_a):.3f}, median of rounds {statistics.median(ratios):.3f}")
PY
