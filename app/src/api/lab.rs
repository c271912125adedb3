//! The lab controls: steal a credential, replay it as the attacker, move the lab clock, reset.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::{Carrier, Scheme};
use super::trace::Check;

/// `POST /api/lab/steal`: which scheme's credential, of this very request, to copy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StealRequest {
    pub scheme: Scheme,
}

/// The attacker's copy as the page may know it: an id to replay it by, never the credential.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StolenCopy {
    /// Names the copy on the server; only the page that stole it holds this.
    pub copy_id: String,
    pub scheme: Scheme,
    /// Where the copied credential travelled; the replay sends it the same way.
    pub carrier: Carrier,
    /// A short hash of the credential.
    pub handle: String,
    pub bytes: usize,
    pub taken_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplayRequest {
    pub copy_id: String,
    /// Replay at this node (through the front door) instead of the one that holds the copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

/// What the server answered the attacker, and the checks that decided it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplayAnswer {
    pub scheme: Scheme,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub body: Value,
    pub checks: Vec<Check>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClockRequest {
    pub advance_minutes: i64,
}

/// The lab's own state: its clock, and every switch that weakens the default configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabView {
    pub clock_offset_seconds: i64,
    pub server_now: i64,
    /// Each lab switch that is on and weakens something, said plainly.
    pub weakened: Vec<String>,
    /// The CSRF lab's switches: the session cookie goes out `SameSite=None; Secure`.
    pub samesite_none: bool,
    /// The CSRF lab's switches: state-changing requests from another site are refused.
    pub origin_check: bool,
    /// The evil site's loopback port, when this node serves one.
    pub evil_port: Option<u16>,
    /// What the CSRF target endpoints did, newest last.
    pub transfers: Vec<TransferView>,
    /// The partner app's loopback port, when this node serves one.
    #[serde(default)]
    pub partner_port: Option<u16>,
    /// The CORS lab's mistakes that are on, by switch name (`cors-reflect-origin`, `cors-wildcard`).
    #[serde(default)]
    pub cors: Vec<String>,
    /// The rights lab's fixes that are on, by switch name (`jwt-user-check`, …).
    #[serde(default)]
    pub fixes: Vec<String>,
    /// The orders service's `/api/orders`, when authlab was told where it runs.
    #[serde(default)]
    pub orders_url: Option<String>,
    /// The algorithm authlab signs with now (`HS256`, `EdDSA`, `RS256`).
    #[serde(default)]
    pub signing_alg: String,
    /// Workshop mode: the lab's other sites over https too, for pages opened over https.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secure: Option<SecureSites>,
}

/// Workshop mode's https ports of the evil site and the partner app, and this machine's names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecureSites {
    pub evil_port: u16,
    pub partner_port: u16,
    pub names: Vec<String>,
}

/// One of the lab's other sites, as a page reaches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// The evil site on another host name: another *site*.
    Evil,
    /// The evil site on the page's own host name: another origin of the same site (CORS).
    EvilSameSite,
    /// The partner app, on the page's own host name and its own port.
    Partner,
}

fn loopback(name: &str) -> bool {
    matches!(name, "localhost" | "127.0.0.1" | "[::1]" | "::1")
}

/// Another name of this machine than `here`, to make another site: the other loopback name for
/// a loopback page, else the first other non-loopback name (`None`: the machine has one name
/// on the LAN; a second comes with `--allow-host`).
pub fn other_name<'a>(here: &str, names: &'a [String]) -> Option<&'a str> {
    if loopback(here) {
        let other = if here == "localhost" {
            "127.0.0.1"
        } else {
            "localhost"
        };
        return names.iter().map(String::as_str).find(|name| *name == other);
    }
    names
        .iter()
        .map(String::as_str)
        .find(|name| !loopback(name) && *name != here)
}

impl LabView {
    /// The origin of `site` for a page at `here` (its host name), over https or not.
    pub fn site_origin(&self, site: Site, https: bool, here: &str) -> Option<String> {
        let loopback_names = ["localhost".to_owned(), "127.0.0.1".to_owned()];
        let (scheme, evil, partner, names) = match (&self.secure, https) {
            (Some(secure), true) => (
                "https",
                Some(secure.evil_port),
                Some(secure.partner_port),
                secure.names.as_slice(),
            ),
            (None, true) => return None,
            (_, false) => (
                "http",
                self.evil_port,
                self.partner_port,
                &loopback_names[..],
            ),
        };
        let (host, port) = match site {
            Site::Evil => (other_name(here, names)?, evil?),
            Site::EvilSameSite => (here, evil?),
            Site::Partner => (here, partner?),
        };
        Some(format!("{scheme}://{host}:{port}"))
    }
}

/// A weakening switch of the lab: `samesite-none` or `origin-check-off`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SwitchRequest {
    pub name: String,
    pub on: bool,
}

/// One transfer the CSRF target endpoints (`POST /api/{session,jwt}/transfer`) carried out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferView {
    pub scheme: Scheme,
    pub username: String,
    pub to: String,
    pub amount: u32,
    pub at: i64,
    /// The browser's `Sec-Fetch-Site` ("same-origin", "cross-site", …), or "not sent".
    pub site: String,
}

/// `POST /api/lab/weak-token`: a token signed HS256 with a word of `words`, the attacker's
/// dictionary (the forge lab cracks it in the page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeakToken {
    pub token: String,
    pub words: Vec<String>,
}

/// `POST /api/lab/probe`: plant an HttpOnly probe cookie holding `nonce` (not a credential).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbePlant {
    pub nonce: String,
}

