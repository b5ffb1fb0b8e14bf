#!/usr/bin/env bash
# Proves the sharded run on a real scheduler: starts a one-node Slurm cluster on localhost, submits
# the map job array and the dependent reduce over samples/, and checks that the result is
# byte-identical to a single-process run. Needs root (it starts munged, slurmctld and slurmd).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
"$root/scripts/slurm/start-local-cluster.sh"
if [ -z "${WINNOW:-}" ]; then swift build -c release --product winnow >/dev/null; WINNOW="$root/.build/release/winnow"; fi
export WINNOW
work=$(mktemp -d /tmp/winnow-slurm.XXXXXX)
"$WINNOW" run pipelines/news.json --input "$root/samples" --output "$work/single" --quiet
reduce=$("$root/scripts/slurm/submit.sh" "$root/pipelines/news.json" "$root/samples" "$work" 3)
echo "test-slurm: submitted; reduce job $reduce"
for _ in $(seq 1 300); do
    state=$(sacct -n -X -j "$reduce" -o State 2>/dev/null | head -1 | tr -d ' ' || true)
    [ -z "$state" ] && state=$(scontrol show job "$reduce" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
    case "$state" in
        COMPLETED) break ;;
        FAILED|CANCELLED*|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|DEPENDENCY_NEVER_SATISFIED)
            echo "test-slurm: reduce job $reduce ended $state" >&2; cat "$work"/logs/*.log >&2; exit 1 ;;
    esac
    if ! squeue -h -j "$reduce" 2>/dev/null | grep -q . && [ -f "$work/final/stats.json" ]; then break; fi
    sleep 1
done
for i in 0 1 2; do
    test -f "$work/shards/$(printf 'shard-%05d-of-%05d' $i 3)/_SUCCESS" || { echo "test-slurm: shard $i incomplete" >&2; exit 1; }
done
cat "$work"/single/part-*.jsonl > "$work/single.all"
cat "$work"/final/part-*.jsonl > "$work/final.all"
if cmp -s "$work/single.all" "$work/final.all"; then
    echo "test-slurm: OK: 3-shard Slurm job array + reduce == single-process run ($(wc -l < "$work/final.all") documents)"
else
    echo "test-slurm: FAIL: outputs differ" >&2; diff <(cut -c1-200 "$work/single.all") <(cut -c1-200 "$work/final.all") | head >&2; exit 1
fi
