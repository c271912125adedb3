//! The orders lab: a second service that trusts authlab's tokens without calling back. It
//! knows only authlab's key set URL; with a shared secret (HS256) it can verify nothing, with
//! a public key (EdDSA) it verifies offline. A token names the services it is for, so authlab's
//! own token is refused there until the page asks authlab for one that names orders. What an
//! offline check cannot know — whose a session cookie is, whether a token was revoked — orders
//! learns by asking authlab, a call per request. The BFF keeps every token on the server.

mod said;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use super::escape;
use crate::api::http::Exchange;
use crate::api::{bff, orders};
use crate::components::jwt::JwtLab;
use crate::components::lab::Lab;

const INTRO: &str = "<b>orders</b> is another service, on its own port, started beside authlab. \
    It knows one thing about authlab: the URL of its public keys \
    (<code>/.well-known/jwks.json</code>). It keeps a copy of them, fetches them again only when \
    a token names a key it lacks (a rotation), and verifies every token <em>offline</em> — its \
    answer counts the calls it made to authlab. A token says in <code>aud</code> which services \
    it is for: authlab's own is refused by orders, and one made for orders is refused by \
    authlab. Switching the algorithm retires authlab's key, as a rotation does: log in again on \
    the JWT column (header carrier) afterwards.";

const ASKING: &str = "A session cookie is an opaque id: orders can only ask authlab whose it \
    is (the browser sends it to orders too — cookies ignore ports). A revoked token still \
    verifies offline; only asking authlab finds out. Each question is a call back: the cost \
    the offline check saved.";

const BFF: &str = "<b>Backend-for-frontend</b>: log in on the session column (cookie carrier), \
    then connect. authlab keeps the tokens in your session and calls orders itself; the page \
    holds only the HttpOnly cookie, so an injected script finds no token to carry off.";

const HMAC: &str = "With HS256 the same secret signs and verifies: orders could check a token \
    only if it were handed authlab's secret — and could then sign tokens as authlab. A public \
    key can be published: every service verifies, only authlab signs.";

/// The signing algorithms the lab offers: the shared secret, and the public key of Ed25519.
const ALGS: [(&str, &str); 2] = [("hs256", "HS256"), ("eddsa", "EdDSA")];

