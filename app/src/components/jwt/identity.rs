//! Who the token says I am, how long it has left, the buttons, where it is kept, and the copy
//! kept aside at logout.

use leptos::either::Either;
use leptos::prelude::*;

use super::{JwtLab, Keep};
use crate::components::ticker::use_ticker;
use crate::jwt_decode::decode;
use crate::time_fmt::countdown;

/// The held token's subject and role (read from the token itself) and its countdown to `exp`.
#[component]
pub fn JwtIdentity() -> impl IntoView {
    let lab = JwtLab::expect();
    let now_ms = use_ticker();
    let claims = move || {
        lab.pair.with(|pair| {
            let decoded = decode(&pair.as_ref()?.access_token);
            let text = |name: &str| decoded.claim(name)?.as_str().map(str::to_owned);
            Some((text("sub")?, text("role")?, decoded.claim("exp")?.as_i64()?))
        })
    };
    view! {
        <div class="identity" aria-live="polite">
            {move || match claims() {
                Some((sub, role, exp)) => Either::Left(view! {
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
                None => Either::Right(view! { <p class="logged-out">"No token held."</p> }),
            }}
            {move || lab.error.get().map(|error| view! { <p class="error" role="alert">{error}</p> })}
        </div>
    }
}

/// Who am I, refresh, log out, revoke.
#[component]
pub fn JwtActions() -> impl IntoView {
    let lab = JwtLab::expect();
    let no_pair = move || lab.busy.get() || lab.pair.with(Option::is_none);
    let nothing_to_revoke = move || {
        lab.busy.get() || (lab.pair.with(Option::is_none) && lab.copy.with(Option::is_none))
    };
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

/// localStorage | sessionStorage | memory: switching moves the token.
#[component]
pub fn KeepChoice() -> impl IntoView {
    let lab = JwtLab::expect();
    view! {
        <fieldset class="keep-choice">
            <legend>"Keep the token in"</legend>
            {Keep::ALL
                .into_iter()
                .map(|keep| {
                    let id = format!("keep-{}", keep.slug());
                    let label_for = id.clone();
                    view! {
                        <label for=label_for>
                            <input
                                type="radio"
                                name="jwt-keep"
                                id=id
                                prop:checked=move || lab.keep.get() == keep
                                on:change=move |_| lab.set_keep(keep)
                            />
                            {keep.label()}
                        </label>
                    }
                })
                .collect_view()}
            <p class="hint">{move || lab.keep.get().consequence()}</p>
        </fieldset>
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
