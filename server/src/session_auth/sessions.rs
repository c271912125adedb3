//! `Sessions`: the cookie-session scheme's slice of the state — its settings, its store and the
//! key that signs its cookie. One `Arc`.

use std::sync::Arc;

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
}
