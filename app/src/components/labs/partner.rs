//! The partner app lab: a third-party app on another origin asks alice for some of her rights
//! (OAuth: consent, a one-time code, PKCE), then calls the API from its own origin with the
//! delegated token — CORS decides what its page may read.

use leptos::prelude::*;

use super::switches::LabSwitches;
use super::{site_link, site_origin};
use crate::api::sites::Site;

const INTRO: &str = "Another app wants to act for alice, with <em>some</em> of her rights. It \
    never gets her password or her session: it sends her to authlab's consent page (logged in by \
    authlab's session cookie — log in on the session column first), she ticks what it may do, and \
    authlab redirects back with a one-time code. The app swaps the code, with a PKCE verifier only \
    it knows, for a token limited to the granted scopes. Its page calls authlab from another \
    origin: CORS lets that origin read the answers (no cookies), and the trace shows each \
    preflight. A transfer without <code>coins:send</code> answers 403 \
    <code>insufficient_scope</code>. Connected apps, under the JWT column's <b>Server holds</b>, \
    lists and revokes the grant.";

const CORS: &str = "CORS is the browser asking the server: may this other origin's script     <em>read</em> your answer? The evil site's second page sits on the same host name as authlab     (another origin, the same site), so alice's cookie goes along with its     <code>fetch</code>. By default nothing lets it read the answer. Switch on a classic mistake     and try again:";

/// The two mistakes, by their switch names.
const MISTAKES: [(&str, &str); 2] = [
    (
        "cors-reflect-origin",
        "Reflect any Origin, with Access-Control-Allow-Credentials: true",
    ),
    (
        "cors-wildcard",
        "Access-Control-Allow-Origin: * with credentials (the browser refuses it)",
    ),
];

#[component]
pub fn PartnerLab() -> impl IntoView {
    view! {
        <div class="lab-body" data-testid="partner-lab">
            <p inner_html=crate::prose!(INTRO)></p>
            <p>
                {move || site_origin(Site::Partner).map(|origin| {
                    site_link(format!("{origin}/"), "partner-link", "Open the partner app ↗ ")
                })}
            </p>
            <h4>"CORS: who may read the answer"</h4>
            <p inner_html=crate::prose!(CORS)></p>
            <p>
                {move || site_origin(Site::EvilSameSite).map(|origin| {
                    site_link(format!("{origin}/cors"), "evil-cors-link", "Open the evil site's CORS page ↗ ")
                })}
            </p>
            <LabSwitches switches=&MISTAKES on_class="weakened" group="CORS lab switches" />
        </div>
    }
}
