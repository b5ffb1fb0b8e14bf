#!/usr/bin/env python3
"""Score a language identifier on the held-out development set of lid_devset.py (NOT the lingua test data).

Usage:
  python3 scripts/clean_devharness/lid_devscore.py DEV.jsonl [--paragraphs] -- CMD [ARGS...]
CMD reads JSONL {id, text} and writes {id, lang} (as `winnow langid`). Prints macro accuracy over the languages
with at least 50 items (also without the close pairs bs/hr/sr, ms/id), the false-English rate (non-English items called English) and the languages below 90 %.
--paragraphs joins 5 consecutive items of one language (like score_lid.py --set paragraphs).
"""
import argparse, collections, json, subprocess, sys

CLOSE_PAIRS = {"bs", "hr", "sr", "ms", "id"}   # documented close pairs (issue 6)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dev")
    ap.add_argument("--paragraphs", action="store_true")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    rows = [json.loads(l) for l in open(a.dev, encoding="utf-8")]
    if a.paragraphs:
        by = collections.defaultdict(list)
        for r in rows:
            by[r["gold"]].append(r["text"])
        rows = [{"id": "%s-p%d" % (g, i // 5), "text": " ".join(t[i:i + 5]), "gold": g}
                for g, t in by.items() for i in range(0, len(t) - 4, 5)]
    inp = "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in rows)
    p = subprocess.run(cmd, input=inp.encode(), capture_output=True, check=True)
    pred = {}
    for l in p.stdout.decode().splitlines():
        d = json.loads(l)
        pred[d["id"]] = d["lang"]
    n = collections.Counter(); ok = collections.Counter(); conf = collections.Counter()
    fe = 0; nonen = 0
    for r in rows:
        g, y = r["gold"], pred.get(r["id"])
        n[g] += 1; ok[g] += y == g
        if y != g: conf[(g, y)] += 1
        if g != "en":
            nonen += 1; fe += y == "en"
    langs = [g for g in n if n[g] >= 50]
    acc = {g: ok[g] / n[g] for g in langs}
    print("items %d, languages %d, macro %.2f %%, micro %.2f %%, false-English %.3f %% (%d)" % (
        len(rows), len(langs), 100 * sum(acc.values()) / len(langs),
        100 * sum(ok[g] for g in langs) / sum(n[g] for g in langs), 100 * fe / max(1, nonen), fe))
    rest = [g for g in langs if g not in CLOSE_PAIRS]
    print("macro without the close pairs (%s): %.2f %%" % (" ".join(sorted(CLOSE_PAIRS)), 100 * sum(acc[g] for g in rest) / len(rest)))
    low = sorted((v, g) for g, v in acc.items() if v < 0.9)
    print("below 90 %: " + ", ".join("%s %.1f" % (g, 100 * v) for v, g in low))
    print("top confusions: " + ", ".join("%s->%s %d" % (g, y, c) for (g, y), c in conf.most_common(12)))


if __name__ == "__main__":
    main()
