//! What the browser holds for the session: one cookie, which page scripts cannot read.

use leptos::either::Either;
use leptos::prelude::*;

use super::SessionLab;

#[component]
pub fn SessionBrowserHolds() -> impl IntoView {
    let lab = SessionLab::expect();
    view! {
        {move || match lab.current.get() {
            None => Either::Left(view! {
                <p class="empty">"Nothing yet. After login: the session cookie, its attributes, and proof that page scripts cannot read it."</p>
            }),
            Some(me) => {
                let name = me.cookie.name.clone();
                Either::Right(view! {
                    <p>"One cookie, set by the server:"</p>
                    <p class="cookie-line">
                        <code class="cookie-name">{format!("{}=", me.cookie.name)}</code>
                        <span class="opaque">"(signed random id, hidden from this page)"</span>
                    </p>
                    <ul class="attributes">
                        {me.cookie.attributes.iter().map(|a| view! { <li><code>{a.clone()}</code></li> }).collect_view()}
                    </ul>
                    <p class="proof">
                        "What page JavaScript sees, "<code>"document.cookie"</code>": "
                        <code data-testid="document-cookie">
                            {move || format!("{:?}", lab.document_cookie.get().unwrap_or_default())}
                        </code>
                    </p>
                    {move || {
                        let seen = lab.document_cookie.get().unwrap_or_default();
                        if seen.contains(&name) {
                            Either::Left(view! { <p class="verdict refused">"The session cookie is visible to scripts!"</p> })
                        } else {
                            Either::Right(view! { <p class="verdict accepted">"The session cookie is absent: HttpOnly keeps it from scripts (and from XSS)."</p> })
                        }
                    }}
                })
            }
        }}
    }
}
