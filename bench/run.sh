#!/usr/bin/env bash
# Runs the benchmarks of issue R1 and prints a summary (see BENCHMARKS.md):
#  1. builds the release preset;
#  2. writes the 10 MiB synthetic treaty text to build/bench-data/;
#  3. runs tokenize_bench (redline against ICU's word BreakIterator on the
#     same text, in the same run, repetitions interleaved at random);
#  4. measures the peak RSS (/usr/bin/time -f %M) of tokenize + keys + parse
#     (parse_stats) and of `redline points FILE --format json`.
# Environment: MIN_TIME (seconds per repetition, default 1), REPETITIONS
# (default 5: the ratios are medians over interleaved repetitions, which
# absorbs the drift of a shared machine), BYTES (size of the text file for
# the memory measurement, default 10485760).
set -euo pipefail
cd "$(dirname "$0")/.."

min_time="${MIN_TIME:-1}"
repetitions="${REPETITIONS:-5}"
bytes="${BYTES:-10485760}"
build=build/release
data=build/bench-data
text="$data/treaty-$bytes.txt"
results="$data/tokenize_bench.json"

echo "== machine =="
echo "cores: $(nproc)"
lscpu | grep 'Model name' | sed 's/  */ /g'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== build (release preset) =="
cmake --preset release >/dev/null
cmake --build --preset release

mkdir -p "$data"
"$build/bench/make_text" "$bytes" "$text"
: >"$data/empty.txt"

echo
echo "== tokenize_bench =="
"$build/bench/tokenize_bench" \
  --benchmark_min_time="$min_time" \
  --benchmark_repetitions="$repetitions" \
  --benchmark_enable_random_interleaving=true \
  --benchmark_display_aggregates_only=true \
  --benchmark_out="$results" --benchmark_out_format=json

# Peak resident set size in KiB of a command (its output discarded).
peak_kib() {
  local out
  out="$(mktemp)"
  /usr/bin/time -f %M -o "$out" "$@" >/dev/null
  tail -n 1 "$out"
  rm -f "$out"
}

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== peak memory =="
floor_kib="$(peak_kib "$build/bench/parse_stats" "$data/empty.txt")"
read_kib="$(peak_kib "$build/bench/parse_stats" "$text" read)"
tokens_kib="$(peak_kib "$build/bench/parse_stats" "$text" tokens)"
keys_kib="$(peak_kib "$build/bench/parse_stats" "$text" keys)"
all_kib="$(peak_kib "$build/bench/parse_stats" "$text")"
cli_kib="$(peak_kib "$build/redline" points "$text" --format json)"
"$build/bench/parse_stats" "$text"

echo
echo "== summary =="
# Median CPU times (ms) from the JSON that google-benchmark writes: one
# "key": value pair per line, "name" before "aggregate_name" and "cpu_time".
awk -F'"' -v bytes="$bytes" \
    -v floor="$floor_kib" -v read_="$read_kib" -v tokens="$tokens_kib" \
    -v keys="$keys_kib" -v all="$all_kib" -v cli="$cli_kib" '
  /"name":/ { name = $4; aggregate = "" }
  /"aggregate_name":/ { aggregate = $4 }
  /"cpu_time":/ && aggregate == "median" {
    value = $0
    sub(/.*: */, "", value)
    sub(/,.*/, "", value)
    sub(/_median$/, "", name)
    ms[name] = value + 0
  }
  function row(size, label,   tok, u8, u16, keys_, parse) {
    tok = ms["BM_Tokenize/" size]
    u8 = ms["BM_IcuWordUtf8/" size]
    u16 = ms["BM_IcuWordUtf16/" size]
    keys_ = ms["BM_TokenizeAndKeys/" size]
    parse = ms["BM_ParsePoints/" size]
    printf "| %-7s | %8.1f | %9.1f | %10.1f | %8.1fx | %9.1fx | %10.1f | %7.1f |\n",
           label, tok, u8, u16, u8 / tok, u16 / tok, keys_, parse
  }
  function verdict(ratio, name) {
    if (ratio >= 6) return sprintf("met (%.1fx >= 6x against %s)", ratio, name)
    return sprintf("MISSED (%.1fx < 6x against %s: %.0f%% too slow)",
                   ratio, name, (6 / ratio - 1) * 100)
  }
  function mib(kib) { return kib / 1024 }
  function times(kib) { return kib * 1024 / bytes }
  END {
    print "Median CPU time per pass, ms (google-benchmark, " \
          "random interleaving):"
    print ""
    print "| text    | Tokenize | ICU UTF-8 | ICU UTF-16 | ICU8/ours | ICU16/ours " \
          "| Tok + keys | Parse   |"
    print "|---------|---------:|----------:|-----------:|----------:|-----------:" \
          "|-----------:|--------:|"
    row(1048576, "1 MiB")
    row(10485760, "10 MiB")
    print ""
    printf "Peak RSS for a %d-byte text (%.1f MiB):\n\n", bytes, bytes / 1048576
    print "| program                            | peak RSS | x input |"
    print "|------------------------------------|---------:|--------:|"
    printf "| parse_stats (empty file: floor)    | %5.1f MiB | %6.2f |\n", mib(floor), times(floor)
    printf "| parse_stats read                   | %5.1f MiB | %6.2f |\n", mib(read_), times(read_)
    printf "| parse_stats read + tokens          | %5.1f MiB | %6.2f |\n", mib(tokens), times(tokens)
    printf "| parse_stats read + tokens + keys   | %5.1f MiB | %6.2f |\n", mib(keys), times(keys)
    printf "| parse_stats tokens + keys + points | %5.1f MiB | %6.2f |\n", mib(all), times(all)
    printf "| redline points --format json       | %5.1f MiB | %6.2f |\n", mib(cli), times(cli)
    print ""
    size = 10485760
    print "Verdicts (speed on 10 MiB, memory on the file above):"
    print "  speed vs ICU UTF-8:  " \
          verdict(ms["BM_IcuWordUtf8/" size] / ms["BM_Tokenize/" size], "ICU UTF-8")
    print "  speed vs ICU UTF-16: " \
          verdict(ms["BM_IcuWordUtf16/" size] / ms["BM_Tokenize/" size], "ICU UTF-16")
    worst = all > cli ? all : cli
    if (times(worst) < 10) {
      printf "  memory: met (peak %.2fx the input < 10x)\n", times(worst)
    } else {
      printf "  memory: MISSED (peak %.2fx the input >= 10x)\n", times(worst)
    }
  }' "$results"
