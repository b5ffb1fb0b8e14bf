#!/usr/bin/env python3
"""Peer metadata extractor for the metadata dev scorer: trafilatura's bare_extraction on the HTML alone.

Run it in the comparison venv (never a dependency of Winnow):
  python3 -m venv /work/venvs/meta && /work/venvs/meta/bin/pip install trafilatura==2.3.1 htmldate
  python3 ../shared/eval/metadata/score.py --name trafilatura \
      --batch-cmd '/work/venvs/meta/bin/python scripts/metadata_peer.py {inputs_gz}'
Prints one JSON line per page: path, title, authors (trafilatura's "; "-joined string), published.
"""
import gzip
import json
import sys

import trafilatura


def read(path):
    with (gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")) as f:
        return f.read()


def main(paths):
    for path in paths:
        rec = {"path": path, "title": None, "authors": None, "published": None}
        try:
            doc = trafilatura.bare_extraction(read(path), with_metadata=True)
            if doc is not None:
                d = doc.as_dict() if hasattr(doc, "as_dict") else doc
                rec.update(title=d.get("title"), authors=d.get("author"), published=d.get("date"))
        except Exception as e:  # one failing page must not stop the batch
            rec["error"] = str(e)
        print(json.dumps(rec, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
