#!/usr/bin/env bash
# Installs what authlab needs to build and run, skipping whatever is already present.
#   scripts/setup.sh          what `make run` needs
#   scripts/setup.sh --test   also what `make test` needs (Chromium, Playwright)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

want_test=""
[ "${1:-}" = "--test" ] && want_test=1

# Rust: the toolchain itself cannot be installed from here (rustup.rs is not a registry).
have cargo && have rustup || die "Rust is missing: install it with rustup (https://rustup.rs), then run this again"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the Rust target wasm32-unknown-unknown" "30 s"
  rustup target add wasm32-unknown-unknown
  done_step
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly.
wb_version="$(wasm_bindgen_version)"
[ -n "$wb_version" ] || die "could not read the wasm-bindgen version from Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  step "building wasm-bindgen-cli $wb_version from crates.io" "3 min on 2 cores"
  mkdir -p "$ROOT/target"
  if ! cargo install wasm-bindgen-cli --version "$wb_version" --locked 2>"$ROOT/target/wasm-bindgen-install.log"; then
    # Its lock file names a webpki-roots release the registry may not serve: pin the one before it.
    src="$(ls -d "$CARGO_HOME"/registry/src/*/wasm-bindgen-cli-"$wb_version" 2>/dev/null | head -n 1)"
    [ -n "$src" ] || { cat "$ROOT/target/wasm-bindgen-install.log" >&2; die "wasm-bindgen-cli $wb_version could not be fetched"; }
    info "the locked install failed; retrying with webpki-roots pinned to 1.0.10"
    work="$(mktemp -d)"
    cp -r "$src" "$work/wasm-bindgen-cli"
    (cd "$work/wasm-bindgen-cli" && cargo update -q -p webpki-roots --precise 1.0.10 && cargo install -q --path . --locked)
    rm -rf "$work"
  fi
  done_step
fi

if ! have node || ! have npm; then
  step "installing Node.js and npm (Debian)" "1 min"
  apt_install nodejs npm
  done_step
fi

# npm_ci DIR: installs DIR's locked npm packages unless they are already in place.
npm_ci() {
  local dir="$1"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    step "installing npm packages in ${dir#"$ROOT"/}" "20 s"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    done_step
  fi
}
npm_ci "$ROOT/scripts"   # wasm-opt (binaryen on node; Debian's wasm-opt breaks hydration)

if [ -n "$want_test" ]; then
  if [ ! -x /usr/bin/chromium ]; then
    step "installing Chromium for the browser tests (Debian)" "2 min"
    apt_install chromium
    done_step
  fi
  npm_ci "$ROOT/end2end"  # Playwright's test runner; it drives Debian's Chromium, never its own
  # The terminal walkthrough (scripts/walkthrough.sh), which the tests run against a server.
  for tool in curl jq; do
    if ! have "$tool"; then
      step "installing $tool for the terminal walkthrough (Debian)" "20 s"
      apt_install "$tool"
      done_step
    fi
  done
  # The OpenAPI 3.1 validator (Python, from PyPI) for the API's description.
  validator="$ROOT/target/tools/openapi"
  requirements="$ROOT/scripts/openapi-requirements.txt"
  if [ ! -x "$validator/bin/openapi-spec-validator" ] || [ "$requirements" -nt "$validator/bin/openapi-spec-validator" ]; then
    step "installing the OpenAPI validator (Python venv in target/tools/openapi)" "20 s"
    if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
      apt_install python3 python3-venv
    fi
    rm -rf "$validator"
    python3 -m venv "$validator"
    "$validator/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    touch "$validator/bin/openapi-spec-validator"
    done_step
  fi
  if ! have redis-server; then
    # The Redis tests start their own throwaway redis-server on a free port.
    step "installing redis-server for the Redis tests (Debian)" "30 s"
    apt_install redis-server
    done_step
  fi
fi
