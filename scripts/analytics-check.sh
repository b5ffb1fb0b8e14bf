#!/usr/bin/env bash
# Runs the sample pipeline and checks its output loads into DuckDB (Python package from PyPI, in a
# throw-away venv under .build/: a test-environment dependency only, never one of Winnow's).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/venv-analytics
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q duckdb
fi
out=$(mktemp -d /tmp/winnow-analytics.XXXXXX)
# WINNOW: a built binary to use (scripts/test.sh passes the debug build the tests already made).
if [ -z "${WINNOW:-}" ]; then swift build -c release --product winnow >/dev/null; WINNOW=.build/release/winnow; fi
"$WINNOW" run pipelines/news.json --input samples --output "$out" --quiet
"$venv/bin/python" scripts/analytics_check.py "$out"
