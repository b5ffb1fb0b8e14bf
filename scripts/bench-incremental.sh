#!/usr/bin/env bash
# Incremental no-op run: an inbox of N (default 100k) already-processed files; the second run must
# only stat them and consult the state ledger. Reports the wall time of the no-op runs (median of 3).
#   scripts/bench-incremental.sh [N=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
swift build -c release --product winnow >/dev/null
bin=$PWD/.build/release/winnow
inbox=/tmp/winnow-inbox-$N
if [ ! -d "$inbox" ]; then
    python3 - "$inbox" "$N" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, f"{i // 1000:03d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"{i:06d}.txt"), "w") as f:
        f.write(f"Story {i}. Officials in Minsk said on Monday that talks with Moscow would continue next week.\n")
PY
fi
work=$(mktemp -d /tmp/winnow-inc.XXXXXX)
# A light pipeline for the first (processing) run; the no-op runs read nothing anyway.
cat > "$work/p.json" <<'JSON'
{"name": "incremental-bench", "stages": [{"type": "strip_boilerplate"}, {"type": "clean_text"}]}
JSON
/usr/bin/time -f "first run (processes $N files): %e s, peak RSS %M KB" "$bin" run "$work/p.json" --input "$inbox" --output "$work/out" --state "$work/state" --quiet
for k in 1 2 3; do
    /usr/bin/time -f "%e" -a -o "$work/times" "$bin" run "$work/p.json" --input "$inbox" --output "$work/out" --state "$work/state" --quiet
done
echo "no-op runs over $N processed files: $(sort -n "$work/times" | sed -n 2p) s wall (median of 3: $(tr '\n' ' ' < "$work/times"))"
