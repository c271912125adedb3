//! What the browser holds for the JWT scheme: the raw stored value and the access token
//! decoded (header carrier), or two HttpOnly cookies page script cannot read (cookie carrier);
//! and a decoder for any pasted token.

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;

use super::storage::KEYS;
use super::token_view::TokenView;
use super::{JwtLab, Keep};
use crate::api::jwt::{AccessClaims, CookiePair};
use crate::components::session::document_cookie;

#[component]
pub fn JwtBrowserHolds() -> impl IntoView {
    let lab = JwtLab::expect();
    let access = Signal::derive(move || {
        lab.pair.with(|pair| {
            pair.as_ref()
                .map(|p| p.access_token.clone())
                .unwrap_or_default()
        })
    });
    view! {
        {move || {
            let keep = lab.keep.get();
            match (lab.pair.with(Option::is_some), lab.holds(), keep) {
                (false, false, _) => EitherOf4::A(view! {
                    <p class="empty">"Nothing yet. After login: the token pair as stored, the access token decoded into header, payload and signature — or, with the cookie carrier, two cookies this page cannot read."</p>
                }),
                (false, true, _) => EitherOf4::B(view! { <InCookies cookies=lab.cookies.get() /> }),
                (true, _, Keep::Memory) => EitherOf4::C(view! {
                    <p>"In page memory only: no storage entry. A reload forgets it."</p>
                }),
                (true, _, keep) => EitherOf4::D(view! {
                    <p>
                        <code>{format!("{}.getItem(\"{}\")", keep.label(), KEYS.value)}</code>
                        " — readable by any script on this page:"
                    </p>
                    <pre class="raw-stored"><code data-testid="jwt-raw">{move || lab.raw_stored.get().unwrap_or_default()}</code></pre>
                }),
            }
        }}
        {move || lab.pair.with(Option::is_some).then(|| view! { <TokenView token=access /> })}
        {move || (lab.pair.with(Option::is_none) && lab.holds()).then(|| view! { <ClaimsFromServer /> })}
        <PasteDecoder />
    }
}

/// The cookie carrier: the cookies as the server described them, and `document.cookie`.
#[component]
fn InCookies(cookies: Option<CookiePair>) -> impl IntoView {
    let seen = document_cookie();
    let visible = seen.contains("authlab_jwt");
    view! {
        <p>"Two HttpOnly cookies, set by the server; the browser attaches them, this page never sees the tokens:"</p>
        <ul class="attributes" data-testid="jwt-cookies">
            {cookies.map(|pair| pair.cookies.into_iter().map(|c| view! {
                <li><code>{format!("{}=…; {}", c.name, c.attributes.join("; "))}</code>
                    {format!(" ({} B of the browser's ~4096 per cookie)", c.bytes)}</li>
            }).collect_view())}
        </ul>
        <p class="proof">
            "What page JavaScript sees, "<code>"document.cookie"</code>": "
            <code data-testid="jwt-document-cookie">{format!("{seen:?}")}</code>
        </p>
        <p class=if visible { "verdict refused" } else { "verdict accepted" }>
            {if visible { "The token is visible to scripts!" } else { "The raw token is invisible to page JavaScript: an injected script can only ride it while it runs." }}
        </p>
    }
}

/// With the cookie carrier, the claims come from the server's "who am I" answer.
#[component]
fn ClaimsFromServer() -> impl IntoView {
    let lab = JwtLab::expect();
    view! {
        {move || match lab.me.get() {
            Some(me) => Either::Left(view! {
                <p>"The claims, as the server verified them (" <code>"GET /api/jwt/me"</code> "):"</p>
                <pre class="raw-stored"><code data-testid="jwt-claims">{claims_text(&me.claims)}</code></pre>
            }),
            None => Either::Right(view! { <p class="hint">"Ask who I am to see the claims the server reads from the cookie."</p> }),
        }}
    }
}

/// The claims as lines of text (no JSON serializer in the wasm for one view).
fn claims_text(c: &AccessClaims) -> String {
    format!(
        "sub: {}\nrole: {}\niss: {} · aud: {}\niat: {} · nbf: {} · exp: {}\njti: {}\ntoken_use: {}",
        c.sub,
        c.role.as_str(),
        c.iss,
        c.aud,
        c.iat,
        c.nbf,
        c.exp,
        c.jti,
        c.token_use
    )
}

/// Decodes a pasted token, broken ones included.
#[component]
fn PasteDecoder() -> impl IntoView {
    let pasted = RwSignal::new(String::new());
    view! {
        <details class="paste-decoder">
            <summary>"Decode a token of your own"</summary>
            <label for="jwt-paste" class="visually-hidden">"Token to decode"</label>
            <textarea
                id="jwt-paste"
                rows="3"
                placeholder="Paste a JWT: eyJ…"
                prop:value=move || pasted.get()
                on:input=move |ev| pasted.set(event_target_value(&ev))
            ></textarea>
            {move || (!pasted.with(|p| p.trim().is_empty())).then(|| view! { <TokenView token=pasted /> })}
        </details>
    }
}
