//! The denylist's lab switch: does `/api/jwt/me` look there at all? On by default: revocation
//! only works when every request does that lookup — the price of revocation. (The entries,
//! revoked `jti`s until their token would have expired anyway, are in [`super::store`].)

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Denylist {
    enabled: Arc<AtomicBool>,
}

impl Default for Denylist {
    fn default() -> Self {
        Self {
            enabled: Arc::new(AtomicBool::new(true)),
        }
    }
}

impl Denylist {
    pub fn enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }

    pub fn set_enabled(&self, on: bool) {
        self.enabled.store(on, Ordering::Relaxed);
    }
}
