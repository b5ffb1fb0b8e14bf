#!/usr/bin/env bash
# The test command from the README: set up, build, run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift test --parallel
