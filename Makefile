# CableForm developer commands. `make demo` and `make test` work on a fresh
# Debian machine with Swift installed: each first installs the system
# libraries (libfftw3-dev, liblapack-dev) when they are missing.

SWIFT ?= swift
PYTHON ?= python3

.PHONY: deps demo test sanitize fuzz bench bench-v3 bench-compare goldens fixtures docs clean

# Seconds per fuzz target for `make fuzz`.
SECONDS ?= 60

deps:
	@bash scripts/install-system-deps.sh

demo: deps
	$(SWIFT) run -c release cableform demo Fixtures/simulated/seated_row_200hz.csv

# The test suite with its long tests (4 h at 2 kHz streamed in bounded
# memory), the concurrent tests under ThreadSanitizer, then a deterministic
# smoke run of every fuzz target (fixed seed and run count, about a minute in
# all; docs/reliability.md).
test: deps
	CABLEFORM_LONG_TESTS=1 $(SWIFT) test
	bash scripts/sanitize.sh thread
	bash Fuzz/run.sh smoke

# Every test under AddressSanitizer and LeakSanitizer, and the concurrent ones
# under ThreadSanitizer (docs/reliability.md).
sanitize: deps
	bash scripts/sanitize.sh all

# Coverage-guided fuzzing of the readers and frame decoders, SECONDS per target.
fuzz: deps
	bash Fuzz/run.sh $(SECONDS)

# Throughput and malloc counts of every kernel (package-benchmark), then the
# SciPy peer on the same signals, and one table with the ratios.
bench: deps
	bash Benchmarks/run.sh

# The same, built for x86-64-v3 (AVX2 + FMA).
bench-v3: deps
	BENCH_TARGET_CPU=x86-64-v3 bash Benchmarks/run.sh

# CableForm and its NumPy/SciPy peer (Benchmarks/peer/, pinned in a virtual
# environment) on the same generated hour in one run: every stage's throughput,
# the ratio, and a check that both find the same reps with the same metrics.
bench-compare: deps
	python3 -m venv --system-site-packages Benchmarks/peer/.venv
	Benchmarks/peer/.venv/bin/python -m pip install -q -r Benchmarks/peer/requirements.txt
	PEER_PYTHON=$(CURDIR)/Benchmarks/peer/.venv/bin/python bash Benchmarks/run.sh

# Regenerate the SciPy/NumPy golden vectors (needs Python with numpy and scipy).
goldens:
	$(PYTHON) -c "import numpy, scipy" 2>/dev/null || $(PYTHON) -m pip install -r Fixtures/golden/requirements.txt
	$(PYTHON) Fixtures/golden/make_goldens.py

# Regenerate Fixtures/simulated/ (sessions, ground truth, manifest) and
# Fixtures/frames/ (frame logs, truth, link truth) from the fixture catalogues. Large benchmark sessions are written on demand instead:
#   swift run -c release cableform simulate benchmark --duration 3600 --rate 1000 out/hour.cfb
fixtures: deps
	$(SWIFT) run cableform simulate fixtures --output Fixtures/simulated
	$(SWIFT) run cableform simulate frames --output Fixtures/frames

docs:
	mkdir -p out
	for t in CableFormDSP CableForm CableFormDevice; do \
	    $(SWIFT) package --allow-writing-to-directory out/docs-$$t generate-documentation \
	        --target $$t --output-path out/docs-$$t --warnings-as-errors || exit 1; \
	done

clean:
	rm -rf .build Benchmarks/.build out
