//! The security policy the core reads on every request: how the session cookie's `SameSite` is
//! set, whether the origin check refuses or only records, whether the JWT scheme consults its
//! denylist. Secure by default. The lab's teaching switches *set* it (`lab::switches`); the core
//! only reads it and never knows who set it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The session cookie's `SameSite` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SameSite {
    /// The default: other sites' subrequests and cross-site POSTs carry no cookie.
    Lax,
    /// `SameSite=None; Secure`: other sites' requests carry the cookie too (a lab weakening).
    None,
}

/// What the cross-origin check does with a request it would refuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginCheck {
    /// The default: 403.
    Refuse,
    /// Let it through and record what it would have refused (a lab weakening).
    RecordOnly,
}

/// One `Arc` per clone: read by middleware on every request.
#[derive(Clone, Debug, Default)]
pub struct Policy(Arc<Flags>);

/// Each flag's `false` is the secure default.
#[derive(Debug, Default)]
struct Flags {
    samesite_none: AtomicBool,
    origin_check_off: AtomicBool,
    denylist_off: AtomicBool,
}

impl Policy {
    pub fn samesite(&self) -> SameSite {
        if self.0.samesite_none.load(Ordering::Relaxed) {
            SameSite::None
        } else {
            SameSite::Lax
        }
    }

    pub fn set_samesite(&self, samesite: SameSite) {
        self.0
            .samesite_none
            .store(samesite == SameSite::None, Ordering::Relaxed);
    }

    pub fn origin_check(&self) -> OriginCheck {
        if self.0.origin_check_off.load(Ordering::Relaxed) {
            OriginCheck::RecordOnly
        } else {
            OriginCheck::Refuse
        }
    }

    pub fn set_origin_check(&self, check: OriginCheck) {
        self.0
            .origin_check_off
            .store(check == OriginCheck::RecordOnly, Ordering::Relaxed);
    }

    /// Does every access token's `jti` get looked up on the denylist (the default)?
    pub fn denylist(&self) -> bool {
        !self.0.denylist_off.load(Ordering::Relaxed)
    }

    pub fn set_denylist(&self, on: bool) {
        self.0.denylist_off.store(!on, Ordering::Relaxed);
    }

    /// Everything back to the secure defaults.
    pub fn reset(&self) {
        self.set_samesite(SameSite::Lax);
        self.set_origin_check(OriginCheck::Refuse);
        self.set_denylist(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_starts_secure_is_shared_by_clones_and_resets() {
        let policy = Policy::default();
        assert_eq!(policy.samesite(), SameSite::Lax);
        assert_eq!(policy.origin_check(), OriginCheck::Refuse);
        assert!(policy.denylist());
        let other = policy.clone();
        other.set_samesite(SameSite::None);
        other.set_origin_check(OriginCheck::RecordOnly);
        other.set_denylist(false);
        assert_eq!(policy.samesite(), SameSite::None);
        assert_eq!(policy.origin_check(), OriginCheck::RecordOnly);
        assert!(!policy.denylist());
        policy.reset();
        assert_eq!(other.samesite(), SameSite::Lax);
        assert_eq!(other.origin_check(), OriginCheck::Refuse);
        assert!(other.denylist());
    }
}
