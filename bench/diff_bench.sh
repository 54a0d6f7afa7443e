#!/usr/bin/env bash
# Runs the benchmark of issue R2 (`redline diff` against the word-diff tools
# people use) and prints the tables of BENCHMARKS.md, "R2 — the redline":
#  1. builds make_text, make_pair, score_diff and redline (release preset);
#  2. writes the edited pairs (old.txt, new.txt, truth.json) and two
#     unrelated 10 MiB texts into build/bench-data/;
#  3. runs redline and every peer once on each pair under a LIMIT-second
#     timeout (DNF past it) and /usr/bin/time -f %M (peak RSS), then times
#     those that finished in under 10 s with hyperfine, best of RUNS;
#  4. counts the changed words of every output the same way (score_diff),
#     scores redline's moved words against the truth, and prints the
#     verdicts for the targets.
# Environment: SIZES (default "10240 102400 1048576 10485760"), RUNS (best
# of, default 10; a command slower than 10 s runs once), LIMIT (seconds,
# default 60), SEED (default 20260227), TOOLS (default all: redline git
# git-histogram wdiff dwdiff dmp-words dmp-chars jsdiff), UNRELATED (1: also
# time redline on two unrelated 10 MiB texts; 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="${SIZES:-10240 102400 1048576 10485760}"
runs="${RUNS:-10}"
limit="${LIMIT:-60}"
seed="${SEED:-20260227}"
tools="${TOOLS:-redline git git-histogram wdiff dwdiff dmp-words dmp-chars jsdiff}"
unrelated_run="${UNRELATED:-1}"
repeat_below_us=10000000  # slower commands run once, not under hyperfine
build=build/release
data=build/bench-data
results="$data/diff_bench.tsv"  # "size key value" triples for the report

# git diff --no-index without the user's or the system's configuration.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

echo "== machine =="
echo "cores: $(nproc)"
lscpu | grep 'Model name' | sed 's/  */ /g'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "git $(git --version | cut -d' ' -f3), $(wdiff --version | head -n 1)," \
  "dwdiff $(dwdiff --version | head -n 1 | cut -d' ' -f2), node $(node --version)"

echo
echo "== build (release preset) =="
cmake --preset release >/dev/null
cmake --build --preset release --target make_text make_pair score_diff
mkdir -p "$data"
have_redline=0
if cmake --build --preset release --target redline >"$data/redline-build.log" 2>&1 &&
    "$build/redline" diff --help >/dev/null 2>&1; then
  have_redline=1
else
  echo "redline diff: not built yet (see $data/redline-build.log)"
fi

if [ ! -d bench/peers/node_modules ]; then
  echo "== npm ci (bench/peers) =="
  (cd bench/peers && npm ci --no-audit --no-fund)
fi

: >"$results"
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$results"; }
# The value of KEY in a score_diff output file, or "-".
score_value() { awk -v key="$2" '$1 == key { print $2; found = 1 }
                END { if (!found) print "-" }' "$1"; }

# Fills the array `cmd` with the command line of TOOL on OLD and NEW.
tool_command() {
  local tool=$1 old=$2 new=$3
  case "$tool" in
    redline) cmd=("$build/redline" diff "$old" "$new" --format json) ;;
    git) cmd=(git diff --no-index --no-ext-diff --no-color
              --word-diff=porcelain "$old" "$new") ;;
    git-histogram) cmd=(git diff --no-index --no-ext-diff --no-color
                        --histogram --word-diff=porcelain "$old" "$new") ;;
    wdiff) cmd=(wdiff "$old" "$new") ;;
    dwdiff) cmd=(dwdiff "$old" "$new") ;;
    dmp-words | dmp-chars | jsdiff)
      cmd=(node bench/peers/peer_diff.js "$tool" "$old" "$new") ;;
    *) echo "diff_bench: unknown tool $tool" >&2; exit 2 ;;
  esac
}

