#!/usr/bin/env bash
# Builds the site (wasm + JS glue + CSS into target/site) and the server binary.
#   scripts/build.sh            release: size-optimised wasm, optimised server (what `make run` uses)
#   scripts/build.sh --dev      unoptimised, faster to compile
# It does what `cargo leptos build` does, without the 17-minute cargo-leptos install.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

mode="release"
[ "${1:-}" = "--dev" ] && mode="dev"
if [ "$mode" = release ]; then
  wasm_profile="wasm-release" wasm_dir="wasm-release" server_flags="--release"
else
  wasm_profile="dev" wasm_dir="debug" server_flags=""
fi
site="$ROOT/target/site"
pkg="$site/pkg"
mkdir -p "$pkg"

step "compiling the page to wasm ($mode)" "5 min cold, 30 s after a change"
cargo build --locked -p frontend --lib --target wasm32-unknown-unknown --profile "$wasm_profile"
done_step

# The glue and the shrinking take ~30 s and depend only on the compiled wasm and the tools: a
# start with nothing changed skips them (the stamp names what the site was made from).
input="target/wasm32-unknown-unknown/$wasm_dir/frontend.wasm"
stamp="$pkg/.made-from"
made_from="$(sha256sum "$input" | cut -c1-64) $mode $(wasm-bindgen --version)"
[ "$mode" = release ] && made_from="$made_from $(wasm-opt --version 2>/dev/null || echo none)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$made_from" ] \
  && [ -f "$pkg/authlab_bg.wasm" ] && [ -f "$pkg/authlab.js" ]; then
  info "the wasm did not change: the JS glue and the shrinking are as they were"
else
  rm -f "$stamp"
  step "generating the JS glue (wasm-bindgen)" "5 s"
  wasm-bindgen --target web --no-typescript --out-name authlab --out-dir "$pkg" "$input"
  done_step

  if [ "$mode" = release ]; then
    step "shrinking the wasm (wasm-opt -Oz, until it converges)" "30 s"
    have wasm-opt || die "wasm-opt is missing: run scripts/setup.sh"
    wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int \
      "$pkg/authlab_bg.wasm" -o "$pkg/authlab_bg.wasm.opt"
    mv "$pkg/authlab_bg.wasm.opt" "$pkg/authlab_bg.wasm"
    done_step
  fi
  printf '%s\n' "$made_from" >"$stamp"
fi
info "wasm: $(wc -c <"$pkg/authlab_bg.wasm") bytes"

cp style/main.css "$pkg/authlab.css"

step "compiling the server ($mode)" "3 min cold, 20 s after a change"
# shellcheck disable=SC2086
cargo build --locked -p server $server_flags
done_step
