//! `Jwt`: the JWT scheme's slice of the state — its settings, the signing keyring, and the store
//! of refresh families and the denylist. One `Arc`. Nothing is stored per access token.

use std::sync::Arc;

use super::claims::TokenClaims;
use super::keys::Keyring;
use super::refused::Refused;
use super::store::JwtStore;
use super::verify::Verifier;
use crate::base::settings::JwtSettings;
use crate::kit::checks::Checks;

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
}
