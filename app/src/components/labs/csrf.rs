//! The CSRF lab: an "evil site" on another loopback name asks this server to move lab coins in
//! your name. Two switches weaken the defaults; the transfers and the trace show what got through.

use leptos::prelude::*;

use super::switches::LabSwitches;
use super::{escape, site_link, site_origin};
use crate::api::lab::TransferView;
use crate::api::sites::Site;
use crate::api::Scheme;
use crate::components::lab::Lab;

const INTRO: &str = "A page on another site can make your browser send a request here — a form \
    or a <code>fetch</code>. Does your credential go along, and does the server act on it? A \
    cookie goes by itself, whatever it holds: a session id, or a JWT (switch the JWT column to \
    the cookie carrier). A header never does, since only this page's script adds it.";
const SAMESITE: &str = " Cookies <code>SameSite=None</code> (default Lax: not sent with \
    another site's POST). Log in again, refresh, or ask who you are to get the new cookie.";
const ORIGIN: &str = " Origin check off (default on: <code>Sec-Fetch-Site</code> / \
    <code>Origin</code> must say this site for every state change)";

/// Each weakening switch: its name and its label.
const SWITCHES: [(&str, &str); 2] = [("samesite-none", SAMESITE), ("origin-check-off", ORIGIN)];

#[component]
pub fn CsrfLab() -> impl IntoView {
    let lab = Lab::expect();
    // A transfer in the trace: fetch the list again.
    let seen = StoredValue::new(0usize);
    Effect::new(move |_| {
        let transfers = lab
            .trace
            .with(|all| all.iter().filter(|e| e.path.ends_with("/transfer")).count());
        if transfers != seen.get_value() {
            seen.set_value(transfers);
            lab.refresh();
        }
    });
    view! {
        <div class="lab-body" data-testid="csrf-lab">
            <p inner_html=crate::prose!(INTRO)></p>
            <p>
                {move || site_origin(Site::Evil).map(|origin| {
                    site_link(format!("{origin}/"), "evil-link", "Open the evil site ↗ ")
                })}
                {crate::prose!(" Log in on both sides first, then press its buttons and watch the traces above.")}
            </p>
            <LabSwitches switches=&SWITCHES on_class="weakened" group="CSRF lab switches" />
            <h4>"Coins moved"</h4>
            <div data-testid="transfers" inner_html=move || lab.view.with(|v| {
                transfers_html(v.as_ref().map(|v| v.transfers.as_slice()).unwrap_or_default())
            })></div>
        </div>
    }
}

/// The transfers, newest first, as HTML (`to` comes from another site's form: escaped).
fn transfers_html(transfers: &[TransferView]) -> String {
    if transfers.is_empty() {
        return "<p class=\"empty\">None: no request has moved a coin.</p>".to_owned();
    }
    let items: String = transfers
        .iter()
        .rev()
        .map(|t| {
            let scheme = match t.scheme {
                Scheme::Jwt => "JWT",
                Scheme::Session => "cookie session",
            };
            let class = if t.site == "same-origin" {
                ""
            } else {
                " class=\"attack\""
            };
            format!(
                "<li{class}>{} sent {} coins to {} · {scheme} · request from: {}</li>",
                escape(&t.username),
                t.amount,
                escape(&t.to),
                escape(&t.site)
            )
        })
        .collect();
    format!("<ol class=\"transfers\">{items}</ol>")
}
