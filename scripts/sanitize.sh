#!/usr/bin/env bash
# The test suite under the sanitizers (docs/reliability.md):
#   bash scripts/sanitize.sh address   every test under AddressSanitizer (and LeakSanitizer)
#   bash scripts/sanitize.sh thread    the concurrent tests under ThreadSanitizer
#   bash scripts/sanitize.sh           both
# Each sanitizer builds in its own scratch directory (.build-asan, .build-tsan)
# so the plain build is left alone. Any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$PWD

# The suites that run work on several threads at once: many analyses sharing
# the FFTW plan cache, the live path's buffer between a producer and a consumer,
# FFTs planned and run from many tasks, the batch command's workers, one
# session analysed on two threads, and a large .cfb read while a second thread
# faults its columns in.
concurrent="ConcurrencyTests|LiveSessionTests|RealFFTTests|BatchTests|PipelinedAnalysisTests|BinaryReadPathTests"

# Sanitizer runtimes keep freed memory in quarantine and add shadow memory,
# so the tests that bound a process's memory are off under them.
export CABLEFORM_SANITIZER=1

address() {
    echo "== AddressSanitizer: the whole suite"
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1" \
    LSAN_OPTIONS="suppressions=$here/scripts/sanitizers/lsan.supp:print_suppressions=0" \
        swift test --sanitize=address --scratch-path .build-asan
}

thread() {
    echo "== ThreadSanitizer: $concurrent"
    # halt_on_error: the first race fails the run (and a CLI child's race its exit status).
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
        swift test --sanitize=thread --scratch-path .build-tsan --filter "$concurrent"
}

case "${1:-all}" in
    address) address ;;
    thread) thread ;;
    all) address; thread ;;
    *) echo "usage: $0 [address|thread|all]" >&2; exit 2 ;;
esac
