//! The lab controls: steal a credential, replay it as the attacker, move the lab clock, reset.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::{Carrier, Scheme};
use super::sites::SecureSites;
use super::trace::Check;

/// `POST /api/lab/steal`: which scheme's credential, of this very request, to copy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StealRequest {
    pub scheme: Scheme,
}

/// The attacker's copy as the page may know it: an id to replay it by, never the credential.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReplayRequest {
    pub copy_id: String,
    /// Replay at this node (through the front door) instead of the one that holds the copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

/// What the server answered the attacker, and the checks that decided it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReplayAnswer {
    pub scheme: Scheme,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub body: Value,
    pub checks: Vec<Check>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClockRequest {
    pub advance_minutes: i64,
}

/// The lab's own state: its clock, and every switch that weakens the default configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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

/// A weakening switch of the lab: `samesite-none` or `origin-check-off`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SwitchRequest {
    pub name: String,
    pub on: bool,
}

/// One transfer the CSRF target endpoints (`POST /api/{session,jwt}/transfer`) carried out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WeakToken {
    pub token: String,
    pub words: Vec<String>,
}

/// `POST /api/lab/probe`: plant an HttpOnly probe cookie holding `nonce` (not a credential).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProbePlant {
    pub nonce: String,
}

/// What one probe request brought the server: sent from a new tab, or from another site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
