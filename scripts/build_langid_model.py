#!/usr/bin/env python3
"""Build Sources/WinnowClean/Resources/langid.bin from lingua's n-gram models.

Source: the `lingua-language-detector` 1.3.5 wheel on PyPI (pure-Python release of lingua-py by Peter M. Stahl,
Apache-2.0). Its lingua/language-models/<iso>/{uni,bi,tri,quadri,five}grams.json.br files hold, per language,
relative frequencies of character n-grams: P(last char | first n-1 chars), estimated on Leipzig corpora
sentences (NOT the lingua test data, which we never use for building or tuning).

Usage:
  python3 -m venv /work/venvs/clean && /work/venvs/clean/bin/pip install brotli
  /work/venvs/clean/bin/pip download --no-deps lingua-language-detector==1.3.5 -d /tmp/lingua1
  (cd /tmp/lingua1 && unzip -o lingua_language_detector-1.3.5-py3-none-any.whl -d x)
  /work/venvs/clean/bin/python scripts/build_langid_model.py /tmp/lingua1/x/lingua/language-models \
      Sources/WinnowClean/Resources/langid.bin

Pruning: for each language and order we rank n-grams by their estimated joint probability
P(a)P(b|a)P(c|ab)... (chained from the lower-order tables) and keep the top K (KEEP below).
Each kept n-gram stores its conditional log-probability quantised to a byte: q = round(-ln(p) * SCALE).

File format (little-endian):
  "WLID" u32 version=3 u32 nLangs u32 nKeys u32 nPost  f32 scale
  nLangs x 4 bytes: ISO 639-1 code, ASCII, NUL padded
  nLangs x 5 bytes: per-order floor q (log-prob charged for an n-gram absent in that language)
  nKeys x u32: upper 32 bits of the FNV-1a 64 hash of the n-gram's UTF-8 bytes, in load order (below)
  nKeys x u8 : number of postings of each key
  nKeys x u8 : q charged to languages cut from the key's list (0: list complete, charge the floor)
  nPost x u8 : language index ; nPost x u8: q   (postings of key i follow those of key i-1)

Load order: the keys are sorted by their home slot in the table LanguageIdentifier builds (capacity: the
smallest power of two >= 1.5 nKeys; home slot: (key * 0x9E3779B1 mod 2^32) & (capacity - 1)), then by key.
Any order loads correctly; this one lets the loader fill its 16 MB table in one sweep (issue 22: the load was
a fifth of a one-page run). `--reorder FILE` rewrites an existing model file in this order.
"""
import json, math, os, struct, sys

ORDERS = ["unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams"]
# n-grams kept per language and order (argv[3] overrides). Chosen on the held-out gettext development set
# (scripts/clean_devharness/lid_devset.py + lid_devscore.py), never on the lingua test data: doubling the kept
# 3-, 4- and 5-grams (from 6000, 6000, 5000) raised macro accuracy there from 90.45 to 91.18 % (sentences)
# and 94.34 to 94.71 % (5-item paragraphs) at about twice the table memory (~21 MB); quadrupling them gained
# a little more (91.68 / 95.00 %) for ~40 MB, and 24 languages per n-gram instead of 16 did not help.
KEEP = [5000, 3000, 12000, 12000, 10000]
TOPK = 16                                # languages kept per n-gram, best first (argv[4] overrides)
SCALE = 8.0


def fnv1a64(b: bytes) -> int:
    h = 0xcbf29ce484222325
    for x in b:
        h ^= x
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def load_order(keys):
    """The keys in the order the loader inserts them fastest (see Load order above)."""
    n = len(keys)
    cap = 1
    while cap < n + n // 2:
        cap <<= 1
    return sorted(keys, key=lambda k: (((k * 0x9E3779B1) & 0xFFFFFFFF) & (cap - 1), k))


