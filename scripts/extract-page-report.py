#!/usr/bin/env python3
"""Per-page shingle F1 for saved extraction predictions (from ../shared/eval/extraction/score.py).

usage: python3 scripts/extract-page-report.py NAME [SET...] [--worst N]
Prints, per set, the share of pages with page-F1 < 0.5 and (with --worst) the worst pages with
precision/recall, so failures can be looked at by kind (low recall vs low precision).
Same tokenisation as score.py: re.findall(r'\\w+'), 4-gram shingle multisets.
"""
import json, re, sys
from collections import Counter
from pathlib import Path

def shingles(text):
    toks = re.findall(r'\w+', text or '')
    if len(toks) < 4:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + 4]) for i in range(len(toks) - 3))

def main():
    args = sys.argv[1:]
    worst = 0
    if '--worst' in args:
        k = args.index('--worst'); worst = int(args[k + 1]); del args[k:k + 2]
    name, sets = args[0], args[1:] or ['dragnet', 'cleaneval', 'cleanportaleval']
    data = Path('/work/shared/eval/extraction/datasets')
    for s in sets:
        gold = json.load(open(data / s / 'ground-truth.json'))
        pred = json.load(open(Path('eval-results/extraction') / s / f'{name}.json'))['output']
        rows = []
        for pid, g in gold.items():
            gs = shingles(g['articleBody']); ps = shingles(pred.get(pid, {}).get('articleBody', ''))
            if not gs:
                continue
            tp = sum((gs & ps).values()); fp = sum(ps.values()) - tp; fn = sum(gs.values()) - tp
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            rows.append((f, p, r, pid))
        bad = sum(1 for x in rows if x[0] < 0.5)
        print(f'{s}: pages {len(rows)}  page-F1<0.5: {bad} ({100 * bad / len(rows):.1f} %)  '
              f'low-recall {sum(1 for x in rows if x[0] < 0.5 and x[2] < x[1])}  low-precision {sum(1 for x in rows if x[0] < 0.5 and x[2] >= x[1])}')
        for f, p, r, pid in sorted(rows)[:worst]:
            print(f'  {pid:30s} F1 {f:.2f} P {p:.2f} R {r:.2f}')

main()
