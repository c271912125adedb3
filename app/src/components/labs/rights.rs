//! The rights lab: an admin console (bob, with his own token in page memory) changes alice's
//! role, disables her account or resets her password while she is logged in on both sides.
//! The columns' "Who am I?" then shows what each credential still carries; the fixes say what
//! the server can do about it, each at a cost the trace shows.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::escape;
use super::switches::LabSwitches;
use crate::api::admin::{self, ChangeAnswer, UsersAnswer};
use crate::api::jwt;
use crate::api::session::Credentials;
use crate::components::lab::Lab;
use crate::demo::Role;

const INTRO: &str = "A credential carries the rights the user had when it was made: a session \
    record keeps a <em>copy</em> of the role, a JWT has it <em>signed in</em>. Log alice in on \
    both sides, change her rights here as bob, then press <b>Who am I?</b> in each column. The \
    server can reach its own session records and fix them; a token already out keeps its \
    claims until <code>exp</code> — unless the server looks the user up again, which is the \
    lookup a token was meant to save.";

/// The fixes, by their switch names.
const FIXES: [(&str, &str); 5] = [
    (
        "session-update-at-change",
        "Sessions: rewrite (or end) the user's live sessions at the change",
    ),
    (
        "session-load-user",
        "Sessions: load the user on every request (1 query each)",
    ),
    (
        "jwt-short-access",
        "JWT: access tokens live 30 s (stale for less, refreshed more)",
    ),
    (
        "jwt-user-check",
        "JWT: per-user check — refuse tokens signed before the user's last change (1 query each)",
    ),
    (
        "jwt-deny-at-change",
        "JWT: put the user's outstanding access tokens on the denylist at the change",
    ),
];

#[component]
pub fn RightsLab() -> impl IntoView {
    let lab = Lab::expect();
    let token = RwSignal::new(None::<String>);
    let users = RwSignal::new(None::<UsersAnswer>);
    let said = RwSignal::new(String::new());
    let load = move || {
        let Some(bearer) = token.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let answer = admin::users(&bearer).await;
            if answer.status == 401 {
                token.set(None);
            }
            match answer.value() {
                Some(list) => users.set(Some(list)),
                None => said.set(escape(&answer.error())),
            }
        });
    };
    let sign_in = move |_| {
        spawn_local(async move {
            let bob = Credentials {
                username: "bob".into(),
                password: "builder-bob".into(),
                carrier: None,
            };
            let answer = jwt::login(&bob).await;
            match answer.value() {
                Some(pair) => {
                    token.set(Some(pair.access_token));
                    load();
                }
                None => said.set(escape(&answer.error())),
            }
        });
    };
    // Each change's body as JSON: one serializer for the three request shapes.
    let act = move |path: &'static str, body: serde_json::Value| {
        let Some(bearer) = token.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let answer = admin::change(path, &body, &bearer).await;
            if answer.status == 401 {
                token.set(None);
            }
            said.set(match answer.value() {
                Some(change) => change_html(&change),
                None => escape(&answer.error()),
            });
            load();
        });
    };
    // "Reset the lab" puts the demo accounts back: show them as they are now.
    Effect::new(move |_| {
        if lab.resets.get() > 0 {
            said.set(String::new());
            load();
        }
    });
    let alice = move || {
        users.with(|u| {
            u.as_ref()
                .and_then(|u| u.users.iter().find(|r| r.username == "alice").cloned())
        })
    };
    view! {
        <div class="lab-body" data-testid="rights-lab">
            <p inner_html=crate::prose!(INTRO)></p>
            <p>
                <button type="button" data-testid="rights-signin" on:click=sign_in>
                    {move || if token.with(Option::is_some) { "Admin console: bob (token in page memory) ↻" } else { "Open the admin console as bob" }}
                </button>
                " "
                <span class="muted">{crate::prose!("It sends bob's token as Authorization: Bearer; the admin API reads his role from the users table at every call.")}</span>
            </p>
            <div data-testid="rights-users" inner_html=move || users.with(|u| u.as_ref().map(users_html).unwrap_or_default())></div>
            <p class="actions" hidden=move || alice().is_none()>
                <button type="button" data-testid="rights-role" on:click=move |_| {
                    let role = if alice().is_some_and(|a| a.role == Role::Admin) { Role::User } else { Role::Admin };
                    act("/api/admin/users/role", serde_json::json!({ "username": "alice", "role": role }));
                }>{move || if alice().is_some_and(|a| a.role == Role::Admin) { "Make alice a user" } else { "Make alice an admin" }}</button>
                <button type="button" data-testid="rights-disable" on:click=move |_| {
                    let disabled = !alice().is_some_and(|a| a.disabled);
                    act("/api/admin/users/disable", serde_json::json!({ "username": "alice", "disabled": disabled }));
                }>{move || if alice().is_some_and(|a| a.disabled) { "Enable alice" } else { "Disable alice" }}</button>
                <button type="button" data-testid="rights-reset" on:click=move |_| {
                    act("/api/admin/users/password", serde_json::json!({ "username": "alice", "password": "wonderland" }));
                }>"Reset alice's password (to the demo one)"</button>
            </p>
            <div class="said" data-testid="rights-said" inner_html=move || said.get()></div>
            <LabSwitches switches=&FIXES on_class="fixed" group="Fixes for changed rights" class="fixes" />
        </div>
    }
}

/// The users table beside what their live credentials carry (a stale copy marked).
fn users_html(answer: &UsersAnswer) -> String {
    let rows: String = answer
        .users
        .iter()
        .map(|u| {
            let copies: Vec<String> = u
                .session_roles
                .iter()
                .map(|r| {
                    let class = if *r == u.role { "" } else { " class=\"stale\"" };
                    format!("<span{class}>{}</span>", r.as_str())
                })
                .collect();
            format!(
                "<tr data-user=\"{0}\"><td>{0}</td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td></tr>",
                escape(&u.username),
                u.role.as_str(),
                if u.disabled { "disabled" } else { "active" },
                u.rights_version,
                if copies.is_empty() { "–".to_owned() } else { copies.join(", ") },
                u.live_families,
            )
        })
        .collect();
    format!(
        "<div class=\"table-wrap\"><table class=\"store-rows\"><thead><tr><th>user</th><th>role (users table)</th><th>account</th>\
         <th>rights version</th><th>role copy in each live session</th><th>live refresh families</th>\
         </tr></thead><tbody>{rows}</tbody></table></div><p class=\"muted\">signed in: {}</p>",
        escape(&answer.caller)
    )
}

fn change_html(change: &ChangeAnswer) -> String {
    format!(
        "<p><b>{}</b>: {}</p><ul><li><b>Sessions:</b> {}</li><li><b>JWT:</b> {}</li></ul>",
        escape(&change.user.username),
        escape(change.user.rights_change.as_deref().unwrap_or("changed")),
        escape(&change.sessions),
        escape(&change.tokens)
    )
}