# Runs a command once, stdout to OUT and stderr to OUT.err, under the time
# limit. Sets run_status (ok: exit 0 or 1, which means "different"; DNF;
# ERR), run_us (wall time) and run_kib (peak RSS of the command).
run_once() {
  local out=$1 start end code
  shift
  start=${EPOCHREALTIME//[.,]/}
  set +e
  /usr/bin/time -f %M -o "$out.mem" timeout "$limit" "$@" >"$out" 2>"$out.err"
  code=$?
  set -e
  end=${EPOCHREALTIME//[.,]/}
  run_us=$((end - start))
  run_kib=$(tail -n 1 "$out.mem")
  case "$code" in
    0 | 1) run_status=ok ;;
    124) run_status=DNF ;;
    *) run_status="ERR" ;;
  esac
}

# Runs every tool once on the pair in DIR under the time limit (status,
# peak RSS, the output that is scored), then times each that took under
# 10 s with hyperfine: up to RUNS runs, executed directly (-N), output to
# /dev/null, exit codes ignored (1 means "different"). A slower tool keeps
# the time of its single run, whose wrappers (timeout, /usr/bin/time: about
# 8 ms here) are then negligible.
time_tools() {
  local size=$1 dir=$2 tool
  local n median min
  declare -gA best_us=() median_us=() status=() peak=() count=()
  for tool in $tools; do
    best_us[$tool]=0 median_us[$tool]=0 peak[$tool]=0 count[$tool]=0
    if [ "$tool" = redline ] && [ "$have_redline" = 0 ]; then
      status[$tool]=absent
      continue
    fi
    tool_command "$tool" "$dir/old.txt" "$dir/new.txt"
    run_once "$dir/out/$tool.out" "${cmd[@]}"
    status[$tool]=$run_status peak[$tool]=$run_kib
    best_us[$tool]=$run_us median_us[$tool]=$run_us count[$tool]=1
    if [ "$run_status" != ok ]; then
      echo "  $tool: $run_status after $((run_us / 1000)) ms" \
        "$(head -c 200 "$dir/out/$tool.out.err" | tr '\n' ' ')"
    elif ((run_us < repeat_below_us)); then
      # RUNS runs, fewer (at least 3) where they would take over 20 s.
      n=$((20000000 / run_us))
      n=$((n < 3 ? 3 : n > runs ? runs : n))
      hyperfine -N -i --style none --runs "$n" -n "$tool" \
        --export-csv "$dir/out/$tool.csv" "$(printf '%q ' "${cmd[@]}")" \
        >"$dir/out/$tool.hyperfine.log" 2>&1
      # command,mean,stddev,median,user,system,min,max (seconds)
      IFS=, read -r _ _ _ median _ _ min _ < <(tail -n 1 "$dir/out/$tool.csv")
      best_us[$tool]=$(awk -v s="$min" 'BEGIN { printf "%d", s * 1e6 }')
      median_us[$tool]=$(awk -v s="$median" 'BEGIN { printf "%d", s * 1e6 }')
      count[$tool]=$n
    fi
  done
  for tool in $tools; do
    record "$size" "status.$tool" "${status[$tool]}"
    record "$size" "us.$tool" "${best_us[$tool]}"
    record "$size" "median_us.$tool" "${median_us[$tool]}"
    record "$size" "runs.$tool" "${count[$tool]}"
    record "$size" "kib.$tool" "${peak[$tool]}"
    printf '  %-14s %-6s best %9.1f ms, median %9.1f ms of %d; peak %7.1f MiB\n' \
      "$tool" "${status[$tool]}" \
      "$(awk -v us="${best_us[$tool]}" 'BEGIN { print us / 1000 }')" \
      "$(awk -v us="${median_us[$tool]}" 'BEGIN { print us / 1000 }')" \
      "${count[$tool]}" "$(awk -v k="${peak[$tool]}" 'BEGIN { print k / 1024 }')"
  done
}

