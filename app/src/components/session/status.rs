//! Who the session says I am, how long it has left, and the buttons that act on it.

use leptos::either::Either;
use leptos::prelude::*;

use super::SessionLab;
use crate::components::lab::LabTime;
use crate::components::ticker::use_ticker;
use crate::time_fmt::countdown;

/// Who I am (or not), the countdown to idle expiry, the last error.
#[component]
pub fn SessionIdentity() -> impl IntoView {
    let lab = SessionLab::expect();
    let now_ms = use_ticker();
    let time = LabTime::expect();
    // Counted on the lab clock, so a fast-forward shows at once.
    let remaining = move || {
        lab.current.with(|current| {
            current
                .as_ref()
                .map(|me| me.session.expires_at() - time.now(now_ms.get()))
        })
    };
    view! {
        <div class="identity" aria-live="polite">
            {move || match lab.current.get() {
                Some(me) => Either::Left(view! {
                    <p class="logged-in">
                        "Logged in as " <strong>{me.user.username.clone()}</strong>
                        " (" {me.user.role.as_str()} ")"
                    </p>
                    <p class="countdown">
                        "Session ends in "
                        <strong data-testid="session-countdown">
                            {move || remaining().map(countdown).unwrap_or_default()}
                        </strong>
                        " unless used (idle timeout)"
                    </p>
                }),
                None => Either::Right(view! { <p class="logged-out">"Not logged in."</p> }),
            }}
            {move || lab.error.get().map(|error| view! { <p class="error" role="alert">{error}</p> })}
        </div>
    }
}

/// The buttons that ask the server about the session, or end it.
#[component]
pub fn SessionActions() -> impl IntoView {
    let lab = SessionLab::expect();
    view! {
        <div class="actions">
            <button type="button" on:click=move |_| lab.who_am_i() disabled=move || lab.busy.get()>
                "Who am I?"
            </button>
            <button type="button" class="secondary" on:click=move |_| lab.logout() disabled=move || lab.busy.get()>
                "Log out"
            </button>
            <button type="button" class="secondary" on:click=move |_| lab.logout_all() disabled=move || lab.busy.get()>
                "Log out everywhere"
            </button>
        </div>
    }
}
