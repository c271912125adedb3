//! The security policy the core reads on every request: how the session cookie's `SameSite` is
//! set, whether the origin check refuses or only records, whether the JWT scheme consults its
//! denylist. Secure by default. The lab's teaching switches *set* it (`lab::switches`); the core
//! only reads it and never knows who set it.
//!
//! Each visitor has switches of their own: while a visitor's request runs (`in_visit`), every
//! read and switch goes to that visitor's flags; the trusted origins stay the server's.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, RwLock};

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

/// How the server keeps up with rights that changed under a live credential. All off by
/// default: a credential carries the rights it was made with. Each fix costs something the
/// trace shows (a lookup per request, a store sweep at the change, more refreshes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fix {
    /// At a change, the server rewrites (or ends) that user's live session records.
    SessionUpdateAtChange,
    /// Every session request re-reads the user from the users table.
    SessionLoadUser,
    /// Access tokens live 30 s instead of the configured lifetime.
    JwtShortAccess,
    /// Every bearer request compares the token's rights version with the user's (a lookup).
    JwtUserCheck,
    /// At a change, the user's outstanding access tokens go on the denylist.
    JwtDenyAtChange,
}

impl Fix {
    pub const ALL: [Fix; 5] = [
        Fix::SessionUpdateAtChange,
        Fix::SessionLoadUser,
        Fix::JwtShortAccess,
        Fix::JwtUserCheck,
        Fix::JwtDenyAtChange,
    ];

    /// The switch's name in `POST /api/lab/switch`.
    pub fn name(self) -> &'static str {
        match self {
            Fix::SessionUpdateAtChange => "session-update-at-change",
            Fix::SessionLoadUser => "session-load-user",
            Fix::JwtShortAccess => "jwt-short-access",
            Fix::JwtUserCheck => "jwt-user-check",
            Fix::JwtDenyAtChange => "jwt-deny-at-change",
        }
    }

    pub fn parse(name: &str) -> Option<Fix> {
        Fix::ALL.into_iter().find(|fix| fix.name() == name)
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The CORS lab's two classic mistakes (off by default: only trusted origins, no credentials).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorsMistake {
    /// `Access-Control-Allow-Origin: <whatever Origin came>` with `Allow-Credentials: true`:
    /// any origin reads answers made with the user's cookies.
    ReflectAnyOrigin,
    /// `Access-Control-Allow-Origin: *` with `Allow-Credentials: true`: browsers refuse it.
    WildcardWithCredentials,
}

impl CorsMistake {
    pub const ALL: [CorsMistake; 2] = [
        CorsMistake::ReflectAnyOrigin,
        CorsMistake::WildcardWithCredentials,
    ];

