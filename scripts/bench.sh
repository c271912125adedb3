#!/usr/bin/env bash
# Measures what each scheme costs per request, and how big and fast the page is. Prints a table
# and writes the same figures to target/bench/latest.json.
#   scripts/bench.sh          the full run (~8 min): 5 s per load test, 3 interleaved rounds against
#                             the floor and Express, 9 page loads, micro-benchmarks
#   scripts/bench.sh --short  what CI runs to check the command works (~2 min): 1 s, 1 round, 3 loads,
#                             no micro-benchmarks (make test runs each once)
# Load comes from wrk (installed from Debian when missing). The floor (server/benches/floor: the
# same crates, no authlab logic) and Express (scripts/express, installed with npm ci) answer the
# same three requests, interleaved with authlab in the same run: the machine is noisy.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

short=""
[ "${1:-}" = "--short" ] && short=1
duration=5; loads=9; samples=100; rounds=3
if [ -n "$short" ]; then duration=1; loads=3; samples=10; rounds=1; fi

"$ROOT/scripts/setup.sh" --test  # Chromium and Playwright time the hydration
for tool in wrk curl brotli; do
  if ! have "$tool"; then
    step "installing $tool (Debian)" "20 s"
    apt_install "$tool"
    done_step
  fi
done
"$ROOT/scripts/build.sh"

out="$ROOT/target/bench"
rm -rf "$out" && mkdir -p "$out"
loads_tsv="$out/loads.tsv"
facts="$out/facts.txt"
: >"$loads_tsv"; : >"$facts"
port=3470
base="http://127.0.0.1:$port"
server_pid=""
others=()  # the comparison's other servers: authlab's default configuration, the floor, Express
redis_pid=""

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
stop_all() {
  stop_server
  for pid in "${others[@]}" $redis_pid; do kill "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

# wait_for URL NAME LOG: until URL answers; else the log and a clear error.
wait_for() {
  for _ in $(seq 1 150); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$3" >&2
  die "$2 did not start"
}

# start_server NAME ARGS...: a fresh data directory, loopback only, quiet logs.
start_server() {
  local name="$1"; shift
  stop_server
  "$ROOT/target/release/server" --addr "127.0.0.1:$port" --data-dir "$out/data-$name" \
    --site-root "$ROOT/target/site" --log warn "$@" >"$out/server-$name.log" 2>&1 &
  server_pid=$!
  wait_for "$base/api/health" "the server ($name)" "$out/server-$name.log"
}

# to_ms VALUE: wrk's "635.91us" / "1.76ms" / "1.02s" in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
    printf "%.3f", n
  }'
}

# cpu_ticks: the server's user + system CPU time so far, in clock ticks (/proc/PID/stat).
clock_ticks="$(getconf CLK_TCK)"
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/${1:-$server_pid}/stat"
}

# load NAME PATH [HEADER]: wrk for $duration s; appends name, req/s, p50 and p99 (ms) and the
# server's CPU per request. The server is $base / $server_pid unless TARGET (a base URL) and
# TARGET_PID name another; WRK_CONNECTIONS says how many connections (16).
load() {
  local name="$1" path="$2" header="${3:-}"
  local url="${TARGET:-$base}" pid="${TARGET_PID:-$server_pid}"
  local args=(-t1 "-c${WRK_CONNECTIONS:-16}" "-d${duration}s" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  local report ticks_before ticks_after
  ticks_before="$(cpu_ticks "$pid")"
  report="$(wrk "${args[@]}" "$url$path")"
  ticks_after="$(cpu_ticks "$pid")"
  if grep -q "Non-2xx" <<<"$report"; then
    printf '%s\n' "$report" >&2
    die "$name: the server refused requests during the load test, so the figure would be wrong"
  fi
  local rps p50 p99 requests cpu_us
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$report")"
  requests="$(awk '/requests in/ {print $1}' <<<"$report")"
  # The server's own CPU time per request (wrk's is not in it): what the endpoint costs.
  cpu_us="$(awk -v t="$((ticks_after - ticks_before))" -v hz="$clock_ticks" -v n="$requests" \
    'BEGIN { printf "%.1f", t / hz * 1e6 / n }')"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$report")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$report")")"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p99" "$cpu_us" >>"$loads_tsv"
  info "$name: $rps req/s, p50 $p50 ms, p99 $p99 ms, server CPU $cpu_us µs per request"
}

