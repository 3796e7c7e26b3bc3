#!/usr/bin/env bash
# The batch command's scaling: the same folder of sessions with --jobs 1 and
# --jobs 2 (this machine has two cores), fastest of three runs each, and the
# speed-up. The corpus: 200 ten-minute two-cable sessions at 200 Hz from the
# simulator's benchmark plan (different seeds), written once to a temporary
# folder.
#
#   bash Benchmarks/batch_scaling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product cableform >/dev/null
bin=".build/release/cableform"
corpus="${TMPDIR:-/tmp}/cableform-batch-corpus"
if [ ! -f "$corpus/done" ]; then
    rm -rf "$corpus" && mkdir -p "$corpus"
    for k in $(seq 1 200); do
        "$bin" simulate benchmark --duration 600 --rate 200 --seed "$k" "$corpus/s$k.cfb" >/dev/null
        rm -f "$corpus/s$k.cfb.truth.json"
    done
    touch "$corpus/done"
fi
best() {
    local jobs=$1 best=""
    for _ in 1 2 3; do
        local t0 t1
        t0=$(date +%s.%N)
        "$bin" batch "$corpus" --out "$corpus/out-$jobs.jsonl" --jobs "$jobs" --quiet 2>/dev/null
        t1=$(date +%s.%N)
        local dt
        dt=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$dt < $best" | bc -l)" = 1 ]; then best=$dt; fi
    done
    echo "$best"
}
one=$(best 1)
two=$(best 2)
cmp -s "$corpus/out-1.jsonl" "$corpus/out-2.jsonl" && same=identical || same=DIFFERENT
printf '| jobs | seconds (best of 3) | files/s |\n| ---: | ---: | ---: |\n'
printf '| 1 | %.2f | %.1f |\n' "$one" "$(echo "200 / $one" | bc -l)"
printf '| 2 | %.2f | %.1f |\n' "$two" "$(echo "200 / $two" | bc -l)"
printf '\nspeed-up with 2 jobs: %.2f×; outputs %s\n' "$(echo "$one / $two" | bc -l)" "$same"
