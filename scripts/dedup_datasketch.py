#!/usr/bin/env python3
"""Reference near-duplicate command with datasketch (for comparison only; never a Winnow dependency).

Reads JSONL {id, text} on stdin, writes {id, cluster}. MinHash over word shingles, MinHashLSH with explicit
bands x rows; a document joins the cluster of its earliest LSH candidate (same keep rule as Winnow's stage).
Run with the venv that has datasketch, e.g.:
    python3 ../shared/eval/dedup/score.py eval --name datasketch -- /work/venvs/dedup/bin/python scripts/dedup_datasketch.py
Options: --shingle N (default 5), --bands B --rows R (default 14 x 8 = 112 permutations), --verify J
(keep a candidate only if the estimated Jaccard >= J; default 0 = LSH only).
"""
import argparse, json, re, sys
from datasketch import MinHash, MinHashLSH

ap = argparse.ArgumentParser()
ap.add_argument("--shingle", type=int, default=5)
ap.add_argument("--bands", type=int, default=14)
ap.add_argument("--rows", type=int, default=8)
ap.add_argument("--verify", type=float, default=0.0)
a = ap.parse_args()
perm = a.bands * a.rows
lsh = MinHashLSH(num_perm=perm, params=(a.bands, a.rows))
tok = re.compile(r"\w+")
order, cluster, sigs = {}, {}, {}
for n, line in enumerate(sys.stdin):
    if not line.strip():
        continue
    d = json.loads(line)
    words = tok.findall(d["text"].lower())
    m = MinHash(num_perm=perm, seed=1)
    k = a.shingle
    for i in range(max(1, len(words) - k + 1)):
        m.update(" ".join(words[i:i + k]).encode("utf-8"))
    key = d["id"]
    cands = [c for c in lsh.query(m) if m.jaccard(sigs[c]) >= a.verify]
    if cands:
        best = min(cands, key=lambda c: order[c])
        cluster[key] = cluster[best]
    else:
        cluster[key] = key
    order[key] = n
    sigs[key] = m
    if key not in lsh.keys:
        lsh.insert(key, m)
    print(json.dumps({"id": key, "cluster": cluster[key]}))