/// What one probe request brought the server: sent from a new tab, or from another site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbeReport {
    /// The probe cookie came along, holding the nonce.
    pub cookie: bool,
    /// An `Authorization` header came along.
    pub authorization: bool,
    /// The session cookie came along (whatever it held).
    #[serde(default)]
    pub session_cookie: bool,
    /// The cookie-carried JWT (`authlab_jwt`) came along.
    #[serde(default)]
    pub jwt_cookie: bool,
    /// An `X-Session-Id` header came along.
    #[serde(default)]
    pub session_header: bool,
    /// The new tab found the nonce in its localStorage / sessionStorage.
    pub local: Option<bool>,
    pub session: Option<bool>,
    /// The browser's `Sec-Fetch-Site`, or "not sent".
    pub site: String,
}

/// `GET /api/lab/probe?nonce=…`: did this request carry the probe cookie, and what the other
/// probes reported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbeView {
    pub cookie: bool,
    pub tab: Option<ProbeReport>,
    pub cross_site: Option<ProbeReport>,
}

// The browser's calls.

use super::http::{self, Cred, Exchange};

pub async fn view() -> Exchange<LabView> {
    http::get("/api/lab").await
}

/// Copies the credential this request carries: the browser adds its cookies by itself, `cred`
/// what the page's script adds.
pub async fn steal(scheme: Scheme, cred: Cred<'_>) -> Exchange<StolenCopy> {
    let body = StealRequest { scheme };
    http::post_json_as("/api/lab/steal", &body, cred).await
}

pub async fn replay(copy_id: &str) -> Exchange<ReplayAnswer> {
    replay_at(copy_id, None).await
}

/// Replays the copy at `node` (through the front door), or where it is kept.
pub async fn replay_at(copy_id: &str, node: Option<&str>) -> Exchange<ReplayAnswer> {
    let body = ReplayRequest {
        copy_id: copy_id.to_owned(),
        node: node.map(str::to_owned),
    };
    http::post_json("/api/lab/replay", &body).await
}

pub async fn advance_clock(minutes: i64) -> Exchange<LabView> {
    let body = ClockRequest {
        advance_minutes: minutes,
    };
    http::post_json("/api/lab/clock", &body).await
}

pub async fn switch(name: &str, on: bool) -> Exchange<LabView> {
    let body = SwitchRequest {
        name: name.to_owned(),
        on,
    };
    http::post_json("/api/lab/switch", &body).await
}

pub async fn plant_probe(nonce: &str) -> Exchange<ProbePlant> {
    let body = ProbePlant {
        nonce: nonce.to_owned(),
    };
    http::post_json("/api/lab/probe", &body).await
}

/// What the probes of `nonce` found (this page's node; `None` when the server did not answer).
pub async fn probe(nonce: &str) -> Option<ProbeView> {
    let url = format!("/api/lab/probe?nonce={nonce}");
    let response = gloo_net::http::Request::get(&url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.json().await.ok()
}

pub async fn reset() -> Exchange<LabView> {
    http::post_empty("/api/lab/reset", Cred::Browser).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(secure: Option<SecureSites>) -> LabView {
        LabView {
            clock_offset_seconds: 0,
            server_now: 0,
            weakened: Vec::new(),
            samesite_none: false,
            origin_check: true,
            evil_port: Some(3010),
            transfers: Vec::new(),
            partner_port: Some(3020),
            cors: Vec::new(),
            fixes: Vec::new(),
            orders_url: None,
            signing_alg: "HS256".into(),
            secure,
        }
    }

    #[test]
    fn the_other_sites_over_http_and_https() {
        let plain = view(None);
        let at = |v: &LabView, site, https, here| v.site_origin(site, https, here);
        assert_eq!(
            at(&plain, Site::Evil, false, "localhost").as_deref(),
            Some("http://127.0.0.1:3010")
        );
        assert_eq!(
            at(&plain, Site::Evil, false, "127.0.0.1").as_deref(),
            Some("http://localhost:3010")
        );
        assert_eq!(
            at(&plain, Site::EvilSameSite, false, "localhost").as_deref(),
            Some("http://localhost:3010")
        );
        assert_eq!(
            at(&plain, Site::Partner, false, "127.0.0.1").as_deref(),
            Some("http://127.0.0.1:3020")
        );
        assert_eq!(
            at(&plain, Site::Evil, true, "localhost"),
            None,
            "no https sites"
        );

        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let secure = view(Some(SecureSites {
            evil_port: 3444,
            partner_port: 3445,
            names: names(&["localhost", "127.0.0.1", "192.168.1.20", "authlab.lan"]),
        }));
        assert_eq!(
            at(&secure, Site::Evil, true, "192.168.1.20").as_deref(),
            Some("https://authlab.lan:3444")
        );
        assert_eq!(
            at(&secure, Site::Evil, true, "authlab.lan").as_deref(),
            Some("https://192.168.1.20:3444")
        );
        assert_eq!(
            at(&secure, Site::Evil, true, "localhost").as_deref(),
            Some("https://127.0.0.1:3444")
        );
        assert_eq!(
            at(&secure, Site::Partner, true, "192.168.1.20").as_deref(),
            Some("https://192.168.1.20:3445")
        );
        assert_eq!(
            at(&secure, Site::Evil, false, "localhost").as_deref(),
            Some("http://127.0.0.1:3010")
        );
        // One name on the LAN: no other site to be had.
        let lone = view(Some(SecureSites {
            evil_port: 3444,
            partner_port: 3445,
            names: names(&["localhost", "127.0.0.1", "192.168.1.20"]),
        }));
        assert_eq!(at(&lone, Site::Evil, true, "192.168.1.20"), None);
        assert_eq!(
            at(&lone, Site::EvilSameSite, true, "192.168.1.20").as_deref(),
            Some("https://192.168.1.20:3444")
        );
    }
}
