//! What a delegated token may do. A token the page got by logging in is first-party and has no
//! `scope`: it may call every endpoint. A token another app got through the user's consent
//! carries the scopes granted, and each endpoint that accepts one names the scope it needs —
//! the rest refuse it (403, `insufficient_scope`, RFC 6750).

use app::api::jwt::AccessClaims;

use super::refused::{Reason, Refused};

/// What an endpoint asks of a delegated token: a scope, or nothing (first-party tokens only).
pub trait Needs {
    const SCOPE: Option<&'static str>;
}

/// Only first-party tokens: a delegated one is refused, whatever its scopes.
pub struct FirstParty;

/// Reading the user's profile (`/api/jwt/me`).
pub struct ProfileRead;

/// Sending the user's lab coins (`/api/jwt/transfer`).
pub struct CoinsSend;

impl Needs for FirstParty {
    const SCOPE: Option<&'static str> = None;
}

impl Needs for ProfileRead {
    const SCOPE: Option<&'static str> = Some("profile:read");
}

impl Needs for CoinsSend {
    const SCOPE: Option<&'static str> = Some("coins:send");
}

/// `None` for a first-party token (nothing to check, nothing recorded); otherwise whether the
/// delegated token's scopes include what the endpoint needs.
pub fn judge(claims: &AccessClaims, needed: Option<&str>) -> Option<Result<((), String), Refused>> {
    let scope = claims.scope.as_deref()?;
    let client = claims.client_id.as_deref().unwrap_or("another app");
    let granted = |want: &str| scope.split(' ').any(|s| s == want);
    Some(match needed {
        Some(want) if granted(want) => Ok(((), format!("{want} granted to {client}"))),
        Some(want) => Err(Refused::new(
            Reason::InsufficientScope,
            format!("this token was issued to {client} for \"{scope}\"; this endpoint needs {want}"),
        )),
        None => Err(Refused::new(
            Reason::InsufficientScope,
            format!("this token was issued to {client} for \"{scope}\"; this endpoint takes only the page's own tokens"),
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::demo::Role;

    fn claims(scope: Option<&str>) -> AccessClaims {
        AccessClaims {
            sub: "alice".into(),
            role: Role::User,
            iat: 0,
            nbf: 0,
            exp: 60,
            iss: "authlab".into(),
            aud: "authlab".into(),
            jti: "j".into(),
            token_use: "access".into(),
            rights_version: 1,
            scope: scope.map(str::to_owned),
            client_id: scope.map(|_| "partner".to_owned()),
        }
    }

    #[test]
    fn first_party_tokens_pass_and_delegated_ones_need_their_scope() {
        assert!(judge(&claims(None), None).is_none());
        assert!(judge(&claims(None), CoinsSend::SCOPE).is_none());
        let profile = claims(Some("profile:read"));
        assert!(judge(&profile, ProfileRead::SCOPE).unwrap().is_ok());
        let refused = judge(&profile, CoinsSend::SCOPE).unwrap().unwrap_err();
        assert_eq!(refused.reason, Reason::InsufficientScope);
        assert!(refused.message.contains("needs coins:send"));
        assert!(judge(&profile, FirstParty::SCOPE).unwrap().is_err());
        // A scope is a whole word: "profile:read-all" does not grant "profile:read".
        assert!(judge(&claims(Some("profile:read-all")), ProfileRead::SCOPE)
            .unwrap()
            .is_err());
    }
}