def reorder(path):
    """Rewrites a version-3 model file with its keys (and their postings) in load order."""
    d = open(path, "rb").read()
    magic, version, nl, nk, np_, _scale = struct.unpack_from("<4sIIIIf", d, 0)
    assert magic == b"WLID" and version == 3, "not a version-3 langid model"
    o = 24 + 9 * nl
    keys = struct.unpack_from("<%dI" % nk, d, o)
    counts = d[o + 4 * nk:o + 5 * nk]
    rests = d[o + 5 * nk:o + 6 * nk]
    lo = o + 6 * nk
    langb, qb = d[lo:lo + np_], d[lo + np_:lo + 2 * np_]
    start, s = [], 0
    for c in counts:
        start.append(s)
        s += c
    index = {k: i for i, k in enumerate(keys)}
    order = [index[k] for k in load_order(keys)]
    out = bytearray(d[:o])
    out += struct.pack("<%dI" % nk, *(keys[i] for i in order))
    out += bytes(counts[i] for i in order)
    out += bytes(rests[i] for i in order)
    for src in (langb, qb):
        for i in order:
            out += src[start[i]:start[i] + counts[i]]
    out += d[lo + 2 * np_:]
    tmp = path + ".tmp"
    open(tmp, "wb").write(out)
    os.replace(tmp, path)


def load(dirp, lang, order):
    p = os.path.join(dirp, lang, order + ".json.br")
    if not os.path.exists(p):
        return {}
    import brotli   # (only for building from lingua, not for --reorder)
    d = json.loads(brotli.decompress(open(p, "rb").read()))
    out = {}
    for frac, grams in d["ngrams"].items():
        a, b = frac.split("/")
        pr = int(a) / int(b)
        for g in grams.split(" "):
            out[g] = pr
    return out


def main():
    if sys.argv[1] == "--reorder":
        reorder(sys.argv[2])
        return
    src, dst = sys.argv[1], sys.argv[2]
    keep = KEEP
    topk = TOPK
    if len(sys.argv) > 3:
        keep = [int(x) for x in sys.argv[3].split(",")]
    if len(sys.argv) > 4:
        topk = int(sys.argv[4])
    langs = sorted(os.listdir(src))
    table = {}  # hash -> list of (langIndex, q)
    floors = []
    for li, lang in enumerate(langs):
        tabs = [load(src, lang, o) for o in ORDERS]
        joint = [dict() for _ in ORDERS]
        joint[0] = dict(tabs[0])
        for n in range(1, 5):
            for g, p in tabs[n].items():
                pj = joint[n - 1].get(g[:-1])
                if pj is None:
                    pj = 1e-12
                joint[n][g] = pj * p
        fl = []
        for n in range(5):
            ranked = sorted(joint[n].items(), key=lambda kv: -kv[1])[: keep[n]]
            qs = []
            for g, _ in ranked:
                p = tabs[n][g]
                q = min(255, max(0, round(-math.log(p) * SCALE)))
                qs.append(q)
                h = fnv1a64(g.encode("utf-8")) >> 32
                lst = table.setdefault(h, [])
                if not any(l == li for l, _ in lst):   # (a 32-bit collision keeps the first n-gram's entry)
                    lst.append((li, q))
            # floor: a bit worse than the worst kept conditional probability of this order
            if qs:
                qs.sort()
                fl.append(min(255, qs[int(len(qs) * 0.9)] + int(1.0 * SCALE)))
            else:
                fl.append(255)
        floors.append(fl)
        print(lang, [len(t) for t in tabs], fl, file=sys.stderr)
    rest = {}
    for k in table:
        lst = sorted(table[k], key=lambda t: t[1])
        # a language cut from a truncated list is charged the best dropped value (0 = nothing dropped)
        rest[k] = max(1, lst[topk][1]) if len(lst) > topk else 0
        table[k] = lst[:topk]
    keys = load_order(table)
    npost = sum(len(table[k]) for k in keys)
    with open(dst, "wb") as f:
        f.write(b"WLID")
        f.write(struct.pack("<IIIIf", 3, len(langs), len(keys), npost, SCALE))
        for lang in langs:
            f.write(lang.encode("ascii").ljust(4, b"\0"))
        for fl in floors:
            f.write(bytes(fl))
        f.write(struct.pack("<%dI" % len(keys), *keys))
        f.write(bytes(min(255, len(table[k])) for k in keys))
        f.write(bytes(rest[k] for k in keys))
        langb = bytearray(); qb = bytearray()
        for k in keys:
            for li, q in table[k][:255]:
                langb.append(li); qb.append(q)
        f.write(langb); f.write(qb)
    print("langs", len(langs), "keys", len(keys), "postings", npost, "bytes", os.path.getsize(dst), file=sys.stderr)


if __name__ == "__main__":
    main()
