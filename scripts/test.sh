#!/usr/bin/env bash
# The test command from the README: set up, run the whole test suite, then the end-to-end checks
# that need outside tools (DuckDB for the output format; a local Slurm cluster for sharding, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build --parallel
export WINNOW="$PWD/.build/debug/winnow"   # built by --build-tests; the checks below reuse it
scripts/analytics-check.sh
scripts/test-install.sh
if [ "$(id -u)" -eq 0 ]; then
    scripts/slurm/test-slurm.sh
else
    echo "test.sh: not root: skipping the Slurm test (it starts munged, slurmctld and slurmd)"
fi
