#!/usr/bin/env python3
"""The word-cluster file format shared by build_tagger_clusters.py and build_tagger_glove_clusters.py.

Format (little endian): b"WNCLUS1\\n", u32 count, then count x (u64 FNV-1a of the lower-cased UTF-8 word,
u8 fine cluster, u8 coarse cluster). Only hashes are stored, no words.

Row order: by home slot in the table the tagger loads them into (`HashTable64`: capacity the smallest power of
two >= max(16, 2 x count); home slot splitmix64(hash) & (capacity - 1)), then by hash. Any order loads the same
table; this one fills it in one sweep instead of missing the cache on nearly every row (issue 22: loading the
GloVe clusters was an eighth of a one-page run).

  python3 scripts/cluster_table.py --reorder FILE   rewrites an existing cluster file in load order
"""
import os
import struct
import sys

MAGIC = b"WNCLUS1\n"
M64 = 0xFFFFFFFFFFFFFFFF


def mix64(x):
    """StableHash.mix64 (splitmix64's finaliser), as in Sources/WinnowCore/StableHash.swift."""
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def load_order(rows):
    """rows: [(hash, (fine, coarse))] -> the same rows in load order."""
    cap = 16
    while cap < 2 * len(rows):
        cap <<= 1
    return sorted(rows, key=lambda r: (mix64(r[0]) & (cap - 1), r[0]))


def write(path, rows):
    """Writes rows [(hash, (fine, coarse))] in load order, through a temporary name."""
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<I", len(rows)))
        for h, (a, b) in load_order(rows):
            f.write(struct.pack("<QBB", h, a, b))
    os.replace(tmp, path)


def read(path):
    d = open(path, "rb").read()
    assert d[:8] == MAGIC, f"{path}: not a cluster file"
    (n,) = struct.unpack_from("<I", d, 8)
    assert len(d) == 12 + 10 * n, f"{path}: truncated or padded"
    return [(h, (a, b)) for h, a, b in struct.iter_unpack("<QBB", d[12:])]


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "--reorder":
        sys.exit(__doc__)
    rows = read(sys.argv[2])
    write(sys.argv[2], rows)
    assert sorted(read(sys.argv[2])) == sorted(rows)
    print(f"{len(rows)} rows of {sys.argv[2]} in load order", file=sys.stderr)
