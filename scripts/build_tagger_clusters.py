#!/usr/bin/env python3
"""Builds Sources/WinnowTag/Resources/clusters.bin: distributional word clusters for the entity tagger.

Text: the words of the Groningen Meaning Bank (GMB, public-domain English news texts; the Kaggle
`ner_dataset.csv.zip` in ../shared/eval/ner/gmb; only its word column is used, labels are ignored).
No CoNLL-2003 text is used. Method: lower-cased words seen >= 3 times; context vectors of left and right
neighbours among the 1,500 most frequent words; PPMI; 64-dim projection (eigenvectors of the context
covariance); k-means into 256 fine and 32 coarse clusters.

Output (little endian): b"WNCLUS1\\n", u32 count, then count x (u64 FNV-1a of the lower-cased UTF-8 word,
u8 fine cluster, u8 coarse cluster), sorted by hash. Only hashes are stored, no words.

Usage: /work/venvs/tag/bin/python scripts/build_tagger_clusters.py   (needs numpy)
"""
import collections
import csv
import io
import os
import struct
import sys
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GMB = os.path.join(HERE, "..", "..", "shared", "eval", "ner", "gmb", "ner_dataset.csv.zip")
OUT = os.path.join(HERE, "..", "Sources", "WinnowTag", "Resources", "clusters.bin")


def fnv(s):
    h = 0xcbf29ce484222325
    for b in s.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def kmeans(x, k, iters, seed):
    rng = np.random.default_rng(seed)
    c = x[rng.choice(len(x), k, replace=False)]
    for _ in range(iters):
        d = x @ c.T
        a = d.argmax(1)
        for j in range(k):
            m = x[a == j]
            if len(m):
                v = m.sum(0)
                c[j] = v / (np.linalg.norm(v) + 1e-9)
    return (x @ c.T).argmax(1)


def main():
    sents = []
    cur = []
    with zipfile.ZipFile(GMB) as z:
        with z.open(z.namelist()[0]) as fh:
            r = csv.reader(io.TextIOWrapper(fh, encoding="cp1252"))
            next(r)
            for row in r:
                if row[0].strip() and cur:
                    sents.append(cur)
                    cur = []
                cur.append(row[1].lower())
    if cur:
        sents.append(cur)
    freq = collections.Counter(w for s in sents for w in s)
    vocab = [w for w, n in freq.most_common() if n >= 3]
    ctx = vocab[:1500]
    vi = {w: i for i, w in enumerate(vocab)}
    ci = {w: i for i, w in enumerate(ctx)}
    C = len(ctx)
    m = np.zeros((len(vocab), 2 * C + 2), dtype=np.float32)
    for s in sents:
        for i, w in enumerate(s):
            a = vi.get(w)
            if a is None:
                continue
            left = s[i - 1] if i > 0 else None
            right = s[i + 1] if i + 1 < len(s) else None
            m[a, ci[left] if left in ci else (2 * C if left is None else 2 * C + 1)] += 1
            if right in ci:
                m[a, C + ci[right]] += 1
    total = m.sum()
    pw = m.sum(1, keepdims=True) / total
    pc = m.sum(0, keepdims=True) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((m / total) / (pw * pc + 1e-12) + 1e-12)
    ppmi = np.maximum(pmi, 0)
    ppmi[~np.isfinite(ppmi)] = 0
    cov = ppmi.T @ ppmi
    vals, vecs = np.linalg.eigh(cov)
    proj = ppmi @ vecs[:, -64:]
    proj /= np.linalg.norm(proj, axis=1, keepdims=True) + 1e-9
    fine = kmeans(proj, 256, 15, 1)
    coarse = kmeans(proj, 32, 15, 2)
    rows = sorted((fnv(w), int(fine[i]), int(coarse[i])) for i, w in enumerate(vocab))
    with open(OUT, "wb") as f:
        f.write(b"WNCLUS1\n")
        f.write(struct.pack("<I", len(rows)))
        for h, a, b in rows:
            f.write(struct.pack("<QBB", h, a, b))
    print(f"{len(vocab)} words -> {OUT}", file=sys.stderr)
    for j in range(3):
        print(j, [w for i, w in enumerate(vocab[:3000]) if fine[i] == fine[vi[["monday", "paris", "john"][j]]]][:15], file=sys.stderr)


if __name__ == "__main__":
    main()
