#!/usr/bin/env bash
# Before/after in one session: runs `winnow run pipelines/news.json` from two checkouts (each with its own
# release build) over the same generated corpus, interleaved so machine load hits both alike, and prints
# the median CPU seconds, wall seconds and peak RSS of each.
#   scripts/bench-compare.sh OLD_CHECKOUT NEW_CHECKOUT [MB=100] [REPS=5] [THREADS=1] [SOURCE=all]
# SOURCE as in bench-floor.sh: all (every extraction dev set), news (trafilatura-eval's pages) or a folder.
# e.g. git worktree add /tmp/old <commit>; (cd /tmp/old && swift build -c release --product winnow)
set -euo pipefail
old=$(cd "$1" && pwd); new=$(cd "$2" && pwd); MB=${3:-100}; REPS=${4:-5}; THREADS=${5:-1}; SOURCE=${6:-all}
here=$(cd "$(dirname "$0")/.." && pwd)
[ "$SOURCE" = news ] && SOURCE=$here/../shared/eval/extraction/datasets/trafilatura-eval
if [ "$SOURCE" = all ]; then
    corpus=/tmp/winnow-corpus-$MB
    [ -d "$corpus" ] || python3 "$here/scripts/make-corpus.py" --out "$corpus" --megabytes "$MB" >&2
else
    corpus=/tmp/winnow-corpus-$MB-$(basename "$SOURCE")
    [ -d "$corpus" ] || python3 "$here/scripts/make-corpus.py" --source "$SOURCE" --out "$corpus" --megabytes "$MB" >&2
fi
rows=$(mktemp /tmp/winnow-compare.XXXXXX)
trap 'rm -rf "$rows" "$rows".*' EXIT
for _ in $(seq 1 "$REPS"); do
    for tree in "$old" "$new"; do
        rm -rf "$rows.out"
        ( cd "$tree" && /usr/bin/time -f "%U %S %e %M" -o "$rows.t" .build/release/winnow run pipelines/news.json \
            --input "$corpus" --output "$rows.out" --threads "$THREADS" --quiet )
        read -r u s wall rss < "$rows.t"
        echo "$tree $u $s $wall $rss" >> "$rows"
    done
done
python3 - "$rows" "$old" "$new" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for tree in sys.argv[2:]:
    r = [x for x in rows if x[0] == tree]
    cpu = statistics.median(float(x[1]) + float(x[2]) for x in r)
    wall = statistics.median(float(x[3]) for x in r)
    rss = statistics.median(int(x[4]) for x in r) / 1024
    print(f"{tree}: CPU {cpu:.2f} s, wall {wall:.2f} s, peak RSS {rss:.0f} MB (medians of {len(r)})")
PY
