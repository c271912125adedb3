//! What the server holds for the JWT scheme: nothing per access token; the refresh family,
//! the denylist and its switch, the signing keys, and the apps the user connected.

use leptos::either::Either;
use leptos::prelude::*;

use super::connected::ConnectedApps;
use super::JwtLab;
use crate::time_fmt::local_time;

#[component]
pub fn JwtServerHolds() -> impl IntoView {
    view! {
        <p>{crate::prose!("Nothing per access token: the server verifies the signature and keeps no record of it.")}</p>
        <StoreNote />
        <Family />
        <Denylist />
        <Keys />
        <ConnectedApps />
    }
}

/// Where the families and the denylist live, and what that means for the other nodes.
#[component]
fn StoreNote() -> impl IntoView {
    let lab = JwtLab::expect();
    view! {
        {move || lab.server.get().map(|server| {
            let reach = if server.store == "Redis" {
                "every node, on any machine, sees a revocation at once"
            } else {
                "nodes sharing this data directory see a revocation; another machine would not"
            };
            view! {
                <p class="hint" data-testid="jwt-store">
                    "Refresh families and the denylist are kept in " <strong>{server.store.clone()}</strong> ": " {reach} "."
                </p>
            }
        })}
    }
}

#[component]
fn Family() -> impl IntoView {
    let lab = JwtLab::expect();
    view! {
        {move || lab.family.get().map(|family| {
            let state = match (&family.revoked_reason, family.revoked_at) {
                (Some(reason), _) => format!("revoked ({reason})"),
                (None, Some(_)) => "revoked".to_owned(),
                (None, None) if family.expires_at <= family.server_now => "expired".to_owned(),
                (None, None) => "live".to_owned(),
            };
            let live = family.revoked_at.is_none() && family.expires_at > family.server_now;
            view! {
                <div class="family" data-testid="jwt-family">
                    <p>
                        "Refresh family " <code>{family.handle.clone()}</code> " of " <strong>{family.username.clone()}</strong>
                        ": " <span class=if live { "accepted" } else { "refused" }>{state}</span>
                    </p>
                    <p class="hint">
                        {format!(
                            "{} rotation(s), {} refresh token(s) used up; ends for good at {} however often refreshed.",
                            family.rotations, family.used_tokens, local_time(family.expires_at)
                        )}
                    </p>
                </div>
            }
        })}
    }
}

#[component]
fn Denylist() -> impl IntoView {
    let lab = JwtLab::expect();
    let enabled = move || {
        lab.server
            .with(|s| s.as_ref().is_some_and(|s| s.denylist_enabled))
    };
    view! {
        <div class="denylist">
            <label class="switch">
                <input
                    type="checkbox"
                    data-testid="denylist-switch"
                    prop:checked=enabled
                    on:change=move |ev| lab.set_denylist(event_target_checked(&ev))
                    disabled=move || lab.busy.get()
                />
                " Check the denylist on every request"
            </label>
            {move || if enabled() {
                Either::Left(view! { <p class="hint">"On: revocation works, and every request costs a lookup again — the state JWTs were meant to avoid."</p> })
            } else {
                Either::Right(view! { <p class="lab-warning" role="status">"Lab: denylist checking is OFF — revoked tokens are accepted until they expire."</p> })
            }}
            {move || lab.server.get().map(|server| {
                if server.denylist.is_empty() {
                    Either::Left(view! { <p class="empty">"Denylist: empty."</p> })
                } else {
                    Either::Right(view! {
                        <ul class="denylist-rows">
                            {server.denylist.into_iter().map(|row| view! {
                                <li>
                                    <code>{row.jti.chars().take(10).collect::<String>()}"…"</code>
                                    {format!(" {} — kept until {}", row.reason, local_time(row.expires_at))}
                                </li>
                            }).collect_view()}
                        </ul>
                    })
                }
            })}
        </div>
    }
}

#[component]
fn Keys() -> impl IntoView {
    let lab = JwtLab::expect();
    view! {
        {move || lab.server.get().map(|server| {
            let current = server.keys.first().map(|k| k.kid.clone()).unwrap_or_default();
            let retired = server.keys.len().saturating_sub(1);
            view! {
                <p class="keys">
                    "Signing key: " <code data-testid="jwt-kid">{current}</code>
                    {format!(" ({}; {retired} retired) · access tokens live {} min, refresh families {} h, leeway {} s",
                        server.alg, server.access_ttl_seconds / 60, server.refresh_ttl_seconds / 3600, server.leeway_seconds)}
                </p>
            }
        })}
        <button type="button" class="secondary small" on:click=move |_| lab.rotate_key()
            disabled=move || lab.busy.get() || lab.pair.with(Option::is_none)
            title="Admins only: a new key; every token signed with the old one stops verifying">
            "Rotate the signing key (admin)"
        </button>
    }
}
