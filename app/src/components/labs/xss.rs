//! The XSS lab: a fenced "injected script" runs a fixed payload in this very page, as an
//! attacker's script would after an injection. It follows the carrier, not the scheme: it reads
//! whatever the page keeps (a stored JWT, or a session id kept for `X-Session-Id`, which it then
//! replays with no cookie at all) and cannot read an HttpOnly cookie (the session's, or a
//! cookie-carried JWT) — the honest nuance: it can still *ride* a cookie while it runs here, and
//! it can catch a token kept in memory when the page sends it.

use leptos::prelude::*;

use super::fenced::{Fenced, Script};

/// The payload. It writes its findings into the fenced box itself, as a real one would write
/// wherever it likes; the page only starts it.
const PAYLOAD: &str = r#"const say = (line) => {
  const out = document.getElementById("xss-out");
  if (out) out.textContent += line + "\n";
};
document.getElementById("xss-out").textContent = "";
const kept = (key) => [["localStorage", localStorage], ["sessionStorage", sessionStorage]]
  .map(([name, store]) => [name, store.getItem(key)]).find(([, value]) => value);
const stored = kept("authlab.jwt");
say(stored
  ? "READ the token pair from " + stored[0] + " (" + stored[1].length + " characters): it can be sent anywhere and replayed until exp."
  : "No token in localStorage or sessionStorage (kept in memory, carried in a cookie, or not logged in).");
const id = kept("authlab.session");
if (id) {
  say("READ the session id from " + id[0] + " (the header carrier): an id the page keeps is as exposed as a token.");
  fetch("/api/session/me", { credentials: "omit", headers: { "X-Session-Id": id[1] } }).then((answer) =>
    say("REPLAYED the copied id with no cookie and nothing of this page (credentials: 'omit', as the attacker's own machine would): " +
      answer.status + (answer.ok ? " — it outlives this script, until logout deletes the record." : "")));
}
say(/authlab_session=/.test(document.cookie)
  ? "READ the session cookie from document.cookie!"
  : "document.cookie has no session cookie: HttpOnly keeps the id away from scripts.");
say(/authlab_jwt/.test(document.cookie)
  ? "READ the JWT cookie from document.cookie!"
  : "document.cookie has no JWT cookie either: a cookie-carried token cannot be read, only ridden.");
const ride = (scheme, what) => fetch("/api/" + scheme + "/me").then((answer) =>
  say("fetch('/api/" + scheme + "/me') from this page: " + answer.status + (answer.ok
    ? " — the browser added the " + what + ". The script cannot copy it, but it acts as you while it runs here."
    : " — no " + what + " to ride on.")));
ride("session", "session cookie");
ride("jwt", "JWT cookie");
fetch("/api/bff/orders").then((answer) => answer.json().then((body) =>
  say("fetch('/api/bff/orders'): " + answer.status + (answer.ok
    ? " — the BFF called orders for this script as well; its answer holds " + (/eyJ/.test(JSON.stringify(body)) ? "a TOKEN!" : "no token to carry off") + "."
    : " — no BFF login to ride on."))));
if (!window.__authlabHooked) {
  window.__authlabHooked = true;
  const original = window.fetch;
  window.fetch = function (input, init) {
    const headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
    const bearer = headers.get("Authorization");
    if (bearer) {
      say("CAUGHT a bearer token the page just sent (" + bearer.length + " characters): a token kept in memory leaks too, once it is used.");
      window.fetch = original;
      window.__authlabHooked = false;
    }
    return original.apply(this, arguments);
  };
}
say("Hooked window.fetch: ask the JWT side \"Who am I?\" and watch this box.");"#;

const INTRO: &str = "Suppose an attacker got a script into this page (a comment field that was \
    not escaped). It runs with the page's own rights. Log in on both sides, pick how each \
    credential is carried and where the page keeps it, then run it: what it can read follows \
    the carrier, not the scheme.";
const DEFENCE: &str = "The defence is not the storage choice alone: escape output, and send a \
    Content-Security-Policy so injected scripts never run.";

#[component]
pub fn XssLab() -> impl IntoView {
    let script = Script {
        id: "xss",
        label: "Injected script — runs in this page",
        summary: "The payload",
        button: "Run the injected script",
        code: crate::prose!(PAYLOAD),
    };
    view! {
        <div class="lab-body" data-testid="xss-lab">
            <p inner_html=crate::prose!(INTRO)></p>
            <Fenced script />
            <p class="hint" inner_html=crate::prose!(DEFENCE)></p>
        </div>
    }
}
