#!/usr/bin/env python3
"""Loads a Winnow run's output into DuckDB and runs the analytics queries from the README.

Proves the output format works where analysts use it. Fails (exit 1) if a query errors or returns
nothing sensible. Usage: analytics_check.py OUTPUT_DIR
"""
import os
import sys

import duckdb

out = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
con = duckdb.connect()
# The column spec shipped next to the schema (and installed under share/winnow/WinnowCore).
con.execute(f"SET VARIABLE winnow_files = '{out}/part-*.jsonl*'")
con.execute(open(os.path.join(root, "Sources/WinnowCore/Resources/document.duckdb.sql")).read())

queries = {
    "documents per site and day": """
        SELECT coalesce(site, '(unknown)') AS site, published_day AS day, count(*) AS documents
        FROM docs GROUP BY ALL ORDER BY day NULLS LAST, site""",
    "top canonical entities": """
        SELECT e.canonical, e.type, count(*) AS mentions, count(DISTINCT id) AS documents
        FROM docs, unnest(entities) AS t(e)
        WHERE e.type IN ('PER', 'LOC', 'ORG', 'MISC')
        GROUP BY ALL ORDER BY mentions DESC, e.canonical LIMIT 10""",
    "duplicate rate": """
        SELECT count(*) AS documents,
               count(*) FILTER (WHERE dedup.duplicate_of IS NOT NULL) AS duplicates,
               round(100.0 * count(*) FILTER (WHERE dedup.duplicate_of IS NOT NULL) / count(*), 1) AS duplicate_pct,
               count(DISTINCT dedup.cluster) AS clusters
        FROM docs""",
}
results = {}
for name, q in queries.items():
    rows = con.execute(q).fetchall()
    results[name] = rows
    print(f"-- {name}")
    for r in rows:
        print("   ", r)

ok = True
# Real types even for columns that are null in every record (updated, license, revision_of in the samples).
types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE docs)").fetchall())
for col, want in [("updated", "VARCHAR"), ("license", "VARCHAR"), ("tags", "VARCHAR[]"), ("published_day", "DATE"),
                  ("published_at", "TIMESTAMP WITH TIME ZONE"), ("language_score", "DOUBLE")]:
    if types.get(col) != want:
        print(f"FAIL: column {col} is {types.get(col)}, expected {want}", file=sys.stderr); ok = False
print("-- column types:", {k: types[k] for k in ["published", "published_day", "published_at", "updated", "dedup"]})
# Parquet through DuckDB, read back.
parquet = os.path.join(out, "docs.parquet")
con.execute(f"COPY (SELECT * FROM docs) TO '{parquet}' (FORMAT PARQUET)")
back = con.execute(f"SELECT count(*), count(published_day) FROM read_parquet('{parquet}')").fetchone()
total = con.execute("SELECT count(*), count(published_day) FROM docs").fetchone()
print("-- parquet round trip:", back, "of", total)
if back != total or total[0] == 0:
    print("FAIL: Parquet round trip lost rows", file=sys.stderr); ok = False

if not results["documents per site and day"]:
    print("FAIL: no documents per site/day", file=sys.stderr); ok = False
if not results["top canonical entities"]:
    print("FAIL: no entities", file=sys.stderr); ok = False
docs, dups, pct, clusters = results["duplicate rate"][0]
if docs == 0 or clusters == 0 or clusters > docs:
    print("FAIL: implausible dedup figures", file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
