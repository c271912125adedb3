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
