//! `SessionUser`: the extractor that turns a request's session into a logged-in user, enforcing
//! the idle and absolute timeouts on the lab clock, and marking the session used.
//! `MaybeSessionUser` is the same for endpoints an anonymous visitor may call too.

use std::time::Instant;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use tower_sessions::Session;

use super::carrier::Live;
use super::record::{AuthSession, AUTH_KEY};
use super::sessions::Sessions;
use crate::accounts::login::Accounts;
use crate::api::error::ApiError;
use crate::guard::policy::{Fix, Policy};
use crate::kit::checks::note_since;
use crate::kit::clock::LabClock;

pub struct SessionUser {
    pub session: Session,
    pub auth: AuthSession,
}

pub struct MaybeSessionUser(pub Option<SessionUser>);

/// The request's logged-in user, `Ok(Err(reason))` when there is none. A store failure is an
/// error of its own: it must never read as "logged in" (nor silently as "logged out").
async fn resolve<S>(parts: &Parts, state: &S) -> Result<Result<SessionUser, &'static str>, ApiError>
where
    LabClock: FromRef<S>,
    Sessions: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
{
    let started = Instant::now();
    let Some(session) = parts.extensions.get::<Session>().cloned() else {
        return Ok(Err("no session"));
    };
    if session.id().is_none() {
        note_since(
            "session cookie",
            started,
            false,
            "none with a valid signature",
        );
        return Ok(Err("no live session: log in first"));
    }
    note_since("session cookie", started, true, "signature valid (HMAC)");
    let Some(mut auth) = session.get::<AuthSession>(AUTH_KEY).await? else {
        return Ok(Err("no live session: log in first"));
    };
    let started = Instant::now();
    let sessions = Sessions::from_ref(state);
    let settings = sessions.settings();
    let now = LabClock::from_ref(state).now();
    if let Err(ended) = auth.check(settings, now) {
        note_since("idle / absolute timeout", started, false, ended.reason());
        session.flush().await?;
        return Ok(Err(ended.reason()));
    }
    let left = auth
        .idle_expires_at(settings)
        .min(auth.absolute_expires_at(settings))
        - now.unix_timestamp();
    note_since(
        "idle / absolute timeout",
        started,
        true,
        format!("{left} s left"),
    );
    let load = Policy::from_ref(state).fix(Fix::SessionLoadUser);
    if load {
        if let Err(reason) = load_user(&Accounts::from_ref(state), &mut auth).await? {
            session.flush().await?;
            return Ok(Err(reason));
        }
    }
    // Written back only when something changed: the store is not written per request.
    if auth.touch(now, settings) || load {
        session.insert(AUTH_KEY, &auth).await?;
    }
    if let Some(live) = parts.extensions.get::<Live>() {
        live.mark();
    }
    Ok(Ok(SessionUser { session, auth }))
}

/// The rights lab's "load the user on each request" fix: the record's copy of the role is
/// replaced by the users table's, and a disabled account's session ends. One query per request.
async fn load_user(
    accounts: &Accounts,
    auth: &mut AuthSession,
) -> Result<Result<(), &'static str>, ApiError> {
    let started = Instant::now();
    let user = accounts.find(auth.user_id).await?;
    let Some(user) = user.filter(|user| !user.disabled) else {
        note_since(
            "user lookup",
            started,
            false,
            "the account is disabled: session ended (1 SQLite query)",
        );
        return Ok(Err("the account is disabled"));
    };
    let detail = if user.role == auth.role {
        format!(
            "role {} as the record says (1 SQLite query)",
            user.role.as_str()
        )
    } else {
        format!(
            "role {} from the users table; the record's copy said {} (1 SQLite query)",
            user.role.as_str(),
            auth.role.as_str()
        )
    };
    note_since("user lookup", started, true, detail);
    auth.role = user.role;
    Ok(Ok(()))
}

impl<S> FromRequestParts<S> for SessionUser
where
    S: Send + Sync,
    LabClock: FromRef<S>,
    Sessions: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        resolve(parts, state).await?.map_err(ApiError::unauthorized)
    }
}

impl<S> FromRequestParts<S> for MaybeSessionUser
where
    S: Send + Sync,
    LabClock: FromRef<S>,
    Sessions: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeSessionUser(resolve(parts, state).await?.ok()))
    }
}
