//! What the browser holds for the session: one cookie, which page scripts cannot read — or,
//! with the header carrier, the id itself, kept by the page where any script can read it.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

use super::{SessionLab, KEYS};
use crate::api::session::MeAnswer;
use crate::api::Carrier;
use crate::components::keep::Keep;

#[component]
pub fn SessionBrowserHolds() -> impl IntoView {
    let lab = SessionLab::expect();
    view! {
        {move || match (lab.current.get(), lab.carrier.get()) {
            (None, _) => EitherOf3::A(view! {
                <p class="empty">"Nothing yet. After login: the session cookie, its attributes, and proof that page scripts cannot read it — or, with the header carrier, the id the page keeps."</p>
            }),
            (Some(me), Carrier::Cookie) => EitherOf3::B(cookie_view(lab, me)),
            (Some(_), Carrier::Header) => EitherOf3::C(header_view(lab)),
        }}
    }
}

fn cookie_view(lab: SessionLab, me: MeAnswer) -> impl IntoView {
    let name = me.cookie.name.clone();
    view! {
        <p>"One cookie, set by the server:"</p>
        <p class="cookie-line">
            <code class="cookie-name">{format!("{}=", me.cookie.name)}</code>
            <span class="opaque">"(signed random id, hidden from this page)"</span>
        </p>
        <ul class="attributes">
            {me.cookie.attributes.iter().map(|a| view! { <li><code>{a.clone()}</code></li> }).collect_view()}
        </ul>
        <DocumentCookie lab />
        {move || {
            let seen = lab.document_cookie.get().unwrap_or_default();
            if seen.contains(&name) {
                Either::Left(view! { <p class="verdict refused">"The session cookie is visible to scripts!"</p> })
            } else {
                Either::Right(view! { <p class="verdict accepted">"The session cookie is absent: HttpOnly keeps it from scripts (and from XSS)."</p> })
            }
        }}
    }
}

fn header_view(lab: SessionLab) -> impl IntoView {
    view! {
        <p>"No cookie: this page keeps the session id and adds it as " <code>"X-Session-Id"</code> " to every session request."</p>
        {move || match lab.keep.get() {
            Keep::Memory => Either::Left(view! { <p>"In page memory only: no storage entry. A reload forgets it."</p> }),
            keep => Either::Right(view! {
                <p>
                    <code>{format!("{}.getItem(\"{}\")", keep.label(), KEYS.value)}</code>
                    " — readable by any script on this page, and usable from anywhere:"
                </p>
                <pre class="raw-stored"><code data-testid="session-raw">{move || lab.raw_stored.get().unwrap_or_default()}</code></pre>
            }),
        }}
        <DocumentCookie lab />
        <p class="verdict refused">"The id is readable by page script: an injected script can copy it and use it elsewhere until logout ends the session (the state model still decides that)."</p>
    }
}

#[component]
fn DocumentCookie(lab: SessionLab) -> impl IntoView {
    view! {
        <p class="proof">
            "What page JavaScript sees, "<code>"document.cookie"</code>": "
            <code data-testid="document-cookie">
                {move || format!("{:?}", lab.document_cookie.get().unwrap_or_default())}
            </code>
        </p>
    }
}
