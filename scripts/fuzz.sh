#!/usr/bin/env bash
# Build the libFuzzer targets in scripts/fuzz (address sanitizer + coverage) and run each one.
#
#   scripts/fuzz.sh [-t SECONDS | -r RUNS] [-j JOBS] [-w] [-f] [-m BYTES] [TARGET ...]
#
#   -t SECONDS  run each target for at most this long (libFuzzer -max_total_time)
#   -r RUNS     run each target for at most this many executions (-runs)
#               (neither given: 60 seconds; both: whichever comes first)
#   -j JOBS     targets run in parallel (default 1)
#   -w          fuzz the working tree's Sources/ (default: the committed HEAD)
#   -n          do not rebuild (run the binaries already built)
#   -f          fast: coverage instrumentation only, no AddressSanitizer (built apart, in .build/fast). Several
#               times the executions per second for long runs; Swift's own checks (bounds, overflow) still trap,
#               but a stray unsafe-pointer access may go unseen: run the default build as well.
#   -m BYTES    largest input (libFuzzer -max_len; default 65536, 16384 for the config/JSONL/charset targets)
#   TARGET      any of: FuzzHTML FuzzGzip FuzzZstd FuzzCharset FuzzJSONL FuzzPipelineConfig FuzzTar FuzzWarc FuzzClean
#               FuzzExecReply (default: all; with exactly one, only that one is built)
#
# The fuzz package builds a snapshot of Sources/ (scripts/fuzz/.build/snapshot, which the symlinks in
# scripts/fuzz/Sources point to), so edits made while it builds or runs do not break it; only files
# whose content changed are copied, so rebuilds are incremental.
#
# Every input has a 1 s budget (-timeout=1: a slower input is reported as a hang) and 2 GB of memory.
# Seeds come from scripts/fuzz/corpus/<TARGET>; the growing corpus, crash artifacts and logs go under
# scripts/fuzz/.build/ (git-ignored: .build/ matches). A crash leaves crash-*/timeout-*/oom-* files in
# scripts/fuzz/.build/artifacts/<TARGET>/; replay one with
#   scripts/fuzz/.build/release/<TARGET> <artifact>
# and add it to Tests/WinnowIOTests/FuzzRegressionTests.swift as bytes.
# Exit status: 0 when no target found anything, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/fuzz"

SECONDS_PER=""
RUNS=""
JOBS=1
WORKTREE=0
BUILD=1
FAST=0
MAXLEN=""
while getopts "t:r:j:wnfm:h" opt; do
  case $opt in
    t) SECONDS_PER=$OPTARG ;;
    r) RUNS=$OPTARG ;;
    j) JOBS=$OPTARG ;;
    w) WORKTREE=1 ;;
    n) BUILD=0 ;;
    f) FAST=1 ;;
    m) MAXLEN=$OPTARG ;;
    *) sed -n '2,20p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(FuzzHTML FuzzGzip FuzzZstd FuzzCharset FuzzJSONL FuzzPipelineConfig FuzzTar FuzzWarc FuzzClean FuzzExecReply)

SNAP=.build/snapshot
sync_sources() {
  local tmp f
  tmp=$(mktemp -d)
  if [ "$WORKTREE" = 1 ]; then
    (cd ../.. && tar -cf - Sources) | tar -xf - -C "$tmp"
  else
    git -C ../.. archive HEAD Sources | tar -xf - -C "$tmp"
  fi
  mkdir -p "$SNAP"
  (cd "$tmp" && find Sources -type f) | while read -r f; do
    if ! cmp -s "$tmp/$f" "$SNAP/$f"; then mkdir -p "$(dirname "$SNAP/$f")"; cp "$tmp/$f" "$SNAP/$f"; fi
  done
  [ -d "$SNAP/Sources" ] && (cd "$SNAP" && find Sources -type f) | while read -r f; do
    [ -e "$tmp/$f" ] || rm -f "$SNAP/$f"
  done
  rm -rf "$tmp"
}

SANITIZE=fuzzer,address; SCRATCH=.build
[ "$FAST" = 1 ] && { SANITIZE=fuzzer; SCRATCH=.build/fast; }
if [ "$BUILD" = 1 ]; then
  sync_sources
  echo "fuzz: building $( [ "$WORKTREE" = 1 ] && echo "working tree" || git -C ../.. rev-parse --short HEAD) (release, -sanitize=$SANITIZE) ..." >&2
  product=()
  [ ${#TARGETS[@]} -eq 1 ] && product=(--product "${TARGETS[0]}")
  swift build -c release --scratch-path "$SCRATCH" -Xswiftc -sanitize=$SANITIZE -Xswiftc -parse-as-library "${product[@]}" 2>&1 \
    | grep -E "error|warning: .*Sources/|Build complete" >&2 || true
fi
BIN=$SCRATCH/release

# Swift's crash backtracer is slow and noisy under libFuzzer; ASan reports are what matter.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}

run_one() {
  local t=$1
  local corpus=.build/corpus/$t art=.build/artifacts/$t log=.build/logs/$t.log
  mkdir -p "$corpus" "$art" .build/logs
  local limit=()
  [ -n "$RUNS" ] && limit+=(-runs="$RUNS")
  [ -n "$SECONDS_PER" ] && limit+=(-max_total_time="$SECONDS_PER")
  [ ${#limit[@]} -eq 0 ] && limit=(-max_total_time=60)
  local maxlen=65536
  case $t in FuzzPipelineConfig|FuzzJSONL|FuzzCharset) maxlen=16384 ;; esac
  [ -n "$MAXLEN" ] && maxlen=$MAXLEN
  set +e
  "$BIN/$t" "$corpus" "corpus/$t" "${limit[@]}" -timeout=1 -rss_limit_mb=2048 -max_len=$maxlen \
      -print_final_stats=1 -artifact_prefix="$art/" >"$log" 2>&1
  local rc=$?
  set -e
  local execs cov ft last
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(echo "$last" | grep -o 'cov: [0-9]*' | awk '{print $2}')
  ft=$(echo "$last" | grep -o 'ft: [0-9]*' | awk '{print $2}')
  local status=ok
  [ $rc -ne 0 ] && status="FOUND (exit $rc; see $log and $art/)"
  printf "%-20s execs=%-10s cov=%-6s ft=%-6s %s\n" "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$status"
  [ $rc -eq 0 ]
}

fail=0
if [ "$JOBS" -le 1 ]; then
  for t in "${TARGETS[@]}"; do run_one "$t" || fail=1; done
else
  pids=()
  for t in "${TARGETS[@]}"; do
    run_one "$t" & pids+=($!)
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 1; done
  done
  for p in "${pids[@]}"; do wait "$p" || fail=1; done
fi
exit $fail
