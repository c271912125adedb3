# Shared helpers for authlab's scripts. Source it; do not run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$CARGO_HOME/bin:$ROOT/scripts/node_modules/.bin:$PATH"

# step "what" "how long it usually takes": prints a numbered progress line before a long step.
STEP_START=$(date +%s)
step() {
  printf '\n==> %s%s\n' "$1" "${2:+ (usually $2)}"
  STEP_START=$(date +%s)
}
# done_step: prints how long the last step took.
done_step() {
  printf '    done in %ss\n' "$(( $(date +%s) - STEP_START ))"
}
info() { printf '    %s\n' "$*"; }
die() { printf '\nauthlab: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" = 0 ]; }

# apt_install PKG...: installs Debian packages when root; otherwise says what to install and stops.
APT_UPDATED=""
apt_install() {
  if is_root && have apt-get; then
    if [ -z "$APT_UPDATED" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    die "please install: $* (e.g. sudo apt-get install $*), then run this again"
  fi
}

# The wasm-bindgen version in Cargo.lock; wasm-bindgen-cli must be exactly this.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}