login_json='{"username":"alice","password":"wonderland"}'
# session_cookie [BASE], access_token [BASE], denylist true|false [BASE]
session_cookie() {
  curl -fs -D - -o /dev/null -H 'Content-Type: application/json' -d "$login_json" "${1:-$base}/api/session/login" \
    | awk -F': ' 'tolower($1) == "set-cookie" {split($2, a, ";"); print a[1]}' | tr -d '\r'
}
access_token() {
  curl -fs -H 'Content-Type: application/json' -d "$login_json" "${1:-$base}/api/jwt/login" \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}
denylist() {
  curl -fs -H 'Content-Type: application/json' -d "{\"enabled\":$1}" "${2:-$base}/api/jwt/denylist" >/dev/null
}

step "load tests: memory session store, HS256 (wrk, ${duration} s each)" "$((duration * 5)) s"
start_server memory-hs256 --session-store memory --jwt-alg hs256
cookie="$(session_cookie)"; token="$(access_token)"
[ -n "$cookie" ] && [ -n "$token" ] || die "could not log in on the benchmark server"
printf 'cookie_header_bytes=%s\n' "$(printf 'Cookie: %s' "$cookie" | wc -c)" >>"$facts"
printf 'bearer_hs256_header_bytes=%s\n' "$(printf 'Authorization: Bearer %s' "$token" | wc -c)" >>"$facts"
load health_a /api/health
load session_me_memory /api/session/me "Cookie: $cookie"
denylist false
load jwt_me_hs256 /api/jwt/me "Authorization: Bearer $token"
denylist true
load jwt_me_hs256_denylist /api/jwt/me "Authorization: Bearer $token"
# Memory after 100 logins (each an argon2id hash of 19 MiB, which must not stay resident).
for _ in $(seq 1 100); do session_cookie >/dev/null; done
printf 'rss_after_100_logins_kib=%s\n' "$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")" >>"$facts"
info "resident memory after 100 logins: $(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status") KiB"
done_step

step "load tests: SQLite session store, EdDSA" "$((duration * 4)) s"
start_server sqlite-eddsa --session-store sqlite --jwt-alg eddsa
cookie="$(session_cookie)"; token="$(access_token)"
printf 'bearer_eddsa_header_bytes=%s\n' "$(printf 'Authorization: Bearer %s' "$token" | wc -c)" >>"$facts"
load health_b /api/health
load session_me_sqlite /api/session/me "Cookie: $cookie"
denylist false
load jwt_me_eddsa /api/jwt/me "Authorization: Bearer $token"
done_step

if have redis-server; then
  step "load tests: Redis session store (a throwaway redis-server)" "$((duration * 2)) s"
  redis_port=3479
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$out/redis.log" 2>&1 &
  redis_pid=$!
  sleep 0.5
  start_server redis-hs256 --session-store redis --redis-url "redis://127.0.0.1:$redis_port"
  cookie="$(session_cookie)"
  load health_c /api/health
  load session_me_redis /api/session/me "Cookie: $cookie"
  done_step
fi

if [ ! -d "$ROOT/scripts/express/node_modules" ]; then
  step "installing the Express comparison (npm ci in scripts/express)" "10 s"
  (cd "$ROOT/scripts/express" && npm ci --no-audit --no-fund --loglevel=error)
  done_step
fi
step "authlab, the floor and Express, interleaved: $rounds round(s) × 3 requests × 4 servers (wrk -t1 -c32, ${duration} s each)" "$((rounds * 12 * duration)) s"
# authlab configured as the floor is built (memory store, HS256, denylist off), authlab as it
# starts by default (SQLite store, HS256, denylist on), the floor, Express: all up at once, and
# each request loaded on each in turn, so drift on the machine falls on all four alike.
start_server versus-memory --session-store memory --jwt-alg hs256
denylist false
"$ROOT/target/release/server" --addr 127.0.0.1:3471 --data-dir "$out/data-versus-default" \
  --site-root "$ROOT/target/site" --log warn >"$out/server-versus-default.log" 2>&1 &
