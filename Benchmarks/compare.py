#!/usr/bin/env python3
"""Joins package-benchmark's percentile exports with the SciPy and pandas peers' timings.

Usage: python3 Benchmarks/compare.py RESULTS_DIR TARGET_LABEL
Prints a Markdown table: median time, samples per second, mallocs per call,
the SciPy peer's median time and throughput, and the speed ratio.
"""
import glob
import json
import os
import platform
import re
import sys
import tempfile

SAMPLES = 3_600_000
# Benchmarks that process fewer samples per call than the hour.
COUNTS = {"streamSteadyState": 20_000, "decodeFrames": 600_000, "adaptFrames": 600_000,
          "streamBlocks20": 600_000, "streamBlocks4096": 600_000, "streamBlocksSteadyState": 20_000,
          "analyzeMinutes1": 60_000, "analyzeMinutes10": 600_000, "analyzeMinutes60": 3_600_000,
          "analyzeMinutes240": 14_400_000, "streamHours1": 3_600_000, "streamHours4": 14_400_000}



def fixture_samples():
    """The samples in the committed fixtures (Fixtures/simulated/*.csv: data rows, not comments or the header)."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "simulated")
    total = 0
    for path in glob.glob(os.path.join(root, "*.csv")):
        with open(path) as f:
            rows = [line for line in f if line.strip() and not line.startswith("#")]
        total += len(rows) - 1
    return total


COUNTS["analyzeFixtures"] = COUNTS["readFixtures"] = fixture_samples()


def percentile(path, q):
    with open(path) as f:
        header = next(f)
        # package-benchmark exports large counts in thousands, "(K)" in the header.
        scale = 1_000_000 if "(M)" in header else 1000 if "(K)" in header else 1
        for line in f:
            p, v = line.split("\t")
            if float(p) == q:
                return float(v) * scale
    raise ValueError(f"no p{q} in {path}")


def main():
    out, target = sys.argv[1], sys.argv[2]
    swift = {}
    for path in glob.glob(os.path.join(out, "*.histogram.percentiles.tsv")):
        m = re.match(r"Current_run\.(\w+)\.(.+)\.(wallClock|mallocCountTotal|peakMemoryResident)\.histogram", os.path.basename(path))
        if m:
            # The minimum (p0) is the least disturbed run on a shared, noisy VM;
            # the peers report their minimum too.
            swift.setdefault(m.group(2), {})[m.group(3)] = percentile(path, 0)
    peer = json.load(open(os.path.join(out, "scipy.json")))
    v = peer["versions"]
    pandas_path = os.path.join(out, "pandas.json")
    if os.path.exists(pandas_path):
        pandas = json.load(open(pandas_path))
        peer["results"].update(pandas["results"])
        v["pandas"] = pandas["versions"]["pandas"]
    reps_path = os.path.join(out, "reps.json")
    agreement = None
    if os.path.exists(reps_path):
        peer["results"].update(json.load(open(reps_path))["results"])
        summary_path = os.path.join(tempfile.gettempdir(), "cableform-bench-summary.json")
        if os.path.exists(summary_path) and "analyzeHour" in swift:  # only a summary from this run
            ours, theirs = json.load(open(summary_path)), peer["results"]["analyzeHour"]
            mcv = abs(ours["mean_mcv_mps"] - theirs["mean_mcv_mps"]) / theirs["mean_mcv_mps"]
            sparc = abs(ours["mean_sparc"] - theirs["mean_sparc"]) / abs(theirs["mean_sparc"])
            ok = ours["reps"] == theirs["reps"] and mcv < 0.05 and sparc < 0.05
            agreement = (ok, f"Agreement on the hour: CableForm {ours['reps']} reps, peer {theirs['reps']}; "
                             f"mean concentric velocity {ours['mean_mcv_mps']:.4f} vs {theirs['mean_mcv_mps']:.4f} m/s "
                             f"({100 * mcv:.1f}% apart); mean concentric SPARC {ours['mean_sparc']:.3f} vs "
                             f"{theirs['mean_sparc']:.3f} ({100 * sparc:.1f}% apart) — {'agree' if ok else 'DISAGREE'}.")
    print(f"### {target} build, {platform.machine()}, one hour at 1 kHz ({SAMPLES:,} samples) per call\n")
    print(f"Peers: Python {v['python']}, NumPy {v['numpy']}, SciPy {v['scipy']}"
          + (f", pandas {v['pandas']} (readCSV; readCFB against numpy.load of the same samples as .npy, memory-mapped and copied)" if "pandas" in v else "")
          + ("; analyzeHour against Benchmarks/peer/rep_peer.py (the same per-rep results: velocities, power, work, tempo, SPARC, LDLJ, speed peaks, asymmetry indices and lag), the other analysis rows without a peer"
             if "analyzeHour" in peer["results"] else "")
          + ("; analyzeHour is `analyze`'s default (on this machine two threads: docs/architecture.md), analyzeHourSerial one thread"
             if "analyzeHourSerial" in swift else "")
          + ". Both sides: the fastest run (package-benchmark p0; the peers' minimum), the least\n"
          "disturbed measurement on a shared VM whose clock noise reaches 2×.\n")
    print("| kernel | Swift min (ms) | Swift (M samples/s) | mallocs/call | peer (ms) | peer (M samples/s) | Swift ÷ peer speed |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in sorted(swift):
        s = swift[name]
        t = s["wallClock"] / 1e6  # exported in microseconds
        n = COUNTS.get(name, SAMPLES)
        mallocs = s.get('mallocCountTotal', float('nan'))
        # Counts exported in thousands are known to ±500.
        shown = f"≈{mallocs:,.0f}" if mallocs >= 10000 else f"{mallocs:.0f}"
        row = f"| {name} | {t * 1e3:.1f} | {n / t / 1e6:.1f} | {shown} |"
        # The one-thread analysis of the hour against the same peer as the default (two threads).
        p = peer["results"].get("analyzeHour" if name == "analyzeHourSerial" else name)
        if p:
            pt = p.get("min_s", p["median_s"])
            note = " ¹" if "scaled_from_fraction" in p else ""
            row += f" {pt * 1e3:.1f}{note} | {n / pt / 1e6:.2f} | {pt / t:.2f}× |"
        else:
            row += " – | – | – |"
        print(row)
    if "readCSV" in swift and "readCFB" in swift:
        ratio = swift["readCSV"]["wallClock"] / swift["readCFB"]["wallClock"]
        print(f"\nReading the .cfb file is {ratio:.1f}× as fast as reading the same session's CSV.")
    memory = {name: s["peakMemoryResident"] for name, s in swift.items() if "peakMemoryResident" in s}
    if memory:
        print("\nPeak resident memory of the benchmark process (the samples it holds included; the hour as "
              "Float64 is 145 MB): " + ", ".join(f"{name} {m / 1e6:.0f} MB" for name, m in sorted(memory.items())) + ".")
    checked = peer["results"].get("readCFBChecked")
    if "readCFB" in swift and checked:
        t, pt = swift["readCFB"]["wallClock"] / 1e6, checked.get("min_s", checked["median_s"])
        print(f"\nreadCFB against a NumPy reader of the same .cfb that also checks every chunk's CRC-32 "
              f"(memory-mapped, zlib.crc32, copied): peer {pt * 1e3:.1f} ms, Swift ÷ peer speed {pt / t:.2f}×.")
    if any("scaled_from_fraction" in r for r in peer["results"].values()):
        print("\n¹ SciPy's streaming peer (`sosfilt` with `zi`, 10 samples per call) ran on the first tenth of the "
              "hour; its time is scaled ×10.")
    if agreement:
        print("\n" + agreement[1])
        if not agreement[0]:
            sys.exit(1)


if __name__ == "__main__":
    main()
