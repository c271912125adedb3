//! What the browser holds for the JWT scheme: the raw stored value, the access token decoded,
//! and a decoder for any pasted token.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use super::token_view::TokenView;
use super::{JwtLab, Keep};

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
            match (lab.pair.with(Option::is_some), keep) {
                (false, _) => EitherOf3::A(view! {
                    <p class="empty">"Nothing yet. After login: the token pair as stored, the access token decoded into header, payload and signature."</p>
                }),
                (true, Keep::Memory) => EitherOf3::B(view! {
                    <p>"In page memory only: no storage entry. A reload forgets it."</p>
                }),
                (true, keep) => EitherOf3::C(view! {
                    <p>
                        <code>{format!("{}.getItem(\"authlab.jwt\")", keep.label())}</code>
                        " — readable by any script on this page:"
                    </p>
                    <pre class="raw-stored"><code data-testid="jwt-raw">{move || lab.raw_stored.get().unwrap_or_default()}</code></pre>
                }),
            }
        }}
        {move || lab.pair.with(Option::is_some).then(|| view! { <TokenView token=access /> })}
        <PasteDecoder />
    }
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
