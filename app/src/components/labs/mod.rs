//! The labs under the columns, one tab each: where to keep a token (measured), XSS, CSRF,
//! forging a token, rights that change, a partner app and CORS, another service (orders).

mod csrf;
mod fenced;
mod forge;
mod orders;
mod partner;
pub(crate) mod probes;
mod rights;
mod storage;
mod switches;
mod xss;

use leptos::prelude::*;

use crate::api::sites::Site;
use crate::components::lab::Lab;

use csrf::CsrfLab;
use forge::ForgeLab;
use orders::OrdersLab;
use partner::PartnerLab;
use rights::RightsLab;
use storage::StorageLab;
use xss::XssLab;

const TABS: [(&str, &str); 7] = [
    ("storage", "Where to keep a token (measured)"),
    ("xss", "XSS: a script in the page"),
    ("csrf", "CSRF: another site acts in your name"),
    ("forge", "Forge a token"),
    ("rights", "Rights that change"),
    ("partner", "Partner app & CORS"),
    ("orders", "Another service"),
];

#[component]
pub fn Labs() -> impl IntoView {
    let tab = RwSignal::new("storage");
    view! {
        <section class="labs" aria-label="Labs">
            <h2>"Labs"</h2>
            <div class="lab-tabs" role="tablist">
                {TABS.into_iter().map(|(id, label)| view! {
                    <button type="button" role="tab" class="lab-tab"
                        data-testid=format!("lab-tab-{id}")
                        aria-selected=move || (tab.get() == id).to_string()
                        on:click=move |_| tab.set(id)>{label}</button>
                }).collect_view()}
            </div>
            // All three are rendered once and hidden when not chosen: switching tabs keeps what
            // each has shown, and costs the wasm less than swapping views.
            <div hidden=move || tab.get() != "storage"><StorageLab /></div>
            <div hidden=move || tab.get() != "xss"><XssLab /></div>
            <div hidden=move || tab.get() != "csrf"><CsrfLab /></div>
            <div hidden=move || tab.get() != "forge"><ForgeLab /></div>
            <div hidden=move || tab.get() != "rights"><RightsLab /></div>
            <div hidden=move || tab.get() != "partner"><PartnerLab /></div>
            <div hidden=move || tab.get() != "orders"><OrdersLab /></div>
        </section>
    }
}

/// Text for the labs' HTML strings (built from constants, and from what another site sent).
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A link to one of the lab's other sites (the evil site, the partner app), in a new tab, with
/// its address shown.
fn site_link(url: String, testid: &'static str, label: &'static str) -> impl IntoView {
    let href = url.clone();
    view! {
        <a class="evil-link" href=href target="_blank" rel="noopener" data-testid=testid>
            {label} <code>{url}</code>
        </a>
    }
}

/// One of the lab's other sites as this page reaches it (over https in workshop mode): the
/// evil site on another host name is another *site*, not just another port (cookies and
/// `SameSite` ignore ports, not host names). Reactive: reads the lab's view.
/// (The view arrives after hydration: on the server there is none, and no `window`.)
pub(crate) fn site_origin(site: Site) -> Option<String> {
    Lab::expect().view.with(|v| {
        let view = v.as_ref()?;
        let location = window().location();
        let https = location.protocol().is_ok_and(|p| p == "https:");
        view.site_origin(site, https, &location.hostname().ok()?)
    })
}
