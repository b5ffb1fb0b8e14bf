#!/usr/bin/env python3
"""Held-out (non-test) text for developing clean_text's language identification.

Source: the translated messages (msgstr) of the gettext catalogues installed on this machine (for English,
the source messages, msgid, of the German catalogues; translations equal to their English source are left out),
/usr/share/locale/<lang>/LC_MESSAGES/*.mo (Debian packages: glib, gtk, git, iso-codes, ...). This is NOT the
lingua test data, so it may be used to choose and check changes; it is short UI text, unlike the Leipzig
news sentences, so it only guards against regressions and checks targeted fixes.

Usage:
  python3 scripts/clean_devharness/lid_devset.py OUT.jsonl [--min-letters 25] [--per-lang 400]
Writes JSONL {id, text, gold} for the languages the identifier supports. With --cp1254-as-cp1252, writes the
Turkish messages as they read when their cp1254 bytes are decoded as cp1252 (ı ş ğ İ Ş Ğ -> ý þ ð Ý Þ Ð).
"""
import argparse, glob, json, os, random, re, struct

CODES = ("af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gu he hi hr hu hy id is it ja ka kk ko "
         "la lg lt lv mi mk mn mr ms nb nl nn pa pl pt ro ru sk sl sn so sq sr st sv sw ta te th tl tn tr ts uk ur "
         "vi xh yo zh zu").split()
ALIAS = {"nb": ["nb", "no"], "zh": ["zh_CN", "zh_TW", "zh"], "pt": ["pt", "pt_BR"], "sr": ["sr"]}


def mo_strings(path, originals=False):
    d = open(path, "rb").read()
    if len(d) < 28:
        return []
    magic = struct.unpack("<I", d[:4])[0]
    e = "<" if magic == 0x950412DE else ">"
    n, ooff, toff = struct.unpack(e + "III", d[8:20])

    def entry(table, i):
        ln, off = struct.unpack(e + "II", d[table + 8 * i: table + 8 * i + 8])
        return d[off:off + ln].split(b"\x00")

    out = []
    for i in range(n):
        src = entry(ooff, i)
        # a "translation" that repeats its English source is not text of the catalogue's language
        parts = src if originals else [t for t in entry(toff, i) if t not in src]
        for part in parts:
            try:
                out.append(part.decode("utf-8"))
            except UnicodeDecodeError:
                pass
    return out


def clean(s):
    s = re.sub(r"%[-+ #0-9.]*[a-zA-Z]|\{[^}]*\}|<[^>]*>|_(?=\w)|&(?=\w)|\\n", " ", s)
    return " ".join(s.split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--min-letters", type=int, default=25)
    ap.add_argument("--per-lang", type=int, default=400)
    ap.add_argument("--cp1254-as-cp1252", action="store_true")
    a = ap.parse_args()
    random.seed(7)
    rows = []
    for code in CODES:
        texts = set()
        # English: the catalogues' source strings (msgid), which are English; every other language: msgstr
        locs = ["de"] if code == "en" else ALIAS.get(code, [code])
        for loc in locs:
            for p in glob.glob("/usr/share/locale/%s/LC_MESSAGES/*.mo" % loc):
                for s in mo_strings(p, originals=code == "en"):
                    s = clean(s)
                    if sum(c.isalpha() for c in s) >= a.min_letters:
                        texts.add(s)
        texts = sorted(texts)
        random.shuffle(texts)
        for i, t in enumerate(texts[:a.per_lang]):
            if a.cp1254_as_cp1252:
                if code != "tr":
                    continue
                try:
                    t2 = t.encode("cp1254").decode("cp1252")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue
                if t2 == t:
                    continue
                t = t2
            rows.append({"id": "%s-%d" % (code, i), "text": t, "gold": code})
    with open(a.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    import collections
    print(len(rows), "rows;", dict(collections.Counter(r["gold"] for r in rows)))


if __name__ == "__main__":
    main()
