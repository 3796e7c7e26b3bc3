#!/usr/bin/env python3
"""The pandas and NumPy peers of Benchmarks/SessionIOBenchmarks: pandas.read_csv
(C engine) on the same one-hour, two-cable CSV file that the Swift benchmark
wrote (readCSV); and, for the binary reader (readCFB), the same samples as a
float64 .npy file memory-mapped with numpy.load(mmap_mode="r") and copied into
memory (what CableForm's reader delivers: arrays in memory); and the .cfb
file itself read the way CableForm reads it (readCFBChecked): memory-mapped,
every chunk's CRC-32 checked with zlib.crc32, its columns copied into arrays.

Usage: python3 Benchmarks/peer/pandas_peer.py [PATH]   (default: $TMPDIR/cableform-bench-1h.csv)
Prints JSON in the same shape as scipy_peer.py.
"""
import json
import os
import struct
import zlib
import platform
import statistics
import sys
import tempfile
import time

import numpy as np
import pandas as pd


def read_cfb(path):
    """The samples of a .cfb file (docs/formats.md), every chunk's CRC-32 checked, as a (channels, n) array."""
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    length = struct.unpack_from("<I", raw, 8)[0]
    channels = len(json.loads(bytes(raw[16:16 + length]))["channels"])
    offset = 16 + length
    out = np.empty((channels, (raw.size - offset) // (8 * channels)))
    rows = 0
    while offset < raw.size:
        n, crc = struct.unpack_from("<II", raw, offset + 4)
        payload = raw[offset + 12:offset + 12 + 8 * channels * n]
        if zlib.crc32(payload) != crc:
            raise ValueError(f"chunk at byte {offset}: checksum mismatch")
        out[:, rows:rows + n] = np.frombuffer(payload, dtype="<f8").reshape(channels, n)
        rows += n
        offset += 12 + 8 * channels * n
    return out[:, :rows]


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
    # The .cfb that the Swift benchmark wrote beside the CSV, read with its checksums.
    cfb = os.path.splitext(path)[0] + ".cfb"
    checked = []
    if os.path.exists(cfb):
        read_cfb(cfb)  # warm the page cache
        for _ in range(5):
            t0 = time.perf_counter()
            columns = read_cfb(cfb)
            checked.append(time.perf_counter() - t0)
        print(f"readCFBChecked peer (mmap + zlib.crc32 + copy): {statistics.median(checked) * 1e3:.1f} ms, {columns.shape}",
              file=sys.stderr)
    print(json.dumps({
        "versions": {"python": platform.python_version(), "pandas": pd.__version__},
        "samples": len(df),
        "results": {"readCSV": {"median_s": statistics.median(runs), "min_s": min(runs), "runs": len(runs)},
                    "readCFB": {"median_s": statistics.median(mapped), "min_s": min(mapped), "runs": len(mapped)},
                    **({"readCFBChecked": {"median_s": statistics.median(checked), "min_s": min(checked),
                                           "runs": len(checked)}} if checked else {})},
    }, indent=1))


if __name__ == "__main__":
    main()
