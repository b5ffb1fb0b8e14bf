#!/usr/bin/env bash
# Submits a sharded Winnow run: a job array for the map, then a dependent job for the reduce.
#   scripts/slurm/submit.sh PIPELINE INPUT WORKDIR SHARDS   (prints the reduce job id)
# Output: WORKDIR/shards/shard-*/ (map) and WORKDIR/final/ (reduce). Set WINNOW to the binary's path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pipeline=$1 input=$2 work=$3 shards=${4:-4}
mkdir -p "$work/shards" "$work/final" "$work/logs"
# Jobs run in the submitting directory, like a single-process run, so source.path (relative to the
# working directory when the input lies below it) comes out the same; logs go to WORKDIR/logs.
map=$(sbatch --parsable --chdir="$PWD" --output="$work/logs/winnow-map-%A_%a.log" --array=0-$((shards - 1)) "$here/map.sbatch" "$pipeline" "$input" "$work/shards")
sbatch --parsable --chdir="$PWD" --output="$work/logs/winnow-reduce-%j.log" --dependency=afterok:"$map" "$here/reduce.sbatch" "$pipeline" "$work/shards" "$work/final"
