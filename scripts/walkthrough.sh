#!/usr/bin/env bash
# The whole story from a terminal: log in both ways, ask who you are, let the attacker copy both
# credentials, log out, replay the copies, then let the token expire. Every request and answer
# is printed the way the page's exchange panel shows them (credentials cut short).
#
#   scripts/walkthrough.sh [BASE_URL]           default http://127.0.0.1:3000 (start it: make run)
#   scripts/walkthrough.sh --check [BASE_URL]   also exits 1 unless each answer is the one the
#                                               page's scenario records (make test runs this)
#
# Needs curl and jq (scripts/setup.sh installs them). It works in the server's own lab (curl
# sends no lab cookie): it resets that lab first and last, and never touches a browser's lab.
set -euo pipefail

check=""
[ "${1:-}" = "--check" ] && { check=1; shift; }
base="${1:-http://127.0.0.1:3000}"
for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "walkthrough: please install $tool (scripts/setup.sh does)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jar="$work/jar"
: >"$jar"
failures=0

# short VALUE: a credential as the panel shows it, cut after 12 characters.
short() {
  local v="$1"
  if [ "${#v}" -gt 12 ]; then printf '%s…' "${v:0:12}"; else printf '%s' "$v"; fi
}

# say TEXT: a line of the story.
say() {
  if [ -t 1 ]; then printf '\n\033[1m%s\033[0m\n' "$*"; else printf '\n%s\n' "$*"; fi
}

# send METHOD PATH [JSON] [HEADER]: one exchange, printed; sets STATUS and BODY.
send() {
  local method="$1" path="$2" json="${3:-}" header="${4:-}"
  local args=(-s -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$method" -b "$jar" -c "$jar")
  printf '→ %s %s\n' "$method" "$path"
  if [ -n "$header" ]; then
    args+=(-H "$header")
    printf '  %s: %s\n' "${header%%:*}" "$(short "${header#*: }")"
  fi
  local sent_cookie
  sent_cookie="$(awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { print $6 "=" $7 }' "$jar" 2>/dev/null | head -n 1)"
  if [ -n "$sent_cookie" ]; then
    printf '  Cookie: %s (the jar, as a browser would)\n' "$(short "$sent_cookie")"
  fi
  if [ -n "$json" ]; then
    args+=(-H 'Content-Type: application/json' --data "$json")
    printf '  %s\n' "$(jq -c 'walk(if type == "string" and length > 24 then .[0:12] + "…" else . end)' <<<"$json")"
  fi
  STATUS="$(curl "${args[@]}" "$base$path")"
  BODY="$(cat "$work/body")"
  printf '← %s\n' "$STATUS"
  tr -d '\r' <"$work/headers" | grep -i '^\(set-cookie\|www-authenticate\|x-authlab-trace-id\):' \
    | sed -E 's/^([^:]*): ([^=;]*=)?([^;[:space:]]{12})[^;[:space:]]*/\1: \2\3…/; s/^/  /' || true
  # The answer as the panel shows it: long values cut, the lab's state in short, and the checks
  # the server ran as one line (a replay's are the attacker's request's).
  local color="-M"
  [ -t 1 ] && color="-C"
  jq "$color" 'walk(if type == "string" and length > 40 then .[0:16] + "…" else . end)
    | if type == "object" and has("clock_offset_seconds") then {clock_offset_seconds, weakened} else . end
    | if type == "object" then del(.checks) | (if (.body | type) == "object" then .body |= del(.checks) else . end) else . end' \
    <<<"$BODY" 2>/dev/null | sed 's/^/  /' || printf '  %s\n' "$BODY"
  jq -r '(.checks // empty) | map(.name + (if .passed then " ✓" else " ✗ (" + .detail + ")" end))
    | "  checks: " + join(" · ")' <<<"$BODY" 2>/dev/null || true
}

# expect WHAT ACTUAL WANTED: with --check, counts a difference from what the page records.
expect() {
  if [ "$2" = "$3" ]; then
    if [ -n "$check" ]; then printf '  ✓ %s: %s\n' "$1" "$2"; fi
  else
    printf '  ✗ %s: %s, the page records %s\n' "$1" "$2" "$3"
    failures=$((failures + 1))
  fi
}

say "0. A fresh lab (clock back to now, switches secure)"
send POST /api/lab/reset '{}'
expect "reset" "$STATUS" 200
alice='{"username":"alice","password":"wonderland"}'

say "1. Log in with a cookie session: the server writes a record and sets an HttpOnly cookie"
send POST /api/session/login "$alice"
expect "session login" "$STATUS" 200

say "2. Log in with a JWT: the server signs a token and keeps nothing"
send POST /api/jwt/login "$alice"
expect "JWT login" "$STATUS" 200
access="$(jq -r .access_token <<<"$BODY")"
refresh="$(jq -r .refresh_token <<<"$BODY")"

say "3. Who am I? The cookie names a record; the token carries signed claims"
send GET /api/session/me
expect "session who-am-I" "$STATUS" 200
send GET /api/jwt/me "" "Authorization: Bearer $access"
expect "JWT who-am-I" "$STATUS" 200

say "4. The attacker copies both credentials (the server keeps the copies; you get an id)"
send POST /api/lab/steal '{"scheme":"session"}'
expect "steal the session cookie" "$STATUS" 200
session_copy="$(jq -r .copy_id <<<"$BODY")"
send POST /api/lab/steal '{"scheme":"jwt"}' "Authorization: Bearer $access"
expect "steal the token" "$STATUS" 200
jwt_copy="$(jq -r .copy_id <<<"$BODY")"

say "5. Log out of both: the session record is deleted; the token is only forgotten"
send POST /api/session/logout '{}'
expect "session logout" "$STATUS" 200
send POST /api/jwt/logout "{\"refresh_token\":\"$refresh\"}"
expect "JWT logout" "$STATUS" 200

say "6. The attacker replays both copies"
send POST /api/lab/replay "{\"copy_id\":\"$session_copy\"}"
expect "session replay after logout" "$(jq -r .status <<<"$BODY")" 401
send POST /api/lab/replay "{\"copy_id\":\"$jwt_copy\"}"
expect "JWT replay after logout" "$(jq -r .status <<<"$BODY")" 200

say "7. Six minutes later (the lab clock): the token is past exp"
send POST /api/lab/clock '{"advance_minutes":6}'
expect "clock +6 min" "$STATUS" 200
send POST /api/lab/replay "{\"copy_id\":\"$jwt_copy\"}"
expect "JWT replay after expiry" "$(jq -r .status <<<"$BODY")" 401

say "8. The lab as it was"
send POST /api/lab/reset '{}'

if [ "$failures" -gt 0 ]; then
  printf '\nwalkthrough: %s answer(s) differ from what the page records\n' "$failures" >&2
  exit 1
fi
say "Logout ended the session at once; only time ended the stolen token."
