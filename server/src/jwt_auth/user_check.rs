//! The per-user check, a fix of the rights lab: with it on, every bearer request looks the user
//! up and refuses a token signed before the user's rights last changed, or for a disabled
//! account. It is exactly the lookup a stateless token was meant to save, and the trace says so.

use std::time::Instant;

use app::api::jwt::AccessClaims;

use super::refusal::JwtRejection;
use super::refused::{Reason, Refused};
use crate::accounts::login::Accounts;
use crate::accounts::users::User;
use crate::api::error::ApiError;
use crate::kit::checks::Checks;

/// What the check makes of the token's claims against the user as stored now.
fn judge(claims: &AccessClaims, user: Option<&User>) -> Result<((), String), Refused> {
    let Some(user) = user else {
        return Err(Refused::new(
            Reason::AccountDisabled,
            "the token's user no longer exists (per-user check: 1 SQLite query)",
        ));
    };
    if user.disabled {
        return Err(Refused::new(
            Reason::AccountDisabled,
            "the account is disabled (per-user check: 1 SQLite query)",
        ));
    }
    if claims.rights_version < user.rights_version {
        let what = user.rights_change.as_deref().unwrap_or("a change");
        return Err(Refused::new(
            Reason::RightsChanged,
            format!(
                "signed under rights version {}, but the user is at version {} since: {what} (per-user check: 1 SQLite query)",
                claims.rights_version, user.rights_version
            ),
        ));
    }
    Ok((
        (),
        format!(
            "rights version {} is the user's current one (1 SQLite query)",
            user.rights_version
        ),
    ))
}

/// Looks the token's user up and records the check; refuses a stale or disabled one.
pub async fn check_user(
    accounts: &Accounts,
    claims: &AccessClaims,
    checks: &mut Checks,
) -> Result<(), JwtRejection> {
    let started = Instant::now();
    let user = accounts
        .find_by_name(&claims.sub)
        .await
        .map_err(ApiError::from)?;
    checks
        .record("per-user check", started, judge(claims, user.as_ref()))
        .map_err(|refused| JwtRejection::new(refused, std::mem::take(checks)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::demo::Role;

    fn claims(rights_version: i64) -> AccessClaims {
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
            rights_version,
            scope: None,
            client_id: None,
        }
    }

    fn alice(rights_version: i64, disabled: bool) -> User {
        User {
            id: 1,
            username: "alice".into(),
            role: Role::Admin,
            disabled,
            rights_version,
            rights_changed_at: Some(5),
            rights_change: Some("role set to admin".into()),
        }
    }

    #[test]
    fn a_token_older_than_the_users_rights_or_for_a_disabled_account_is_refused() {
        assert!(judge(&claims(2), Some(&alice(2, false))).is_ok());
        let stale = judge(&claims(1), Some(&alice(2, false))).unwrap_err();
        assert_eq!(stale.reason, Reason::RightsChanged);
        assert!(
            stale.message.contains("role set to admin"),
            "{}",
            stale.message
        );
        let disabled = judge(&claims(2), Some(&alice(2, true))).unwrap_err();
        assert_eq!(disabled.reason, Reason::AccountDisabled);
        assert_eq!(
            judge(&claims(2), None).unwrap_err().reason,
            Reason::AccountDisabled
        );
    }
}
