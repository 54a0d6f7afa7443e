#!/usr/bin/env bash
# Runs the benchmark of issue R4 (the negotiation record) and prints the
# results of BENCHMARKS.md, "R4 — the negotiation record":
#  1. builds the release `redline`, and writes into build/bench-data/record/
#     51 fictional texts of 1,000 points (40 articles of 24 points), v(k+1)
#     derived from v(k) by changing a few words in a share CHANGE of points;
#  2. writes a dump (docs/store.md) of 5 parties, versions V1..V50 (each the
#     parent of the next) and a stance of every party on every point of every
#     version (250,000; on points unchanged since the parent, carried forward)
#     and restores it into each backend, timing the restore;
#  3. times with hyperfine (best and mean of RUNS) `redline status V50` and
#     `redline import v51.txt --parent V50` (each run into a fresh copy of the
#     store), and their peak RSS with /usr/bin/time -f %M;
#  4. prints the verdicts (import < 300 ms, status < 200 ms) and the load
#     average, and writes the raw figures to build/bench-data/record/
#     results.tsv ("backend measurement key value").
# PostgreSQL runs on a throwaway server (scripts/pg-test-server), stopped on
# exit. Environment: RUNS (default 10), CHANGE (default 0.05), SEED (default
# 20260227), BACKENDS (default "sqlite postgresql"). A run takes about 3
# minutes, 1.5 of them restoring into PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${RUNS:-10}"
change="${CHANGE:-0.05}"
seed="${SEED:-20260227}"
backends="${BACKENDS:-sqlite postgresql}"
redline="$PWD/build/release/redline"
data="$PWD/build/bench-data/record"
results="$data/results.tsv"
import_target_ms=300 status_target_ms=200
parties=(Mediator Norland Kestria Halvard Sarn)
export REDLINE_NOW=2026-03-02T10:00:00Z REDLINE_USER=bench

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "== machine: $(nproc) cores, load average $(loadavg) =="
echo "redline $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src include ||
  echo " (src/ or include/ modified)"), $(hyperfine --version), $(psql --version)"
cmake --preset release >/dev/null
cmake --build --preset release --target redline
mkdir -p "$data"
: >"$results"
record() { printf '%s\t%s\t%s\t%s\n' "$@" >>"$results"; }
record machine load start "$(loadavg)"

# Our own words; some carry quotes, apostrophes and dashes for the JSON.
# shellcheck disable=SC1112  # the typographic apostrophes are the point
vocab='notify inspect maintain dredge survey mark light clear patrol record
 the joint upper lower eastern western channel fairway buoys beacons pilots
 vessels barges ferries tolls dues charts soundings locks berths quays ice
 season floods waters banks commission parties authorities within days of
 notice upon request without delay jointly promptly annually at its own cost
 "blue-line" Kestria’s Norland’s route—north riparian customs border fishing'

echo "== texts: 51 versions of 1,000 points (seed $seed, change $change) =="
awk -v seed="$seed" -v vocab="$vocab" 'BEGIN {
  srand(seed); nv = split(vocab, word, /[ \n]+/)
  for (a = 1; a <= 40; a++) {
    printf "%sArticle %d\n", (a > 1 ? "\n" : ""), a
    for (p = 1; p <= 24; p++) {
      line = p ". The joint commission for the Orva crossing " a "." p " shall"
      for (w = 0; w < 14; w++) line = line " " word[1 + int(rand() * nv)]
      print line "."
    }
  }
}' >"$data/v1.txt"
for k in $(seq 1 50); do
  # Fields 11.. of a point (after "... crossing A.P shall") may change.
  awk -v seed=$((seed + k)) -v vocab="$vocab" -v change="$change" '
    BEGIN { srand(seed); nv = split(vocab, word, /[ \n]+/) }
    /^[0-9]+\. / && rand() < change {
      for (n = 1 + int(rand() * 3); n > 0; n--) {
        j = 11 + int(rand() * (NF - 10))
        $j = word[1 + int(rand() * nv)] (j == NF ? "." : "")
      }
    }
    { print }' "$data/v$k.txt" >"$data/v$((k + 1)).txt"
