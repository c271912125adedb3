#!/usr/bin/env bash
# Measures what each scheme costs per request, and how big and fast the page is. Prints a table
# and writes the same figures to target/bench/latest.json.
#   scripts/bench.sh          the full run (~3 min): 5 s per load test, 9 page loads, micro-benchmarks
#   scripts/bench.sh --short  what CI runs to check the command works (~1 min): 1 s, 3 loads, few samples
# Load comes from wrk (installed from Debian when missing). Each server figure is also given as a
# ratio to GET /api/health measured on the same server in the same run: the machine is noisy.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

short=""
[ "${1:-}" = "--short" ] && short=1
duration=5; loads=9; samples=100
if [ -n "$short" ]; then duration=1; loads=3; samples=10; fi

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

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

# start_server NAME ARGS...: a fresh data directory, loopback only, quiet logs.
start_server() {
  local name="$1"; shift
  stop_server
  "$ROOT/target/release/server" --addr "127.0.0.1:$port" --data-dir "$out/data-$name" \
    --site-root "$ROOT/target/site" --log warn "$@" >"$out/server-$name.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fs "$base/api/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$out/server-$name.log" >&2
  die "the server ($name) did not start"
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
  awk '{print $14 + $15}' "/proc/$server_pid/stat"
}

# load NAME PATH [HEADER]: wrk for $duration s; appends name, req/s, p50 and p99 (ms).
load() {
  local name="$1" path="$2" header="${3:-}"
  local args=(-t1 -c16 "-d${duration}s" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  local report ticks_before ticks_after
  ticks_before="$(cpu_ticks)"
  report="$(wrk "${args[@]}" "$base$path")"
  ticks_after="$(cpu_ticks)"
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
session_cookie() {
  curl -fs -D - -o /dev/null -H 'Content-Type: application/json' -d "$login_json" "$base/api/session/login" \
    | awk -F': ' 'tolower($1) == "set-cookie" {split($2, a, ";"); print a[1]}' | tr -d '\r'
}
access_token() {
  curl -fs -H 'Content-Type: application/json' -d "$login_json" "$base/api/jwt/login" \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}
denylist() {
  curl -fs -H 'Content-Type: application/json' -d "{\"enabled\":$1}" "$base/api/jwt/denylist" >/dev/null
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
  trap 'stop_server; kill "$redis_pid" 2>/dev/null || true' EXIT
  sleep 0.5
  start_server redis-hs256 --session-store redis --redis-url "redis://127.0.0.1:$redis_port"
  cookie="$(session_cookie)"
  load health_c /api/health
  load session_me_redis /api/session/me "Cookie: $cookie"
  done_step
fi

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
} >>"$facts"

step "micro-benchmarks (divan): verify a token, look up a session, decode in the page" "1 min"
cargo bench --locked -p server --bench hot_paths -- --sample-count "$samples" | tee "$out/micro.txt"
done_step

node "$ROOT/scripts/bench-report.mjs" "$out"
