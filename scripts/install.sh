#!/usr/bin/env bash
# Installs Winnow for deployment: scripts/install.sh [PREFIX]   (default /usr/local)
#
#   PREFIX/bin/winnow              the release binary, Swift runtime linked in (--static-swift-stdlib), so the
#                                  machine needs no Swift toolchain; it needs only libxml2, zlib and libzstd
#   PREFIX/share/winnow/<Module>/  everything the binary reads at run time (models, tables, schema)
#
# The binary finds its data at ../share/winnow beside itself, or where WINNOW_DATA points. Both parts are
# replaced whole (new copy, then rename), so a cron run starting during an upgrade sees the old or the new
# installation, never a mix of files. WINNOW_BUILD_CONFIG=debug installs a debug build (used by the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX="${1:-/usr/local}"
CONFIG="${WINNOW_BUILD_CONFIG:-release}"
case "$CONFIG" in release|debug) ;; *) echo "install.sh: WINNOW_BUILD_CONFIG must be release or debug" >&2; exit 2 ;; esac

scripts/setup.sh
# A build folder of its own: objects compiled for a dynamically linked build (.build/) carry no link entries
# for the static Foundation libraries, and linking them with --static-swift-stdlib fails.
SCRATCH=.build-static
swift build -c "$CONFIG" --static-swift-stdlib --scratch-path "$SCRATCH" --product winnow
BIN="$(swift build -c "$CONFIG" --static-swift-stdlib --scratch-path "$SCRATCH" --show-bin-path)"

# The modules with data files (the same list as VersionInfo.dataModules).
MODULES=(WinnowClean WinnowCore WinnowTag)

mkdir -p "$PREFIX/bin" "$PREFIX/share"
STAGE="$PREFIX/share/.winnow.new.$$"
rm -rf "$STAGE"
mkdir -p "$STAGE"
for m in "${MODULES[@]}"; do
    mkdir -p "$STAGE/$m"
    cp -R "Sources/$m/Resources/." "$STAGE/$m/"
done
# The shipped pipeline files, as examples to copy (the cron and systemd examples use news.json from here).
cp -R pipelines "$STAGE/pipelines"
chmod -R a+rX "$STAGE"
if [ -d "$PREFIX/share/winnow" ]; then
    rm -rf "$PREFIX/share/.winnow.old"
    mv "$PREFIX/share/winnow" "$PREFIX/share/.winnow.old"
fi
mv "$STAGE" "$PREFIX/share/winnow"
rm -rf "$PREFIX/share/.winnow.old"

install -m 0755 "$BIN/winnow" "$PREFIX/bin/.winnow.new.$$"
mv -f "$PREFIX/bin/.winnow.new.$$" "$PREFIX/bin/winnow"

echo "installed $PREFIX/bin/winnow and $PREFIX/share/winnow/"
"$PREFIX/bin/winnow" --version
