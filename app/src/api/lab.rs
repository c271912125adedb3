//! The lab controls: steal a credential, replay it as the attacker, move the lab clock, reset.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::trace::Check;

/// `POST /api/lab/steal`: which scheme's credential, of this very request, to copy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StealRequest {
    /// "session" or "jwt".
    pub scheme: String,
}

/// The attacker's copy as the page may know it: an id to replay it by, never the credential.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StolenCopy {
    /// Names the copy on the server; only the page that stole it holds this.
    pub copy_id: String,
    pub scheme: String,
    /// A short hash of the credential.
    pub handle: String,
    pub bytes: usize,
    pub taken_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplayRequest {
    pub copy_id: String,
}

/// What the server answered the attacker, and the checks that decided it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplayAnswer {
    pub scheme: String,
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
}

// The browser's calls.

use super::http::{self, Exchange};

pub async fn view() -> Exchange<LabView> {
    http::get("/api/lab").await
}

/// Copies the credential this request carries: the browser adds the session cookie by itself,
/// `bearer` adds the page's access token.
pub async fn steal(scheme: &str, bearer: Option<&str>) -> Exchange<StolenCopy> {
    let body = StealRequest {
        scheme: scheme.to_owned(),
    };
    http::post_json_with("/api/lab/steal", &body, bearer).await
}

pub async fn replay(copy_id: &str) -> Exchange<ReplayAnswer> {
    let body = ReplayRequest {
        copy_id: copy_id.to_owned(),
    };
    http::post_json("/api/lab/replay", &body).await
}

pub async fn advance_clock(minutes: i64) -> Exchange<LabView> {
    let body = ClockRequest {
        advance_minutes: minutes,
    };
    http::post_json("/api/lab/clock", &body).await
}

pub async fn reset() -> Exchange<LabView> {
    http::post_json("/api/lab/reset", &serde_json::json!({})).await
}
