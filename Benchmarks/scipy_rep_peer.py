#!/usr/bin/env python3
"""The SciPy peer of AnalysisBenchmarks.analyzeHour: a plain SciPy rep
pipeline (the one docs/algorithms.md compares against) on the same hour of
two-cable samples at 1 kHz, read from the CSV that SessionIOBenchmarks writes
to the temporary directory. Reading the file is not timed; analysis is.

Pipeline (vectorised NumPy/SciPy, a Python loop only over movements):
numpy.interp onto the 1 kHz grid, the mean position of the cables,
sosfiltfilt(butter(4, 8 Hz)), numpy.gradient, hysteresis runs of velocity
(0.05 m/s on, 0.02 m/s off), boundaries walked outward to the speed minimum,
runs shorter than 5 cm dropped, concentric/eccentric pairs as reps, and per
rep its range, mean and peak concentric velocity, mean and peak power and work.

Prints JSON: {"versions": {...}, "results": {"analyzeHour": {"median_s", "min_s", "runs", "reps"}}}.
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
import scipy
from scipy import signal


def analyse(t, pos, force, rate=1000.0):
    grid = np.arange(t[0], t[-1], 1.0 / rate)
    p = np.stack([np.interp(grid, t, x) for x in pos])
    f = np.stack([np.interp(grid, t, x) for x in force])
    sos = signal.butter(4, 8.0, fs=rate, output="sos")
    ps = signal.sosfiltfilt(sos, p, axis=1)
    v = np.gradient(ps, 1.0 / rate, axis=1)
    xm, vm = ps.mean(axis=0), v.mean(axis=0)
    runs = []
    for sign in (1.0, -1.0):
        s = sign * vm
        moving = s >= 0.02
        edges = np.flatnonzero(np.diff(np.concatenate(([0], moving.view(np.int8), [0]))))
        for a, b in zip(edges[::2], edges[1::2]):
            if s[a:b].max() < 0.05:
                continue
            while a > 0 and 0 <= s[a - 1] <= s[a]:
                a -= 1
            while b < len(s) and 0 <= s[b] <= s[b - 1]:
                b += 1
            if abs(xm[b - 1] - xm[a]) >= 0.05:
                runs.append((a, b, sign))
    runs.sort()
    reps = []
    for (a, b, s1), (c, d, s2) in zip(runs, runs[1:]):
        if s1 > 0 and s2 < 0:
            power = (f[:, a:b] * v[:, a:b]).sum(axis=0)
            reps.append({
                "rom": float(xm[a:d].max() - xm[a:d].min()),
                "mcv": float((xm[b - 1] - xm[a]) * rate / (b - a)),
                "pcv": float(vm[a:b].max()),
                "mean_power": float(power.mean()),
                "peak_power": float(power.max()),
                "work": float(sum(np.trapezoid(f[k, a:b], p[k, a:b]) for k in range(p.shape[0]))),
                "tempo": ((d - c) / rate, (c - b) / rate, (b - a) / rate),
            })
    return reps


def main():
    path = os.path.join(tempfile.gettempdir(), "cableform-bench-1h.csv")
    frame = pd.read_csv(path, comment="#")
    t = frame["time_s"].to_numpy()
    pos = [frame[f"{c}_position_m"].to_numpy() for c in ("left", "right")]
    force = [frame[f"{c}_force_n"].to_numpy() for c in ("left", "right")]
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    times, reps = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        reps = analyse(t, pos, force)
        times.append(time.perf_counter() - start)
    print(json.dumps({
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
        "results": {"analyzeHour": {"median_s": statistics.median(times), "min_s": min(times), "runs": repeat,
                                    "reps": len(reps)}},
    }))


if __name__ == "__main__":
    main()
