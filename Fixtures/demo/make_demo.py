#!/usr/bin/env python3
"""Write Fixtures/demo/seated_row_demo.csv: a small, deterministic stand-in
recording for `make demo` until the simulated machine exists.

One cable, 8 reps of a seated row at a 2-1-2-1 tempo (eccentric, bottom pause,
concentric, top pause), 0.45 m range, minimum-jerk phases, 12.5 kg commanded
load, sampled at a nominal 200 Hz with 0.5 ms clock jitter, 0.2 mm encoder
quantisation and 2 N load-cell noise. Only the standard library is used.
"""
import math
import os
import random

random.seed(20261126)
FS = 200.0
G = 9.81
LOAD_KG = 12.5
HANDLE_KG = 0.4
ROM = 0.45
REST = 0.08  # cable length at rest, m


def mj(s):
    """Minimum-jerk position profile on [0, 1]."""
    return 10 * s**3 - 15 * s**4 + 6 * s**5


def mj_acc(s, duration):
    return (60 * s - 180 * s**2 + 120 * s**3) / duration**2


segments = [(1.5, "idle")]
for rep in range(8):
    segments += [(2.0 - 0.05 * rep, "conc"), (1.0, "top"), (2.0, "ecc"), (1.0, "bottom")]
segments.append((1.5, "idle"))

rows = []
t = 0.0
k = 0
total = sum(d for d, _ in segments)
while t < total:
    # Which segment is t in?
    acc_t = 0.0
    for duration, kind in segments:
        if t < acc_t + duration:
            s = (t - acc_t) / duration
            break
        acc_t += duration
    if kind == "conc":
        x, a = REST + ROM * mj(s), ROM * mj_acc(s, duration)
    elif kind == "ecc":
        x, a = REST + ROM * (1 - mj(s)), -ROM * mj_acc(s, duration)
    elif kind == "top":
        x, a = REST + ROM, 0.0
    else:
        x, a = REST, 0.0
    force = LOAD_KG * G + HANDLE_KG * a + random.gauss(0, 2.0)
    if kind == "idle":
        force = 15.0 + random.gauss(0, 0.5)
    x_q = round(x / 0.0002) * 0.0002
    rows.append((t, x_q, max(force, 5.0)))
    k += 1
    t = k / FS + random.gauss(0, 0.0005)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seated_row_demo.csv")
with open(path, "w") as f:
    f.write("# cableform-csv 1\n# exercise: seated_row\n# load_kg: 12.5\n# note: demo stand-in, see make_demo.py\n")
    f.write("time_s,left_position_m,left_force_n\n")
    for t, x, force in rows:
        f.write(f"{t:.5f},{x:.4f},{force:.2f}\n")
print(path, len(rows), "samples")
