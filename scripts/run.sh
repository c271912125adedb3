#!/usr/bin/env bash
# Installs what is missing, builds the release site and server, and serves authlab — with the
# orders service (a second service that trusts authlab's tokens) on authlab's port + 2.
# Extra arguments go to the server (see `target/release/server --help`), e.g. --addr 127.0.0.1:3100
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"

addr="${AUTHLAB_ADDR:-${LEPTOS_SITE_ADDR:-127.0.0.1:3000}}"
previous=""
for arg in "$@"; do
  [ "$previous" = "--addr" ] && addr="$arg"
  case "$arg" in --addr=*) addr="${arg#--addr=}" ;; esac
  previous="$arg"
done
host="${addr%:*}" port="${addr##*:}"
orders_addr="$host:$((port + 2))"

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
step "starting orders on http://$orders_addr (it knows only authlab's JWKS URL)"
"$ROOT/target/release/orders" --addr "$orders_addr" --log warn \
  --jwks-url "http://$addr/.well-known/jwks.json" \
  --allow-origin "http://$addr,http://localhost:$port" &
pids+=($!)
step "starting authlab on http://$addr (Ctrl-C stops both)"
"$ROOT/target/release/server" --site-root "$ROOT/target/site" --orders-url "http://$orders_addr" "$@" &
server_pid=$!
pids+=("$server_pid")
wait "$server_pid"
