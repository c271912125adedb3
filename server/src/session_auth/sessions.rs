//! `Sessions`: the cookie-session scheme's slice of the state — its settings, its store and the
//! key that signs its cookie. One `Arc`.

use std::sync::Arc;

use blake2::{Blake2b512, Digest};
use tower_sessions::cookie::{Cookie, CookieJar, Key};
use tower_sessions::session::Id;

use super::store::LabStore;
use crate::base::secrets::Secret;
use crate::base::settings::SessionSettings;

#[derive(Clone, Debug)]
pub struct Sessions(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    settings: SessionSettings,
    store: LabStore,
    cookie_key: Secret,
}

impl Sessions {
    pub fn new(settings: SessionSettings, store: LabStore, cookie_key: Secret) -> Self {
        Self(Arc::new(Inner {
            settings,
            store,
            cookie_key,
        }))
    }

    pub fn settings(&self) -> &SessionSettings {
        &self.0.settings
    }

    pub fn store(&self) -> &LabStore {
        &self.0.store
    }

    /// The session cookie's name (`__Host-` prefixed when cookies are `Secure`).
    pub fn cookie_name(&self) -> &'static str {
        self.0.settings.cookie_name()
    }

    /// The secret the cookie's signature is made with (never logged, never answered).
    pub fn cookie_key(&self) -> &Secret {
        &self.0.cookie_key
    }

    /// The key that signs the session id: 64 bytes derived from the stored secret (which may be
    /// 32 or more).
    pub fn signing_key(&self) -> Key {
        Key::from(&Blake2b512::digest(self.0.cookie_key.expose()))
    }

    /// The session id as the cookie carries it, signed: what the header carrier hands the page
    /// to send back as `X-Session-Id` (a forged or garbled one is simply no session).
    pub fn signed_id(&self, id: Id) -> String {
        let name = self.cookie_name();
        let mut jar = CookieJar::new();
        jar.signed_mut(&self.signing_key())
            .add(Cookie::new(name, id.to_string()));
        jar.get(name)
            .map(|cookie| cookie.value().to_owned())
            .unwrap_or_default()
    }

    /// The session id a signed cookie value carries, when the signature is this server's.
    pub fn verified_id(&self, value: &str) -> Option<Id> {
        let name = self.cookie_name();
        let mut jar = CookieJar::new();
        jar.add_original(Cookie::new(name, value.to_owned()));
        let cookie = jar.signed(&self.signing_key()).get(name)?;
        cookie.value().parse().ok()
    }
}
