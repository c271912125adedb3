//! The XSS lab: a fenced "injected script" runs a fixed payload in this very page, as an
//! attacker's script would after an injection. It shows what it can read (a stored JWT) and what
//! it cannot (the HttpOnly cookie) — and the honest nuance: it can still *use* the session while
//! it runs here, and it can catch a token kept in memory when the page sends it.

use leptos::prelude::*;

use super::fenced::{Fenced, Script};

/// The payload. It writes its findings into the fenced box itself, as a real one would write
/// wherever it likes; the page only starts it.
const PAYLOAD: &str = r#"const say = (line) => {
  const out = document.getElementById("xss-out");
  if (out) out.textContent += line + "\n";
};
document.getElementById("xss-out").textContent = "";
const stored = [["localStorage", localStorage], ["sessionStorage", sessionStorage]]
  .map(([name, store]) => [name, store.getItem("authlab.jwt")]).find(([, value]) => value);
say(stored
  ? "READ the token pair from " + stored[0] + " (" + stored[1].length + " characters): it can be sent anywhere and replayed until exp."
  : "No token in localStorage or sessionStorage (kept in memory, or not logged in).");
say(document.cookie.includes("authlab_session")
  ? "READ the session cookie from document.cookie!"
  : "document.cookie has no session cookie: HttpOnly keeps the id away from scripts.");
fetch("/api/session/me").then((answer) => say("fetch('/api/session/me') from this page: " + answer.status +
  (answer.ok ? " — the browser added the cookie. The script cannot copy the session, but it acts as you while it runs here."
             : " — no session to ride on.")));
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
    not escaped). It runs with the page's own rights. Log in on both sides, pick where the JWT is \
    kept, then run it.";
const DEFENCE: &str = "The defence is not the storage choice alone: escape output, and send a \
    Content-Security-Policy so injected scripts never run.";

#[component]
pub fn XssLab() -> impl IntoView {
    let script = Script {
        id: "xss",
        label: "Injected script — runs in this page",
        summary: "The payload",
        button: "Run the injected script",
        code: PAYLOAD,
    };
    view! {
        <div class="lab-body" data-testid="xss-lab">
            <p inner_html=INTRO></p>
            <Fenced script />
            <p class="hint" inner_html=DEFENCE></p>
        </div>
    }
}
