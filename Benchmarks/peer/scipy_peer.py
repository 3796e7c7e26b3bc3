#!/usr/bin/env python3
"""The SciPy peer of Benchmarks/DSPBenchmarks: the same kernels on the same
signals (one hour at 1 kHz, 3.6 M samples, built bit-for-bit like
BenchmarkSignals.swift), timed with time.perf_counter.

Prints JSON: {"versions": {...}, "results": {name: {"median_s": ..., "runs": n}}}.
Usage: python3 Benchmarks/peer/scipy_peer.py [--repeat N] [--only NAME ...]
"""
import argparse
import json
import platform
import statistics
import sys
import time

import numpy as np
import scipy
from scipy import signal

N = 3_600_000
RATE = 1000.0
MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def splitmix_unit(seed, n):
    """Doubles in [0, 1) from SplitMix64 (the same stream as the Swift side)."""
    with np.errstate(over="ignore"):
        state = np.uint64(seed) + np.arange(1, n + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


def pull(t):
    c = np.mod(t, 5.0)
    mj = lambda s: s * s * s * (10 - 15 * s + 6 * s * s)
    return np.select([c < 2, c < 2.5, c < 4.5], [0.5 * mj(c / 2), 0.5, 0.5 * (1 - mj((c - 2.5) / 2))], 0.0)


def signals():
    i = np.arange(N, dtype=np.float64)
    t = i / RATE
    position = pull(t) + 0.0005 * (splitmix_unit(1, N) - 0.5)
    phase = np.mod(t, 5.0)
    force = np.where(phase < 4, 122.6 * np.sin(np.pi * phase / 4), 0.0) + 15 + 4 * (splitmix_unit(2, N) - 0.5)
    times = (i + 0.4 * (splitmix_unit(3, N) - 0.5)) / RATE
    return position, force, times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()

    position, force, times = signals()
    sos = signal.butter(4, 8, fs=RATE, output="sos")
    zi = signal.sosfilt_zi(sos) * position[0]

    # 360 000 Python-level calls take ~30 s, so the streaming peer runs on the
    # first tenth of the hour and its time is scaled by 10 (reported as such).
    chunk_fraction = 10

    def sosfilt_chunks10():
        z = zi.copy()
        for s in range(0, N // chunk_fraction, 10):
            _, z = signal.sosfilt(sos, position[s:s + 10], zi=z)

    def frames4096():
        frames = (N // 4096)
        return np.fft.rfft(position[: frames * 4096].reshape(frames, 4096), axis=1)

    def resample():
        grid = times[0] + np.arange(int(np.floor((times[-1] - times[0]) * RATE)) + 1) / RATE
        gaps = np.flatnonzero(np.diff(times) > 0.05)
        return np.interp(grid, times, position), gaps

    cases = {
        "SOSFilter.block": lambda: signal.sosfilt(sos, position, zi=zi),
        "SOSFilter.chunks10": sosfilt_chunks10,
        "filtfilt": lambda: signal.sosfiltfilt(sos, position),
        "SavitzkyGolay.w31": lambda: signal.savgol_filter(position, 31, 3, deriv=1, delta=0.001),
        "gradient": lambda: np.gradient(position, 0.001),
        "RealFFT.hour": lambda: np.fft.rfft(position),
        "RealFFT.frames4096": frames4096,
        "findPeaks": lambda: signal.find_peaks(force, distance=1000, prominence=20, width=50),
        "resampleLinear": resample,
    }
    results = {}
    for name, fn in cases.items():
        if args.only and name not in args.only:
            continue
        repeat = 3 if name == "SOSFilter.chunks10" else args.repeat
        fn()  # warm-up
        runs = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t0)
        scale = chunk_fraction if name == "SOSFilter.chunks10" else 1
        results[name] = {"median_s": statistics.median(runs) * scale, "min_s": min(runs) * scale, "runs": repeat}
        if scale != 1:
            results[name]["scaled_from_fraction"] = 1 / scale
        print(f"{name}: {results[name]['median_s'] * 1e3:.1f} ms", file=sys.stderr)
    print(json.dumps({
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
        "samples": N,
        "results": results,
    }, indent=1))


if __name__ == "__main__":
    main()
