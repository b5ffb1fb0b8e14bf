#!/usr/bin/env python3
"""Speed benchmark for the entity tagger (winnow tag) and, if installed, spaCy en_core_web_sm.

Runs each tagger on the same JSONL docs (default: eval-results/ner/testa.docs.jsonl, made by
`python3 ../shared/eval/ner/score.py prep-conll`), repeated --repeat times in one process, --runs times,
pinned to one core, and prints the median tokens per CPU-second (user+sys of the child process; tokens =
whitespace-separated tokens of the input, as in score.py) and the median start-up time (empty input:
process start + model load).

Usage (from the project root):
  python3 scripts/bench_tagger.py [--winnow .build/release/winnow] [--docs FILE] [--runs 5] [--repeat 5]
          [--spacy-python /work/venvs/tag/bin/python]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

SPACY_CMD = r"""
import sys, json, spacy
nlp = spacy.load("en_core_web_sm", disable=["parser", "lemmatizer", "tagger", "attribute_ruler"])
for line in sys.stdin:
    d = json.loads(line)
    doc = nlp(d["text"])
    print(json.dumps({"id": d["id"], "entities": [{"start": e.start_char, "end": e.end_char, "type": e.label_} for e in doc.ents]}))
"""


def run(cmd, data, cpu):
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        cmd = ["taskset", "-c", str(cpu)] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, input=data, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"{cmd} failed: {p.stderr.decode()[:500]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench(name, cmd, data, tokens, runs, cpu):
    startup = [run(cmd, b"", cpu)[1] for _ in range(runs)]
    res = [run(cmd, data, cpu) for _ in range(runs)]
    cpu_s = statistics.median(r[1] for r in res)
    wall_s = statistics.median(r[0] for r in res)
    print(f"{name:10s} tokens {tokens:8d} | median cpu {cpu_s:.3f}s -> {tokens / cpu_s:,.0f} tokens/cpu-s "
          f"| median wall {wall_s:.3f}s | startup (empty input) median cpu {statistics.median(startup):.3f}s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--winnow", default=".build/release/winnow")
    ap.add_argument("--docs", default="eval-results/ner/testa.docs.jsonl")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cpu", type=int, default=0)
    ap.add_argument("--spacy-python", default="/work/venvs/tag/bin/python")
    a = ap.parse_args()
    lines = [l for l in open(a.docs, encoding="utf-8") if l.strip()]
    rows = []
    for k in range(a.repeat):
        for l in lines:
            d = json.loads(l)
            d["id"] = f"{d['id']}#{k}"
            rows.append(json.dumps(d, ensure_ascii=False))
    data = ("\n".join(rows) + "\n").encode("utf-8")
    tokens = sum(len(json.loads(r)["text"].split()) for r in rows)
    bench("winnow", [a.winnow, "tag"], data, tokens, a.runs, a.cpu)
    if os.path.exists(a.spacy_python):
        ok = subprocess.run([a.spacy_python, "-c", "import spacy; spacy.load('en_core_web_sm')"],
                            capture_output=True).returncode == 0
        if ok:
            bench("spacy-sm", [a.spacy_python, "-c", SPACY_CMD], data, tokens, max(1, a.runs // 2), a.cpu)
        else:
            print("spacy-sm   not available (en_core_web_sm cannot be loaded in", a.spacy_python + ")")


if __name__ == "__main__":
    main()
