#!/usr/bin/env bash
# Overhead of an `exec` stage, in documents per second (wall, median of REPS runs, release build).
#  1. pipelines/news.json on an HTML corpus (scripts/make-corpus.py), without and with a pass-through
#     exec stage appended (`cat`: every document goes out as the whole output record and comes back
#     unchanged, so Winnow parses and checks the full record).
#  2. The same documents (their output text, copied COPIES=10 times) as JSON Lines text records through
#     clean_text alone, without and with the pass-through (1 and 2 workers), and with
#     samples/plugins/word_count.py (Python, fields: text) instead.
# The overhead per document is 1/with - 1/without.
#   scripts/bench-exec.sh [MB=50] [REPS=3] [THREADS=2]
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-50}; REPS=${2:-3}; THREADS=${3:-2}; COPIES=${COPIES:-10}
swift build -c release --product winnow >/dev/null
bin=$PWD/.build/release/winnow
corpus=/tmp/winnow-corpus-$MB
[ -d "$corpus" ] || python3 scripts/make-corpus.py --out "$corpus" --megabytes "$MB" >&2
work=$(mktemp -d /tmp/winnow-bench-exec.XXXXXX)
trap 'rm -rf "$work"' EXIT

# pipeline FILE BASE EXTRA_STAGES_JSON [FORMAT] -> writes a pipeline file with extra stages appended
pipeline() {
    python3 - "$@" <<'PY'
import json, sys
out, base, extra = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
p = json.load(open(base)) if base != "-" else {"name": "bench", "stages": []}
if len(sys.argv) > 4: p["input"] = {"format": sys.argv[4]}
if base == "-": p["stages"] = [{"type": "clean_text", "params": {}}]
p["stages"] += extra
json.dump(p, open(out, "w"))
PY
}
run() { # pipeline input -> "seconds docs_read"
    local out=$work/out
    rm -rf "$out"
    local t0 t1
    t0=$(date +%s.%N)
    "$bin" run "$1" --input "$2" --output "$out" --threads "$THREADS" --quiet || true
    t1=$(date +%s.%N)
    python3 -c "import json,sys; s=json.load(open('$out/stats.json')); print($t1-$t0, s['documents']['read'])"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # label pipeline input -> prints docs/s, remembers it in $rate
    local rows=$work/rows; : > "$rows"
    for _ in $(seq 1 "$REPS"); do run "$2" "$3" >> "$rows"; done
    local wall docs
    wall=$(awk '{print $1}' "$rows" | median); docs=$(awk '{print $2}' "$rows" | head -1)
    rate=$(python3 -c "print($docs / $wall)")
    python3 -c "print(f'{\"$1\":58s} {$docs} docs  {$wall:7.2f} s  {$docs/$wall:9.0f} docs/s  (median of $REPS, threads $THREADS)')"
}
overhead() { python3 -c "print(f'  overhead: {(1/$2 - 1/$1) * 1e6:.1f} us per document ({(1 - $2/$1) * 100:.1f} % fewer docs/s)')"; }

cat_stage='[{"type": "exec", "params": {"command": ["cat"]}}]'
cat2_stage='[{"type": "exec", "params": {"command": ["cat"], "workers": 2}}]'
wc_stage='[{"type": "exec", "params": {"command": ["python3", "samples/plugins/word_count.py"], "fields": ["text"]}}]'

pipeline "$work/news.json" pipelines/news.json '[]'
pipeline "$work/news-exec.json" pipelines/news.json "$cat_stage"
measure "news.json ($MB MB HTML)" "$work/news.json" "$corpus"; base=$rate
measure "news.json + exec cat" "$work/news-exec.json" "$corpus"; overhead "$base" "$rate"

# The news pipeline's output, as text records, is the input of part 2.
"$bin" run "$work/news.json" --input "$corpus" --output "$work/texts" --threads "$THREADS" --quiet || true
# Copied COPIES times (ids made distinct), so fixed start-up costs do not dominate.
mkdir -p "$work/jsonl"
python3 - "$work" "$COPIES" <<'PY'
import json, sys, glob
work, copies = sys.argv[1], int(sys.argv[2])
recs = [json.loads(l) for f in sorted(glob.glob(work + "/texts/part-*.jsonl")) for l in open(f)]
with open(work + "/jsonl/records.jsonl", "w") as out:
    for c in range(copies):
        for r in recs:
            out.write(json.dumps({"id": f"{r['id']}-{c}", "url": r["url"], "title": r["title"], "text": r["text"]}) + "\n")
PY
pipeline "$work/clean.json" - '[]' jsonl
pipeline "$work/clean-exec.json" - "$cat_stage" jsonl
pipeline "$work/clean-exec2.json" - "$cat2_stage" jsonl
pipeline "$work/clean-wc.json" - "$wc_stage" jsonl
measure "clean_text (JSONL text records)" "$work/clean.json" "$work/jsonl"; base=$rate
measure "clean_text + exec cat" "$work/clean-exec.json" "$work/jsonl"; overhead "$base" "$rate"
measure "clean_text + exec cat (workers 2)" "$work/clean-exec2.json" "$work/jsonl"; overhead "$base" "$rate"
measure "clean_text + exec python3 word_count.py (fields: text)" "$work/clean-wc.json" "$work/jsonl"; overhead "$base" "$rate"
