#!/usr/bin/env bash
# Installs what the tests need, then runs every test: formatting, unit and in-process HTTP
# tests, then the browser tests against the release build.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$(date +%s)

"$ROOT/scripts/setup.sh" --test

step "checking formatting (cargo fmt)" "2 s"
cargo fmt --all -- --check || die "cargo fmt --all would change files: run it and commit"
done_step

step "the server's module graph: no import cycle, AppState only in state and router (scripts/deps.py)" "1 s"
python3 "$ROOT/scripts/deps.py" "$ROOT/server/src" || die "scripts/deps.py found an import cycle or a module importing AppState"
done_step

step "unit and in-process HTTP tests (cargo test)" "3 min cold, 20 s after a change"
cargo test --locked -p app -p server
# Each micro-benchmark once, as a test (debug build, seconds): the short bench below skips them,
# since building them for a real run costs minutes on a fresh clone.
cargo test --locked -p server --bench hot_paths >/dev/null
done_step

"$ROOT/scripts/build.sh"

step "browser tests (Playwright, Debian Chromium, release build)" "30 s"
rm -rf "$ROOT/target/e2e-data"
(cd end2end && npx playwright test)
done_step

step "the terminal walkthrough against a started server (scripts/walkthrough.sh --check)" "5 s"
walk_data="$ROOT/target/walkthrough-data"
rm -rf "$walk_data"
"$ROOT/target/release/server" --addr 127.0.0.1:3290 --evil-port 0 --partner-port 0 \
  --data-dir "$walk_data" --site-root "$ROOT/target/site" --log warn >"$ROOT/target/walkthrough-server.log" 2>&1 &
walk_pid=$!
for _ in $(seq 1 60); do
  curl -sf http://127.0.0.1:3290/api/health >/dev/null && break
  sleep 0.5
done
if ! "$ROOT/scripts/walkthrough.sh" --check http://127.0.0.1:3290 >"$ROOT/target/walkthrough.log" 2>&1; then
  kill "$walk_pid" 2>/dev/null || true
  cat "$ROOT/target/walkthrough.log" >&2
  die "the terminal walkthrough's answers differ from what the page records"
fi
grep -c '✓' "$ROOT/target/walkthrough.log" | xargs printf '    %s answers as the page records them\n'
done_step

step "the API's description: OpenAPI 3.1 validation, and the API page's curl lines run as printed (scripts/api-check.sh)" "10 s"
if ! "$ROOT/scripts/api-check.sh" http://127.0.0.1:3290 >"$ROOT/target/api-check.log" 2>&1; then
  kill "$walk_pid" 2>/dev/null || true
  cat "$ROOT/target/api-check.log" >&2
  die "the API's description does not validate, or a curl line from /api/docs failed"
fi
kill "$walk_pid" 2>/dev/null || true
sed 's/^/  /' "$ROOT/target/api-check.log" | grep -v '^  *✓' || true
grep -c '✓' "$ROOT/target/api-check.log" | xargs printf '    %s curl lines from the page worked as printed (who-am-I: alice, over the carrier the line names; refresh: both ways)\n'
done_step

step "the benchmark command runs (scripts/bench.sh --short; figures are not checked)" "2 min"
"$ROOT/scripts/bench.sh" --short >"$ROOT/target/bench-short.log" 2>&1 || { tail -n 40 "$ROOT/target/bench-short.log" >&2; die "scripts/bench.sh --short failed"; }
tail -n 12 "$ROOT/target/bench-short.log"
done_step

printf '\nall tests passed in %ss\n' "$(( $(date +%s) - started ))"
