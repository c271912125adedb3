//! Who calls the admin and account APIs, from either scheme and either carrier.
//!
//! The credential the request names explicitly wins: an `Authorization: Bearer` header is the
//! caller even when the browser attached a cookie besides (the page's admin console sends bob's
//! token while alice's cookies ride along). Otherwise the session (cookie or `X-Session-Id`),
//! then a cookie-carried access token. The user is then read from the users table, never from
//! the credential: rights to change rights must not be stale.

use app::api::Carrier;
use app::demo::Role;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::accounts::login::Accounts;
use crate::accounts::users::User;
use crate::api::error::ApiError;
use crate::api::headers::{authorization, Authorization};
use crate::guard::policy::Policy;
use crate::jwt_auth::{BearerAccess, Jwt};
use crate::kit::clock::LabClock;
use crate::session_auth::{SessionUser, Sessions};

/// The caller, as the users table holds them now, and how they were identified.
pub struct Caller {
    pub user: User,
    pub via: &'static str,
}

/// A caller who is an admin now.
pub struct Admin(pub Caller);

/// The caller's name and the credential that named them.
async fn identify<S>(parts: &mut Parts, state: &S) -> Result<(String, &'static str), Response>
where
    S: Send + Sync,
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
    Sessions: FromRef<S>,
{
    if matches!(authorization(&parts.headers), Authorization::Bearer(_)) {
        let access = BearerAccess::from_header(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        return Ok((access.claims.sub, "Authorization: Bearer"));
    }
    if let Ok(user) = SessionUser::from_request_parts(parts, state).await {
        let via = match parts.extensions.get::<Carrier>() {
            Some(Carrier::Header) => "X-Session-Id",
            _ => "the session cookie",
        };
        return Ok((user.auth.username, via));
    }
    match <BearerAccess>::from_request_parts(parts, state).await {
        Ok(access) => Ok((access.claims.sub, "the JWT cookie")),
        Err(_) => Err(ApiError::unauthorized(
            "log in first: a session (cookie or X-Session-Id) or an access token (Authorization: Bearer or the JWT cookie)",
        )
        .into_response()),
    }
}

impl<S> FromRequestParts<S> for Caller
where
    S: Send + Sync,
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
    Sessions: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let (username, via) = identify(parts, state).await?;
        let user = Accounts::from_ref(state)
            .find_by_name(&username)
            .await
            .map_err(|err| ApiError::from(err).into_response())?;
        match user {
            Some(user) if !user.disabled => Ok(Caller { user, via }),
            _ => Err(ApiError::Forbidden("this account is disabled".into()).into_response()),
        }
    }
}

impl<S> FromRequestParts<S> for Admin
where
    S: Send + Sync,
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
    Sessions: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        if caller.user.role != Role::Admin {
            let message = format!(
                "only an admin may change users' rights: {} is a {} (read from the users table now)",
                caller.user.username,
                caller.user.role.as_str()
            );
            return Err(ApiError::Forbidden(message).into_response());
        }
        Ok(Admin(caller))
    }
}
