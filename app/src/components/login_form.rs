//! The login form of one scheme. The fields are signals so the demo-account buttons can fill them.

use leptos::prelude::*;

use super::scheme_column::Scheme;
use crate::api::session::Credentials;

#[component]
pub fn LoginForm(
    scheme: Scheme,
    username: RwSignal<String>,
    password: RwSignal<String>,
    /// What submitting does; without it the form is shown but cannot be sent yet.
    #[prop(optional)]
    on_login: Option<Callback<Credentials>>,
    /// True while a request is under way.
    #[prop(optional, into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let slug = scheme.slug();
    let (user_id, user_label_for) = (format!("{slug}-username"), format!("{slug}-username"));
    let (pass_id, pass_label_for) = (format!("{slug}-password"), format!("{slug}-password"));
    let enabled = on_login.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(on_login) = on_login {
            on_login.run(Credentials {
                username: username.get_untracked(),
                password: password.get_untracked(),
                carrier: None,
            });
        }
    };
    view! {
        <form class="login-form" on:submit=submit>
            <label for=user_label_for>"Username"</label>
            <input id=user_id name="username" autocomplete="username" bind:value=username />
            <label for=pass_label_for>"Password"</label>
            <input
                id=pass_id
                name="password"
                type="password"
                autocomplete="current-password"
                bind:value=password
            />
            <button type="submit" disabled=move || !enabled || busy.get()>
                {format!("Log in ({})", scheme.title())}
            </button>
            {(!enabled).then(|| view! {
                <p class="hint">"Logging in with a JWT is the next piece of authlab to be built."</p>
            })}
        </form>
    }
}
