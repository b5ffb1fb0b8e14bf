#!/usr/bin/env bash
# The whole pipeline against the floor libxml2 sets: CPU seconds of `winnow run pipelines/news.json`
# (one thread) over a generated corpus of gzip HTML pages, divided by the CPU seconds libxml2's own
# `xmllint --html --noout` spends parsing the same files (gunzip included). Also the speed-up with 2 threads.
#   scripts/bench-floor.sh [MB=60] [REPS=3] [PIPELINE=pipelines/news.json] [SOURCE=news]
# SOURCE, the pages the corpus is built from:
#   news     (default) today's news pages: the trafilatura-eval dev set (../shared/eval/extraction/datasets/
#            trafilatura-eval), 60 MB = 412 pages of markup-heavy articles from many outlets;
#   all      every extraction dev set in path order, so 60 MB is CleanEval + CleanPortalEval + part of Dragnet:
#            older, text-heavy pages (2007-2013 web, not all news) whose parse is cheap next to the tagging;
#   a folder of .html(.gz) pages.
# Needs xmllint (Debian: libxml2-utils). Prints medians over REPS runs (and each side's range: on a shared machine
# single runs vary by up to a fifth, so use REPS >= 7 to compare), their ratio, and the median of the ratios of
# each repetition's back-to-back floor and pipeline runs; the target is a ratio <= 1.40.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-60}; REPS=${2:-3}; PIPELINE=${3:-pipelines/news.json}; SOURCE=${4:-news}
[ "$SOURCE" = news ] && SOURCE=../shared/eval/extraction/datasets/trafilatura-eval
[ "$SOURCE" = all ] && SOURCE=""
command -v xmllint >/dev/null || { echo "bench-floor: needs xmllint (apt-get install libxml2-utils)" >&2; exit 2; }
swift build -c release --product winnow >/dev/null
bin=.build/release/winnow
if [ -n "$SOURCE" ]; then
    corpus=/tmp/winnow-corpus-$MB-$(basename "$SOURCE")
    [ -d "$corpus" ] || python3 scripts/make-corpus.py --source "$SOURCE" --out "$corpus" --megabytes "$MB" >&2
else
    corpus=/tmp/winnow-corpus-$MB
    [ -d "$corpus" ] || python3 scripts/make-corpus.py --out "$corpus" --megabytes "$MB" >&2
fi
list=$(mktemp /tmp/winnow-floor.XXXXXX)
trap 'rm -rf "$list" "$list".*' EXIT
find "$corpus" -name '*.html.gz' | sort > "$list"

cpu() { # command... -> "cpu_seconds wall_seconds" of the command (user + sys)
    /usr/bin/time -f "%U %S %e" -o "$list.t" "$@" >/dev/null 2>&1 || true
    awk '{printf "%.3f %.3f\n", $1 + $2, $3}' "$list.t"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
floor_run() { xargs -a "$list" -n 200 xmllint --html --noout --nowarning 2>/dev/null || true; }
export -f floor_run; export list
pipeline() { rm -rf "$list.out"; "$bin" run "$PIPELINE" --input "$corpus" --output "$list.out" --threads "$1" --quiet; }
export -f pipeline; export bin PIPELINE corpus

: > "$list.floor"; : > "$list.p1"; : > "$list.p2"
for _ in $(seq 1 "$REPS"); do   # interleaved, so drift in machine load hits all three alike
    cpu bash -c floor_run >> "$list.floor"
    cpu bash -c "pipeline 1" >> "$list.p1"
    cpu bash -c "pipeline 2" >> "$list.p2"
done
range() { sort -n | awk 'NR==1{lo=$1} {hi=$1} END {printf "%.2f-%.2f", lo, hi}'; }
floor=$(awk '{print $1}' "$list.floor" | median)
floor_range=$(awk '{print $1}' "$list.floor" | range)
p1_range=$(awk '{print $1}' "$list.p1" | range)
p1=$(awk '{print $1}' "$list.p1" | median)
w1=$(awk '{print $2}' "$list.p1" | median)
w2=$(awk '{print $2}' "$list.p2" | median)
html_mb=$(python3 -c "import gzip;print(sum(len(gzip.open(f.strip()).read()) for f in open('$list'))/1e6)")
python3 - <<PY
floor, p1, w1, w2, mb = $floor, $p1, $w1, $w2, $html_mb
print(f"corpus: {mb:.0f} MB of HTML, $(wc -l < "$list") pages; medians of $REPS runs")
print(f"libxml2 parse floor (xmllint --html, gunzip included): {floor:.2f} CPU-s = {mb / floor:.1f} MB/CPU-s (runs: $floor_range)")
print(f"winnow run $PIPELINE, 1 thread: {p1:.2f} CPU-s = {mb / p1:.1f} MB/CPU-s (runs: $p1_range)")
print(f"ratio to the floor: {p1 / floor:.2f} (target <= 1.40)")
# Each repetition runs the floor and the pipeline back to back, so their ratio cancels the slow swings in
# machine speed that move both medians (on a shared machine the medians' ratio drifts between runs of this script).
fl = [float(l.split()[0]) for l in open("$list.floor")]
pp = [float(l.split()[0]) for l in open("$list.p1")]
rs = sorted(b / a for a, b in zip(fl, pp))
n = len(rs)
print(f"per-repetition ratios: median {(rs[n // 2] if n % 2 else (rs[n // 2 - 1] + rs[n // 2]) / 2):.2f}, range {rs[0]:.2f}-{rs[-1]:.2f}")
print(f"2 threads: {w1 / w2:.2f}x the 1-thread wall speed (target >= 1.8)")
PY
