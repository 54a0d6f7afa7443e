#!/usr/bin/env bash
# Runs the benchmark of issue R3 (point alignment and synopsis) and prints the
# tables of BENCHMARKS.md, "R3 — alignment and synopsis":
#  1. builds make_pair, parse_stats, score_align and redline (release preset);
#  2. writes into build/bench-data/align/ four edited pairs (old.txt,
#     new.txt, truth.json): the R2 pairs of 1 MiB and 10 MiB (the same
#     arguments, so the same bytes, as bench/diff_bench.sh) and pairs of
#     about 1,000 and 10,000 points (SMALL and LARGE bytes); and five
#     versions of one text of about 1,000 points: the base and four copies
#     edited with edit seeds 1-4 (make_pair SMALL SEED DIR K);
#  3. measures the process floor (peak RSS of `redline align` of two empty
#     texts), then runs `redline align OLD NEW --format json` once on each
#     pair under /usr/bin/time -f %M (peak RSS; the output is kept for
#     scoring), then times it and git's word diff of the same pair with
#     hyperfine, best of RUNS;
#  4. scores each alignment and the naive match by number against the
#     generator's record of which section became which (score_align);
#  5. times `redline synopsis` of the five versions with hyperfine and
#     scores each column against its pair's record;
#  6. prints the tables and the verdicts for the targets.
# Environment: RUNS (best of, default 10; fewer, at least 3, where 10 runs
# would take over 20 s), LIMIT (seconds for the single runs, default 120),
# SEED (default 20260227), SMALL and LARGE (bytes of the pairs of about
# 1,000 and 10,000 points, default 190000 and 1980000), BUILD_DIR (use and
# build this configured build directory instead of the release preset).
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${RUNS:-10}"
limit="${LIMIT:-120}"
seed="${SEED:-20260227}"
small="${SMALL:-190000}"
large="${LARGE:-1980000}"
build="${BUILD_DIR:-build/release}"
data=build/bench-data/align
sizes="$small 1048576 $large 10485760"
targets=(make_pair parse_stats score_align redline)

# git diff --no-index without the user's or the system's configuration.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

echo "== machine =="
echo "cores: $(nproc)"
lscpu | grep 'Model name' | sed 's/  */ /g'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "git $(git --version | cut -d' ' -f3), $(hyperfine --version)"
built_from=(src include CMakeLists.txt)
if git diff --quiet HEAD -- "${built_from[@]}"; then
  echo "commit: $(git rev-parse --short HEAD)"
else
  echo "commit: $(git rev-parse --short HEAD) with uncommitted changes in" \
    "${built_from[*]} (git diff HEAD -- ${built_from[*]} | sha256sum:" \
    "$(git diff HEAD -- "${built_from[@]}" | sha256sum | cut -c1-12))"
fi

echo
if [ -z "${BUILD_DIR:-}" ]; then
  echo "== build (release preset) =="
  cmake --preset release >/dev/null
  cmake --build --preset release --target "${targets[@]}"
else
  echo "== build ($build) =="
  cmake --build "$build" --target "${targets[@]}"
fi
if ! "$build/redline" align --help >/dev/null 2>&1 ||
    ! "$build/redline" synopsis --help >/dev/null 2>&1; then
  echo "align_bench: $build/redline has no align or synopsis command" >&2
  exit 1
fi
mkdir -p "$data"

declare -A v  # the results: v[size.key] (size "synopsis" for the synopsis)

# The value of KEY in a score_align output file, or "-".
score_value() { awk -v key="$2" '$1 == key { print $2; found = 1 }
                END { if (!found) print "-" }' "$1"; }
ms() { awk -v us="$1" 'BEGIN { printf(us < 100000 ? "%.1f" : "%.0f", us / 1000) }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
grouped() { sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"; }
label() {
  case "$1" in
    1048576) echo "1 MiB" ;;
    10485760) echo "10 MiB" ;;
    *) echo "$(grouped "$1") B" ;;
  esac
}
# The ratio of two sizes' peak RSS of align above the process floor.
floor_ratio() {
  awk -v a="${v[$1.align.kib]}" -v b="${v[$2.align.kib]}" -v f="${v[floor.kib]}" \
    'BEGIN { printf "%.2f", (a - f) / (b - f) }'
}
# The sum of the figures of KEY on both sides ("old_KEY", "new_KEY").
both() { echo $((${v[$1.old_$2]} + ${v[$1.new_$2]})); }

# Runs a command once, stdout to OUT and stderr to OUT.err, under the time
# limit and /usr/bin/time. Sets run_status (ok: exit 0 or 1, which means
# "different"; DNF; ERR), run_us (wall time) and run_kib (peak RSS).
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
    *) run_status=ERR ;;
  esac
}

