#!/usr/bin/env bash
# Installs Winnow into a temporary prefix and proves the installed binary stands alone: the Swift runtime
# is linked in (no libswift* in ldd), it runs the main job on samples/ with the build tree hidden, it reads
# its data through WINNOW_DATA when the data moved, and missing data is a clear error (exit 2) naming the
# paths it tried. Called by scripts/test.sh; WINNOW_BUILD_CONFIG=release tests the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
PREFIX="$TMP/prefix"
fail() { echo "test-install: FAILED: $*" >&2; exit 1; }

WINNOW_BUILD_CONFIG="${WINNOW_BUILD_CONFIG:-debug}" scripts/install.sh "$PREFIX" > "$TMP/install.log" 2>&1 \
    || { tail -40 "$TMP/install.log" >&2; fail "scripts/install.sh failed"; }
BIN="$PREFIX/bin/winnow"

if ldd "$BIN" | grep -q 'libswift'; then ldd "$BIN"; fail "the installed binary links the Swift runtime dynamically"; fi
"$BIN" --version > "$TMP/version.txt"
grep -q "^winnow " "$TMP/version.txt" || fail "--version printed no version"
grep -q "langid.bin .* xxh64:" "$TMP/version.txt" || fail "--version lists no model versions: $(cat "$TMP/version.txt")"

# The main job, from a copy of the prefix elsewhere, with the build tree hidden (a mount namespace as root;
# otherwise the build tree is moved aside for the run).
cp -R "$PREFIX" "$TMP/moved"
run_hidden() {
    if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
        unshare -m sh -c "mount -t tmpfs none '$ROOT/.build' && mount -t tmpfs none '$ROOT/.build-static' && cd '$ROOT' && $*"
    else
        mv "$ROOT/.build" "$ROOT/.build-hidden-$$"; mv "$ROOT/.build-static" "$ROOT/.build-static-hidden-$$"
        trap 'mv "$ROOT/.build-hidden-$$" "$ROOT/.build"; mv "$ROOT/.build-static-hidden-$$" "$ROOT/.build-static"; rm -rf "$TMP"' EXIT
        (cd "$ROOT" && sh -c "$*"); local rc=$?
        mv "$ROOT/.build-hidden-$$" "$ROOT/.build"; mv "$ROOT/.build-static-hidden-$$" "$ROOT/.build-static"
        trap 'rm -rf "$TMP"' EXIT
        return $rc
    fi
}
run_hidden "'$TMP/moved/bin/winnow' run pipelines/news.json --input samples --output '$TMP/out' --quiet" \
    || fail "the installed binary did not run the main job with the build tree hidden"
written=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['documents']['written'])" "$TMP/out/stats.json")
[ "$written" -gt 0 ] || fail "the installed binary wrote no documents"

# Data moved away: WINNOW_DATA finds it; without it the run fails with exit 2, naming the paths tried.
mv "$TMP/moved/share/winnow" "$TMP/data"
WINNOW_DATA="$TMP/data" "$TMP/moved/bin/winnow" run pipelines/news.json --input samples --output "$TMP/out2" --quiet \
    || fail "WINNOW_DATA did not lead the binary to its data"
set +e
"$TMP/moved/bin/winnow" run pipelines/news.json --input samples --output "$TMP/out3" --quiet 2> "$TMP/err.txt"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "missing data exited with $rc, not 2: $(cat "$TMP/err.txt")"
grep -q "tried" "$TMP/err.txt" || fail "missing data error does not name the paths tried: $(cat "$TMP/err.txt")"
grep -q "$TMP/moved/share/winnow" "$TMP/err.txt" || fail "missing data error does not name ../share/winnow: $(cat "$TMP/err.txt")"
echo "test-install: ok ($written documents from the installed binary; $(wc -l < "$TMP/version.txt") lines of --version)"