#[component]
pub fn OrdersLab() -> impl IntoView {
    let lab = Lab::expect();
    let jwt = JwtLab::expect();
    let said = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let ask = RwSignal::new(false);
    // The token last sent to orders: the one "revoke" ends.
    let sent = RwSignal::new(None::<String>);
    let url = move || {
        lab.view
            .with(|v| v.as_ref().and_then(|v| v.orders_url.clone()))
    };
    let alg = move || lab.view.with(|v| v.as_ref().map(|v| v.signing_alg.clone()));
    let token = move || jwt.pair.get_untracked().map(|pair| pair.access_token);
    // 0: the page's own token; 1: a token for orders, asked of authlab first; 2: the token
    // last sent, again (after a revocation, say).
    let call = move |how: u8| {
        let token = if how == 2 {
            sent.get_untracked()
        } else {
            token()
        };
        let (Some(url), Some(token)) = (url(), token) else {
            said.set(escape(
                "Log in on the JWT column with the header carrier first: the page needs a token \
                 of its own to send (a cookie-carried one is out of the page's reach).",
            ));
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let mut text = String::new();
            let mut token = token;
            if how == 1 {
                let swapped = orders::exchange(&token).await;
                match json(&swapped)["access_token"]
                    .as_str()
                    .filter(|_| swapped.ok())
                {
                    Some(swapped) => {
                        text.push_str(
                            "<p>authlab signed a token for <code>aud orders</code>, \
                            valid as long as yours at most.</p>",
                        );
                        token = swapped.to_owned();
                    }
                    None => text.push_str(&format!(
                        "<p>The exchange was refused: {}</p>",
                        escape(&swapped.error())
                    )),
                }
            }
            let answer = orders::orders(&url, &token, ask.get_untracked()).await;
            sent.set(Some(token));
            text.push_str(&said::orders(answer.status, &json(&answer)));
            said.set(text);
            busy.set(false);
        });
    };
    // One action at a time; its exchange becomes what the lab says.
    let act = move |what: u8| {
        busy.set(true);
        spawn_local(async move {
            let answer = match what {
                0 => orders::by_cookie(&url().unwrap_or_default()).await,
                1 => orders::revoke(&sent.get_untracked().unwrap_or_default()).await,
                2 => bff::connect().await,
                3 => bff::orders().await,
                _ => bff::logout().await,
            };
            let body = json(&answer);
            let text = match (what, answer.ok()) {
                (0, _) => said::orders(answer.status, &body),
                (2, true) => said::kept(&body),
                (3, true) => format!(
                    "<p>authlab called orders for you{}.</p>{}{}",
                    if body["refreshed"] == true {
                        ", refreshing the access token first"
                    } else {
                        ""
                    },
                    said::kept(&body),
                    said::orders(
                        body["orders_status"].as_u64().unwrap_or(0) as u16,
                        &body["orders_answer"]
                    )
                ),
                (_, true) => format!(
                    "<p>{}</p>",
                    escape(body["note"].as_str().unwrap_or_default())
                ),
                _ => format!(
                    "<p><strong>{}</strong>: {}</p>",
                    answer.status,
                    escape(&answer.error())
                ),
            };
            said.set(text);
            lab.refresh();
            busy.set(false);
        });
    };
    let sign_with = move |name: &'static str| {
        busy.set(true);
        spawn_local(async move {
            let _ = orders::set_signing(name).await;
            lab.refresh();
            busy.set(false);
        });
    };
    let button = move |testid: &'static str, label: &'static str, what: u8| {
        view! {
            <button type="button" data-testid=testid disabled=busy on:click=move |_| act(what)>{label}</button>
            " "
        }
    };
    view! {
        <div class="lab-body" data-testid="orders-lab">
            <p inner_html=crate::prose!(INTRO)></p>
            <p>
                "orders is at " <code>{move || url().unwrap_or_else(|| "(not started: make run starts it)".into())}</code>
            </p>
            <div class="node-switch" role="group" aria-label="authlab signs with">
                "authlab signs with: "
                {ALGS.into_iter().map(|(name, label)| view! {
                    <button type="button" class="node-choice" data-testid=format!("orders-alg-{name}")
                        aria-pressed=move || (alg().as_deref() == Some(label)).to_string()
                        disabled=busy on:click=move |_| sign_with(name)>{label}</button>
                }).collect_view()}
            </div>
            <p class="note" hidden=move || alg().as_deref() != Some("HS256")>{crate::prose!(HMAC)}</p>
            <p>
                <button type="button" data-testid="orders-call" disabled=busy
                    on:click=move |_| call(0)>"Call orders with the page's token"</button>
                " "
                <button type="button" data-testid="orders-exchange" disabled=busy
                    on:click=move |_| call(1)>"Ask authlab for a token for orders, then call"</button>
            </p>
            <p inner_html=crate::prose!(ASKING)></p>
            <p>
                <label>
                    <input type="checkbox" data-testid="orders-ask" prop:checked=ask
                        on:change=move |_| ask.update(|on| *on = !*on) />
                    " orders asks authlab whether the token was revoked"
                </label>
                " "
                {button("orders-revoke", "Revoke the token last sent, at authlab", 1)}
                <button type="button" data-testid="orders-again" disabled=busy
                    on:click=move |_| call(2)>"Send it again"</button>
                " "
                {button("orders-cookie", "Call orders with the session cookie", 0)}
            </p>
            <p inner_html=crate::prose!(BFF)></p>
            <p>
                {button("bff-connect", "Connect the BFF", 2)}
                {button("bff-orders", "Orders, through authlab", 3)}
                {button("bff-logout", "Log out at the BFF", 4)}
            </p>
            <div data-testid="orders-said" aria-live="polite" inner_html=move || said.get()></div>
        </div>
    }
}

/// An exchange's body as JSON (`null` when it is not).
fn json(answer: &Exchange<()>) -> Value {
    serde_json::from_str(&answer.body).unwrap_or(Value::Null)
}