# Runs NAME's command once (run_once), then, when it finished, times it
# with hyperfine: RUNS runs, or fewer (at least 3) where they would take
# over 20 s; executed directly (-N), output to /dev/null, exit codes ignored
# (1 means "different"). Records status, best and median time (us), runs
# and peak RSS (KiB) under KEY.
measure() {
  local key=$1 out=$2 n min median
  shift 2
  run_once "$out" "$@"
  v[$key.status]=$run_status v[$key.kib]=$run_kib
  v[$key.us]=$run_us v[$key.median_us]=$run_us v[$key.runs]=1
  if [ "$run_status" != ok ]; then
    echo "  $key: $run_status after $((run_us / 1000)) ms:" \
      "$(head -c 300 "$out.err" | tr '\n' ' ')"
    return
  fi
  n=$((20000000 / run_us))
  n=$((n < 3 ? 3 : n > runs ? runs : n))
  hyperfine -N -i --style none --runs "$n" --export-csv "$out.csv" \
    "$(printf '%q ' "$@")" >"$out.hyperfine.log" 2>&1
  # command,mean,stddev,median,user,system,min,max (seconds)
  IFS=, read -r _ _ _ median _ _ min _ < <(tail -n 1 "$out.csv")
  v[$key.us]=$(awk -v s="$min" 'BEGIN { printf "%d", s * 1e6 }')
  v[$key.median_us]=$(awk -v s="$median" 'BEGIN { printf "%d", s * 1e6 }')
  v[$key.runs]=$n
  printf '  %-28s best %8s ms, median %8s ms of %2d; peak %7s MiB\n' "$key" \
    "$(ms "${v[$key.us]}")" "$(ms "${v[$key.median_us]}")" "$n" \
    "$(mib "$run_kib")"
}

# Keeps the score_align figures of FILE under PREFIX.
keep_scores() {
  local prefix=$1 file=$2 key
  for key in old_points new_points old_points_depth0 old_points_depth1 \
      old_sections new_sections old_unmapped new_unmapped old_end_differs \
      new_end_differs truth_links found_links correct_links precision recall \
      f1 article_f1 point_f1 naive_f1 naive_precision naive_recall \
      naive_point_f1 unscored_links wrong_other wrong_subpoint \
      wrong_cross_level missed_point_same missed_point_modified \
      missed_point_moved missed_point_renumbered missed_point_split \
      missed_point_merged links_point_same links_point_modified \
      links_point_moved links_point_renumbered \
      links_point_split links_point_merged missed_article_same \
      missed_article_modified; do
    v[$prefix.$key]=$(score_value "$file" "$key")
  done
}

echo
echo "== pairs (seed $seed) =="
empty="$data/empty"
mkdir -p "$empty/out"
: >"$empty/empty.txt"
run_once "$empty/out/align" "$build/redline" align "$empty/empty.txt" \
  "$empty/empty.txt" --format json
v[floor.kib]=$run_kib
echo "  process floor (align of two empty texts): $(mib "$run_kib") MiB"
for size in $sizes; do
  dir="$data/pair-$size"
  echo
  echo "== pair of $size bytes: $dir =="
  "$build/bench/make_pair" "$size" "$seed" "$dir"
  mkdir -p "$dir/out"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  v[$size.old_bytes]=$(stat -c %s "$dir/old.txt")
  measure "$size.align" "$dir/out/align.json" \
    "$build/redline" align "$dir/old.txt" "$dir/new.txt" --format json
  measure "$size.git" "$dir/out/git.out" \
    git diff --no-index --no-ext-diff --no-color --word-diff=porcelain \
    "$dir/old.txt" "$dir/new.txt"
  if [ "${v[$size.align.status]}" = ok ]; then
    "$build/bench/score_align" align "$dir/old.txt" "$dir/new.txt" \
      "$dir/truth.json" "$dir/out/align.json" >"$dir/out/align.score"
    keep_scores "$size" "$dir/out/align.score"
    echo "  points: old ${v[$size.old_points]}, new ${v[$size.new_points]};" \
      "truth sections unmapped: old ${v[$size.old_unmapped]}," \
      "new ${v[$size.new_unmapped]}; F1 ${v[$size.f1]}," \
      "naive ${v[$size.naive_f1]}"
  fi
done

echo
versions="$data/versions-$small"
echo "== synopsis: five versions of one text of $small bytes: $versions =="
mkdir -p "$versions/out"
version_files=("$versions/v1.txt")
for k in 1 2 3 4; do
  "$build/bench/make_pair" "$small" "$seed" "$versions/edit-$k" "$k"
  if [ "$k" = 1 ]; then
    cp "$versions/edit-1/old.txt" "$versions/v1.txt"
  elif ! cmp -s "$versions/edit-$k/old.txt" "$versions/v1.txt"; then
    echo "align_bench: edit seed $k changed the base text" >&2
    exit 1
  fi
  cp "$versions/edit-$k/new.txt" "$versions/v$((k + 1)).txt"
  version_files+=("$versions/v$((k + 1)).txt")
