//! The CSRF lab's weakening switches. Both start secure; each is named in `GET /api/lab` while
//! it is on, and "reset the lab" turns it back.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct Switches {
    samesite_none: Arc<AtomicBool>,
    origin_check_off: Arc<AtomicBool>,
}

/// A switch the lab does not have.
#[derive(Debug, thiserror::Error)]
#[error("unknown switch {0:?}: use samesite-none or origin-check-off")]
pub struct UnknownSwitch(pub String);

impl Switches {
    /// Does the session cookie go out `SameSite=None; Secure` (sent with cross-site requests)?
    pub fn samesite_none(&self) -> bool {
        self.samesite_none.load(Ordering::Relaxed)
    }

    /// Are state-changing requests from another site refused (the default)?
    pub fn origin_check(&self) -> bool {
        !self.origin_check_off.load(Ordering::Relaxed)
    }

    pub fn set(&self, name: &str, on: bool) -> Result<(), UnknownSwitch> {
        let flag = match name {
            "samesite-none" => &self.samesite_none,
            "origin-check-off" => &self.origin_check_off,
            other => return Err(UnknownSwitch(other.to_owned())),
        };
        flag.store(on, Ordering::Relaxed);
        Ok(())
    }

    pub fn reset(&self) {
        self.samesite_none.store(false, Ordering::Relaxed);
        self.origin_check_off.store(false, Ordering::Relaxed);
    }

    /// Each switch that is on, said plainly.
    pub fn weakened(&self) -> impl Iterator<Item = &'static str> {
        let samesite = self
            .samesite_none()
            .then_some("Session cookie is SameSite=None: other sites' requests carry it");
        let origin = (!self.origin_check())
            .then_some("Origin check is off: other sites may change state here");
        samesite.into_iter().chain(origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_start_secure_are_named_while_on_and_reset() {
        let switches = Switches::default();
        assert!(!switches.samesite_none() && switches.origin_check());
        assert_eq!(switches.weakened().count(), 0);
        switches.set("samesite-none", true).unwrap();
        switches.set("origin-check-off", true).unwrap();
        assert!(switches.samesite_none() && !switches.origin_check());
        assert_eq!(switches.weakened().count(), 2);
        assert!(switches.set("https-off", true).is_err());
        switches.reset();
        assert!(!switches.samesite_none() && switches.origin_check());
    }
}
