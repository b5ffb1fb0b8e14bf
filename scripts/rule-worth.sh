#!/usr/bin/env bash
# What each extraction rule is worth: scores a dev set with every rule on, then with each given rule switched
# off in turn (`winnow extract --disable-rule`), and prints the score deltas against all rules on, with the
# number of pages whose text changed.
#
# Usage: scripts/rule-worth.sh [-d DATASET] [-b BIN] [-r RESULTS] [RULE|FAMILY ...]
#   -d  dev set under ../shared/eval/extraction/datasets: cleanportaleval (default), cleaneval, dragnet,
#       trafilatura-eval (scored without --include-title, the others with it, as the README says)
#   -b  winnow binary (default .build/release/winnow; build it with `swift build -c release`)
#   -r  results folder (default eval-results/rule-worth)
#   RULE a rule name (line.footer, prune.class-negative, ...; `winnow extract --list-rules`), FAMILY line,
#   prune or clean for all its rules; default: every rule.
# Example: scripts/rule-worth.sh -d cleanportaleval line
set -euo pipefail
cd "$(dirname "$0")/.."
dataset=cleanportaleval
bin=.build/release/winnow
results=eval-results/rule-worth
while getopts "d:b:r:h" o; do
    case $o in
        d) dataset=$OPTARG ;;
        b) bin=$OPTARG ;;
        r) results=$OPTARG ;;
        *) sed -n '2,14p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
scorer=../shared/eval/extraction/score.py
[[ -x "$bin" ]] || { echo "rule-worth: $bin not found (swift build -c release)" >&2; exit 2; }
[[ -f "$scorer" ]] || { echo "rule-worth: $scorer not found" >&2; exit 2; }

all=$("$bin" extract --list-rules)
rules=()
if [[ $# -eq 0 ]]; then set -- line prune clean; fi
for a in "$@"; do
    case $a in
        line|prune|clean) rules+=($(grep "^$a\\." <<<"$all")) ;;
        *) grep -qx -- "$a" <<<"$all" || { echo "rule-worth: unknown rule $a" >&2; exit 2; }; rules+=("$a") ;;
    esac
done

title=--include-title
[[ $dataset == trafilatura-eval ]] && title=
mkdir -p "$results"
score() {   # name, extra extract arguments
    local name=$1; shift
    python3 "$scorer" --dataset "$dataset" --results "$results" --name "$name" --n-bootstrap 0 --cpu -1 \
        --batch-cmd "$bin extract $title $* --in {input_dir_gz} --out {output_dir}" > "$results/$name.log" 2>&1 \
        || { echo "rule-worth: scoring $name failed, see $results/$name.log" >&2; exit 1; }
}
echo "rule-worth: $dataset, ${#rules[@]} rules" >&2
score all-on
for r in "${rules[@]}"; do score "off-$r" --disable-rule "$r"; done

python3 - "$results/$dataset" "${rules[@]}" <<'PY'
import json, os, sys
folder, rules = sys.argv[1], sys.argv[2:]
summary = json.load(open(os.path.join(folder, "summary.json")))
def texts(name):
    out = json.load(open(os.path.join(folder, name + ".json")))["output"]
    return {k: (v.get("articleBody") if isinstance(v, dict) else v) for k, v in out.items()}
base, base_text = summary["all-on"], texts("all-on")
keys = [k for k in ("f1", "precision", "recall", "accuracy") if k in base]
print(f"{folder.split('/')[-1]}: all rules on: " + ", ".join(f"{k} {base[k]:.4f}" for k in keys))
print("Δ = rule off minus all rules on (negative: the rule helps); pages changed: pages whose text differs.")
print("| rule off | " + " | ".join(f"Δ {k}" for k in keys) + " | pages changed |")
print("|---|" + "---:|" * (len(keys) + 1))
rows = []
for r in rules:
    s, t = summary["off-" + r], texts("off-" + r)
    changed = sum(1 for k in base_text if t.get(k) != base_text[k])
    rows.append((r, [s[k] - base[k] for k in keys], changed))
for r, d, changed in rows:
    print(f"| {r} | " + " | ".join(f"{x:+.4f}" for x in d) + f" | {changed} |")
PY
