#!/usr/bin/env bash
# Prints the size of the built site's assets: raw, gzip -9 and brotli -q 11 (what a browser fetches).
# Run after scripts/build.sh (release).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
pkg="$ROOT/target/site/pkg"
[ -f "$pkg/authlab_bg.wasm" ] || die "no built site in $pkg: run scripts/build.sh first"
if ! have brotli; then
  step "installing brotli (Debian)" "20 s"
  apt_install brotli
  done_step
fi
printf '%-18s %10s %10s %10s\n' file raw gzip brotli
for f in authlab_bg.wasm authlab.js authlab.css; do
  printf '%-18s %10d %10d %10d\n' "$f" "$(wc -c <"$pkg/$f")" "$(gzip -9c "$pkg/$f" | wc -c)" "$(brotli -c -q 11 "$pkg/$f" | wc -c)"
done
