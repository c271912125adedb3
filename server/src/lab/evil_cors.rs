//! The CORS lab's page on the evil site: served by the evil listener but reached by the *same*
//! host name as the app, so it is another origin of the same site — the user's `SameSite=Lax`
//! session cookie goes along with its credentialed `fetch`. Whether its script may *read* the
//! answer is CORS's decision: by default no; with the lab's mistakes switched on, see.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Response};

use super::sites::AppAt;

pub async fn page(State(at): State<AppAt>, headers: HeaderMap) -> Response {
    let mut response = Html(PAGE.replace("{TARGET}", &at.same_site(&headers))).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `{TARGET}` is an origin `AppAt::same_site` builds (a fixed name and a port).
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Free stickers! (the authlab evil site, CORS)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#2b0a3d;color:#fbeaff}
main{max-width:52rem;margin:0 auto;padding:1.5rem}h1{color:#ffd166}
.fence{border:3px dashed #ff4d6d;border-radius:.6rem;padding:1rem;margin:1rem 0;background:#3d0f52}
code{background:#0004;padding:0 .3em;border-radius:.2em}
button{font:inherit;padding:.5rem 1rem;margin:.25rem 0;border:0;border-radius:.4rem;background:#ffd166;color:#2b0a3d;cursor:pointer}
#log{white-space:pre-wrap;overflow-wrap:anywhere;background:#0006;padding:.6rem;border-radius:.4rem;min-height:2rem;font-family:ui-monospace,monospace;font-size:.9rem}
</style></head>
<body><main>
<h1>★ Free stickers!</h1>
<div class="fence"><strong>This is authlab's evil site</strong> again, on <code id="here"></code>:
another <em>origin</em> than the app (<code>{TARGET}</code>), on the same <em>site</em> (the same
host name), so the browser attaches the app's cookies to this page's
<code>fetch(…, {credentials: "include"})</code>. The question is whether this script may
<strong>read</strong> what comes back. CORS decides.</div>
<button type="button" id="read" data-testid="evil-cors-read">Read alice's session (GET /api/session/me)</button>
<div id="log" data-testid="evil-cors-log" role="status"></div>
</main>
<script>
document.getElementById("here").textContent = location.origin;
const log = (line) => { document.getElementById("log").textContent += line + "\n"; };
document.getElementById("read").onclick = async () => {
  try {
    const answer = await fetch("{TARGET}/api/session/me", { credentials: "include" });
    const text = await answer.text();
    log("READ " + answer.status + " across origins: " + text.slice(0, 400));
  } catch (error) {
    log("the browser would not let this page read it: " + error + " (its console says why)");
  }
};
</script>
</body></html>
"#;