# Counts the changed words of each finished tool's output (score_diff).
score_tools() {
  local size=$1 dir=$2 tool score out
  for tool in $tools; do
    [ "${status[$tool]}" = ok ] || continue
    out="$dir/out/$tool.out"
    score="$dir/out/$tool.score"
    case "$tool" in
      redline | dmp-words | dmp-chars | jsdiff)
        "$build/bench/score_diff" ops "$dir/old.txt" "$dir/new.txt" "$out" \
          "$dir/truth.json" >"$score" ;;
      git | git-histogram)
        "$build/bench/score_diff" git-porcelain "$out" >"$score" ;;
      wdiff | dwdiff)
        # The counts come from one more run with -s (statistics only).
        local stats="$dir/out/$tool-s.out"
        if [ "$tool" = wdiff ]; then
          timeout "$limit" wdiff -s -123 "$dir/old.txt" "$dir/new.txt" \
            >"$stats" || true
        else
          timeout "$limit" dwdiff -s -123 "$dir/old.txt" "$dir/new.txt" \
            >/dev/null 2>"$stats" || true
        fi
        "$build/bench/score_diff" wdiff-stats "$stats" >"$score" ;;
    esac
    record "$size" "changed.$tool" "$(score_value "$score" changed_words)"
    if [ "$tool" = redline ] || [ "${tool#dmp}" != "$tool" ] ||
        [ "$tool" = jsdiff ]; then
      record "$size" "rebuilt.$tool" "$(score_value "$score" rebuilt)"
    fi
  done
  if [ "${status[redline]:-}" = ok ]; then
    score="$dir/out/redline.score"
    for key in reported_changed_words moved_words reported_moved_words \
        moved_recall moved_recall_old moved_precision; do
      record "$size" "$key" "$(score_value "$score" "$key")"
    done
  fi
}

for size in $sizes; do
  dir="$data/pair-$size"
  echo
  echo "== pair of $size bytes (seed $seed): $dir =="
  "$build/bench/make_pair" "$size" "$seed" "$dir"
  mkdir -p "$dir/out"
  record "$size" old_bytes "$(stat -c %s "$dir/old.txt")"
  record "$size" truth_changed "$(awk -F': *' '/^ "changed_words"/ { sub(/,/, "", $2); print $2 }' "$dir/truth.json")"
  record "$size" truth_moved "$(awk -F': *' '/^ "moved_words"/ { sub(/,/, "", $2); print $2 }' "$dir/truth.json")"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  time_tools "$size" "$dir"
  score_tools "$size" "$dir"
done

echo
unrelated="$data/unrelated-10485760"
echo "== two unrelated texts of 10485760 bytes (seeds $((seed + 1)), $((seed + 2))) =="
mkdir -p "$unrelated/out"
"$build/bench/make_text" 10485760 "$unrelated/old.txt" $((seed + 1))
"$build/bench/make_text" 10485760 "$unrelated/new.txt" $((seed + 2))
if [ "$unrelated_run" = 0 ]; then
  record unrelated status.redline skipped
  echo "  skipped (UNRELATED=0)"
elif [ "$have_redline" = 1 ]; then
  tool_command redline "$unrelated/old.txt" "$unrelated/new.txt"
  run_once "$unrelated/out/redline.out" "${cmd[@]}"
  record unrelated status.redline "$run_status"
  record unrelated us.redline "$run_us"
  record unrelated kib.redline "$run_kib"
  if [ "$run_status" = ok ]; then
    "$build/bench/score_diff" ops "$unrelated/old.txt" "$unrelated/new.txt" \
      "$unrelated/out/redline.out" >"$unrelated/out/redline.score"
    record unrelated changed.redline \
      "$(score_value "$unrelated/out/redline.score" changed_words)"
    record unrelated rebuilt.redline \
      "$(score_value "$unrelated/out/redline.score" rebuilt)"
  fi
  echo "  redline $run_status in $((run_us / 1000)) ms, peak $((run_kib / 1024)) MiB"
else
  record unrelated status.redline absent
  echo "  redline diff: not built yet"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== summary =="
awk -f bench/diff_report.awk -v sizes="$sizes" -v tools="$tools" "$results"
