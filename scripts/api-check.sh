#!/usr/bin/env bash
# The API's description against a started server: /api/openapi.json validates as OpenAPI 3.1,
# and the curl lines /api/docs shows work as printed — its "before you start" block logs in
# all four ways, then who-am-I in both schemes over both carriers answers alice, and a refresh
# works both ways (the cookie, the token in the body).
#   scripts/api-check.sh [BASE_URL]     (default http://127.0.0.1:3000)
# Needs curl, jq, python3 and the validator scripts/setup.sh --test installs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base="${1:-http://127.0.0.1:3000}"
validator="$root/target/tools/openapi/bin/openapi-spec-validator"
[ -x "$validator" ] || { echo "no OpenAPI validator: run scripts/setup.sh --test" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

curl -sf "$base/api/openapi.json" -o "$work/openapi.json"
"$validator" --schema 3.1 "$work/openapi.json"
printf '  %s operations described\n' "$(jq '[.paths[] | keys[] | select(. != "parameters")] | length' "$work/openapi.json")"

curl -sf "$base/api/docs" -o "$work/docs.html"
# The page's lines, as a learner would copy them: the start block, and each operation's lines
# by section id.
python3 - "$work/docs.html" "$work" <<'EOF'
import html, re, sys
page = open(sys.argv[1]).read()
out = sys.argv[2]
start = re.search(r'<pre class="api-curl" data-testid="curl-start">(.*?)</pre>', page, re.S)
open(f"{out}/start.sh", "w").write(html.unescape(start.group(1)) + "\n")
for op in ["get-api-session-me", "get-api-jwt-me", "post-api-jwt-refresh"]:
    section = re.search(r'id="' + op + r'"(.*?)</section>', page, re.S).group(1)
    lines = re.findall(r'<pre class="api-curl" data-testid="curl">(.*?)</pre>', section, re.S)
    open(f"{out}/{op}.sh", "w").write("\n".join(html.unescape(l) for l in lines) + "\n")
EOF

cd "$work"
# The start block as printed, with BASE pointing at this server.
sed -i "s|^BASE=[^ ]*|BASE=$base|" start.sh
failed=0
for op in get-api-session-me get-api-jwt-me; do
  while IFS= read -r line; do
    answer="$(bash -c "source ./start.sh >/dev/null; $line")"
    # Who, and how the credential arrived: a line with a jar sends a cookie, any other a header.
    want_carrier=header
    [[ "$line" == *" -b "* ]] && want_carrier=cookie
    got="$(jq -r '"\(.user.username // .claims.sub) \(.carrier)"' <<<"$answer" 2>/dev/null || true)"
    if [ "$got" = "alice $want_carrier" ]; then
      printf '  ✓ %s\n' "$line"
    else
      printf '  ✗ %s\n    answered: %s\n' "$line" "${answer:0:200}"
      failed=1
    fi
  done <"$op.sh"
done
# A refresh both ways: the cookie carrier's answer describes the new cookies, the header
# carrier's holds the new pair.
while IFS= read -r line; do
  answer="$(bash -c "source ./start.sh >/dev/null; $line")"
  if jq -e '(.cookies | length) == 2 or (.refresh_token | length) > 0' <<<"$answer" >/dev/null 2>&1; then
    printf '  ✓ %s\n' "$line"
  else
    printf '  ✗ %s\n    answered: %s\n' "$line" "${answer:0:200}"
    failed=1
  fi
done <post-api-jwt-refresh.sh
exit "$failed"
