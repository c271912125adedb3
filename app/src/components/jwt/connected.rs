//! The user's connected apps: what each app was granted through OAuth, how many tokens it got,
//! and a revoke button — the one way to stop a delegated token before `exp` (its `jti`s go on
//! the denylist). Asked with this column's credential; a delegated token cannot ask.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::JwtLab;
use crate::api::oauth::{self, GrantView};

#[component]
pub fn ConnectedApps() -> impl IntoView {
    let lab = JwtLab::expect();
    let grants = RwSignal::new(None::<Vec<GrantView>>);
    let said = RwSignal::new(String::new());
    let load = move || {
        let held = lab.held();
        spawn_local(async move {
            let answer = oauth::grants(held.cred()).await;
            match answer.value() {
                Some(list) => {
                    grants.set(Some(list.grants));
                    said.set(String::new());
                }
                None => said.set(answer.error()),
            }
        });
    };
    let revoke = move |id: String| {
        let held = lab.held();
        spawn_local(async move {
            let answer = oauth::revoke(&id, held.cred()).await;
            if !answer.ok() {
                said.set(answer.error());
            }
            load();
        });
    };
    view! {
        <div class="connected" data-testid="connected-apps">
            <p>
                "Connected apps (granted through OAuth) "
                <button type="button" class="small" data-testid="connected-load" on:click=move |_| load()>"↻ show"</button>
            </p>
            <ul>
                {move || grants.get().map(|list| {
                    if list.is_empty() {
                        return view! { <li class="empty">"none"</li> }.into_any();
                    }
                    list.into_iter().map(|g| {
                        let id = g.id.clone();
                        let state = match &g.revoked_reason {
                            Some(why) => format!("revoked ({why})"),
                            None => "live".to_owned(),
                        };
                        let live = g.revoked_at.is_none();
                        view! {
                            <li data-testid="grant">
                                <strong>{g.client}</strong> " · " <code>{g.scope}</code> " · "
                                {g.tokens} " token(s) · "
                                <span class=if live { "accepted" } else { "refused" }>{state}</span> " "
                                <button type="button" class="small danger" hidden=!live data-testid="grant-revoke"
                                    on:click=move |_| revoke(id.clone())>"Revoke"</button>
                            </li>
                        }
                    }).collect_view().into_any()
                })}
            </ul>
            <p class="error" hidden=move || said.with(String::is_empty)>{move || said.get()}</p>
        </div>
    }
}
