#!/usr/bin/env bash
# Runs the load benchmark of issue R5 (the server) and prints the figures of
# BENCHMARKS.md, "R5 — the server": wrk (1 thread, CONNECTIONS connections,
# DURATION per run, loopback) against, in the same run,
#  1. bench/hello_server.cc: a bare Boost.Beast server answering "hello"
#     (the peer);
#  2. `redline serve` on an SQLite store holding the sample negotiation
#     (examples/plan-mediator.txt, 28 points, shared with Norland):
#     GET the version as Norland's member (authenticated, access-checked,
#     audited; the text as JSON), GET the redline of the mediator's draft
#     against Norland's counter-proposal (JSON), and POST a stance.
# Prints requests/s, p50 and p99 latency of each, and the verdict (version
# reads >= 40% of hello's requests/s, p99 < 20 ms). Environment:
# CONNECTIONS (default 64), DURATION (default 10s), ROUNDS (default 3: each
# target runs ROUNDS times, alternating; the best round is reported).
set -euo pipefail
cd "$(dirname "$0")/.."

connections="${CONNECTIONS:-64}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-3}"
redline="$PWD/build/release/redline"
hello="$PWD/build/release/bench/hello_server"
data="$PWD/build/bench-data/server"
hello_port=18181 serve_port=18182

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "== machine: $(nproc) cores, load average $(loadavg) =="
echo "redline $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src include ||
  echo " (src/ or include/ modified)"), $(wrk --version 2>&1 | head -n 1)"
cmake --preset release >/dev/null
cmake --build --preset release --target redline hello_server

rm -rf "$data"
mkdir -p "$data"
db="$data/redline.db"
export REDLINE_NOW=2026-11-02T09:00:00Z REDLINE_USER=bench
"$redline" init --db "$db" --negotiation "Framework for Peace" >/dev/null
"$redline" party add "Mediation Group" --kind mediator --db "$db" >/dev/null
"$redline" party add Norland --db "$db" >/dev/null
"$redline" import examples/plan-mediator.txt --label "Mediator draft" \
  --by "Mediation Group" --db "$db" >/dev/null
"$redline" import examples/plan-norland.txt --label "Norland counter" \
  --by Norland --parent "Mediator draft" --db "$db" >/dev/null
"$redline" share "Mediator draft" --with Norland --db "$db" >/dev/null
echo "bench password" | "$redline" user add nils --db "$db" >/dev/null
"$redline" user grant nils --party Norland --db "$db" >/dev/null
unset REDLINE_NOW

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
"$hello" --port "$hello_port" &
pids+=($!)
"$redline" serve --db "$db" --listen "127.0.0.1:$serve_port" \
  --audit-key "$data/audit.key" >"$data/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  if grep -q "listening" "$data/serve.log" 2>/dev/null; then break; fi
  sleep 0.1
done
base="http://127.0.0.1:$serve_port"
token=$(curl -sf "$base/api/login" -H 'Content-Type: application/json' \
  -d '{"user": "nils", "password": "bench password"}' |
  sed 's/.*"token":"\([^"]*\)".*/\1/')
draft=$(curl -sf "$base/api/negotiations/1/versions" \
  -H "Authorization: Bearer $token" |
  sed 's/.*"id":"\([0-9a-f]\{64\}\)","label":"Mediator draft".*/\1/')
counter=$(curl -sf "$base/api/negotiations/1/versions" \
  -H "Authorization: Bearer $token" |
  sed 's/.*"id":"\([0-9a-f]\{64\}\)","label":"Norland counter".*/\1/')
# The first reading records the opening; the benchmark measures the rest.
curl -sf "$base/api/negotiations/1/versions/$draft" \
  -H "Authorization: Bearer $token" >/dev/null

cat >"$data/stance.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"point": "3", "stance": "dispute", "note": "load"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
cat >"$data/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA

# run NAME URL [SCRIPT]: wrk once; prints "NAME rps p50 p99".
run() {
  local name=$1 url=$2 script=${3:-}
  local args=(-t1 -c"$connections" -d"$duration" --latency)
  if [ -n "$script" ]; then args+=(-s "$script"); fi
  wrk "${args[@]}" "$url" >"$data/$name.out"
  awk -v name="$name" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                     if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %.0f %.2f %.2f %s\n", name, rps, p50, p99, bad + 0 }
  ' "$data/$name.out"
}

declare -A best_rps best_p50 best_p99 bad
for round in $(seq "$rounds"); do
  for target in hello version diff stance; do
    case $target in
      hello) line=$(run hello "http://127.0.0.1:$hello_port/") ;;
      version) line=$(run version "$base/api/negotiations/1/versions/$draft" \
                   "$data/auth.lua") ;;
      diff) line=$(run diff \
                "$base/api/negotiations/1/diff?old=$draft&new=$counter" \
                "$data/auth.lua") ;;
      stance) line=$(run stance \
                  "$base/api/negotiations/1/versions/$draft/stances" \
                  "$data/stance.lua") ;;
    esac
    read -r _ rps p50 p99 non2xx <<<"$line"
    echo "round $round: $target $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $non2xx"
    if [ -z "${best_rps[$target]:-}" ] || [ "$rps" -gt "${best_rps[$target]}" ]; then
      best_rps[$target]=$rps best_p50[$target]=$p50 best_p99[$target]=$p99
      bad[$target]=$non2xx
    fi
  done
done

echo
echo "== R5 server load: wrk -t1 -c$connections -d$duration, best of $rounds rounds =="
printf '%-44s %10s %9s %9s %8s\n' target "req/s" "p50 ms" "p99 ms" "non-2xx"
for target in hello version diff stance; do
  case $target in
    hello) label="bare Beast hello server (peer)" ;;
    version) label="GET version (28 points, auth + access)" ;;
    diff) label="GET diff of two stored versions (JSON)" ;;
    stance) label="POST stance (write + audit entry)" ;;
  esac
  printf '%-44s %10s %9s %9s %8s\n' "$label" "${best_rps[$target]}" \
    "${best_p50[$target]}" "${best_p99[$target]}" "${bad[$target]}"
done
ratio=$(awk -v a="${best_rps[version]}" -v b="${best_rps[hello]}" \
  'BEGIN { printf "%.1f", 100 * a / b }')
verdict_rps=$(awk -v r="$ratio" 'BEGIN { print (r >= 40 ? "met" : "MISSED") }')
verdict_p99=$(awk -v p="${best_p99[version]}" \
  'BEGIN { print (p < 20 ? "met" : "MISSED") }')
echo "version reads: $ratio% of hello (target >= 40%: $verdict_rps);" \
  "p99 ${best_p99[version]} ms (target < 20 ms: $verdict_p99)"
audit=$("$redline" audit export --db "$db" | wc -l)
echo "audit entries written: $audit; load average $(loadavg)"
