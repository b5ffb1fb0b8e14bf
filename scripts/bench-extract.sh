#!/usr/bin/env bash
# Benchmark the strip_boilerplate stage: pages and MB of HTML per CPU-second, median of several runs.
#
# usage: scripts/bench-extract.sh [DIR] [REPS]
#   DIR   folder of <id>.html.gz / <id>.html pages (default: the dragnet dev set)
#   REPS  repetitions (default 5); the median is reported
#
# Mode 1 (preferred, extraction only): if `winnow extract --bench N` exists (pages are loaded, gunzipped and
#   charset-resolved first; only the stage is timed), its own report line is printed.
# Mode 2 (fallback): times the whole batch command `winnow extract --in DIR --out TMP` with the child's
#   user+sys CPU time (includes process start, gunzip, charset, file writes) — an upper bound on cost.
# Override the binary with WINNOW=path (default .build/release/winnow). Pin to one core with
# taskset when available (CPU=N, default 0).
set -euo pipefail
DIR=${1:-../shared/eval/extraction/datasets/dragnet/html}
REPS=${2:-5}
WINNOW=${WINNOW:-.build/release/winnow}
CPU=${CPU:-0}
PIN=""
command -v taskset >/dev/null && PIN="taskset -c $CPU"

if $WINNOW extract --help 2>&1 | grep -q -- "--bench"; then
  exec $PIN $WINNOW extract --bench "$REPS" --in "$DIR"
fi

PAGES=$(ls "$DIR" | grep -c -E '\.html(\.gz)?$')
BYTES=$(for f in "$DIR"/*; do case "$f" in *.gz) zcat "$f";; *.html) cat "$f";; esac; done | wc -c)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
times_file="$TMP/times"
for r in $(seq "$REPS"); do
  rm -rf "$TMP/out"; mkdir "$TMP/out"
  python3 - "$PIN" "$WINNOW" "$DIR" "$TMP/out" >> "$times_file" <<'PY'
import os, resource, shlex, subprocess, sys
pin, exe, d, out = sys.argv[1:]
cmd = (shlex.split(pin) if pin else []) + [exe, "extract", "--in", d, "--out", out]
subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(ru.ru_utime + ru.ru_stime)
PY
done
python3 - "$times_file" "$PAGES" "$BYTES" <<'PY'
import statistics, sys
ts = [float(x) for x in open(sys.argv[1])]
pages, mb = int(sys.argv[2]), int(sys.argv[3]) / 1e6
med = statistics.median(ts)
print(f"batch command (incl. start-up, gunzip, IO): pages={pages} MB={mb:.1f} reps={len(ts)} "
      f"median_cpu_s={med:.3f} pages_per_cpu_s={pages / med:.1f} MB_per_cpu_s={mb / med:.1f}")
PY
