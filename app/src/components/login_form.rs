//! The login form of one scheme. The fields are signals so the demo-account buttons can fill them.

use leptos::prelude::*;

use super::scheme_column::Scheme;

#[component]
pub fn LoginForm(
    scheme: Scheme,
    username: RwSignal<String>,
    password: RwSignal<String>,
) -> impl IntoView {
    let slug = scheme.slug();
    let (user_id, user_label_for) = (format!("{slug}-username"), format!("{slug}-username"));
    let (pass_id, pass_label_for) = (format!("{slug}-password"), format!("{slug}-password"));
    view! {
        <form class="login-form" on:submit=|ev| ev.prevent_default()>
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
            <button type="submit" disabled=true>
                {format!("Log in ({})", scheme.title())}
            </button>
            <p class="hint">"Logging in is the next piece of authlab to be built."</p>
        </form>
    }
}