    /// The switch's name in `POST /api/lab/switch`.
    pub fn name(self) -> &'static str {
        match self {
            CorsMistake::ReflectAnyOrigin => "cors-reflect-origin",
            CorsMistake::WildcardWithCredentials => "cors-wildcard",
        }
    }

    pub fn parse(name: &str) -> Option<CorsMistake> {
        CorsMistake::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// One `Arc` per clone: read by middleware on every request.
#[derive(Clone, Debug, Default)]
pub struct Policy(Arc<Flags>);

/// One visitor's switches (secure by default).
#[derive(Clone, Debug, Default)]
pub struct VisitorSwitches(Arc<Flags>);

tokio::task_local! {
    static VISITOR: VisitorSwitches;
}

/// Runs `work` with the policy reading and switching `switches` (a visitor's request).
pub async fn in_visit<F: std::future::Future>(switches: VisitorSwitches, work: F) -> F::Output {
    VISITOR.scope(switches, work).await
}

/// Each flag's `false` is the secure default.
#[derive(Debug, Default)]
struct Flags {
    samesite_none: AtomicBool,
    origin_check_off: AtomicBool,
    denylist_off: AtomicBool,
    /// One bit per `Fix` that is on.
    fixes: AtomicU8,
    cors_reflect: AtomicBool,
    cors_wildcard: AtomicBool,
    /// Origins of apps this server trusts to call its API from their pages (the partner app):
    /// CORS lets them read answers, and the origin check lets their cookie-less requests in.
    /// Set at start (the partner app's loopback origins, then workshop mode's https ones).
    trusted: RwLock<Vec<String>>,
}

impl Policy {
    /// The switches in force: the current visitor's, else the server's.
    fn flags(&self) -> Arc<Flags> {
        VISITOR
            .try_with(|visitor| visitor.0.clone())
            .unwrap_or_else(|_| self.0.clone())
    }

    pub fn samesite(&self) -> SameSite {
        if self.flags().samesite_none.load(Ordering::Relaxed) {
            SameSite::None
        } else {
            SameSite::Lax
        }
    }

    pub fn set_samesite(&self, samesite: SameSite) {
        self.flags()
            .samesite_none
            .store(samesite == SameSite::None, Ordering::Relaxed);
    }

    pub fn origin_check(&self) -> OriginCheck {
        if self.flags().origin_check_off.load(Ordering::Relaxed) {
            OriginCheck::RecordOnly
        } else {
            OriginCheck::Refuse
        }
    }

    pub fn set_origin_check(&self, check: OriginCheck) {
        self.flags()
            .origin_check_off
            .store(check == OriginCheck::RecordOnly, Ordering::Relaxed);
    }

    /// Does every access token's `jti` get looked up on the denylist (the default)?
    pub fn denylist(&self) -> bool {
        !self.flags().denylist_off.load(Ordering::Relaxed)
    }

    pub fn set_denylist(&self, on: bool) {
        self.flags().denylist_off.store(!on, Ordering::Relaxed);
    }

    pub fn fix(&self, fix: Fix) -> bool {
        self.flags().fixes.load(Ordering::Relaxed) & fix.bit() != 0
    }

    pub fn set_fix(&self, fix: Fix, on: bool) {
        if on {
            self.flags().fixes.fetch_or(fix.bit(), Ordering::Relaxed);
        } else {
            self.flags().fixes.fetch_and(!fix.bit(), Ordering::Relaxed);
        }
    }

    /// The fixes that are on.
    pub fn fixes(&self) -> Vec<Fix> {
        Fix::ALL.into_iter().filter(|fix| self.fix(*fix)).collect()
    }

    fn cors_on(&self, mistake: CorsMistake) -> bool {
        let flags = self.flags();
        let flag = match mistake {
            CorsMistake::ReflectAnyOrigin => &flags.cors_reflect,
            CorsMistake::WildcardWithCredentials => &flags.cors_wildcard,
        };
        flag.load(Ordering::Relaxed)
    }

    /// The CORS mistake that is on, if any (the reflecting one wins when both are).
    pub fn cors_mistake(&self) -> Option<CorsMistake> {
        CorsMistake::ALL.into_iter().find(|m| self.cors_on(*m))
    }

    pub fn set_cors_mistake(&self, mistake: CorsMistake, on: bool) {
        let flags = self.flags();
        let flag = match mistake {
            CorsMistake::ReflectAnyOrigin => &flags.cors_reflect,
            CorsMistake::WildcardWithCredentials => &flags.cors_wildcard,
        };
        flag.store(on, Ordering::Relaxed);
    }

    /// The CORS mistakes that are on.
    pub fn cors_mistakes(&self) -> Vec<CorsMistake> {
        CorsMistake::ALL
            .into_iter()
            .filter(|m| self.cors_on(*m))
            .collect()
    }

    /// Trusts these origins too, from now on.
    pub fn trust(&self, origins: Vec<String>) {
        self.0
            .trusted
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .extend(origins);
    }

    /// Is `origin` (as the browser's `Origin` header says it) one this server trusts?
    pub fn trusts(&self, origin: &[u8]) -> bool {
        self.0
            .trusted
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .any(|t| t.as_bytes() == origin)
    }

    /// Everything back to the secure defaults, and no fix for changed rights.
    pub fn reset(&self) {
        self.set_samesite(SameSite::Lax);
        self.set_origin_check(OriginCheck::Refuse);
        self.set_denylist(true);
        self.flags().fixes.store(0, Ordering::Relaxed);
        for mistake in CorsMistake::ALL {
            self.set_cors_mistake(mistake, false);
        }
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
        other.set_fix(Fix::JwtUserCheck, true);
        other.set_fix(Fix::SessionLoadUser, true);
        other.set_fix(Fix::SessionLoadUser, false);
        assert_eq!(policy.fixes(), vec![Fix::JwtUserCheck]);
        assert_eq!(policy.samesite(), SameSite::None);
        assert_eq!(policy.origin_check(), OriginCheck::RecordOnly);
        assert!(!policy.denylist());
        policy.reset();
        assert_eq!(other.samesite(), SameSite::Lax);
        assert_eq!(other.origin_check(), OriginCheck::Refuse);
        assert!(other.denylist());
        assert!(other.fixes().is_empty());
        other.set_cors_mistake(CorsMistake::WildcardWithCredentials, true);
        assert_eq!(
            policy.cors_mistake(),
            Some(CorsMistake::WildcardWithCredentials)
        );
        policy.reset();
        assert_eq!(other.cors_mistake(), None);
        for fix in Fix::ALL {
            assert_eq!(Fix::parse(fix.name()), Some(fix));
        }
    }

    #[tokio::test]
    async fn a_visitor_switches_only_their_own_policy() {
        let policy = Policy::default();
        let visitor = VisitorSwitches::default();
        in_visit(visitor.clone(), async {
            policy.set_samesite(SameSite::None);
            policy.set_fix(Fix::JwtUserCheck, true);
        })
        .await;
        assert_eq!(
            policy.samesite(),
            SameSite::Lax,
            "the server's policy did not move"
        );
        assert!(policy.fixes().is_empty());
        let seen = in_visit(visitor, async { (policy.samesite(), policy.fixes()) }).await;
        assert_eq!(seen, (SameSite::None, vec![Fix::JwtUserCheck]));
        let other = in_visit(VisitorSwitches::default(), async { policy.samesite() }).await;
        assert_eq!(other, SameSite::Lax);
    }
}
