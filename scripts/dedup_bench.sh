#!/usr/bin/env bash
# Dedup speed and index size benchmark (medians of repeated runs, CPU time of one thread).
# Compiles WinnowCore + WinnowDedup + scripts/dedup_bench_main.swift with swiftc -O (no package build needed).
# Usage: scripts/dedup_bench.sh [N docs, default 200000] [docs.jsonl]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200000}
DOCS=${2:-../shared/eval/dedup/newsdup-dev/docs.jsonl}
OUT=${TMPDIR:-/tmp}/winnow-dedup-bench-build
mkdir -p "$OUT"
swiftc -O -wmo -parse-as-library -emit-module -emit-library -static -module-name WinnowCore \
  -emit-module-path "$OUT/WinnowCore.swiftmodule" -o "$OUT/libWinnowCore.a" Sources/WinnowCore/*.swift
swiftc -O -wmo -parse-as-library -emit-module -emit-library -static -module-name WinnowDedup -I "$OUT" \
  -emit-module-path "$OUT/WinnowDedup.swiftmodule" -o "$OUT/libWinnowDedup.a" Sources/WinnowDedup/*.swift
swiftc -O -I "$OUT" -L "$OUT" -lWinnowDedup -lWinnowCore scripts/dedup_bench_main.swift -o "$OUT/dedup-bench"
taskset -c 0 "$OUT/dedup-bench" "$DOCS" "$N" "${TMPDIR:-/tmp}/winnow-dedup-bench-state"
