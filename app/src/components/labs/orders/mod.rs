//! The orders lab: a second service that trusts authlab's tokens without calling back. It
//! knows only authlab's key set URL; with a shared secret (HS256) it can verify nothing, with
//! a public key (EdDSA) it verifies offline. A token names the services it is for, so authlab's
//! own token is refused there until the page asks authlab for one that names orders.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use super::escape;
use crate::api::orders;
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
    let url = move || {
        lab.view
            .with(|v| v.as_ref().and_then(|v| v.orders_url.clone()))
    };
    let alg = move || lab.view.with(|v| v.as_ref().map(|v| v.signing_alg.clone()));
    let token = move || jwt.pair.get_untracked().map(|pair| pair.access_token);
    let call = move |exchange_first: bool| {
        let (Some(url), Some(token)) = (url(), token()) else {
            said.set(escape(
                "Log in on the JWT column with the header carrier first: the page needs a token \
                 of its own to send (a cookie-carried one is out of the page's reach).",
            ));
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let mut text = String::new();
            let mut sent = token;
            if exchange_first {
                let swapped = orders::exchange(&sent).await;
                let token = serde_json::from_str::<Value>(&swapped.body)
                    .ok()
                    .and_then(|json| json["access_token"].as_str().map(str::to_owned))
                    .filter(|_| swapped.ok());
                match token {
                    Some(token) => {
                        text.push_str(
                            "<p>authlab signed a token for <code>aud orders</code>, \
                            valid as long as yours at most.</p>",
                        );
                        sent = token;
                    }
                    None => text.push_str(&format!(
                        "<p>The exchange was refused: {}</p>",
                        escape(&swapped.error())
                    )),
                }
            }
            let answer = orders::orders(&url, &sent).await;
            text.push_str(&describe(answer.status, &answer.body));
            said.set(text);
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
    view! {
        <div class="lab-body" data-testid="orders-lab">
            <p inner_html=INTRO></p>
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
            <p class="note" hidden=move || alg().as_deref() != Some("HS256")>{HMAC}</p>
            <p>
                <button type="button" data-testid="orders-call" disabled=busy
                    on:click=move |_| call(false)>"Call orders with the page's token"</button>
                " "
                <button type="button" data-testid="orders-exchange" disabled=busy
                    on:click=move |_| call(true)>"Ask authlab for a token for orders, then call"</button>
            </p>
            <div data-testid="orders-said" aria-live="polite" inner_html=move || said.get()></div>
        </div>
    }
}

/// orders' answer as the page shows it: the verdict, each check, the key copy.
fn describe(status: u16, body: &str) -> String {
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let text = |key: &str| json[key].as_str().unwrap_or_default().to_owned();
    let mut out = if status == 200 {
        let count = json["orders"].as_array().map_or(0, Vec::len);
        format!(
            "<p><strong>200</strong>: {count} orders of {}; calls to authlab for this request: {}</p>",
            escape(&text("user")),
            json["calls_to_authlab"]
        )
    } else if status == 0 {
        format!("<p>orders did not answer: {}</p>", escape(body))
    } else {
        format!(
            "<p><strong>{status} {}</strong>: {}</p>",
            escape(&text("reason")),
            escape(&text("error"))
        )
    };
    // The same markup as the trace's checks (`ChecksView`), so they look alike.
    out.push_str("<ol class=\"checks\">");
    for check in json["checks"].as_array().into_iter().flatten() {
        let passed = check["passed"].as_bool() == Some(true);
        let (class, mark) = if passed {
            ("accepted", "✓")
        } else {
            ("refused", "✗")
        };
        out.push_str(&format!(
            "<li class=\"check {class}\"><span class=\"mark\">{mark}</span><strong>{}</strong><span class=\"micros\">{} µs</span><span class=\"detail\">{}</span></li>",
            escape(check["name"].as_str().unwrap_or_default()),
            check["micros"],
            escape(check["detail"].as_str().unwrap_or_default())
        ));
    }
    let keys = &json["keys"];
    out.push_str(&format!(
        "</ol><p>orders' copy of authlab's keys: {} · fetched {} time(s) · {} refetch(es) refused (at most one per {} s)</p>",
        keys["kids"]
            .as_array()
            .map(|kids| kids.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))
            .filter(|kids| !kids.is_empty())
            .unwrap_or_else(|| "none".into()),
        keys["fetches"],
        keys["refused_refetches"],
        keys["min_refetch_seconds"]
    ));
    out
}