done
for k in $(seq 1 51); do
  printf '%s\t%s\n' "$k" "$(b2sum -l 256 "$data/v$k.txt" | cut -d' ' -f1)"
done >"$data/ids.tsv"
echo "v1.txt: $(grep -c '' "$data/v1.txt") lines, $(stat -c %s "$data/v1.txt") bytes;" \
  "v50 -> v51: $(diff "$data/v50.txt" "$data/v51.txt" | grep -c '^>' || true) points changed"

echo "== dump: 5 parties, V1..V50, 250,000 stances =="
texts=(); for k in $(seq 1 50); do texts+=("$data/v$k.txt"); done
# One pass over v1..v50: the versions go to one part, the stances to another.
awk -F'\t' -v seed="$seed" -v plist="${parties[*]}" \
    -v vpart="$data/versions.part" -v spart="$data/stances.part" '
  function repl(s, from, to,   out, i) {  # every `from` in s replaced by `to`
    for (out = ""; (i = index(s, from)) > 0; s = substr(s, i + length(from)))
      out = out substr(s, 1, i - 1) to
    return out s
  }
  function esc(s,   c) {
    s = repl(repl(s, "\\", "\\\\"), "\"", "\\\"")
    s = repl(repl(s, "\t", "\\t"), "\r", "\\r")
    while (match(s, /[\001-\037]/)) {
      c = substr(s, RSTART, 1)
      s = substr(s, 1, RSTART - 1) sprintf("\\u%04x", ord[c]) substr(s, RSTART + 1)
    }
    return s
  }
  function at(k) { return sprintf("2026-%02d-%02dT10:00:00Z", 1 + int((k - 1) / 25), 1 + (k - 1) % 25) }
  function draw(   r) {
    r = rand()
    return r < .60 ? "agree" : r < .75 ? "agree-with-changes" : r < .87 ? "dispute" : r < .90 ? "red-line" : "open"
  }
  function flush(   i, j, same, from, st, note) {
    if (k == 0) return
    printf "%s\n    {\"id\": \"%s\", \"label\": \"V%d\", \"author\": \"%s\", \"parents\": [%s], \"created_at\": \"%s\", \"note\": \"\", \"text\": \"%s\"}",
      (k > 1 ? "," : ""), id[k], k, party[1 + (k - 1) % 3], (k > 1 ? "\"" id[k - 1] "\"" : ""), at(k), text > vpart
    for (i = 1; i <= np; i++) {
      # A point is the same as in the parent when its line (an article: all
      # its lines) is; its stances are then carried forward.
      same = k > 1 && (pid[i] ~ /\./ ? old[pid[i]] == line[i] : !(art[i] in changed))
      for (j = 1; j <= 5; j++) {
        st = same ? last[pid[i], j] : draw(); last[pid[i], j] = st
        from = same ? id[k - 1] : ""
        note = st == "red-line" ? "see the \\\"blue-line\\\" letter" : ""
        printf "%s\n    {\"version\": \"%s\", \"point\": \"%s\", \"party\": \"%s\", \"stance\": \"%s\", \"note\": \"%s\", \"internal\": false, \"author\": \"bench\", \"at\": \"%s\", \"inherited_from\": \"%s\"}",
          sep, id[k], pid[i], party[j], st, note, at(k), from > spart
        sep = ","
      }
    }
    for (i = 1; i <= np; i++) old[pid[i]] = line[i]
  }
  BEGIN {
    srand(seed); split(plist, party, " ")
    for (i = 1; i < 32; i++) ord[sprintf("%c", i)] = i
  }
  FILENAME ~ /ids\.tsv$/ { id[$1] = $2; next }
  FNR == 1 { flush(); k++; np = 0; text = ""; split("", changed) }
  {
    text = text esc($0) "\\n"
    if ($0 ~ /^Article /) { a = substr($0, 9); pid[++np] = "Article " a; art[np] = a; line[np] = $0 }
    else if ($0 ~ /^[0-9]+\. /) {
      pid[++np] = "Article " a "." substr($0, 1, index($0, ".") - 1); art[np] = a; line[np] = $0
      if (k > 1 && old[pid[np]] != $0) changed[a] = 1
    }
  }
  END { flush() }' "$data/ids.tsv" "${texts[@]}"
{
  printf '{"format": "redline-dump", "schema": 1,\n "negotiations": [\n  {"name":'
  printf ' "Orva crossing talks", "created_at": "2026-01-01T09:00:00Z",\n'
  printf '   "parties": [{"name": "Mediator", "kind": "mediator"}'
  printf ', {"name": "%s", "kind": "party"}' "${parties[@]:1}"
  printf '],\n   "versions": ['
  cat "$data/versions.part"
  printf '],\n   "stances": ['
  cat "$data/stances.part"
  printf '],\n   "shares": [], "openings": []}]}\n'
} >"$data/dump.json"
rm "$data"/*.part
echo "dump.json: $(stat -c %s "$data/dump.json") bytes," \
  "$(grep -c '"inherited_from": "[0-9a-f]' "$data/dump.json") stances carried forward"

# Restores the dump into DB, timing it, and checks the store: 50 versions,
# V50 the latest, and a stance of each of the 5 parties on its 1,000 points.
restore() {
  local backend=$1 db=$2 start secs versions rows
  start=${EPOCHREALTIME//[.,]/}
  /usr/bin/time -f %M -o "$data/$backend-restore.mem" \
    "$redline" restore "$data/dump.json" --db "$db" >/dev/null
  secs=$(awk -v us=$((${EPOCHREALTIME//[.,]/} - start)) 'BEGIN { printf "%.1f", us / 1e6 }')
  record "$backend" restore s "$secs"
  record "$backend" restore peak_kib "$(tail -n 1 "$data/$backend-restore.mem")"
  echo "restore: $secs s"
  "$redline" versions --db "$db" >"$data/$backend-versions.out"
  "$redline" status --db "$db" >"$data/$backend-status.out"
  sed -n 2p "$data/$backend-status.out"
  versions=$(grep -c '^\* ' "$data/$backend-versions.out" || true)
  rows=$(awk '$1 == "Article" && NF == 7 { for (i = 3; i <= 7 && $i != "-"; i++) {}
              if (i == 8) n++ } END { print n + 0 }' "$data/$backend-status.out")
  if [ "$versions" != 50 ] || [ "$rows" != 1000 ] ||
      ! grep -q '^[0-9a-f]\{12\}  V50$' "$data/$backend-status.out"; then
    echo "record_bench: the $backend store looks wrong ($versions versions," \
      "$rows full rows): see $data/$backend-*.out" >&2
    exit 1
  fi
}

# Times a command with hyperfine (best and mean of RUNS, `bash PREPARE`
# before each run when PREPARE is given), then measures its peak RSS in one
# more run. Usage: measure BACKEND NAME PREPARE CMD...
measure() {
  local backend=$1 name=$2 prepare=$3 min mean
  shift 3
  local args=(-N --style none --runs "$runs" --warmup 1 -n "$name"
              --export-json "$data/$backend-$name.json"
              --export-csv "$data/$backend-$name.csv")
  [ -z "$prepare" ] || args+=(--prepare "bash $prepare")
  hyperfine "${args[@]}" "$(printf '%q ' "$@")" >"$data/$backend-$name.log" 2>&1
  # command,mean,stddev,median,user,system,min,max (seconds)
  IFS=, read -r _ mean _ _ _ _ min _ < <(tail -n 1 "$data/$backend-$name.csv")
  [ -z "$prepare" ] || bash "$prepare"
  /usr/bin/time -f %M -o "$data/$backend-$name.mem" "$@" >"$data/$backend-$name.out"
  min=$(awk -v s="$min" 'BEGIN { printf "%.1f", s * 1000 }')
  mean=$(awk -v s="$mean" 'BEGIN { printf "%.1f", s * 1000 }')
  record "$backend" "$name" best_ms "$min"; record "$backend" "$name" mean_ms "$mean"
  record "$backend" "$name" runs "$runs"
  record "$backend" "$name" peak_kib "$(tail -n 1 "$data/$backend-$name.mem")"
  echo "$name: best $min ms, mean $mean ms; $(head -n 1 "$data/$backend-$name.out")"
}

import_cmd=(import "$data/v51.txt" --label V51 --by Norland --parent V50)
for backend in $backends; do
  echo
  echo "== $backend (load average $(loadavg)) =="
  case "$backend" in
    sqlite)
      rm -f "$data"/store.db* "$data"/work.db*
      restore sqlite "$data/store.db"
      # A fresh copy of the store before each import (WAL files too, if any),
      # on disk: else the import's checkpoint would flush the copy (70 ms).
      cat >"$data/prepare-sqlite.sh" <<PREPARE
rm -f $data/work.db $data/work.db-wal $data/work.db-shm
cp $data/store.db $data/work.db
if [ -e $data/store.db-wal ]; then cp $data/store.db-wal $data/work.db-wal; fi
sync $data/work.db*
PREPARE
      measure sqlite status "" "$redline" status V50 --db "$data/store.db"
      measure sqlite import "$data/prepare-sqlite.sh" \
        "$redline" "${import_cmd[@]}" --db "$data/work.db"
      ;;
    postgresql)
      pgdir=$(mktemp -d /tmp/redline-pg.XXXXXX)
      url=$(scripts/pg-test-server start "$pgdir")
      trap 'scripts/pg-test-server stop "$pgdir"' EXIT
      port=${url##*:}; port=${port%%/*}
      psql_args="-X -q -h 127.0.0.1 -p $port -U postgres -v ON_ERROR_STOP=1"
      restore postgresql "$url"
      # A store in use has been analysed by autovacuum; do it now.
      # shellcheck disable=SC2086  # psql_args is a list of words
      { psql $psql_args -d redline_test -c 'VACUUM ANALYZE'
        psql $psql_args -d postgres -c 'CREATE DATABASE base TEMPLATE redline_test'; }
      cat >"$data/prepare-postgresql.sh" <<PREPARE
psql $psql_args -d postgres -c 'SET client_min_messages = warning' \\
  -c 'DROP DATABASE IF EXISTS work' -c 'CREATE DATABASE work TEMPLATE base'
PREPARE
      measure postgresql status "" "$redline" status V50 --db "$url"
      measure postgresql import "$data/prepare-postgresql.sh" \
        "$redline" "${import_cmd[@]}" --db "${url%/*}/work"
      ;;
    *) echo "record_bench: unknown backend $backend" >&2; exit 2 ;;
  esac
done
echo
record machine load end "$(loadavg)"
echo "== results (load average now $(loadavg)) =="
awk -F'\t' -v it="$import_target_ms" -v st="$status_target_ms" '
  $1 == "machine" { next }
  { v[$1, $2, $3] = $4; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
  END {
    printf "%-11s %-8s %9s %9s %5s %9s  %s\n", "backend", "command", "best ms", "mean ms", "runs", "peak MiB", "verdict"
    for (i = 1; i <= n; i++) for (c = 1; c <= 2; c++) {
      b = order[i]; m = c == 1 ? "import" : "status"; t = c == 1 ? it : st
      best = v[b, m, "best_ms"]; mean = v[b, m, "mean_ms"]
      verdict = best < t ? "met (< " t " ms" (mean < t ? ")" : "; the mean is not)") \
        : sprintf("MISSED (< %d ms: %.2fx the target, over by %.0f ms)", t, best / t, best - t)
      printf "%-11s %-8s %9.1f %9.1f %5d %9.1f  %s\n", b, m, best, mean, v[b, m, "runs"], v[b, m, "peak_kib"] / 1024, verdict
    }
    for (i = 1; i <= n; i++)
      printf "restore of the dump into %s: %.1f s, peak %.0f MiB (information)\n", order[i], v[order[i], "restore", "s"], v[order[i], "restore", "peak_kib"] / 1024
  }' "$results"
echo "raw figures: $results"