others+=($!)
"$ROOT/target/release/floor" --addr 127.0.0.1:3480 >"$out/floor.log" 2>&1 &
others+=($!)
NODE_ENV=production node "$ROOT/scripts/express/server.js" 3490 >"$out/express.log" 2>&1 &
others+=($!)
versus_names=(authlab default floor express)
versus_bases=("$base" http://127.0.0.1:3471 http://127.0.0.1:3480 http://127.0.0.1:3490)
versus_pids=("$server_pid" "${others[@]}")
versus_cookies=(); versus_tokens=()
for i in 0 1 2 3; do
  wait_for "${versus_bases[$i]}/api/health" "${versus_names[$i]}" "$out/server-versus-default.log"
  versus_cookies+=("$(session_cookie "${versus_bases[$i]}")")
  versus_tokens+=("$(access_token "${versus_bases[$i]}")")
  [ -n "${versus_cookies[$i]}" ] && [ -n "${versus_tokens[$i]}" ] || die "could not log in on ${versus_names[$i]}"
done
# A warm-up of every request on every server, not recorded (Node's JIT, the runtimes' pools).
for i in 0 1 2 3; do
  for path in /api/health /api/session/me /api/jwt/me; do
    wrk -t1 -c32 -d1s -H "Cookie: ${versus_cookies[$i]}" -H "Authorization: Bearer ${versus_tokens[$i]}" \
      "${versus_bases[$i]}$path" >/dev/null
  done
done
for round in $(seq 1 "$rounds"); do
  for request in health session_me jwt_me; do
    for i in 0 1 2 3; do
      case "$request" in
        health) path=/api/health header="" ;;
        session_me) path=/api/session/me header="Cookie: ${versus_cookies[$i]}" ;;
        jwt_me) path=/api/jwt/me header="Authorization: Bearer ${versus_tokens[$i]}" ;;
      esac
      TARGET="${versus_bases[$i]}" TARGET_PID="${versus_pids[$i]}" WRK_CONNECTIONS=32 \
        load "versus_${versus_names[$i]}_${request}_r${round}" "$path" "$header"
    done
  done
done
for pid in "${others[@]}"; do kill "$pid" 2>/dev/null || true; done
others=()
done_step

attendees=100
[ -n "$short" ] && attendees=10
start_server room --session-store memory
step "a room: $attendees attendees, each in a lab of their own, run the whole scenario at once" "10 s"
node "$ROOT/scripts/room.mjs" "$base" "$attendees" >"$out/room.json" || { cat "$out/room.json" >&2; die "attendees of the room got errors"; }
info "$(cat "$out/room.json")"
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const k of ["attendees", "requests", "errors", "p50_ms", "p99_ms", "seconds"]) console.log(`room_${k}=${r[k]}`);' \
  "$out/room.json" >>"$facts"
stop_server
done_step

start_server memory-hydrate --session-store memory
step "time to hydrate in headless Chromium (median of $loads fresh loads)" "$((loads * 2)) s"
(cd end2end && node hydrate-time.mjs "$base/" "$loads") >"$out/hydrate.json"
info "$(cat "$out/hydrate.json")"
stop_server
done_step

wasm="$ROOT/target/site/pkg/authlab_bg.wasm"
{
  printf 'wasm_raw_bytes=%s\n' "$(wc -c <"$wasm")"
  printf 'wasm_gzip_bytes=%s\n' "$(gzip -9c "$wasm" | wc -c)"
  printf 'wasm_brotli_bytes=%s\n' "$(brotli -c -q 11 "$wasm" | wc -c)"
  printf 'js_brotli_bytes=%s\n' "$(brotli -c -q 11 "$ROOT/target/site/pkg/authlab.js" | wc -c)"
  printf 'css_brotli_bytes=%s\n' "$(brotli -c -q 11 "$ROOT/target/site/pkg/authlab.css" | wc -c)"
} >>"$facts"

if [ -n "$short" ]; then
  # Their optimised build costs minutes on a fresh clone; make test runs each once as a test.
  info "micro-benchmarks: the full run only (make test runs each once as a test)"
  : >"$out/micro.txt"
else
  step "micro-benchmarks (divan): verify a token, look up a session, decode in the page" "1 min"
  cargo bench --locked -p server --bench hot_paths -- --sample-count "$samples" | tee "$out/micro.txt"
  done_step
fi

step "a second start: scripts/run.sh with nothing changed, until it answers" "10 s"
started_ms=$(date +%s%3N)
"$ROOT/scripts/run.sh" --addr 127.0.0.1:3472 --data-dir "$out/data-second-start" --log warn \
  >"$out/second-start.log" 2>&1 &
others+=($!)
# Up to 10 minutes: with a source changed since the build above, run.sh compiles first (and the
# figure says so by missing its budget).
for _ in $(seq 1 6000); do
  curl -fs http://127.0.0.1:3472/api/health >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs http://127.0.0.1:3472/api/health >/dev/null 2>&1 || { cat "$out/second-start.log" >&2; die "scripts/run.sh did not start"; }
printf 'second_start_ms=%s\n' "$(( $(date +%s%3N) - started_ms ))" >>"$facts"
info "listening $(( $(date +%s%3N) - started_ms )) ms after scripts/run.sh started"
kill "${others[@]}" 2>/dev/null || true
others=()
done_step

node "$ROOT/scripts/bench-report.mjs" "$out"
