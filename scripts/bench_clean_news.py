#!/usr/bin/env python3
"""Speed of clean_text on realistic news text: language id, document cleanup, line cleanup (CPU time, medians).

Input: the gold article texts of the extraction dev sets (../shared/eval/extraction/datasets/<set>/ground-truth.json,
default dragnet + cleanportaleval: 1,450 articles, 4.6 MB), NOT the lingua test data.

Runs the clean_text development harness (scripts/clean_devharness, `cleandev`), which times only the stage calls
in-process with getrusage CPU time over --reps repetitions and prints the median:
  benchlangiddoc  identifyLanguage(article)            (language id, one call per article)
  benchdoc        process(&doc) with language_id false (document cleanup without language id)
  benchdoc        process(&doc) with the default options (cleanup + language id)
  benchclean      cleanLine(line), line_mode encoding   (the article lines, one call per line)
  benchclean      cleanLine(line), line_mode full
With --venv, ftfy (fix_text, fix_encoding) and pycld2.detect run on the same articles in that venv
(time.process_time, median of --reps).

Usage (from the project root):
  (cd scripts/clean_devharness && swift build -c release --product cleandev)
  python3 scripts/bench_clean_news.py [--reps 7] [--sets dragnet,cleanportaleval] [--venv /work/venvs/clean]
"""
import argparse, json, os, re, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

PY = r'''
import json, statistics, sys, time
docs = open(sys.argv[1], encoding="utf-8").read().split("\x0c\n")
reps = int(sys.argv[2])
mb = sum(len(d.encode()) for d in docs) / 1e6
out = {}
def bench(name, fn):
    ts = []
    for _ in range(reps):
        t = time.process_time()
        for d in docs: fn(d)
        ts.append(time.process_time() - t)
    m = statistics.median(ts)
    out[name] = {"MB": round(mb, 2), "median_cpu_s": round(m, 3), "MB_per_s": round(mb / m, 1)}
try:
    import ftfy
    bench("ftfy.fix_text", ftfy.fix_text); bench("ftfy.fix_encoding", ftfy.fix_encoding)
except ImportError as e:
    out["ftfy"] = str(e)
try:
    import pycld2
    def det(d):
        try: pycld2.detect(d)
        except Exception: pass
    bench("pycld2.detect", det)
except ImportError as e:
    out["pycld2"] = str(e)
print(json.dumps(out))
'''


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cleandev", default=os.path.join(HERE, "clean_devharness", ".build", "release", "cleandev"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "eval", "extraction", "datasets"))
    ap.add_argument("--sets", default="dragnet,cleanportaleval")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--venv", default="", help="venv with ftfy and pycld2 to compare (e.g. /work/venvs/clean)")
    a = ap.parse_args()

    texts = []
    for s in a.sets.split(","):
        g = json.load(open(os.path.join(a.data, s, "ground-truth.json"), encoding="utf-8"))
        for k in sorted(g):
            t = (g[k].get("articleBody") or "").replace("\r\n", "\n").replace("\x0c", "")
            if t.strip():
                texts.append(t)
    tmp = tempfile.mkdtemp(prefix="bench_clean_news.")
    docs, lines = os.path.join(tmp, "docs.ff"), os.path.join(tmp, "lines.txt")
    with open(docs, "w", encoding="utf-8") as f:
        f.write("\x0c\n".join(texts))
    with open(lines, "w", encoding="utf-8") as f:
        f.write("\n".join(l for t in texts for l in t.split("\n")))
    print("input: %d articles, %.2f MB (%s)" % (len(texts), os.path.getsize(docs) / 1e6, a.sets))
    env = dict(os.environ, BENCH_REPS=str(a.reps))
    runs = [
        ("language id (identifyLanguage per article)", ["benchlangiddoc", "{}"], docs),
        ("cleanup without language id (process)", ["benchdoc", '{"language_id":false}'], docs),
        ("cleanup + language id (process, defaults)", ["benchdoc", "{}"], docs),
        ("cleanLine, line_mode encoding", ["benchclean", "{}"], lines),
        ("cleanLine, line_mode full", ["benchclean", '{"line_mode":"full"}'], lines),
    ]
    for name, args, path in runs:
        with open(path, "rb") as f:
            p = subprocess.run([a.cleandev] + args, stdin=f, capture_output=True, text=True, env=env)
        if p.returncode != 0:
            sys.exit("cleandev failed: " + p.stderr[-500:])
        m = re.search(r"median of (\d+): ([0-9.]+) s CPU, ([0-9.]+) MB/s", p.stdout)
        print("%-44s median CPU %.3f s over %s reps = %.1f MB/s" % (name, float(m.group(2)), m.group(1), float(m.group(3))))
    if a.venv:
        py = os.path.join(a.venv, "bin", "python")
        p = subprocess.run([py, "-c", PY, docs, str(max(3, a.reps // 2))], capture_output=True, text=True)
        if p.returncode != 0:
            print("python comparison failed: " + p.stderr[-300:])
        else:
            for k, v in json.loads(p.stdout).items():
                print("%-44s %s" % (k, json.dumps(v)))


if __name__ == "__main__":
    main()
