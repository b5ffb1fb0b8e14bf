#!/usr/bin/env bash
# Whole-pipeline benchmark: gzip HTML in -> JSONL out, all four stages (pipelines/news.json).
# Reports, per thread count, the median over REPS runs of MB/s and docs/s (wall), MB per CPU-second,
# and the peak RSS; then the same at a larger corpus size to show memory stays flat.
#   scripts/bench-pipeline.sh [MB=200] [REPS=3] [BIG_MB=0]
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-200}; REPS=${2:-3}; BIG=${3:-0}
swift build -c release --product winnow >/dev/null
bin=.build/release/winnow
corpus() { local d=/tmp/winnow-corpus-$1; [ -d "$d" ] || python3 scripts/make-corpus.py --out "$d" --megabytes "$1" >&2; echo "$d"; }
run() { # corpus threads -> "wall cpu rss_kb docs bytes"
    local out; out=$(mktemp -d /tmp/winnow-bench-out.XXXXXX)
    /usr/bin/time -f "%e %U %S %M" -o "$out.time" "$bin" run pipelines/news.json --input "$1" --output "$out" --threads "$2" --quiet || true
    read -r wall user sys rss < "$out.time"
    python3 - "$out/stats.json" "$wall" "$user" "$sys" "$rss" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); wall, user, sysc, rss = map(float, sys.argv[2:6])
print(wall, user + sysc, int(rss), s["documents"]["read"], s["inputs"]["bytes"])
PY
    rm -rf "$out" "$out.time"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
report() { # corpus label
    for threads in 1 2; do
        rm -f /tmp/winnow-bench.rows
        for _ in $(seq 1 "$REPS"); do run "$1" "$threads" >> /tmp/winnow-bench.rows; done
        # The HTML size (uncompressed) is what MB/s is counted in; stats.json counts input (gzip) bytes.
        html_mb=$(python3 -c "import os,gzip,glob;print(sum(len(gzip.open(f).read()) for f in glob.glob('$1/*/*.gz'))/1e6)")
        wall=$(awk '{print $1}' /tmp/winnow-bench.rows | median)
        cpu=$(awk '{print $2}' /tmp/winnow-bench.rows | median)
        rss=$(awk '{print $3}' /tmp/winnow-bench.rows | median)
        docs=$(awk '{print $4}' /tmp/winnow-bench.rows | head -1)
        python3 -c "print(f'$2 threads=$threads: {$html_mb:.0f} MB HTML, {$docs} docs: {$html_mb/$wall:.1f} MB/s, {$docs/$wall:.0f} docs/s (wall, median of $REPS); {$html_mb/$cpu:.1f} MB/CPU-s; peak RSS {$rss/1024:.0f} MB')"
    done
}
report "$(corpus "$MB")" "${MB}MB"
if [ "$BIG" -gt 0 ]; then report "$(corpus "$BIG")" "${BIG}MB"; fi
