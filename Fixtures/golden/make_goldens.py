#!/usr/bin/env python3
"""Regenerate the SciPy/NumPy golden vectors that CableFormDSP is tested against.

Usage:  python3 Fixtures/golden/make_goldens.py      (or `make goldens`)

Writes one JSON file per kernel next to this script. Every input is built here
from fixed seeds, so the files are reproducible; CI only reads the committed
files and never needs Python. The versions used are recorded in each file's
"generator" field; the committed goldens were made with the versions pinned in
requirements.txt beside this script.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import signal, linalg

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = {"numpy": np.__version__, "scipy": scipy.__version__, "python": sys.version.split()[0]}


def write(name, payload):
    payload = {"generator": GENERATOR, **payload}
    path = os.path.join(HERE, name + ".json")
    with open(path, "w") as f:
        json.dump(payload, f, separators=(",", ":"))
    print(f"{path}: {os.path.getsize(path) / 1024:.0f} KiB")


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def signals():
    """Test signals: noise, a noisy step, a chirp with noise, a ramp, a short one."""
    rng = np.random.default_rng(20261126)
    fs = 500.0
    t = np.arange(1500) / fs
    out = {
        "noise": rng.standard_normal(800),
        "step": np.concatenate([np.zeros(300), np.ones(300)]) + 0.01 * rng.standard_normal(600),
        "chirp": np.sin(2 * np.pi * (0.5 + 4.0 * t) * t) + 0.05 * rng.standard_normal(t.size),
        # A smooth pull: 0.5 m over 1.5 s, held, released (minimum-jerk shape), plus encoder noise.
        "pull": np.concatenate([
            0.5 * (10 * s**3 - 15 * s**4 + 6 * s**5) for s in [np.linspace(0, 1, 400)]
        ] + [np.full(100, 0.5)]) + 0.0005 * rng.standard_normal(500),
        "short": rng.standard_normal(61),
    }
    return {k: floats(v) for k, v in out.items()}


def butter_cases():
    cases = []
    for fs in (100.0, 500.0, 1000.0):
        for order in range(1, 9):
            cases.append({"order": order, "band": "lowpass", "cutoff": [fs * 0.016], "fs": fs})
            cases.append({"order": order, "band": "highpass", "cutoff": [fs * 0.004], "fs": fs})
            cases.append({"order": order, "band": "bandpass", "cutoff": [fs * 0.002, fs * 0.04], "fs": fs})
    # Near the edges of the allowed range.
    cases.append({"order": 4, "band": "lowpass", "cutoff": [0.49 * 500], "fs": 500.0})
    cases.append({"order": 2, "band": "lowpass", "cutoff": [0.1], "fs": 1000.0})
    cases.append({"order": 3, "band": "bandpass", "cutoff": [0.5, 240.0], "fs": 500.0})
    for c in cases:
        wn = c["cutoff"][0] if c["band"] != "bandpass" else c["cutoff"]
        sos = signal.butter(c["order"], wn, btype=c["band"], fs=c["fs"], output="sos")
        c["sos"] = [floats(row) for row in sos]
        c["zi"] = floats(signal.sosfilt_zi(sos))
    return cases


def main():
    sig = signals()
    write("signals", {"signals": sig})

    butter = butter_cases()
    write("butter", {"cases": butter})

    # Streaming filter: from rest, and from the steady state of the first sample.
    filt_cases = []
    designs = [(2, "lowpass", 8.0, 500.0), (4, "lowpass", 8.0, 500.0), (5, "highpass", 2.0, 500.0),
               (3, "bandpass", [1.0, 20.0], 500.0)]
    for order, band, wn, fs in designs:
        sos = signal.butter(order, wn, btype=band, fs=fs, output="sos")
        for name in ("noise", "step", "chirp", "pull"):
            x = np.array(sig[name])
            y0 = signal.sosfilt(sos, x)
            zi = signal.sosfilt_zi(sos) * x[0]
            y1, zf = signal.sosfilt(sos, x, zi=zi)
            filt_cases.append({"sos": [floats(r) for r in sos], "signal": name,
                               "from_rest": floats(y0), "from_steady": floats(y1), "final_state": floats(zf)})
    write("sosfilt", {"cases": filt_cases})

    ff_cases = []
    for order, band, wn, fs in designs:
        sos = signal.butter(order, wn, btype=band, fs=fs, output="sos")
        for name in ("noise", "step", "chirp", "pull", "short"):
            x = np.array(sig[name])
            for padlen in (None, 0, 50):
                if padlen is not None and padlen >= x.size:
                    continue
                y = signal.sosfiltfilt(sos, x, padlen=padlen)
                ff_cases.append({"sos": [floats(r) for r in sos], "signal": name,
                                 "padlen": -1 if padlen is None else padlen, "y": floats(y)})
    write("sosfiltfilt", {"cases": ff_cases})

    coeff_cases = []
    for wl in (1, 3, 5, 11, 31, 51):
        for po in range(0, 5):
            if po >= wl:
                continue
            for deriv in range(0, 4):
                for delta in (1.0, 0.002):
                    c = signal.savgol_coeffs(wl, po, deriv=deriv, delta=delta, use="dot")
                    coeff_cases.append({"window": wl, "order": po, "deriv": deriv, "delta": delta,
                                        "pos": -1, "use_dot": floats(c)})
    for wl, po, pos in ((5, 2, 0), (5, 2, 3), (11, 3, 1), (31, 4, 29)):
        c = signal.savgol_coeffs(wl, po, pos=pos, use="dot")
        coeff_cases.append({"window": wl, "order": po, "deriv": 0, "delta": 1.0, "pos": pos, "use_dot": floats(c)})
    write("savgol_coeffs", {"cases": coeff_cases})

    sg_cases = []
    for name in ("noise", "step", "pull", "short"):
        x = np.array(sig[name])
        for wl, po, deriv in ((5, 2, 0), (11, 3, 1), (31, 3, 1), (31, 4, 2), (51, 4, 0), (51, 3, 3), (7, 1, 2)):
            delta = 0.002
            for mode in ("interp", "mirror", "nearest", "constant", "wrap"):
                if mode == "interp" and wl > x.size:
                    continue
                y = signal.savgol_filter(x, wl, po, deriv=deriv, delta=delta, mode=mode, cval=0.25)
                sg_cases.append({"signal": name, "window": wl, "order": po, "deriv": deriv, "delta": delta,
                                 "mode": mode, "cval": 0.25, "y": floats(y)})
    # A window longer than the signal (non-interp modes only).
    x = np.array(sig["short"][:9])
    for mode in ("mirror", "nearest", "constant", "wrap"):
        y = signal.savgol_filter(x, 21, 2, mode=mode, cval=0.25)
        sg_cases.append({"signal": "short9", "window": 21, "order": 2, "deriv": 0, "delta": 1.0,
                         "mode": mode, "cval": 0.25, "y": floats(y)})
    write("savgol_filter", {"cases": sg_cases})

    grad_cases = []
    for name in ("noise", "step", "pull", "short"):
        x = np.array(sig[name])
        for spacing in (1.0, 0.002):
            for edge in (1, 2):
                grad_cases.append({"signal": name, "spacing": spacing, "edge_order": edge,
                                   "y": floats(np.gradient(x, spacing, edge_order=edge))})
    for n, edge in ((2, 1), (3, 2), (3, 1)):
        x = np.array(sig["short"][:n])
        grad_cases.append({"signal": f"short{n}", "spacing": 0.5, "edge_order": edge,
                           "y": floats(np.gradient(x, 0.5, edge_order=edge))})
    write("gradient", {"cases": grad_cases})

    rng = np.random.default_rng(7)
    fft_cases = []
    for n in (1, 2, 3, 7, 8, 100, 128, 1000, 1024, 4097):
        x = rng.standard_normal(n)
        X = np.fft.rfft(x)
        # Inverse of an arbitrary spectrum, imaginary DC/Nyquist parts included
        # (irfft ignores them).
        S = rng.standard_normal(n // 2 + 1) + 1j * rng.standard_normal(n // 2 + 1)
        fft_cases.append({"n": n, "x": floats(x), "re": floats(X.real), "im": floats(X.imag),
                          "spec_re": floats(S.real), "spec_im": floats(S.imag),
                          "irfft": floats(np.fft.irfft(S, n=n))})
    # Zero padding: rfft(x, n) with len(x) < n.
    x = rng.standard_normal(300)
    X = np.fft.rfft(x, n=512)
    fft_cases.append({"n": 512, "x": floats(x), "re": floats(X.real), "im": floats(X.imag),
                      "spec_re": [], "spec_im": [], "irfft": []})
    write("rfft", {"cases": fft_cases})

    # Peaks: a signal with plateaus, noise, and a rep-like force trace.
    rng = np.random.default_rng(11)
    plateau = np.round(3 * np.sin(np.linspace(0, 12 * np.pi, 400)) + rng.standard_normal(400), 0)
    reps = np.concatenate([np.sin(np.linspace(0, np.pi, 250)) ** 2 * (1 + 0.1 * k) for k in range(8)])
    reps = reps + 0.02 * rng.standard_normal(reps.size)
    peak_signals = {"plateau": floats(plateau), "noise": sig["noise"], "reps": floats(reps), "chirp": sig["chirp"]}
    criteria = [
        {},
        {"height": [0.5, None]},
        {"height": [None, 1.0]},
        {"height": [0.0, 2.0], "threshold": [0.01, None]},
        {"threshold": [None, 0.5]},
        {"distance": 5},
        {"distance": 60.5},
        {"prominence": [0.5, None]},
        {"prominence": [0.2, 3.0], "wlen": 41},
        {"width": [3.0, None]},
        {"width": [2.0, 50.0], "rel_height": 0.8},
        {"prominence": [0.3, None], "width": [1, None], "wlen": 100.5, "rel_height": 1.0},
        {"plateau_size": [2, None]},
        {"plateau_size": [1, 1], "height": [0.0, None], "distance": 3, "prominence": [0.1, None], "width": [0.5, None]},
    ]
    peak_cases = []

    def unpack(v):
        return None if v is None else (tuple(v) if isinstance(v, list) else v)

    for name, x in peak_signals.items():
        for crit in criteria:
            kwargs = {k: unpack(v) for k, v in crit.items()}
            peaks, props = signal.find_peaks(np.array(x), **kwargs)
            # Ties in priority under `distance` are ordered differently by NumPy's
            # unstable argsort: only keep cases without exact ties between peaks.
            if "distance" in crit:
                h = np.array(x)[signal.find_peaks(np.array(x))[0]]
                if len(np.unique(h)) != len(h):
                    continue
            peak_cases.append({"signal": name, "criteria": crit, "peaks": [int(p) for p in peaks],
                               "properties": {k: floats(v) for k, v in props.items()}})
    write("find_peaks", {"signals": peak_signals, "cases": peak_cases})

    # Linear resampling of irregular times, compared with numpy.interp (no gaps).
    rng = np.random.default_rng(3)
    interp_cases = []
    for n, rate in ((200, 100.0), (1000, 250.0), (57, 30.0)):
        t = np.cumsum(rng.uniform(0.5, 1.5, n)) / rate
        y = np.sin(2 * np.pi * 1.3 * t) + 0.1 * rng.standard_normal(n)
        grid = t[0] + np.arange(int(np.floor((t[-1] - t[0]) * rate)) + 1) / rate
        grid = grid[grid <= t[-1]]
        interp_cases.append({"t": floats(t), "y": floats(y), "rate": rate, "grid_start": float(t[0]),
                             "values": floats(np.interp(grid, t, y))})
    write("interp", {"cases": interp_cases})

    # Least squares: numpy/scipy lstsq with explicit rcond, rank reported.
    ls_cases = []
    a = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
    b = np.array([1.0, 2.0, 2.0, 4.0])
    for rcond in (1e-12, 1e-10):
        sol, _, rank, sv = linalg.lstsq(a, b, cond=rcond, lapack_driver="gelsd")
        ls_cases.append({"rows": 4, "cols": 2, "a": floats(a.T), "b": floats(b), "rcond": rcond,
                         "x": floats(sol), "rank": int(rank), "sv": floats(sv)})
    a2 = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]])
    sol, _, rank, sv = linalg.lstsq(a2, np.array([2.0, 2.0, 2.0]), cond=1e-10, lapack_driver="gelsd")
    ls_cases.append({"rows": 3, "cols": 2, "a": floats(a2.T), "b": [2.0, 2.0, 2.0], "rcond": 1e-10,
                     "x": floats(sol), "rank": int(rank), "sv": floats(sv)})
    rng = np.random.default_rng(5)
    a3 = rng.standard_normal((3, 7))
    b3 = rng.standard_normal(3)
    sol, _, rank, sv = linalg.lstsq(a3, b3, cond=1e-12, lapack_driver="gelsd")
    ls_cases.append({"rows": 3, "cols": 7, "a": floats(a3.T), "b": floats(b3), "rcond": 1e-12,
                     "x": floats(sol), "rank": int(rank), "sv": floats(sv)})
    write("lstsq", {"cases": ls_cases})

    write("smoothness", {"cases": smoothness_cases()})
    write("force_plate_asymmetry", force_plate_asymmetry())


def sparc(speed, fs, padlevel, fc, amp_th):
    """Spectral arc length, written from Balasubramanian et al. (2015), eqs. for
    the modified SPARC: zero-padded magnitude spectrum normalised by its maximum,
    kept from the first to the last bin <= fc above amp_th, arc length with the
    frequency axis normalised to that band."""
    n = len(speed)
    nfft = int(2 ** (math.ceil(math.log2(n)) + padlevel))
    f = np.arange(0, fs, fs / nfft)
    mag = np.abs(np.fft.fft(speed, nfft))
    mag = mag / mag.max()
    band = np.nonzero(f <= fc)[0]
    above = np.nonzero(mag[band] >= amp_th)[0]
    sel = np.arange(band[above[0]], band[above[-1]] + 1)
    fsel, msel = f[sel], mag[sel]
    df = np.diff(fsel) / (fsel[-1] - fsel[0])
    return -float(sum(np.sqrt(df ** 2 + np.diff(msel) ** 2)))


def ldlj(velocity, fs):
    """Log dimensionless jerk, peak-speed form (Hogan & Sternad 2009;
    Balasubramanian et al. 2015): T = N dt, jerk by second differences."""
    dt = 1.0 / fs
    v = np.asarray(velocity)
    duration = len(v) * dt
    peak = np.max(np.abs(v))
    jerk = np.sum((np.diff(v, 2) / dt ** 2) ** 2) * dt
    return -math.log(duration ** 3 * jerk / peak ** 2)


def smoothness_cases():
    """Speed profiles: minimum jerk at several rates and durations, a hitch (two
    overlapping sub-movements), a thrown pull, and a noisy minimum jerk."""
    rng = np.random.default_rng(20261127)

    def mj(tau):
        return 30 * tau ** 2 * (1 - tau) ** 2

    cases = []
    for fs, duration in ((50.0, 2.0), (100.0, 2.0), (200.0, 1.5), (500.0, 3.0), (1000.0, 1.0)):
        tau = np.arange(int(duration * fs) + 1) / (duration * fs)
        profiles = {
            "minimum_jerk": 0.4 / duration * mj(tau),
            "hitch": 0.4 / duration * (0.6 / 0.6 * mj(np.clip(tau / 0.6, 0, 1))
                                       + 0.4 / 0.6 * mj(np.clip((tau - 0.4) / 0.6, 0, 1))),
            "thrown": 0.4 / duration * mj(1 - (1 - tau) ** 2) * 2 * (1 - tau),
            "noisy": np.abs(0.4 / duration * mj(tau) + 0.004 * rng.standard_normal(tau.size)),
        }
        for name, speed in profiles.items():
            for pad, fc, th in ((4, 10.0, 0.05), (2, 20.0, 0.1)):
                if fc >= fs / 2:
                    continue
                case = {"name": name, "fs": fs, "pad_level": pad, "cutoff": fc, "threshold": th,
                        "speed": floats(speed), "sparc": sparc(speed, fs, pad, fc, th),
                        "ldlj": ldlj(speed, fs)}
                padded = np.concatenate(([0.0], speed, [0.0]))
                case["speed_peaks"] = int(len(signal.find_peaks(padded, prominence=0.1 * speed.max())[0]))
                cases.append(case)
    return cases


def force_plate_asymmetry():
    """The force asymmetry index of the real ACL squat-jump recording over each
    labelled phase, computed from the raw files with the csv module and plain
    Python sums (no CableForm code, no NumPy): 100 (sum L - sum R) / (sum L +
    sum R) over the labelled data rows, both ends included. Plate 2 is the left
    foot, plate 1 the right (Fixtures/real/acl-squat-jump/README.md)."""
    import csv
    folder = os.path.join(HERE, "..", "real", "acl-squat-jump")
    with open(os.path.join(folder, "BFR007_squat_jump.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    end = next(i for i, r in enumerate(rows) if r and r[0] == "endheader")
    header = rows[end + 1]
    data = [r for r in rows[end + 2:] if r]
    left_col, right_col = header.index("ground_force2_vy"), header.index("ground_force1_vy")
    left = [float(r[left_col]) for r in data]
    right = [float(r[right_col]) for r in data]
    with open(os.path.join(folder, "BFR007_index.csv"), encoding="utf-8-sig", newline="") as f:
        index = {r[0]: [int(v) for v in r[1:]] for r in list(csv.reader(f))[1:] if r}
    cases = []
    for phase in ("Eccentric Phase", "Concentric Phase", "Jump Phase", "Landing Phase"):
        bounds = index[phase]
        for jump in range(3):
            first, last = bounds[2 * jump], bounds[2 * jump + 1]
            sl = math.fsum(left[first:last + 1])
            sr = math.fsum(right[first:last + 1])
            cases.append({"jump": jump + 1, "phase": phase.split()[0].lower(), "first_sample": first,
                          "last_sample": last, "mean_left_n": sl / (last - first + 1),
                          "mean_right_n": sr / (last - first + 1), "force_pct": 100 * (sl - sr) / (sl + sr)})
    return {"samples": len(left), "cases": cases}


if __name__ == "__main__":
    main()
