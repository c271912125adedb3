//! The request trace: every API request the server answered, with the checks it ran.

use serde::{Deserialize, Serialize};

/// One check the server ran on a credential, in the order it ran them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    pub passed: bool,
    /// What was found: "HS256 valid under kid hs256-1a2b", "hit", "expires in 297 s".
    pub detail: String,
    /// How long the check took, in microseconds.
    pub micros: u64,
}

/// The credential a request carried: its kind, its size on the wire, and a short handle
/// (a hash prefix: enough to tell two apart, useless to replay).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CredentialSeen {
    /// "cookie", "bearer" or "none".
    pub kind: String,
    pub bytes: usize,
    pub handle: Option<String>,
}

/// One request as the server saw and answered it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceEntry {
    pub id: u64,
    /// Lab-clock time of the request, unix milliseconds.
    pub at_ms: i64,
    pub method: String,
    pub path: String,
    /// "session", "jwt", "lab" or "other", from the path.
    pub scheme: String,
    /// "page" (a browser), "attacker" (the simulated thief) or "script" (curl and the like).
    pub actor: String,
    pub credential: CredentialSeen,
    pub checks: Vec<Check>,
    pub status: u16,
    /// Time from the request's arrival to its answer, in microseconds.
    pub micros: u64,
    /// A request the page makes to draw itself (store view, server view): hidden by default.
    pub view: bool,
}
