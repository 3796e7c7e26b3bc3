#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora from the committed fixtures (make fuzz calls it).

Usage: python3 Fuzz/seeds.py OUT_DIR
  OUT_DIR/FuzzCSV/        the first 16 KiB of every simulated session CSV
  OUT_DIR/FuzzBinary/     the same prefixes as .cfb files (docs/formats.md), 64 samples per chunk
  OUT_DIR/FuzzGenericFrame/, OUT_DIR/FuzzMonitorFrame/
                          the first 64 frames of every frame log of that layout, one file each
"""
import glob
import json
import os
import struct
import sys
import zlib

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
out = sys.argv[1]
for name in ["FuzzCSV", "FuzzBinary", "FuzzGenericFrame", "FuzzMonitorFrame"]:
    os.makedirs(os.path.join(out, name), exist_ok=True)

def cfb(csv_text, chunk=64):
    """A .cfb file of the samples of a session CSV's text (header lines starting with # skipped)."""
    lines = [l for l in csv_text.decode().splitlines() if l and not l.startswith("#")]
    names = lines[0].split(",")
    rows = [[float(v) for v in l.split(",")] for l in lines[1:]]
    channels = []
    for name in names:
        if name == "time_s":
            channels.append({"kind": "time", "name": name, "unit": "s"})
        else:
            cable, quantity = name.split("_")[0], name.split("_")[1]
            channels.append({"cable": cable, "kind": quantity, "name": name,
                             "unit": {"position": "m", "force": "N", "velocity": "m/s"}[quantity]})
    header = json.dumps({"channels": channels, "metadata": {"other": []}}, separators=(",", ":")).encode()
    out = b"\x89CFB" + struct.pack("<HHII", 1, 0, len(header), zlib.crc32(header)) + header
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        payload = b"".join(struct.pack(f"<{len(part)}d", *[r[c] for r in part]) for c in range(len(names)))
        out += b"CFBC" + struct.pack("<II", len(part), zlib.crc32(payload)) + payload
    return out


for path in sorted(glob.glob(os.path.join(root, "Fixtures/simulated/*.csv"))):
    data = open(path, "rb").read(16384)
    data = data[:data.rfind(b"\n") + 1]  # whole lines
    name = os.path.splitext(os.path.basename(path))[0]
    open(os.path.join(out, "FuzzCSV", name + ".csv"), "wb").write(data)
    open(os.path.join(out, "FuzzBinary", name + ".cfb"), "wb").write(cfb(data))

for path in sorted(glob.glob(os.path.join(root, "Fixtures/frames/*.cfframes"))):
    data = open(path, "rb").read()
    assert data[:8] == b"CFFRAMES"
    (length,) = struct.unpack_from("<I", data, 10)
    layout = json.loads(data[14:14 + length])["layout"]
    target = "FuzzMonitorFrame" if layout == "monitor" else "FuzzGenericFrame"
    offset = 14 + length
    for k in range(64):
        if offset + 10 > len(data):
            break
        (size,) = struct.unpack_from("<H", data, offset + 8)
        frame = data[offset + 10:offset + 10 + size]
        name = f"{os.path.splitext(os.path.basename(path))[0]}-{k:02d}"
        open(os.path.join(out, target, name), "wb").write(frame)
        offset += 10 + size
print(out)
