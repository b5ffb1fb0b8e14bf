#!/usr/bin/env python3
"""Benchmark Winnow's clean_text stage (winnow clean / winnow langid) against ftfy and CLD2.

Usage (from the project root, after `swift build -c release`):
  python3 scripts/bench_clean.py [--winnow .build/release/winnow] [--venv /work/venvs/clean] [--reps 5] [--repeat 1] [--only clean|langid]

- Input: the lingua test sentences of all 75 languages (../shared/eval/lang/lingua-testdata/*/sentences.txt),
  one per line (about 10.8 MB), and the same as JSONL {id,text} for language identification. --repeat K
  concatenates K copies, so that the run is long against the noise of the start-up time that is subtracted.
- Winnow: each command runs --reps times on the full input and on an empty input; we report the median
  CPU time (user+sys of the child, so other load on the machine does not count) and the median wall time,
  minus the empty-input run (process start + model load), as MB/s of input.
- ftfy (fix_text, fix_encoding) and pycld2 run in-process in the venv (pip install ftfy pycld2), timed with
  time.process_time over the same lines (ftfy on the first --ftfy-lines lines; it is slow).
"""
import argparse, glob, json, os, resource, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd, data_path):
    with open(data_path, "rb") as f:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0,):
        sys.exit("command failed: %r (exit %d)" % (cmd, p.returncode))
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return cpu, wall


def bench(cmd, path, empty, reps):
    full = [run(cmd, path) for _ in range(reps)]
    base = [run(cmd, empty) for _ in range(reps)]
    mb = os.path.getsize(path) / 1e6
    cpu = statistics.median(c for c, _ in full) - statistics.median(c for c, _ in base)
    wall = statistics.median(w for _, w in full) - statistics.median(w for _, w in base)
    return {"cmd": " ".join(cmd), "MB": round(mb, 2), "reps": reps,
            "cpu_s": round(cpu, 3), "MB_per_s_cpu": round(mb / max(cpu, 1e-9), 1),
            "wall_s": round(wall, 3), "MB_per_s_wall": round(mb / max(wall, 1e-9), 1),
            "startup_cpu_s": round(statistics.median(c for c, _ in base), 3)}


PY_BENCH = r'''
import json, sys, time
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
n = int(sys.argv[2])
out = {}
try:
    import ftfy
    sub = lines[:n]; mb = sum(len(l.encode()) + 1 for l in sub) / 1e6
    for name, fn in (("ftfy.fix_text", ftfy.fix_text), ("ftfy.fix_encoding", ftfy.fix_encoding)):
        t = time.process_time()
        for l in sub: fn(l)
        dt = time.process_time() - t
        out[name] = {"MB": round(mb, 2), "cpu_s": round(dt, 3), "MB_per_s_cpu": round(mb / dt, 2), "version": ftfy.__version__}
except ImportError as e:
    out["ftfy"] = str(e)
try:
    import pycld2
    mb = sum(len(l.encode()) + 1 for l in lines) / 1e6
    t = time.process_time()
    for l in lines:
        try: pycld2.detect(l)
        except Exception: pass
    dt = time.process_time() - t
    out["pycld2.detect"] = {"MB": round(mb, 2), "cpu_s": round(dt, 3), "MB_per_s_cpu": round(mb / dt, 1)}
except ImportError as e:
    out["pycld2"] = str(e)
print(json.dumps(out))
'''


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--winnow", default=os.path.join(ROOT, ".build", "release", "winnow"))
    ap.add_argument("--clean-cmd", help="override: command for line cleaning (default: WINNOW clean)")
    ap.add_argument("--langid-cmd", help="override: command for language id (default: WINNOW langid)")
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "eval", "lang", "lingua-testdata"))
    ap.add_argument("--venv", default="/work/venvs/clean")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--ftfy-lines", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=1, help="concatenate K copies of the input")
    ap.add_argument("--only", choices=["clean", "langid"], help="run only these winnow commands (and no Python)")
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench_clean.")
    txt, jsonl, empty = (os.path.join(tmp, n) for n in ("lines.txt", "lines.jsonl", "empty"))
    lines = []
    for p in sorted(glob.glob(os.path.join(a.data, "*", "sentences.txt"))):
        lines += open(p, encoding="utf-8").read().rstrip("\n").split("\n")
    lines *= a.repeat
    with open(txt, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open(jsonl, "w", encoding="utf-8") as f:
        for i, l in enumerate(lines):
            f.write(json.dumps({"id": str(i), "text": l}, ensure_ascii=False) + "\n")
    open(empty, "w").close()

    res = {}
    clean = a.clean_cmd.split() if a.clean_cmd else [a.winnow, "clean"]
    lid = a.langid_cmd.split() if a.langid_cmd else [a.winnow, "langid"]
    if a.only in (None, "clean"):
        res["winnow clean (encoding)"] = bench(clean, txt, empty, a.reps)
        res["winnow clean (full)"] = bench(clean + ["--params", '{"line_mode":"full"}'] if not a.clean_cmd else clean + ['{"line_mode":"full"}'], txt, empty, a.reps)
    if a.only in (None, "langid"):
        res["winnow langid"] = bench(lid, jsonl, empty, a.reps)
    py = os.path.join(a.venv, "bin", "python")
    if os.path.exists(py) and not a.only:
        p = subprocess.run([py, "-c", PY_BENCH, txt, str(a.ftfy_lines)], capture_output=True, text=True)
        res.update(json.loads(p.stdout) if p.returncode == 0 else {"python": p.stderr[-500:]})
    for k, v in res.items():
        print("%-28s %s" % (k, json.dumps(v)))


if __name__ == "__main__":
    main()
