//! What the authorization server remembers: pending one-time codes
//! (by hash, never the code itself), used codes (so a replayed code revokes what it gave), and
//! the grants users made, with the tokens issued under each. In memory, bounded, per node.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::kit::bounded::BoundedLog;
use crate::kit::handles::hashed;

/// A code lives this long (RFC 6749 recommends at most 10 minutes; the exchange is immediate).
pub const CODE_SECONDS: i64 = 60;
/// At most this many codes wait at once; the oldest goes first.
const PENDING_MAX: usize = 64;

/// A code handed to the partner, waiting for its exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub grant_id: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub challenge: String,
    pub expires_at: i64,
}

/// What a user granted an app.
#[derive(Clone, Debug)]
pub struct Grant {
    pub id: String,
    pub user_id: i64,
    pub username: String,
    pub client_id: String,
    pub scope: String,
    pub created_at: i64,
    pub revoked: Option<(i64, String)>,
    /// Every access token issued under the grant: its `jti` and `exp`.
    pub tokens: Vec<(String, i64)>,
}

/// Why a code cannot be exchanged.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeRefused {
    Unknown,
    Expired,
    /// Used before: the grant it came from is named, so its tokens can be revoked.
    Reused(String),
}

#[derive(Clone, Debug, Default)]
pub struct OAuth(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    pending: Mutex<HashMap<String, Pending>>,
    used: BoundedLog<(String, String), 128>,
    grants: BoundedLog<Grant, 64>,
}

fn key(code: &str) -> String {
    hashed(code.as_bytes(), 16)
}

impl OAuth {
    pub fn add_grant(&self, grant: Grant) {
        self.0.grants.push(grant);
    }

    /// Keeps `code` (by hash) until its exchange or its expiry.
    pub fn hold(&self, code: &str, pending: Pending, now: i64) {
        let mut map = self.0.pending.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, p| p.expires_at > now);
        if map.len() >= PENDING_MAX {
            if let Some(oldest) = map
                .iter()
                .min_by_key(|(_, p)| p.expires_at)
                .map(|(k, _)| k.clone())
            {
                map.remove(&oldest);
            }
        }
        map.insert(key(code), pending);
    }

    /// Takes `code` out for good: a code works once.
    pub fn take(&self, code: &str, now: i64) -> Result<Pending, CodeRefused> {
        let key = key(code);
        let taken = self
            .0
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&key);
        let Some(pending) = taken else {
            return Err(self
                .0
                .used
                .find_map(|(k, grant)| (*k == key).then(|| grant.clone()))
                .map_or(CodeRefused::Unknown, CodeRefused::Reused));
        };
        self.0.used.push((key, pending.grant_id.clone()));
        if pending.expires_at <= now {
            return Err(CodeRefused::Expired);
        }
        Ok(pending)
    }

    pub fn grant(&self, id: &str) -> Option<Grant> {
        self.0.grants.find_map(|g| (g.id == id).then(|| g.clone()))
    }

    /// Notes a token issued under the grant.
    pub fn record_token(&self, grant_id: &str, jti: String, exp: i64) {
        self.0
            .grants
            .update(|g| g.id == grant_id, |g| g.tokens.push((jti, exp)));
    }

    /// Marks the grant revoked (the first reason stays); the grant as it is then.
    pub fn revoke(&self, grant_id: &str, now: i64, reason: &str) -> Option<Grant> {
        let mut revoked = None;
        self.0.grants.update(
            |g| g.id == grant_id,
            |g| {
                g.revoked.get_or_insert_with(|| (now, reason.to_owned()));
                revoked = Some(g.clone());
            },
        );
        revoked
    }

    /// The user's grants, newest first.
    pub fn grants_of(&self, user_id: i64) -> Vec<Grant> {
        let mut grants = self.0.grants.filtered(|g| g.user_id == user_id);
        grants.reverse();
        grants
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(expires_at: i64) -> Pending {
        Pending {
            grant_id: "g1".into(),
            client_id: "partner".into(),
            redirect_uri: "http://127.0.0.1:1/callback".into(),
            challenge: "c".into(),
            expires_at,
        }
    }

    #[test]
    fn a_code_works_once_and_a_replay_names_its_grant() {
        let oauth = OAuth::default();
        oauth.hold("code-1", pending(160), 100);
        assert!(oauth.take("code-1", 120).is_ok());
        assert_eq!(
            oauth.take("code-1", 121),
            Err(CodeRefused::Reused("g1".into()))
        );
        assert_eq!(oauth.take("never-issued", 121), Err(CodeRefused::Unknown));
        oauth.hold("code-2", pending(160), 100);
        assert_eq!(oauth.take("code-2", 160), Err(CodeRefused::Expired));
    }
}
