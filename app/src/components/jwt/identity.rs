//! Who the token says I am, how long it has left, the buttons, where it is kept, and the copy
//! kept aside at logout.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use super::JwtLab;
use crate::components::ticker::use_ticker;
use crate::jwt_decode::decode;
use crate::time_fmt::countdown;

/// The held token's subject and role (read from the token itself) and its countdown to `exp`.
#[component]
pub fn JwtIdentity() -> impl IntoView {
    let lab = JwtLab::expect();
    let now_ms = use_ticker();
    // From the token itself with the header carrier; with the cookie carrier the page cannot
    // read the token, only the server's answer to "who am I".
    let claims = move || {
        let from_pair = lab.pair.with(|pair| {
            let decoded = decode(&pair.as_ref()?.access_token);
            let text = |name: &str| decoded.claim(name)?.as_str().map(str::to_owned);
            Some((text("sub")?, text("role")?, decoded.claim("exp")?.as_i64()?))
        });
        from_pair.or_else(|| {
            lab.me.with(|me| {
                let claims = &me.as_ref()?.claims;
                Some((
                    claims.sub.clone(),
                    claims.role.as_str().to_owned(),
                    claims.exp,
                ))
            })
        })
    };
    let cookie_held = move || lab.pair.with(Option::is_none) && lab.holds();
    view! {
        <div class="identity" aria-live="polite">
            {move || match claims() {
                Some((sub, role, exp)) => EitherOf3::A(view! {
                    <p class="logged-in jwt">
                        "Token held for " <strong>{sub}</strong> " (" {role} ")"
                    </p>
                    <p class="countdown">
                        "Access token expires in "
                        <strong data-testid="jwt-countdown">
                            {move || countdown(exp - lab.lab_now(now_ms.get()))}
                        </strong>
                    </p>
                }),
                None if cookie_held() => EitherOf3::B(view! {
                    <p class="logged-in jwt">"Tokens held in HttpOnly cookies: this page cannot read them. Ask who I am."</p>
                }),
                None => EitherOf3::C(view! { <p class="logged-out">"No token held."</p> }),
            }}
            {move || lab.error.get().map(|error| view! { <p class="error" role="alert">{error}</p> })}
        </div>
    }
}

/// Who am I, refresh, log out, revoke.
#[component]
pub fn JwtActions() -> impl IntoView {
    let lab = JwtLab::expect();
    let no_pair = move || lab.busy.get() || !lab.holds();
    let nothing_to_revoke =
        move || lab.busy.get() || (!lab.holds() && lab.copy.with(Option::is_none));
    view! {
        <div class="actions">
            <button type="button" on:click=move |_| lab.who_am_i() disabled=no_pair>
                "Who am I?"
            </button>
            <button type="button" class="secondary" on:click=move |_| lab.refresh() disabled=no_pair>
                "Refresh"
            </button>
            <button type="button" class="secondary" on:click=move |_| lab.logout() disabled=no_pair>
                "Log out"
            </button>
            <button type="button" class="danger" on:click=move |_| lab.revoke() disabled=nothing_to_revoke>
                "Revoke"
            </button>
        </div>
    }
}

/// After logout: the access token a thief copied earlier, and what it still does.
#[component]
pub fn OldCopy() -> impl IntoView {
    let lab = JwtLab::expect();
    view! {
        {move || lab.copy.get().map(|_| view! {
            <div class="old-copy" data-testid="old-copy">
                <p>
                    <strong>"A copy of the old access token"</strong>
                    " — as malware, a leaked log or a shared screen would keep it. Logout did not touch it."
                </p>
                <div class="actions">
                    <button type="button" on:click=move |_| lab.send_copy() disabled=move || lab.busy.get()>
                        "Send the old copy"
                    </button>
                    <button type="button" class="danger" on:click=move |_| lab.revoke() disabled=move || lab.busy.get()>
                        "Revoke the old copy"
                    </button>
                </div>
            </div>
        })}
    }
}
