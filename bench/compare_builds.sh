#!/usr/bin/env bash
# Compares two or more builds of redline on one pair of texts, the way each
# change of the R2 speed work was measured (BENCHMARKS.md, "Where the time
# went"): every round runs `BINARY diff OLD NEW --format json` once per build,
# in a fresh random order, so that a machine that slows down or speeds up
# during the run weighs on every build alike. Prints, per build, the
# minimum, 10th percentile, 25th percentile and median wall time in ms.
#
#   bench/compare_builds.sh ROUNDS OLD NEW BINARY BINARY...
#
# e.g., with the build of the commit before a change kept as /tmp/before:
#   bench/compare_builds.sh 40 build/bench-data/pair-1048576/{old,new}.txt \
#     /tmp/before build/release/redline
set -euo pipefail

if [ "$#" -lt 5 ]; then
  echo "usage: $0 ROUNDS OLD NEW BINARY BINARY..." >&2
  exit 2
fi
rounds="$1"
old="$2"
new="$3"
shift 3
binaries=("$@")
times="$(mktemp)"
trap 'rm -f "$times"' EXIT

for ((round = 0; round < rounds; ++round)); do
  for index in $(shuf -i 0-$((${#binaries[@]} - 1))); do
    # Microseconds from bash's own clock: no process is started to read it.
    start="${EPOCHREALTIME/[.,]/}"
    status=0
    "${binaries[$index]}" diff "$old" "$new" --format json >/dev/null ||
      status=$?
    end="${EPOCHREALTIME/[.,]/}"
    if [ "$status" -gt 1 ]; then  # 0: equal, 1: different
      echo "$0: ${binaries[$index]} failed (exit $status)" >&2
      exit 1
    fi
    echo "$index $((10#$end - 10#$start))" >>"$times"
  done
done

for index in "${!binaries[@]}"; do
  awk -v want="$index" '$1 == want { print $2 }' "$times" | sort -n |
    awk -v name="${binaries[$index]}" '
      { t[NR] = $1 / 1000 }
      END {
        printf "min %7.2f  p10 %7.2f  p25 %7.2f  median %7.2f  %s\n",
          t[1], t[int(NR / 10) + 1], t[int(NR / 4) + 1],
          (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2), name
      }'
done
