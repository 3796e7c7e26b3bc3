#!/usr/bin/env bash
# Installs the Debian packages CableForm builds against (FFTW3, LAPACK with its
# BLAS, pkg-config) and python3 (the fuzzers' seed corpora, `make test`), but
# only those that are missing. Safe to run repeatedly.
set -euo pipefail

packages=(libfftw3-dev liblapack-dev pkg-config python3)

installed() {
    if command -v dpkg-query >/dev/null 2>&1; then
        dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
    else
        # Not Debian: trust pkg-config to find the libraries.
        case "$1" in
            libfftw3-dev) pkg-config --exists fftw3 ;;
            liblapack-dev) pkg-config --exists lapack ;;
            pkg-config) command -v pkg-config >/dev/null 2>&1 ;;
            python3) command -v python3 >/dev/null 2>&1 ;;
        esac
    fi
}

missing=()
for p in "${packages[@]}"; do
    installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing ${missing[*]} and no apt-get; install FFTW3 and LAPACK development files by hand" >&2
    exit 1
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
