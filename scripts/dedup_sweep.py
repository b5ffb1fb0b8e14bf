#!/usr/bin/env python3
"""Trade-off curves for the dedup stage's verification thresholds and LSH shape on a labelled set.

Runs `winnow dedup --params ...` through the eval scorer for each setting and prints P/R/F1 and per-type
recall. Usage (from the repo root, after a release build):
    python3 scripts/dedup_sweep.py [--bin .build-dedup/release/winnow] [--data DIR]
"""
import argparse, json, os, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=".build-dedup/release/winnow")
ap.add_argument("--score", default="../shared/eval/dedup/score.py")
ap.add_argument("--data", default=None)
ap.add_argument("--only", default=None, help="sweep name to run")
a = ap.parse_args()

base = {}
sweeps = {
    "jaccard_threshold": [{"jaccard_threshold": t} for t in (0.3, 0.4, 0.5, 0.6, 0.7)],
    "containment_threshold": [{"containment_threshold": t} for t in (0.6, 0.7, 0.8, 0.9, 1.0)],
    "containment_min_shingles": [{"containment_min_shingles": n} for n in (5, 10, 20, 40)],
    "shingle_size": [{"shingle_size": k} for k in (2, 3, 4, 5)],
    "lsh": [{"bands": b, "rows": r} for b, r in ((32, 2), (20, 3), (24, 3), (16, 4), (20, 4), (14, 8))],
    "anchors": [{"anchors": n} for n in (0, 1, 3, 5)],
    "boilerplate": [{"boilerplate_min_clusters": n} for n in (0, 3, 5)],
}
for name, settings in sweeps.items():
    if a.only and name != a.only:
        continue
    print(f"== {name}")
    for s in settings:
        p = dict(base, **s)
        out = f"/tmp/dedup-sweep-{os.getpid()}.json"
        cmd = [sys.executable, a.score, "eval", "--name", "sweep", "--json", out]
        if a.data:
            cmd += ["--data", a.data]
        cmd += ["--", a.bin, "dedup", "--params", json.dumps(p)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        m = json.load(open(out))
        r = m["recall_by_type"]
        print(f"  {json.dumps(s):48s} P {m['precision']:.4f} R {m['recall']:.4f} F1 {m['f1']:.4f}  "
              + " ".join(f"{k[:5]} {v:.3f}" for k, v in sorted(r.items())))