done
v[synopsis.points]=""
for file in "${version_files[@]}"; do
  v[synopsis.points]+="$("$build/bench/parse_stats" "$file" points |
    awk '$1 == "points" { sub(/,/, "", $2); print $2 }') "
done
echo "  points per version: ${v[synopsis.points]}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
measure synopsis "$versions/out/synopsis.json" \
  "$build/redline" synopsis "${version_files[@]}" --format json
if [ "${v[synopsis.status]}" = ok ]; then
  for k in 1 2 3 4; do
    "$build/bench/score_align" synopsis "$versions/v1.txt" \
      "$versions/v$((k + 1)).txt" "$versions/edit-$k/truth.json" \
      "$versions/out/synopsis.json" "$k" >"$versions/out/column-$k.score"
    keep_scores "column$k" "$versions/out/column-$k.score"
  done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== summary =="
ok() { [ "${v[$1.align.status]:-}" = ok ]; }
cell_ms() { if [ "${v[$1.status]}" = ok ]; then ms "${v[$1.us]}"; else echo "${v[$1.status]}"; fi; }
echo "Time in ms, best of the runs (N = align's runs / git's runs):"
echo
echo "| text | bytes (old) | points old / new | truth sections old / new | N | redline align | git word diff | align / git |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for size in $sizes; do
  line="| $(label "$size") | $(grouped "${v[$size.old_bytes]}")"
  line+=" | $(grouped "${v[$size.old_points]:-0}") / $(grouped "${v[$size.new_points]:-0}")"
  line+=" | $(grouped "${v[$size.old_sections]:-0}") / $(grouped "${v[$size.new_sections]:-0}")"
  line+=" | ${v[$size.align.runs]} / ${v[$size.git.runs]}"
  line+=" | $(cell_ms "$size.align") | $(cell_ms "$size.git") |"
  if ok "$size" && [ "${v[$size.git.status]}" = ok ]; then
    line+=" **$(ratio "${v[$size.align.us]}" "${v[$size.git.us]}")×** |"
  else
    line+=" - |"
  fi
  echo "$line"
done

echo
echo "Links against the truth (articles and numbered points; sub-points are"
echo "not in the truth), redline and the naive match by number:"
echo
echo "| text | truth links | found | correct | precision | recall | **F1** | F1 articles | F1 points | naive F1 | naive F1 points | sections unmapped |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for size in $sizes; do
  ok "$size" || { echo "| $(label "$size") | ${v[$size.align.status]} |"; continue; }
  printf '| %s | %s | %s | %s | %s | %s | **%s** | %s | %s | %s | %s | %s |\n' \
    "$(label "$size")" "$(grouped "${v[$size.truth_links]}")" \
    "$(grouped "${v[$size.found_links]}")" "$(grouped "${v[$size.correct_links]}")" \
    "${v[$size.precision]}" "${v[$size.recall]}" "${v[$size.f1]}" \
    "${v[$size.article_f1]}" "${v[$size.point_f1]}" "${v[$size.naive_f1]}" \
    "${v[$size.naive_point_f1]}" \
    "$(both "$size" unmapped)"
done

echo
echo "Where links are lost: truth links of numbered points missed, by what the"
echo "generator did (moved and renumbered are flags of same and modified"
echo "sections), and wrong links found, by what they join:"
echo
echo "| text | missed: same | modified | moved | renumbered | split | merged | wrong: point ↔ point | ↔ sub-point | article ↔ point | article links missed |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for size in $sizes; do
  ok "$size" || continue
  printf '| %s | %s of %s | %s of %s | %s of %s | %s of %s | %s of %s | %s of %s | %s | %s | %s | %s |\n' \
    "$(label "$size")" \
    "${v[$size.missed_point_same]}" "$(grouped "${v[$size.links_point_same]}")" \
    "${v[$size.missed_point_modified]}" "$(grouped "${v[$size.links_point_modified]}")" \
    "${v[$size.missed_point_moved]}" "${v[$size.links_point_moved]}" \
    "${v[$size.missed_point_renumbered]}" "$(grouped "${v[$size.links_point_renumbered]}")" \
    "${v[$size.missed_point_split]}" "${v[$size.links_point_split]}" \
    "${v[$size.missed_point_merged]}" "${v[$size.links_point_merged]}" \
    "${v[$size.wrong_other]}" "${v[$size.wrong_subpoint]}" \
    "${v[$size.wrong_cross_level]}" \
    "$((${v[$size.missed_article_same]} + ${v[$size.missed_article_modified]}))"
done

echo
echo "Peak RSS of redline align (/usr/bin/time -f %M; process floor" \
  "$(mib "${v[floor.kib]}") MiB):"
