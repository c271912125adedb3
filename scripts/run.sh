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
data_dir="${AUTHLAB_DATA_DIR:-data}"
previous=""
for arg in "$@"; do
  [ "$previous" = "--addr" ] && addr="$arg"
  [ "$previous" = "--data-dir" ] && data_dir="$arg"
  case "$arg" in --addr=*) addr="${arg#--addr=}" ;; --data-dir=*) data_dir="${arg#--data-dir=}" ;; esac
  previous="$arg"
done
host="${addr%:*}" port="${addr##*:}"
orders_addr="$host:$((port + 2))"

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
step "starting orders on http://$orders_addr (it knows authlab's JWKS URL, and asks authlab about cookies with the client secret in $data_dir/secrets)"
"$ROOT/target/release/orders" --addr "$orders_addr" --log warn \
  --jwks-url "http://$addr/.well-known/jwks.json" \
  --introspection-url "http://$addr/api/introspect" \
  --client-secret-file "$data_dir/secrets/orders-client.key" \
  --allow-origin "http://$addr,http://localhost:$port" &
pids+=($!)
step "starting authlab on http://$addr (Ctrl-C stops both)"
"$ROOT/target/release/server" --site-root "$ROOT/target/site" --orders-url "http://$orders_addr" "$@" &
server_pid=$!
pids+=("$server_pid")
wait "$server_pid"
