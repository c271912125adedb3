//! The one screen: both schemes side by side, the same kind of thing at the same height.

use leptos::either::Either;
use leptos::prelude::*;

use crate::api::Carrier;

use crate::components::carrier_choice::{CarrierChoice, Carriers};
use crate::components::checks_view::ChecksView;
use crate::components::demo_accounts::DemoAccounts;
use crate::components::exchange::ExchangeView;
use crate::components::grid::{CarrierGrid, Grid};
use crate::components::jwt::{
    JwtActions, JwtBrowserHolds, JwtIdentity, JwtLab, JwtServerHolds, OldCopy,
};
use crate::components::lab::{Lab, LabClockBar, StolenCopyBox, TraceTimeline};
use crate::components::labs::Labs;
use crate::components::login_form::LoginForm;
use crate::components::nodes::Nodes;
use crate::components::panel::Panel;
use crate::components::presenter::{Presenter, PresenterPanel, PresenterToggle};
use crate::components::scenario::{ComparisonTable, Scenario, ScenarioBar};
use crate::components::scheme_column::{Scheme, SchemeColumn};
use crate::components::session::{
    SessionActions, SessionBrowserHolds, SessionIdentity, SessionLab, SessionServerHolds,
};
use crate::theme::ThemeToggle;

#[component]
pub fn HomePage() -> impl IntoView {
    let lab = Lab::provide();
    Scenario::provide();
    Carriers::provide();
    // The columns' state lives here: the grid and the presenter's guides act on it too.
    SessionLab::provide();
    JwtLab::provide();
    Grid::provide();
    let presenter = Presenter::provide();
    let nodes = Nodes::provide();
    Effect::new(move |_| {
        let stream = lab.start();
        nodes.start();
        presenter.start(stream);
    });
    view! {
        <header class="top-bar">
            <h1>"authlab"</h1>
            <p class="tagline">"See how web login works: two schemes, one page, nothing hidden."</p>
            <LabClockBar />
            <PresenterToggle />
            <ThemeToggle />
        </header>
        <main>
            <ul class="intro">
                <li>
                    <strong>"Cookie session: "</strong>
                    {crate::prose!("the server keeps the state; your browser holds only an opaque id in an HttpOnly cookie. Logging out deletes the server's record, so the old cookie is dead at once.")}
                </li>
                <li>
                    <strong>"JWT: "</strong>
                    {crate::prose!("the server signs a token and keeps nothing; your browser keeps the token and sends it as ")}
                    <code>"Authorization: Bearer"</code>
                    {crate::prose!(". Logging out only forgets it: a copy keeps working until it expires, unless revoked.")}
                </li>
                <li>
                    <strong>"Carried in: "</strong>
                    {crate::prose!("where a credential travels is a choice of its own. Each column can send its credential in a cookie the browser attaches, or in a header this page adds: a JWT is an alternative to the session id, not to the cookie.")}
                </li>
                // Server-only, markup included: the wasm carries none of it.
                <li inner_html=crate::prose!(r#"<strong>From a terminal: </strong>every endpoint, with a curl line for each scheme and carrier, is on <a href="/api/docs" data-testid="api-docs-link">the API page</a> (as OpenAPI 3.1: <code>/api/openapi.json</code>)."#)></li>
            </ul>
            <PresenterPanel />
            <ScenarioBar />
            <div class="columns">
                <SessionColumn />
                <JwtColumn />
            </div>
            <ComparisonTable />
            <CarrierGrid />
            <Labs />
        </main>
    }
}

#[component]
fn SessionColumn() -> impl IntoView {
    let lab = SessionLab::expect();
    let nodes = Nodes::expect();
    Effect::new(move |_| lab.restore());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let on_login = Callback::new(move |credentials| lab.login(credentials));
    view! {
        <SchemeColumn scheme=Scheme::Session on_switch=Callback::new(move |()| lab.switched())
            node_note=Signal::derive(move || session_node_note(lab, nodes))>
            <Panel step=1 title="Log in">
                <SessionIdentity />
                <LoginForm scheme=Scheme::Session username password on_login busy=lab.busy />
                <CarrierChoice scheme=Scheme::Session carrier=lab.carrier
                    on_carrier=Callback::new(move |c| lab.set_carrier(c))
                    keep=lab.keep on_keep=Callback::new(move |k| lab.set_keep(k)) keep_ids="session-keep-" />
                <SessionActions />
                <StolenCopyBox scheme=Scheme::Session held=Signal::derive(move || { lab.id.track(); lab.held() })
                    can_steal=Signal::derive(move || lab.current.with(Option::is_some)) />
                <DemoAccounts username password />
            </Panel>
            <Panel step=2 title="Browser holds">
                <SessionBrowserHolds />
            </Panel>
            <Panel step=3 title="Server holds">
                <SessionServerHolds />
            </Panel>
            <Panel step=4 title="Requests">
                {move || match lab.last.get() {
                    Some(shown) => Either::Left(view! { <ExchangeView shown /> }),
                    None => Either::Right(view! { <p class="empty">"Nothing sent yet. Log in, or ask the server who you are."</p> }),
                }}
                <TraceTimeline scheme=Scheme::Session />
            </Panel>
        </SchemeColumn>
    }
}

#[component]
fn JwtColumn() -> impl IntoView {
    let lab = JwtLab::expect();
    let nodes = Nodes::expect();
    Effect::new(move |_| lab.restore());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let on_login = Callback::new(move |credentials| lab.login(credentials));
    view! {
        <SchemeColumn scheme=Scheme::Jwt on_switch=Callback::new(move |()| lab.switched())
            node_note=Signal::derive(move || jwt_node_note(lab, nodes))>
            <Panel step=1 title="Log in">
                <JwtIdentity />
                <LoginForm scheme=Scheme::Jwt username password on_login busy=lab.busy />
                <CarrierChoice scheme=Scheme::Jwt carrier=lab.carrier
                    on_carrier=Callback::new(move |c| lab.set_carrier(c))
                    keep=lab.keep on_keep=Callback::new(move |k| lab.set_keep(k)) keep_ids="keep-" />
                <JwtActions />
                <OldCopy />
                <StolenCopyBox scheme=Scheme::Jwt
                    held=Signal::derive(move || { lab.pair.track(); lab.held() })
                    can_steal=Signal::derive(move || lab.holds()) />
                <DemoAccounts username password />
            </Panel>
            <Panel step=2 title="Browser holds">
                <JwtBrowserHolds />
            </Panel>
            <Panel step=3 title="Server holds">
                <JwtServerHolds />
            </Panel>
            <Panel step=4 title="Requests">
                {move || match lab.last.get() {
                    Some(shown) => Either::Left(view! { <ExchangeView shown /> }),
                    None => Either::Right(view! { <p class="empty">"Nothing sent yet. Log in, then ask the server who the token says you are."</p> }),
                }}
                {move || lab.verdict.get().map(|verdict| view! {
                    <div data-testid="jwt-verdict"><ChecksView checks=verdict.checks /></div>
                })}
                <TraceTimeline scheme=Scheme::Jwt />
            </Panel>
        </SchemeColumn>
    }
}

/// What the other node knows of this browser's session, by the store it uses.
fn session_node_note(lab: SessionLab, nodes: Nodes) -> Option<String> {
    let node = nodes.elsewhere(Scheme::Session)?;
    let store = lab.store.with(|s| s.as_ref().map(|s| s.store.clone()))?;
    Some(match store.as_str() {
        "memory" => format!("Node {node} keeps sessions in its own memory and does not know yours: it answers 401 and deletes the cookie — for every node, as cookies ignore the port."),
        "redis" => format!("Node {node} reads the same Redis: it knows your session, on any machine."),
        _ => format!("Node {node} reads the same SQLite file: it knows your session (on one machine only)."),
    })
}

/// What the other node needs to accept the token.
fn jwt_node_note(lab: JwtLab, nodes: Nodes) -> Option<String> {
    let node = nodes.elsewhere(Scheme::Jwt)?;
    let store = lab.server.with(|s| s.as_ref().map(|s| s.store.clone()))?;
    // The front door's `/node/<name>/api/…` is outside the JWT cookies' `Path=/api`.
    let cookie = if lab.carrier.get() == Carrier::Cookie {
        " With the cookie carrier the browser does not send the JWT cookie here: its Path=/api does not cover /node/…; a real balancer keeps the path (the grid replays a copy at the other node instead)."
    } else {
        ""
    };
    Some(format!(
        "Node {node} checks the signature with the same key. All else it shares is the denylist and the refresh families, kept in {store}.{cookie}"
    ))
}
