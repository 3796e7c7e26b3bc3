#!/usr/bin/env python3
"""The pandas and NumPy peers of Benchmarks/SessionIOBenchmarks: pandas.read_csv
(C engine) on the same one-hour, two-cable CSV file that the Swift benchmark
wrote (readCSV); and, for the binary reader (readCFB), the same samples as a
float64 .npy file memory-mapped with numpy.load(mmap_mode="r") and copied into
memory (what CableForm's reader delivers: arrays in memory).

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

import numpy as np
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
    # The same samples, column-major float64, as .npy; memory-mapped and copied into memory.
    npy = os.path.join(tempfile.gettempdir(), "cableform-bench-1h.npy")
    np.save(npy, np.ascontiguousarray(df.to_numpy(dtype=np.float64).T))
    np.array(np.load(npy, mmap_mode="r"))  # warm the page cache
    mapped = []
    for _ in range(5):
        t0 = time.perf_counter()
        columns = np.array(np.load(npy, mmap_mode="r"))
        mapped.append(time.perf_counter() - t0)
    print(f"readCFB peer (numpy.load mmap + copy): {statistics.median(mapped) * 1e3:.1f} ms, {columns.shape}", file=sys.stderr)
    print(json.dumps({
        "versions": {"python": platform.python_version(), "pandas": pd.__version__},
        "samples": len(df),
        "results": {"readCSV": {"median_s": statistics.median(runs), "min_s": min(runs), "runs": len(runs)},
                    "readCFB": {"median_s": statistics.median(mapped), "min_s": min(mapped), "runs": len(mapped)}},
    }, indent=1))


if __name__ == "__main__":
    main()
