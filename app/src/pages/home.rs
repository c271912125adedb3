//! The one screen: both schemes side by side, the same kind of thing at the same height.

use leptos::prelude::*;

use crate::components::demo_accounts::DemoAccounts;
use crate::components::login_form::LoginForm;
use crate::components::panel::Panel;
use crate::components::scheme_column::{Scheme, SchemeColumn};
use crate::theme::ThemeToggle;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <header class="top-bar">
            <h1>"authlab"</h1>
            <p class="tagline">"See how web login works: two schemes, one page, nothing hidden."</p>
            <ThemeToggle />
        </header>
        <main>
            <ul class="intro">
                <li>
                    <strong>"Cookie session: "</strong>
                    "the server keeps the state; your browser holds only an opaque id in an HttpOnly cookie. Logging out deletes the server's record, so the old cookie is dead at once."
                </li>
                <li>
                    <strong>"JWT: "</strong>
                    "the server signs a token and keeps nothing; your browser keeps the token and sends it as "
                    <code>"Authorization: Bearer"</code>
                    ". Logging out only forgets it: a copy keeps working until it expires, unless revoked."
                </li>
            </ul>
            <div class="columns">
                <SessionColumn />
                <JwtColumn />
            </div>
        </main>
    }
}

#[component]
fn LoginPanel(scheme: Scheme) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    view! {
        <Panel step=1 title="Log in">
            <LoginForm scheme username password />
            <DemoAccounts username password />
        </Panel>
    }
}

#[component]
fn SessionColumn() -> impl IntoView {
    view! {
        <SchemeColumn scheme=Scheme::Session>
            <LoginPanel scheme=Scheme::Session />
            <Panel step=2 title="Browser holds">
                <p class="empty">"Nothing yet. After login: the session cookie, its attributes, and proof that page scripts cannot read it."</p>
            </Panel>
            <Panel step=3 title="Server holds">
                <p class="empty">"Nothing yet. After login: the session-store row that the cookie points to."</p>
            </Panel>
        </SchemeColumn>
    }
}

#[component]
fn JwtColumn() -> impl IntoView {
    view! {
        <SchemeColumn scheme=Scheme::Jwt>
            <LoginPanel scheme=Scheme::Jwt />
            <Panel step=2 title="Browser holds">
                <p class="empty">"Nothing yet. After login: the token as stored, decoded into header, payload and signature."</p>
            </Panel>
            <Panel step=3 title="Server holds">
                <p class="empty">"Nothing per access token: that is the point of a stateless scheme. Refresh families and revocations will appear here."</p>
            </Panel>
        </SchemeColumn>
    }
}
