#!/usr/bin/env bash
# Installs what is missing, builds the release site and server, and serves authlab.
# Extra arguments go to the server (see `target/release/server --help`), e.g. --addr 127.0.0.1:3100
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"

step "starting authlab on http://${AUTHLAB_ADDR:-${LEPTOS_SITE_ADDR:-127.0.0.1:3000}} (Ctrl-C stops it)"
exec "$ROOT/target/release/server" --site-root "$ROOT/target/site" "$@"