echo
echo "| text | points old | redline align | × input | × the $(label "$small") run | above the floor, × the $(label "$small") run's | git word diff |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for size in $sizes; do
  ok "$size" || continue
  printf '| %s | %s | %s MiB | %s× | %s× | %s× | %s MiB |\n' "$(label "$size")" \
    "$(grouped "${v[$size.old_points]}")" "$(mib "${v[$size.align.kib]}")" \
    "$(awk -v k="${v[$size.align.kib]}" -v b="${v[$size.old_bytes]}" \
       'BEGIN { printf "%.1f", k * 1024 / b }')" \
    "$(ratio "${v[$size.align.kib]}" "${v[$small.align.kib]}")" \
    "$(floor_ratio "$size" "$small")" \
    "$(mib "${v[$size.git.kib]}")"
done

echo
echo "Synopsis of five versions (points: ${v[synopsis.points]% }):" \
  "best $(cell_ms synopsis) ms of ${v[synopsis.runs]}, median" \
  "$(ms "${v[synopsis.median_us]}") ms, peak $(mib "${v[synopsis.kib]}") MiB"
if [ "${v[synopsis.status]}" = ok ]; then
  echo
  echo "| column | F1 against its pair's truth | naive F1 |"
  echo "|---|---:|---:|"
  for k in 1 2 3 4; do
    echo "| v$((k + 1)) (edit seed $k) | ${v[column$k.f1]} | ${v[column$k.naive_f1]} |"
  done
fi

verdict() { if [ "$1" = 1 ]; then echo "met ($2)"; else echo "MISSED ($2)"; fi; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? 1 : 0 }'; }
echo
echo "Verdicts:"
m=1048576
if ok $m && [ "${v[$m.git.status]}" = ok ]; then
  r=$(ratio "${v[$m.align.us]}" "${v[$m.git.us]}")
  extra=""
  [ "$(below "$r" 10)" = 1 ] ||
    extra=": $(awk -v r="$r" 'BEGIN { printf "%.2f", r / 10 }')× the time allowed"
  echo "  align <= 10x git's word diff at 1 MiB: $(verdict "$(below "$r" 10)" \
    "${r}×, $(ms "${v[$m.align.us]}") ms vs $(ms "${v[$m.git.us]}") ms$extra")"
  f1=${v[$m.f1]}
  extra=""
  [ "$(below 0.95 "$f1")" = 1 ] ||
    extra=", $(awk -v f="$f1" 'BEGIN { printf "%.4f", 0.95 - f }') short"
  echo "  F1 >= 0.95 at 1 MiB: $(verdict "$(below 0.95 "$f1")" \
    "$f1; naive match by number $(printf '%s' "${v[$m.naive_f1]}")$extra")"
else
  echo "  align at 1 MiB: ${v[$m.align.status]:-absent}, git ${v[$m.git.status]:-absent}"
fi
if [ "${v[synopsis.status]}" = ok ]; then
  s=${v[synopsis.us]}
  extra=""
  [ "$s" -lt 1000000 ] ||
    extra=", $(awk -v s="$s" 'BEGIN { printf "%.2f", s / 1e6 }')× the time allowed"
  echo "  synopsis of 5 versions x ~1,000 points < 1 s: $(verdict \
    "$([ "$s" -lt 1000000 ] && echo 1 || echo 0)" "$(ms "$s") ms$extra")"
else
  echo "  synopsis: ${v[synopsis.status]}"
fi
if ok "$small" && ok "$large"; then
  r=$(ratio "${v[$large.align.kib]}" "${v[$small.align.kib]}")
  extra=""
  [ "$(below "$r" 12)" = 1 ] ||
    extra=", $(awk -v r="$r" 'BEGIN { printf "%.2f", r / 12 }')× the ratio allowed"
  echo "  peak memory at 10,000 points <= 12x at 1,000: $(verdict \
    "$(below "$r" 12)" "${r}×: $(mib "${v[$large.align.kib]}") MiB at \
${v[$large.old_points]} points vs $(mib "${v[$small.align.kib]}") MiB at \
${v[$small.old_points]} points$extra; above the process floor \
$(floor_ratio "$large" "$small")×")"
fi
t=10485760
if ok $t; then
  echo "  (no target) 10 MiB: align $(ms "${v[$t.align.us]}") ms" \
    "($(ratio "${v[$t.align.us]}" "${v[$t.git.us]}")× git), peak" \
    "$(mib "${v[$t.align.kib]}") MiB, F1 ${v[$t.f1]} (naive ${v[$t.naive_f1]})"
fi
for size in $sizes; do
  if ok "$size" && [ "$(both "$size" unmapped)" != 0 ]; then
    echo "  WARNING: $(label "$size"): truth sections without a point:" \
      "old ${v[$size.old_unmapped]}, new ${v[$size.new_unmapped]}"
  fi
done
