#!/usr/bin/env bash
# Starts two authlab nodes on one machine: b on 127.0.0.1:3001 and a on 127.0.0.1:3000, which
# serves the page and passes /node/b/… on to b. The argument picks the session store:
#   memory  each node its own (a session made on a is unknown on b)      [default]
#   sqlite  the shared file in data/ (one machine only)
#   redis   a shared Redis; the JWT denylist and refresh families go there too
# Open http://127.0.0.1:3000 and use the "Send requests to node" switch of each column. The
# orders service (it trusts authlab's tokens, knowing only its JWKS URL) is on 127.0.0.1:3002.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

store="${1:-memory}"
case "$store" in memory|sqlite|redis) ;; *) die "usage: scripts/nodes.sh [memory|sqlite|redis]" ;; esac
redis_url="${AUTHLAB_REDIS_URL:-redis://127.0.0.1:6379}"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_all EXIT INT TERM

if [ "$store" = redis ]; then
  hostport="${redis_url#redis://}"; hostport="${hostport%%/*}"
  if ! (exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}") 2>/dev/null; then
    have redis-server || apt_install redis-server
    step "starting a throwaway redis-server on 127.0.0.1:6390 (nothing answered at $redis_url)"
    redis-server --port 6390 --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
    pids+=($!)
    redis_url="redis://127.0.0.1:6390"
    sleep 0.5
  fi
fi

server="$ROOT/target/release/server"
# Both nodes use one data directory: neither may keep a memory copy of the SQLite sessions.
common=(--site-root "$ROOT/target/site" --data-dir "${AUTHLAB_DATA_DIR:-data}" --session-store "$store"
  --redis-url "$redis_url" --session-memory-copy false --orders-url http://127.0.0.1:3002)
step "starting orders on http://127.0.0.1:3002 (it knows only node a's JWKS URL)"
"$ROOT/target/release/orders" --addr 127.0.0.1:3002 --log warn \
  --jwks-url http://127.0.0.1:3000/.well-known/jwks.json \
  --introspection-url http://127.0.0.1:3000/api/introspect \
  --client-secret-file "${AUTHLAB_DATA_DIR:-data}/secrets/orders-client.key" &
pids+=($!)
step "starting node b on http://127.0.0.1:3001 (session store: $store)"
"$server" --node-name b --addr 127.0.0.1:3001 "${common[@]}" &
pids+=($!)
for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/3001) 2>/dev/null && break
  sleep 0.1
done
step "starting node a on http://127.0.0.1:3000 — open it; Ctrl-C stops both"
"$server" --node-name a --addr 127.0.0.1:3000 --peer b=http://127.0.0.1:3001 "${common[@]}" &
pids+=($!)
wait -n "${pids[@]}"
