//! What a change of rights does to the credentials already out, in each scheme — what the
//! server does about it (by the rights lab's fixes), and what it cannot do, said plainly.

use std::convert::Infallible;

use app::api::admin::UserRow;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;

use crate::accounts::login::Accounts;
use crate::accounts::rights::Change;
use crate::accounts::users::User;
use crate::api::error::ApiError;
use crate::guard::policy::{Fix, Policy};
use crate::jwt_auth::families::{self, Ending};
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::session_auth::sweep::{logins, sweep, Sweep};
use crate::session_auth::Sessions;

/// The slices a change of rights reaches, taken from the state by one extractor.
pub struct Reach {
    pub accounts: Accounts,
    pub sessions: Sessions,
    pub jwt: Jwt,
    pub policy: Policy,
    pub clock: LabClock,
}

impl<S> FromRequestParts<S> for Reach
where
    S: Send + Sync,
    Accounts: FromRef<S>,
    Sessions: FromRef<S>,
    Jwt: FromRef<S>,
    Policy: FromRef<S>,
    LabClock: FromRef<S>,
{
    type Rejection = Infallible;

    async fn from_request_parts(_: &mut Parts, state: &S) -> Result<Self, Infallible> {
        Ok(Reach {
            accounts: Accounts::from_ref(state),
            sessions: Sessions::from_ref(state),
            jwt: Jwt::from_ref(state),
            policy: Policy::from_ref(state),
            clock: LabClock::from_ref(state),
        })
    }
}

/// The user's row: the table's rights beside what the live credentials carry.
pub async fn row(reach: &Reach, user: &User, now: i64) -> Result<UserRow, ApiError> {
    let session_roles = logins(&reach.sessions)
        .await?
        .into_iter()
        .filter(|(_, auth)| auth.user_id == user.id)
        .map(|(_, auth)| auth.role)
        .collect();
    let live_families = reach.jwt.store().user_families(user.id, now).await?.len();
    Ok(UserRow {
        username: user.username.clone(),
        role: user.role,
        disabled: user.disabled,
        rights_version: user.rights_version,
        rights_changed_at: user.rights_changed_at,
        rights_change: user.rights_change.clone(),
        session_roles,
        live_families,
    })
}

/// Applies the change's consequences to the user's live sessions; says what happened.
pub async fn on_sessions(reach: &Reach, user: &User, change: &Change) -> Result<String, ApiError> {
    let update = reach.policy.fix(Fix::SessionUpdateAtChange);
    let load = reach.policy.fix(Fix::SessionLoadUser);
    let live = |n: usize| format!("{n} live session{}", if n == 1 { "" } else { "s" });
    Ok(match change {
        Change::Password(_) => {
            let ended = sweep(&reach.sessions, user.id, Sweep::End).await?;
            format!("{} ended: a password change ends every session of the user (the server has them all)", live(ended))
        }
        Change::Disabled(false) => "nothing to fix: the user can log in again".to_owned(),
        Change::Disabled(true) if update => {
            let ended = sweep(&reach.sessions, user.id, Sweep::End).await?;
            format!(
                "{} ended at the change (fix: update sessions at the change)",
                live(ended)
            )
        }
        Change::Role(role) if update => {
            let n = sweep(&reach.sessions, user.id, Sweep::Role(*role)).await?;
            format!(
                "{} rewritten: each record now says role {} (fix: update sessions at the change)",
                live(n),
                role.as_str()
            )
        }
        Change::Disabled(true) | Change::Role(_) => {
            let n = count(reach, user).await?;
            let s = if n == 1 { "s" } else { "" };
            if load {
                format!("{} still hold{s} a copy, but every request re-reads the user (fix: load the user on each request, 1 query per request)", live(n))
            } else {
                format!("{} still hold{s} a copy made at login: stale until each session ends — the server could fix them, it has them all", live(n))
            }
        }
    })
}

async fn count(reach: &Reach, user: &User) -> Result<usize, ApiError> {
    Ok(logins(&reach.sessions)
        .await?
        .iter()
        .filter(|(_, auth)| auth.user_id == user.id)
        .count())
}

/// Applies the change's consequences to the user's tokens; says what happened and what will.
pub async fn on_tokens(
    reach: &Reach,
    user: &User,
    change: &Change,
    now: i64,
) -> Result<String, ApiError> {
    let store = reach.jwt.store();
    let families = store.user_families(user.id, now).await?;
    let mut said = Vec::new();
    if let Change::Password(_) = change {
        for family in &families {
            families::revoke(store, family, Ending::PasswordChanged, now).await?;
        }
        said.push(format!(
            "{} refresh famil{} revoked: no refresh after a password change",
            families.len(),
            if families.len() == 1 { "y" } else { "ies" }
        ));
    }
    let tightens = !matches!(change, Change::Disabled(false));
    if tightens && reach.policy.fix(Fix::JwtDenyAtChange) {
        let mut denied = 0;
        for family in families
            .iter()
            .filter(|family| family.last_access_exp > now)
        {
            store
                .deny(
                    &family.last_access_jti,
                    family.last_access_exp,
                    "rights changed",
                    now,
                )
                .await?;
            denied += 1;
        }
        let checked = if reach.policy.denylist() {
            ""
        } else {
            " (but denylist checking is off)"
        };
        said.push(format!("{denied} outstanding access token{} put on the denylist{checked} — only the last one of each family is known to the server", if denied == 1 { "" } else { "s" }));
    }
    let latest = families.iter().map(|family| family.last_access_exp).max();
    let out = match latest {
        Some(exp) if exp > now => format!(
            "access tokens already out keep their claims until exp (the last in {} s)",
            exp - now
        ),
        _ => "no access token of the user is out".to_owned(),
    };
    if reach.policy.fix(Fix::JwtUserCheck) {
        said.push(format!("the per-user check refuses every token signed before rights version {} (1 query per request)", user.rights_version));
    } else if tightens {
        said.push(out);
    }
    said.push(match change {
        Change::Role(role) => format!(
            "the next refresh re-reads the user and signs role {}",
            role.as_str()
        ),
        Change::Disabled(true) => "a refresh is refused: the account is disabled".to_owned(),
        Change::Disabled(false) => "refresh works again".to_owned(),
        Change::Password(_) => "the user logs in again with the new password".to_owned(),
    });
    Ok(said.join("; "))
}
