//! `Jwt`: the JWT scheme's slice of the state — its settings, the signing keyring, and the store
//! of refresh families and the denylist. One `Arc`. Nothing is stored per access token.

use std::sync::Arc;

use super::claims::TokenClaims;
use super::keys::Keyring;
use super::refused::Refused;
use super::store::JwtStore;
use super::verify::Verifier;
use crate::base::settings::JwtSettings;
use crate::guard::policy::{Fix, Policy};
use crate::kit::checks::Checks;

/// An access token's lifetime while the rights lab's "short access lifetime" fix is on.
pub const SHORT_ACCESS_SECONDS: i64 = 30;

#[derive(Clone, Debug)]
pub struct Jwt(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    settings: JwtSettings,
    keys: Keyring,
    /// Refresh families and the denylist: SQLite, or Redis when the sessions are there.
    store: JwtStore,
}

impl Jwt {
    pub fn new(settings: JwtSettings, keys: Keyring, store: JwtStore) -> Self {
        Self(Arc::new(Inner {
            settings,
            keys,
            store,
        }))
    }

    pub fn settings(&self) -> &JwtSettings {
        &self.0.settings
    }

    pub fn keys(&self) -> &Keyring {
        &self.0.keys
    }

    pub fn store(&self) -> &JwtStore {
        &self.0.store
    }

    /// Seconds a new access token lives: the configured lifetime, or 30 s with the fix on.
    pub fn access_ttl(&self, policy: &Policy) -> i64 {
        let configured = self.0.settings.access_ttl.whole_seconds();
        if policy.fix(Fix::JwtShortAccess) {
            configured.min(SHORT_ACCESS_SECONDS)
        } else {
            configured
        }
    }

    /// Runs every check on `token` as a `C` with the current key at `now`, recording each in
    /// `checks`; `check_time: false` skips `exp`/`nbf`.
    pub fn verify<C: TokenClaims>(
        &self,
        now: i64,
        token: &str,
        checks: &mut Checks,
        check_time: bool,
    ) -> Result<C, Refused> {
        let key = self.0.keys.current();
        let verifier = Verifier {
            key: &key,
            settings: &self.0.settings,
            now,
        };
        verifier.verify::<C>(token, checks, check_time)
    }

    /// `verify` for a token made for `audience`, one of the other services authlab signs for
    /// (a service asking authlab about a token it was handed).
    pub fn verify_for<C: TokenClaims>(
        &self,
        audience: &'static str,
        now: i64,
        token: &str,
        checks: &mut Checks,
    ) -> Result<C, Refused> {
        let key = self.0.keys.current();
        let settings = JwtSettings {
            audience,
            ..self.0.settings.clone()
        };
        let verifier = Verifier {
            key: &key,
            settings: &settings,
            now,
        };
        verifier.verify::<C>(token, checks, true)
    }
}
