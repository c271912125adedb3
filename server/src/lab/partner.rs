//! The partner app: a second loopback listener of this very server, another *origin* (another
//! port) with its own small page — "CoinTracker", a third-party app that asks alice for some of
//! her rights through OAuth (authorization code + PKCE), then calls authlab's API from its own
//! origin with the delegated token, which is where CORS decides what its page may read.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use app::api::sites::SecureSites;

use super::sites::AppAt;
use super::state::Lab;
use crate::guard::policy::Policy;

/// The partner app, pointing at the app `at`.
pub fn router(at: AppAt) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/callback", get(page))
        .with_state(at)
}

/// The partner's origins: either loopback name on its port, and in workshop mode every name of
/// this machine on its https port.
pub fn origins(port: u16, secure: Option<&SecureSites>) -> Vec<String> {
    let mut origins = vec![
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ];
    if let Some(secure) = secure {
        origins.extend(
            secure
                .names
                .iter()
                .map(|name| format!("https://{name}:{}", secure.partner_port)),
        );
    }
    origins
}

/// The partner listens on `port`: the lab links to it, and the policy trusts its origins (CORS
/// answers them; the origin check lets their cookie-less calls in).
pub fn register(lab: &Lab, policy: &Policy, port: u16) {
    lab.set_partner_port(port);
    policy.trust(origins(port, None));
}

/// Workshop mode: the lab's other sites also listen over https (`secure`); the policy trusts
/// the partner's https origins too.
pub fn register_secure(lab: &Lab, policy: &Policy, secure: SecureSites) {
    policy.trust(
        secure
            .names
            .iter()
            .map(|name| format!("https://{name}:{}", secure.partner_port))
            .collect(),
    );
    lab.set_secure(secure);
}

async fn page(State(at): State<AppAt>, headers: HeaderMap) -> Response {
    let mut response = Html(PAGE.replace("{TARGET}", &at.same_site(&headers))).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The partner's page. `{TARGET}` is an origin this module builds (a fixed name and a port).
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>CoinTracker — the authlab partner app</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#0f3d3a;color:#e8fff9}
main{max-width:52rem;margin:0 auto;padding:1.5rem}h1{color:#7ef0c8}
.box{border:2px solid #7ef0c8;border-radius:.6rem;padding:1rem;margin:1rem 0;background:#114d48}
button{font:inherit;padding:.5rem 1rem;margin:.25rem .25rem .25rem 0;border:0;border-radius:.4rem;background:#7ef0c8;color:#0f3d3a;cursor:pointer}
button:disabled{opacity:.5;cursor:default} code{background:#0004;padding:0 .3em;border-radius:.2em}
#log{white-space:pre-wrap;overflow-wrap:anywhere;background:#0006;padding:.6rem;border-radius:.4rem;min-height:2rem;font-family:ui-monospace,monospace;font-size:.9rem}
</style></head>
<body><main>
<h1>CoinTracker</h1>
<p>A third-party app on <b id="here"></b> — another origin than authlab (<code>{TARGET}</code>).
It never sees alice's password or her authlab session: it asks authlab for a token with only
the rights she grants.</p>
<div class="box">
<p>Ask for: <label><input type="checkbox" id="want-profile" checked> <code>profile:read</code></label>
<label><input type="checkbox" id="want-coins" checked> <code>coins:send</code></label></p>
<button id="connect" data-testid="partner-connect">Connect with authlab</button>
</div>
<div class="box">
<p>With the token (kept in this page's memory and sessionStorage, sent as <code>Authorization: Bearer</code>):</p>
<button id="profile" data-testid="partner-profile" disabled>Read alice's profile (GET /api/jwt/me)</button>
<button id="send" data-testid="partner-send" disabled>Send 5 of her coins (POST /api/jwt/transfer)</button>
</div>
<div id="log" data-testid="partner-log" aria-live="polite"></div>
</main>
<script>
const TARGET = "{TARGET}";
const log = (line) => { document.getElementById("log").textContent += line + "\n"; };
const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const random = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));
document.getElementById("here").textContent = location.origin;
let token = sessionStorage.getItem("partner.token");
const ready = () => {
  for (const id of ["profile", "send"]) document.getElementById(id).disabled = !token;
};
ready();

document.getElementById("connect").onclick = async () => {
  const scope = [["want-profile", "profile:read"], ["want-coins", "coins:send"]]
    .filter(([id]) => document.getElementById(id).checked).map(([, s]) => s).join(" ");
  // PKCE: a secret verifier stays here; only its SHA-256 travels with the request.
  const verifier = random(32);
  const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const state = random(16);
  sessionStorage.setItem("partner.flow", JSON.stringify({ verifier, state }));
  location.assign(TARGET + "/api/oauth/authorize?" + new URLSearchParams({
    response_type: "code", client_id: "partner", redirect_uri: location.origin + "/callback",
    scope, state, code_challenge: challenge, code_challenge_method: "S256",
  }));
};

async function exchange(params) {
  const flow = JSON.parse(sessionStorage.getItem("partner.flow") || "{}");
  sessionStorage.removeItem("partner.flow");
  history.replaceState(null, "", "/");
  if (params.get("error")) { log("authlab answered: " + params.get("error") + " — " + (params.get("error_description") || "")); return; }
  if (!flow.state || params.get("state") !== flow.state) { log("state does not match: not our request, ignored"); return; }
  log("Got a one-time code. Swapping it, with the PKCE verifier, at POST " + TARGET + "/api/oauth/token (a cross-origin call: CORS decides whether this page may read the answer)");
  const body = new URLSearchParams({ grant_type: "authorization_code", code: params.get("code"),
    redirect_uri: location.origin + "/callback", client_id: "partner", code_verifier: flow.verifier });
  try {
    const answer = await fetch(TARGET + "/api/oauth/token", { method: "POST", body });
    const json = await answer.json();
    if (!answer.ok) { log("token endpoint: " + answer.status + " " + JSON.stringify(json)); return; }
    token = json.access_token;
    sessionStorage.setItem("partner.token", token);
    log("token endpoint: " + answer.status + " — scope \"" + json.scope + "\", expires in " + json.expires_in + " s");
    ready();
  } catch (err) { log("the browser refused to let this page read the answer: " + err); }
}

async function call(method, path, body) {
  log(method + " " + path + " — Authorization is not a simple header, so the browser sends a preflight (OPTIONS) first; see authlab's trace");
  try {
    const init = { method, headers: { Authorization: "Bearer " + token } };
    if (body) { init.body = body; init.headers["Content-Type"] = "application/x-www-form-urlencoded"; }
    const answer = await fetch(TARGET + path, init);
    const text = await answer.text();
    const challenge = answer.headers.get("WWW-Authenticate");
    log("  " + answer.status + (challenge ? "  WWW-Authenticate: " + challenge : "") + "\n  " + text.slice(0, 300));
  } catch (err) { log("  the browser refused to let this page read the answer: " + err); }
}
document.getElementById("profile").onclick = () => call("GET", "/api/jwt/me");
document.getElementById("send").onclick = () => call("POST", "/api/jwt/transfer", "to=cointracker&amount=5");

const params = new URLSearchParams(location.search);
if (location.pathname === "/callback") exchange(params);
</script>
</body></html>
"#;
