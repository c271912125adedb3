//! The lab's weakening switches, by the names the API takes: each sets the security policy the
//! core reads. All start secure; each is named in `GET /api/lab` while it is on, and "reset the
//! lab" turns it back.

use crate::guard::policy::{CorsMistake, Fix, OriginCheck, Policy, SameSite};

/// A switch the lab does not have.
#[derive(Debug, thiserror::Error)]
#[error("unknown switch {0:?}: use samesite-none, origin-check-off, cors-reflect-origin, cors-wildcard or one of the rights fixes (session-update-at-change, session-load-user, jwt-short-access, jwt-user-check, jwt-deny-at-change)")]
pub struct UnknownSwitch(pub String);

/// Turns the switch `name` on or off.
pub fn set(policy: &Policy, name: &str, on: bool) -> Result<(), UnknownSwitch> {
    match name {
        "samesite-none" => policy.set_samesite(if on { SameSite::None } else { SameSite::Lax }),
        "origin-check-off" => policy.set_origin_check(if on {
            OriginCheck::RecordOnly
        } else {
            OriginCheck::Refuse
        }),
        other => match (Fix::parse(other), CorsMistake::parse(other)) {
            (Some(fix), _) => policy.set_fix(fix, on),
            (_, Some(mistake)) => policy.set_cors_mistake(mistake, on),
            _ => return Err(UnknownSwitch(other.to_owned())),
        },
    }
    Ok(())
}

/// Each weakening that is on, said plainly.
pub fn weakened(policy: &Policy) -> Vec<String> {
    let denylist =
        (!policy.denylist()).then_some("JWT denylist checking is off: revoked tokens are accepted");
    let samesite = (policy.samesite() == SameSite::None)
        .then_some("Cookies are SameSite=None: other sites' requests carry them (the session's, and a cookie-carried JWT's)");
    let origin = (policy.origin_check() == OriginCheck::RecordOnly)
        .then_some("Origin check is off: other sites may change state here");
    let cors = policy.cors_mistakes().into_iter().map(|m| match m {
        CorsMistake::ReflectAnyOrigin => {
            "CORS reflects any origin with credentials: any page reads what your cookies unlock"
        }
        CorsMistake::WildcardWithCredentials => {
            "CORS answers Access-Control-Allow-Origin: * with credentials (browsers refuse it)"
        }
    });
    [denylist, samesite, origin]
        .into_iter()
        .flatten()
        .chain(cors)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_start_secure_are_named_while_on_and_reset() {
        let policy = Policy::default();
        assert!(weakened(&policy).is_empty());
        set(&policy, "samesite-none", true).unwrap();
        set(&policy, "origin-check-off", true).unwrap();
        assert_eq!(policy.samesite(), SameSite::None);
        assert_eq!(policy.origin_check(), OriginCheck::RecordOnly);
        assert_eq!(weakened(&policy).len(), 2);
        assert!(set(&policy, "https-off", true).is_err());
        set(&policy, "jwt-user-check", true).unwrap();
        assert!(policy.fix(Fix::JwtUserCheck));
        assert_eq!(weakened(&policy).len(), 2, "a fix is not a weakening");
        set(&policy, "samesite-none", false).unwrap();
        assert_eq!(weakened(&policy).len(), 1);
        policy.reset();
        assert!(weakened(&policy).is_empty());
        assert!(policy.fixes().is_empty());
        set(&policy, "cors-reflect-origin", true).unwrap();
        assert_eq!(weakened(&policy).len(), 1);
    }
}
