#!/usr/bin/env python3
"""Builds Sources/WinnowTag/Resources/clusters.bin: distributional word clusters for the entity tagger.

Text (about 3.5 M words of news-like English; no CoNLL-2003 text is used, so nothing from the tagger's
test set leaks into the clusters):
  - the words of the Groningen Meaning Bank (GMB, public-domain Voice of America news; the Kaggle
    `ner_dataset.csv.zip` in ../shared/eval/ner/gmb; only the word column is read, labels are ignored);
  - the human-extracted article texts of the extraction development sets (../shared/eval/extraction:
    dragnet, cleaneval, cleanportaleval `ground-truth.json`), our own development data.
Method: lower-cased tokens (a regex approximation of the tagger's tokenizer); skip-gram word2vec
(gensim; 100 dimensions, window 3, 10 epochs, one worker, a fixed seed and a stable per-word hash,
so the file is reproducible with the same gensim/numpy versions); words seen at least twice (--min-count); spherical k-means of the unit vectors
into 256 fine and 32 coarse clusters (numpy, fixed seeds).

Output (little endian): b"WNCLUS1\\n", u32 count, then count x (u64 FNV-1a of the lower-cased UTF-8 word,
u8 fine cluster, u8 coarse cluster), in load order (see cluster_table.py). Only hashes are stored, no words.

Usage: /work/venvs/tag/bin/python scripts/build_tagger_clusters.py [--out PATH] [--min-count N]
       (needs numpy and gensim: pip install numpy gensim)
"""
import argparse
import collections
import csv
import io
import json
import os
import re
import struct

import cluster_table   # scripts/cluster_table.py: the file format
import sys
import zipfile
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "eval")
GMB = os.path.join(SHARED, "ner", "gmb", "ner_dataset.csv.zip")
EXTRACTION_SETS = ["dragnet", "cleaneval", "cleanportaleval"]
OUT = os.path.join(HERE, "..", "Sources", "WinnowTag", "Resources", "clusters.bin")

# Words (letters/digits with inner . - & '), split like the tagger: 's and n't apart, other punctuation alone.
TOKEN = re.compile(r"n't|'s|[^\W_]+(?:[-.&][^\W_]+)*|[^\w\s]", re.UNICODE)


def fnv(s):
    h = 0xcbf29ce484222325
    for b in s.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def gmb_sentences():
    cur = []
    with zipfile.ZipFile(GMB) as z:
        with z.open(z.namelist()[0]) as fh:
            r = csv.reader(io.TextIOWrapper(fh, encoding="cp1252"))
            next(r)
            for row in r:
                if row[0].strip() and cur:
                    yield cur
                    cur = []
                cur.append(row[1].lower())
    if cur:
        yield cur


def extraction_sentences():
    for name in EXTRACTION_SETS:
        with open(os.path.join(SHARED, "extraction", "datasets", name, "ground-truth.json"), encoding="utf-8") as f:
            gold = json.load(f)
        for key in sorted(gold):
            text = gold[key].get("articleBody") or ""
            for line in text.splitlines():
                toks = TOKEN.findall(line.lower())
                if len(toks) >= 3:
                    yield toks


def stable_hash(s):
    # gensim seeds each word vector with hashfxn(word); Python's hash() is salted per process.
    return zlib.crc32(s.encode("utf-8"))


def kmeans(x, k, iters, seed):
    rng = np.random.default_rng(seed)
    c = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(iters):
        a = (x @ c.T).argmax(1)
        for j in range(k):
            m = x[a == j]
            if len(m):
                v = m.sum(0)
                c[j] = v / (np.linalg.norm(v) + 1e-9)
    return (x @ c.T).argmax(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--fine", type=int, default=256)
    ap.add_argument("--coarse", type=int, default=32)
    ap.add_argument("--vectors-cache", help="save the trained vectors here, or reuse them if the file exists")
    args = ap.parse_args()

    if args.vectors_cache and os.path.exists(args.vectors_cache):
        with open(args.vectors_cache, "rb") as f:
            vocab = json.loads(f.readline())
            vec = np.load(f)
    else:
        from gensim.models import Word2Vec
        sents = list(gmb_sentences()) + list(extraction_sentences())
        ntok = sum(len(s) for s in sents)
        print(f"{len(sents)} sentences, {ntok} tokens", file=sys.stderr)
        w2v = Word2Vec(sents, vector_size=100, window=3, min_count=args.min_count, sg=1, negative=10,
                       epochs=10, workers=1, seed=1, hashfxn=stable_hash)
        vocab = list(w2v.wv.index_to_key)
        vec = np.asarray([w2v.wv[w] for w in vocab], dtype=np.float32)
        if args.vectors_cache:
            with open(args.vectors_cache, "wb") as f:
                f.write((json.dumps(vocab) + "\n").encode())
                np.save(f, vec)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    fine = kmeans(vec, args.fine, 20, 1)
    coarse = kmeans(vec, args.coarse, 20, 2)
    rows = list({fnv(w): (int(fine[i]), int(coarse[i])) for i, w in enumerate(vocab)}.items())
    cluster_table.write(args.out, rows)
    print(f"{len(vocab)} words -> {args.out}", file=sys.stderr)
    vi = {w: i for i, w in enumerate(vocab)}
    for probe in ["monday", "paris", "john", "ministry", "germany"]:
        if probe in vi:
            print(probe, [w for i, w in enumerate(vocab[:5000]) if fine[i] == fine[vi[probe]]][:15], file=sys.stderr)


if __name__ == "__main__":
    main()
