#!/usr/bin/env bash
# Measures every CableFormDSP kernel, the session readers and the rep analyzer
# with package-benchmark, checks the malloc counts against Benchmarks/Thresholds,
# runs the SciPy, pandas and SciPy rep-pipeline peers on the same data in the
# same run, and prints one table with throughput and the ratio.
#
#   bash Benchmarks/run.sh                              # default x86-64 target
#   BENCH_TARGET_CPU=x86-64-v3 bash Benchmarks/run.sh   # AVX2 + FMA build
#   BENCH_ARGS="--target AnalysisBenchmarks" bash Benchmarks/run.sh   # one suite
#
# Results go to Benchmarks/.benchmarkResults/<target>/ (not committed).
set -euo pipefail
cd "$(dirname "$0")"

target="${BENCH_TARGET_CPU:-default}"
out=".benchmarkResults/$target"
rm -rf "$out"
mkdir -p "$out"

if [ -n "${BENCH_TARGET_CPU:-}" ]; then
    # package-benchmark's plugin cannot pass a flag with a separate value
    # (`-target-cpu x86-64-v3`) through to swiftc, so wrap the compiler for
    # this build only. The wrapper lives in a scratch folder, never in the
    # manifest (no unsafeFlags in Package.swift).
    # Swift 6.3.1's Clang importer rejects the CPU name "x86-64-v3" ("unknown
    # target CPU"), so that level is requested as "haswell", which has exactly
    # its features (AVX, AVX2, BMI1/2, F16C, FMA, LZCNT, MOVBE).
    cpu="$BENCH_TARGET_CPU"
    [ "$cpu" = "x86-64-v3" ] && cpu="haswell"
    real_swiftc="$(command -v swiftc)"
    wrapper_dir="$(mktemp -d)"
    cat > "$wrapper_dir/swiftc" <<WRAP
#!/usr/bin/env bash
# Only compilations take -target-cpu; -modulewrap and the tool queries do not.
for arg in "\$@"; do
    case "\$arg" in -modulewrap|-print-target-info|-version|--version|-emit-supported-features)
        exec "$real_swiftc" "\$@";;
    esac
done
exec "$real_swiftc" "\$@" -target-cpu "$cpu"
WRAP
    chmod +x "$wrapper_dir/swiftc"
    export SWIFT_EXEC="$wrapper_dir/swiftc"
    scratch=".build-$BENCH_TARGET_CPU"
else
    scratch=".build"
fi

echo "== package-benchmark ($target)"
swift package --scratch-path "$scratch" --allow-writing-to-directory "$out" benchmark \
    --no-progress --time-units microseconds --format histogramPercentiles --path "$out" ${BENCH_ARGS:-}

echo "== malloc gate (Benchmarks/Thresholds)"
swift package --scratch-path "$scratch" benchmark thresholds check --metric mallocCountTotal --no-progress ${BENCH_ARGS:-} \
    > "$out/malloc-gate.txt" 2>&1 || { cat "$out/malloc-gate.txt"; echo "malloc counts changed" >&2; exit 1; }
grep -E "EQUAL|BETTER|WORSE|regress|improv" "$out/malloc-gate.txt" || true

echo "== SciPy and pandas peers (Benchmarks/peer/)"
# PEER_PYTHON: the interpreter with the pinned versions (make bench-compare sets up Benchmarks/peer/.venv).
py="${PEER_PYTHON:-python3}"
# Unset the OpenBLAS overrides for this command only (they slow current NumPy).
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" peer/scipy_peer.py > "$out/scipy.json"
"$py" -c "import pandas" 2>/dev/null || "$py" -m pip install -q -r peer/requirements.txt
# The same CSV file SessionIOBenchmarks wrote to the temporary directory.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" peer/pandas_peer.py > "$out/pandas.json"
# The whole analysis, form included, on the same CSV (analysis timed, reading not).
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" peer/rep_peer.py > "$out/reps.json"

python3 compare.py "$out" "$target" | tee "$out/table.md"
