#!/usr/bin/env bash
# Installs the Debian packages CableForm links against (FFTW3, LAPACK/BLAS and
# pkg-config), but only when they are missing. Safe to run repeatedly.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
[ -f /usr/include/fftw3.h ] || missing+=(libfftw3-dev)
{ [ -e /usr/lib/x86_64-linux-gnu/liblapack.so ] || [ -e /usr/lib/aarch64-linux-gnu/liblapack.so ] \
  || ldconfig -p 2>/dev/null | grep -q 'liblapack.so '; } || missing+=(liblapack-dev)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing missing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "error: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}"
