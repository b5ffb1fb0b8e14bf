#!/usr/bin/env bash
# kill -9 test for the persistent dedup index: a run killed at random moments must leave the index valid
# and unchanged, and the re-run must print exactly what an uninterrupted run prints.
# Usage: scripts/dedup_crash_test.sh [winnow binary] [kills, default 8]
set -euo pipefail
B=${1:-.build/release/winnow}
K=${2:-8}
DOCS=${DOCS:-../shared/eval/dedup/newsdup-dev/docs.jsonl}
W=$(mktemp -d)
python3 - "$DOCS" "$W/big.jsonl" <<'PY'
import json, sys
d = [json.loads(l) for l in open(sys.argv[1])]
with open(sys.argv[2], "w") as f:
    for r in range(20):
        for x in d:
            f.write(json.dumps({"id": f"{x['id']}-r{r}", "text": x["text"] + f"\nround {r} marker words here"}) + "\n")
PY
head -900 "$DOCS" | "$B" dedup --state "$W/ref" > /dev/null
cp -r "$W/ref" "$W/crash"
"$B" dedup --state "$W/ref" < "$W/big.jsonl" > "$W/ref.out"
for i in $(seq "$K"); do
  "$B" dedup --state "$W/crash" < "$W/big.jsonl" > /dev/null & p=$!
  sleep "0.$((RANDOM % 9 + 1))"; kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true
  "$B" dedup-index stats --state "$W/crash" --verify > /dev/null
done
"$B" dedup --state "$W/crash" < "$W/big.jsonl" > "$W/crash.out"
cmp "$W/ref.out" "$W/crash.out"
echo "ok: index valid after $K kill -9, re-run output identical"
rm -rf "$W"
