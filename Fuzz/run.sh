#!/usr/bin/env bash
# Coverage-guided fuzzing of the session readers and the frame decoders
# (libFuzzer, with AddressSanitizer). Each target starts from a seed corpus
# made from the committed fixtures (seeds.py); a crash, a sanitizer report or a
# broken invariant (Sources/FuzzSupport/FuzzCheck.swift) stops it with the
# input saved under Fuzz/.artifacts/<target>/. Copy such an input into
# Fuzz/regressions/<target>/ and FuzzRegressionTests replays it forever.
#
#   bash Fuzz/run.sh [SECONDS] [TARGET...]   # explore: SECONDS per target (make fuzz SECONDS=600)
#   bash Fuzz/run.sh smoke                   # CI: a fixed number of runs from a fixed seed,
#                                            # from the seeds alone, so it is deterministic
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzCSV FuzzBinary FuzzGenericFrame FuzzMonitorFrame)

# SwiftPM's --sanitize fuzzer links libFuzzer's main; -Xswiftc -sanitize=fuzzer adds the coverage
# counters to every module (the library's included), without which libFuzzer is blind.
flags=(-c debug --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer --scratch-path .build-fuzz)
# The build's own status decides: a failed build must not go on to run the
# binaries of an earlier one. The filter only drops a harmless linker note.
build_log="$(mktemp)"
build_status=0
swift build "${flags[@]}" > "$build_log" 2>&1 || build_status=$?
grep -v "Cannot export local symbol" "$build_log" || true
rm -f "$build_log"
if [ "$build_status" -ne 0 ]; then
    echo "Fuzz/run.sh: the fuzz targets did not build (exit $build_status)" >&2
    exit 1
fi
bin="$(swift build "${flags[@]}" --show-bin-path)"

seeds=".corpus-seeds"
rm -rf "$seeds"
python3 seeds.py "$seeds" > /dev/null

# Runs per target in smoke mode: about 15 s each on a 2-core VM.
smoke_runs() {
    case "$1" in
        FuzzCSV) echo 6000 ;;
        FuzzBinary) echo 20000 ;;
        *) echo 1000000 ;;
    esac
}

status=0
for t in "${targets[@]}"; do
    mkdir -p ".artifacts/$t"
    if [ "$mode" = "smoke" ]; then
        corpus="$(mktemp -d)"
        limit=(-runs="$(smoke_runs "$t")" -seed=1)
        echo "== $t: smoke, ${limit[0]#-runs=} runs from seed 1"
    else
        corpus=".corpus/$t"
        mkdir -p "$corpus"
        limit=(-max_total_time="$mode")
        echo "== $t: $mode s"
    fi
    if ! "$bin/$t" "$corpus" "$seeds/$t" "${limit[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix=".artifacts/$t/" -print_final_stats=1 > ".artifacts/$t/last-run.log" 2>&1; then
        status=1
        tail -n 40 ".artifacts/$t/last-run.log"
    fi
    grep -E "^Done|stat::number_of_executed_units|stat::average_exec_per_sec|cov:.*DONE" ".artifacts/$t/last-run.log" | tail -n 3
    [ "$mode" = "smoke" ] && rm -rf "$corpus"
done
exit $status
