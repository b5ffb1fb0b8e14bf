#!/usr/bin/env python3
"""Same-story clustering under input order: runs `winnow dedup --params '{"story": true}'` on the seed
articles (../shared/seeds, labelled below: two events with the same two leaders) in publication-date order,
in every other order, and without dates, and prints pairwise precision/recall/F1 of the `story` labels.

Usage (from the repo root): python3 scripts/dedup_story_orders.py [--bin .build/release/winnow]
"""
import argparse, glob, itertools, json, os, subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=".build/release/winnow")
ap.add_argument("--seeds", default="../shared/seeds")
ap.add_argument("--no-run-date", action="store_true", help="for builds without the run_date option")
a = ap.parse_args()

# Publication dates and gold stories of the seeds (Feb 2023 Moscow meeting; Dec 2022 Minsk visit).
DATES = {"000": "2023-02-17", "001": "2023-02-17", "002": "2023-02-17", "003": "2022-12-19", "004": "2022-12-19"}
GOLD = {"000": "feb", "001": "feb", "002": "feb", "003": "dec", "004": "dec"}
docs = [{"id": os.path.basename(f)[:3], "text": open(f, encoding="utf-8").read()}
        for f in sorted(glob.glob(os.path.join(a.seeds, "*.txt")))]
for d in docs:
    d["published"] = DATES[d["id"]]


def pairs(labels):
    ids = sorted(labels)
    return {(x, y) for i, x in enumerate(ids) for y in ids[i + 1:] if labels[x] == labels[y]}


def score(order, dated=True):
    inp = "".join(json.dumps(d if dated else {"id": d["id"], "text": d["text"]}) + "\n" for d in order)
    out = subprocess.run([a.bin, "dedup", "--params", json.dumps({"story": True} if a.no_run_date else {"story": True, "run_date": "2023-02-18"})],
                         input=inp.encode(), capture_output=True, check=True).stdout.decode()
    pred = {r["id"]: r["story"] for r in map(json.loads, out.splitlines())}
    g, p = pairs(GOLD), pairs(pred)
    tp = len(g & p)
    prec = tp / len(p) if p else 1.0
    rec = tp / len(g) if g else 1.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


by_date = sorted(docs, key=lambda d: (d["published"], d["id"]))
print("date order:        P %.3f R %.3f F1 %.3f" % score(by_date))
all_orders = [score(list(p)) for p in itertools.permutations(docs)]
f1s = sorted(s[2] for s in all_orders)
print("all %d orders:    F1 mean %.3f min %.3f max %.3f" % (len(f1s), sum(f1s) / len(f1s), f1s[0], f1s[-1]))
print("undated, one batch: P %.3f R %.3f F1 %.3f" % score(by_date, dated=False))
