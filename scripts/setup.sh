#!/usr/bin/env bash
# Installs what Winnow needs to build and run on Debian/Ubuntu: the libxml2, zlib and zstd headers.
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail

need=()
for pkg in libxml2-dev zlib1g-dev libzstd-dev pkg-config; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${need[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "setup.sh: swift is not on PATH (Winnow needs Swift 6; see https://swift.org/install)" >&2
    exit 1
fi
