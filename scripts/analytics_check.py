#!/usr/bin/env python3
"""Loads a Winnow run's output into DuckDB and runs the analytics queries from the README.

Proves the output format works where analysts use it. Fails (exit 1) if a query errors or returns
nothing sensible. Usage: analytics_check.py OUTPUT_DIR
"""
import sys

import duckdb

out = sys.argv[1]
con = duckdb.connect()
con.execute(f"""
    CREATE VIEW docs AS
    SELECT * FROM read_json('{out}/part-*.jsonl*', format = 'newline_delimited', union_by_name = true)
""")

queries = {
    "documents per site and day": """
        SELECT coalesce(site, '(unknown)') AS site, CAST(substr(published, 1, 10) AS DATE) AS day, count(*) AS documents
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
if not results["documents per site and day"]:
    print("FAIL: no documents per site/day", file=sys.stderr); ok = False
if not results["top canonical entities"]:
    print("FAIL: no entities", file=sys.stderr); ok = False
docs, dups, pct, clusters = results["duplicate rate"][0]
if docs == 0 or clusters == 0 or clusters > docs:
    print("FAIL: implausible dedup figures", file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
