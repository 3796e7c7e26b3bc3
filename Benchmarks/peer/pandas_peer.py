#!/usr/bin/env python3
"""The pandas peer of Benchmarks/SessionIOBenchmarks: pandas.read_csv (C engine)
on the same one-hour, two-cable CSV file that the Swift benchmark wrote.

Usage: python3 Benchmarks/peer/pandas_peer.py [PATH]   (default: $TMPDIR/cableform-bench-1h.csv)
Prints JSON in the same shape as scipy_peer.py.
"""
import json
import os
import platform
import statistics
import sys
import tempfile
import time

import pandas as pd


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(tempfile.gettempdir(), "cableform-bench-1h.csv")
    pd.read_csv(path, comment="#", engine="c")  # warm the page cache
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        df = pd.read_csv(path, comment="#", engine="c")
        runs.append(time.perf_counter() - t0)
    print(f"readCSV (pandas): {statistics.median(runs) * 1e3:.1f} ms, {len(df)} rows", file=sys.stderr)
    print(json.dumps({
        "versions": {"python": platform.python_version(), "pandas": pd.__version__},
        "samples": len(df),
        "results": {"readCSV": {"median_s": statistics.median(runs), "min_s": min(runs), "runs": len(runs)}},
    }, indent=1))


if __name__ == "__main__":
    main()
