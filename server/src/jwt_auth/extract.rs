//! The scheme's two extractors. `BearerAccess` turns `Authorization: Bearer <token>` into
//! verified access claims — every check recorded, the denylist consulted when the policy says
//! so. `RefreshToken` takes `{"refresh_token"}` from the body and verifies it.

use std::time::Instant;

use app::api::jwt::{AccessClaims, RefreshRequest};
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;

use super::claims::RefreshClaims;
use super::jwt::Jwt;
use super::refusal::JwtRejection;
use super::refused::{Reason, Refused};
use crate::api::headers::{authorization, Authorization};
use crate::api::json::ApiJson;
use crate::guard::policy::Policy;
use crate::kit::checks::Checks;
use crate::kit::clock::LabClock;

pub struct BearerAccess {
    pub token: String,
    pub claims: AccessClaims,
    pub checks: Checks,
}

/// The token of an `Authorization: Bearer` header, or why there is none.
fn bearer_token(parts: &Parts) -> Result<&str, Refused> {
    match authorization(&parts.headers) {
        Authorization::Bearer(token) => Ok(token),
        Authorization::Missing => Err(Refused::new(
            Reason::MissingToken,
            "no Authorization: Bearer header",
        )),
        Authorization::NotAscii => Err(Refused::new(
            Reason::Malformed,
            "the Authorization header is not ASCII",
        )),
        Authorization::OtherScheme => Err(Refused::new(
            Reason::MissingToken,
            "the Authorization header is not of the Bearer scheme",
        )),
    }
}

/// Verifies an access token and, when the policy says so, looks its `jti` up on the denylist.
async fn verify_access(
    jwt: &Jwt,
    policy: &Policy,
    now: i64,
    token: &str,
    checks: &mut Checks,
) -> Result<AccessClaims, JwtRejection> {
    let claims = match jwt.verify::<AccessClaims>(now, token, checks, true) {
        Ok(claims) => claims,
        // Another node may have rotated the key: pick it up and try once more.
        Err(refused) if refused.reason == Reason::UnknownKey && reloaded(jwt, checks).await => jwt
            .verify::<AccessClaims>(now, token, checks, true)
            .map_err(|refused| JwtRejection::new(refused, std::mem::take(checks)))?,
        Err(refused) => return Err(JwtRejection::new(refused, std::mem::take(checks))),
    };
    if policy.denylist() {
        let started = Instant::now();
        let store = jwt.store();
        let found = store.denied(&claims.jti).await?;
        let outcome = match found {
            None => Ok((
                (),
                format!("jti not on the denylist (1 {} lookup)", store.name()),
            )),
            Some(reason) => Err(Refused::new(
                Reason::Revoked,
                format!("this token was revoked ({reason})"),
            )),
        };
        if let Err(refused) = checks.record("denylist", started, outcome) {
            return Err(JwtRejection::new(refused, std::mem::take(checks)));
        }
    }
    Ok(claims)
}

/// Reloads the keyring after an unknown kid, noting it as a check; true when the key changed.
async fn reloaded(jwt: &Jwt, checks: &mut Checks) -> bool {
    let started = Instant::now();
    let changed = jwt.keys().reload().await.unwrap_or(false);
    let detail = if changed {
        "another node rotated the key: picked it up"
    } else {
        "no newer key"
    };
    let _ = checks.record::<(), Refused>("key reload", started, Ok(((), detail.to_owned())));
    changed
}

impl<S> FromRequestParts<S> for BearerAccess
where
    S: Send + Sync,
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
{
    type Rejection = JwtRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let mut checks = Checks::default();
        let token = checks
            .run("bearer header", || {
                bearer_token(parts).map(|token| (token, "Authorization: Bearer …".to_owned()))
            })
            .map_err(|refused| JwtRejection::new(refused, checks.clone()))?
            .to_owned();
        let now = LabClock::from_ref(state).now().unix_timestamp();
        let claims = verify_access(
            &Jwt::from_ref(state),
            &Policy::from_ref(state),
            now,
            &token,
            &mut checks,
        )
        .await?;
        Ok(BearerAccess {
            token,
            claims,
            checks,
        })
    }
}

/// The body's refresh token, verified: signature, type and, when `LIVE`, its lifetime too
/// (logging out, or looking at a family, works with an expired one).
pub struct RefreshToken<const LIVE: bool> {
    pub claims: RefreshClaims,
    pub checks: Checks,
}

impl<S, const LIVE: bool> FromRequest<S> for RefreshToken<LIVE>
where
    S: Send + Sync,
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
{
    type Rejection = JwtRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let ApiJson(body) = ApiJson::<RefreshRequest>::from_request(request, state).await?;
        let now = LabClock::from_ref(state).now().unix_timestamp();
        let mut checks = Checks::default();
        match Jwt::from_ref(state).verify::<RefreshClaims>(
            now,
            &body.refresh_token,
            &mut checks,
            LIVE,
        ) {
            Ok(claims) => Ok(Self { claims, checks }),
            Err(refused) => Err(JwtRejection::new(refused, checks)),
        }
    }
}
