//! The CSRF lab: an "evil site" on another loopback name asks this server to move lab coins in
//! your name. Two switches weaken the defaults; the transfers and the trace show what got through.

use leptos::prelude::*;

use super::escape;
use crate::api::lab::TransferView;
use crate::components::lab::Lab;

/// The evil site's address: the other loopback name, so it is another *site*, not just a port.
fn evil_url(port: u16) -> String {
    let here = window().location().hostname().unwrap_or_default();
    let other = if here == "localhost" {
        "127.0.0.1"
    } else {
        "localhost"
    };
    format!("http://{other}:{port}/")
}

const INTRO: &str = "A page on another site can make your browser send a request here — a form \
    or a <code>fetch</code>. Does your credential go along, and does the server act on it? The \
    cookie goes by itself; the bearer token never does, since only this page's script adds it.";
const SAMESITE: &str = " Session cookie <code>SameSite=None</code> (default Lax: not sent with \
    another site's POST). Log in again or ask who you are to get the new cookie.";
const ORIGIN: &str = " Origin check off (default on: <code>Sec-Fetch-Site</code> / \
    <code>Origin</code> must say this site for every state change)";

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
    let view_of = move |f: fn(&crate::api::lab::LabView) -> bool| {
        lab.view.with(|v| v.as_ref().is_some_and(f))
    };
    let samesite_none = move || view_of(|v| v.samesite_none);
    let origin_off = move || view_of(|v| !v.origin_check);
    view! {
        <div class="lab-body" data-testid="csrf-lab">
            <p inner_html=INTRO></p>
            <p>
                {move || lab.view.with(|v| v.as_ref().and_then(|v| v.evil_port)).map(|port| {
                    let url = evil_url(port);
                    let href = url.clone();
                    view! {
                        <a class="evil-link" href=href target="_blank" rel="noopener" data-testid="evil-link">
                            "Open the evil site ↗ " <code>{url}</code>
                        </a>
                    }
                })}
                " Log in on both sides first, then press its buttons and watch the traces above."
            </p>
            <div class="switches" role="group" aria-label="CSRF lab switches">
                <label class:weakened=samesite_none>
                    <input type="checkbox" data-testid="switch-samesite-none"
                        prop:checked=samesite_none
                        on:change=move |ev| lab.switch("samesite-none", event_target_checked(&ev)) />
                    <span inner_html=SAMESITE></span>
                </label>
                <label class:weakened=origin_off>
                    <input type="checkbox" data-testid="switch-origin-check-off"
                        prop:checked=origin_off
                        on:change=move |ev| lab.switch("origin-check-off", event_target_checked(&ev)) />
                    <span inner_html=ORIGIN></span>
                </label>
            </div>
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
            let scheme = if t.scheme == "jwt" {
                "JWT"
            } else {
                "cookie session"
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
