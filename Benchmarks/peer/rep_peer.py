#!/usr/bin/env python3
"""The NumPy/SciPy peer of the whole analysis: what a user would write to get
CableForm's per-rep results from the hour of two-cable 1 kHz samples that
SessionIOBenchmarks writes to the temporary directory (reading not timed).

Per rep, the same quantities as CableForm: range, mean and peak concentric
velocity, mean and peak power, work, the tempo; per phase SPARC (Balasubramanian
2015: pad level 4, 10 Hz, threshold 0.05; an FFT per phase), LDLJ and speed
peaks; between the cables the force, range and work asymmetry indices and the
lag by FFT cross-correlation. Vectorised NumPy/SciPy, a Python loop over reps.

Prints JSON: {"versions": {...}, "results": {"analyzeHour": {...,"reps", "mean_mcv_mps", "mean_sparc"}}}.
"""
import json
import math
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


def sparc(speed, fs, padlevel=4, fc=10.0, amp_th=0.05):
    n = len(speed)
    nfft = int(2 ** (math.ceil(math.log2(n)) + padlevel))
    f = np.arange(nfft) * (fs / nfft)
    mag = np.abs(np.fft.fft(speed, nfft))
    mag = mag / mag.max()
    band = np.flatnonzero(f <= fc)
    above = np.flatnonzero(mag[band] >= amp_th)
    sel = slice(band[above[0]], band[above[-1]] + 1)
    fsel, msel = f[sel], mag[sel]
    df = np.diff(fsel) / (fsel[-1] - fsel[0])
    return -float(np.sum(np.sqrt(df ** 2 + np.diff(msel) ** 2)))


def ldlj(v, fs):
    dt = 1.0 / fs
    jerk = np.sum((np.diff(v, 2) / dt ** 2) ** 2) * dt
    return -math.log((len(v) * dt) ** 3 * jerk / np.max(np.abs(v)) ** 2)


def index(a, b):
    return 100.0 * (a - b) / (a + b) if a + b != 0 else None


def lag(left, right, dt, reach=0.5):
    a, b = left - 0.5 * (left[0] + left[-1]), right - 0.5 * (right[0] + right[-1])
    n = 1 << int(math.ceil(math.log2(2 * len(a))))
    c = np.fft.irfft(np.conj(np.fft.rfft(a, n)) * np.fft.rfft(b, n), n)
    k = int(reach / dt)
    window = np.concatenate((c[-k:], c[:k + 1]))
    return (int(np.argmax(window)) - k) * dt


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
    dt = 1.0 / rate
    for (a, b, s1), (c, d, s2) in zip(runs, runs[1:]):
        if not (s1 > 0 and s2 < 0):
            continue
        power = (f[:, a:b] * v[:, a:b]).sum(axis=0)
        works = [float(np.trapezoid(f[k, a:b], p[k, a:b])) for k in range(p.shape[0])]
        rep = {
            "rom": float(xm[a:d].max() - xm[a:d].min()),
            "mcv": float((xm[b - 1] - xm[a]) * rate / (b - a)),
            "pcv": float(vm[a:b].max()),
            "mean_power": float(power.mean()),
            "peak_power": float(power.max()),
            "work": sum(works),
            "tempo": ((d - c) / rate, (c - b) / rate, (b - a) / rate),
        }
        for name, (x0, x1), sign in (("concentric", (a, b), 1.0), ("eccentric", (c, d), -1.0)):
            speed = np.maximum(sign * vm[x0:x1], 0.0)
            padded = np.concatenate(([0.0], speed, [0.0]))
            rep[name] = {"sparc": sparc(speed, rate), "ldlj": ldlj(speed, rate),
                         "speed_peaks": int(len(signal.find_peaks(padded, prominence=0.1 * speed.max())[0]))}
        ranges = np.ptp(ps[:, a:d], axis=1)
        mean_force = f[:, a:d].mean(axis=1)
        w0, w1 = max(a - 500, 0), min(d + 500, p.shape[1])
        rep["asymmetry"] = {"force_pct": index(*mean_force), "rom_pct": index(*ranges), "work_pct": index(*works),
                            "lag_s": lag(ps[0, w0:w1], ps[1, w0:w1], dt)}
        reps.append(rep)
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
                                    "reps": len(reps),
                                    "mean_mcv_mps": statistics.fmean(r["mcv"] for r in reps),
                                    "mean_sparc": statistics.fmean(r["concentric"]["sparc"] for r in reps)}},
    }))


if __name__ == "__main__":
    main()
