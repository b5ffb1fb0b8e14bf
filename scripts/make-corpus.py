#!/usr/bin/env python3
"""Generates a benchmark corpus of gzip-compressed news HTML pages (default 200 MB of HTML).

Pages come from the extraction dev sets in ../shared/eval/extraction/datasets (or --source DIR of
.html/.html.gz files); each output page is a source page with a unique marker comment, so the
corpus can be as large as asked. Never committed: write it under /tmp or .build/.
  scripts/make-corpus.py --out /tmp/winnow-corpus-200 --megabytes 200
"""
import argparse, glob, gzip, os

ap = argparse.ArgumentParser()
here = os.path.dirname(os.path.abspath(__file__))
ap.add_argument("--source", default=os.path.join(here, "..", "..", "shared", "eval", "extraction", "datasets"))
ap.add_argument("--out", required=True)
ap.add_argument("--megabytes", type=int, default=200)
ap.add_argument("--per-dir", type=int, default=1000, help="files per subfolder")
a = ap.parse_args()

files = sorted(glob.glob(os.path.join(a.source, "**", "*.html.gz"), recursive=True) +
               glob.glob(os.path.join(a.source, "**", "*.html"), recursive=True))
if not files:
    raise SystemExit(f"no .html/.html.gz pages under {a.source}")
os.makedirs(a.out, exist_ok=True)
target = a.megabytes * 1_000_000
total = 0
i = 0
while total < target:
    src = files[i % len(files)]
    data = gzip.open(src, "rb").read() if src.endswith(".gz") else open(src, "rb").read()
    data = data + f"\n<!-- winnow benchmark copy {i} -->\n".encode()
    sub = os.path.join(a.out, f"{i // a.per_dir:04d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"{i:07d}.html.gz"), "wb") as f:
        f.write(gzip.compress(data, compresslevel=6, mtime=0))
    total += len(data)
    i += 1
print(f"{i} pages, {total / 1e6:.1f} MB of HTML in {a.out}")
