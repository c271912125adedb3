//! The user's connected apps: what each app was granted through OAuth, how many tokens it got,
//! and a revoke button — the one way to stop a delegated token before `exp` (its `jti`s go on
//! the denylist). Asked with this column's credential; a delegated token cannot ask.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::JwtLab;
use crate::api::oauth::{self, GrantView};
use crate::components::labs::escape;

#[component]
pub fn ConnectedApps() -> impl IntoView {
    let lab = JwtLab::expect();
    let html = RwSignal::new(String::new());
    let load = move || {
        let held = lab.held();
        spawn_local(async move {
            let answer = oauth::grants(held.cred()).await;
            html.set(match answer.value() {
                Some(list) => grants_html(&list.grants),
                None => format!("<li class=\"error\">{}</li>", escape(&answer.error())),
            });
        });
    };
    // One handler for every revoke button in the list (they are HTML, not views).
    let revoke = move |ev: leptos::ev::MouseEvent| {
        let id = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.get_attribute("data-revoke"));
        let Some(id) = id else { return };
        let held = lab.held();
        spawn_local(async move {
            oauth::revoke(&id, held.cred()).await;
            load();
        });
    };
    view! {
        <div class="connected" data-testid="connected-apps">
            <p>
                "Connected apps (granted through OAuth) "
                <button type="button" class="small" data-testid="connected-load" on:click=move |_| load()>"↻ show"</button>
            </p>
            <ul inner_html=move || html.get() on:click=revoke></ul>
        </div>
    }
}

fn grants_html(grants: &[GrantView]) -> String {
    if grants.is_empty() {
        return "<li class=\"empty\">none</li>".to_owned();
    }
    grants
        .iter()
        .map(|g| {
            let state = match &g.revoked_reason {
                Some(why) => format!("<span class=\"refused\">revoked ({})</span>", escape(why)),
                None => format!(
                    "<span class=\"accepted\">live</span> <button type=\"button\" class=\"small danger\" \
                     data-testid=\"grant-revoke\" data-revoke=\"{}\">Revoke</button>",
                    escape(&g.id)
                ),
            };
            format!(
                "<li data-testid=\"grant\"><strong>{}</strong> · <code>{}</code> · {} token(s) · {state}</li>",
                escape(&g.client),
                escape(&g.scope),
                g.tokens
            )
        })
        .collect()
}
