//! The scheme's two extractors. `BearerAccess` turns the access token — from
//! `Authorization: Bearer <token>` or from the cookie carrier's HttpOnly cookie, never both —
//! into verified access claims: every check recorded, the denylist consulted when the policy
//! says so. `RefreshToken` takes the refresh token from the body's `{"refresh_token"}` or from
//! the refresh cookie, and verifies it.

use std::marker::PhantomData;
use std::time::Instant;

use app::api::jwt::AccessClaims;
use app::api::Carrier;
use axum::body::{Body, Bytes};
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;

use super::claims::RefreshClaims;
use super::cookies::{access_name, refresh_name};
use super::jwt::Jwt;
use super::refusal::JwtRejection;
use super::refused::{Reason, Refused};
use super::scope::{self, FirstParty, Needs};
use super::user_check::check_user;
use crate::accounts::login::Accounts;
use crate::api::headers::{self, authorization, Authorization};
use crate::api::json::ApiJson;
use crate::guard::policy::{Fix, Policy};
use crate::kit::checks::Checks;
use crate::kit::clock::LabClock;

/// A verified access token, for an endpoint that needs `N` of a delegated one (by default
/// `FirstParty`: delegated tokens are refused).
pub struct BearerAccess<N: Needs = FirstParty> {
    pub token: String,
    pub claims: AccessClaims,
    pub checks: Checks,
    /// How the token arrived.
    pub carrier: Carrier,
    needs: PhantomData<N>,
}

fn ambiguous(what: &str) -> Refused {
    Refused::new(
        Reason::Ambiguous,
        format!("ambiguous: the {what} came both in the request's header or body and in its cookie; send it one way"),
    )
}

/// The access token of an `Authorization: Bearer` header or of the access cookie (when a
/// cookie name is given), or why there is none.
fn access_token<'a>(
    parts: &'a Parts,
    cookie_name: Option<&'a str>,
) -> Result<(&'a str, Carrier), Refused> {
    let cookie = cookie_name.and_then(|name| headers::cookie(&parts.headers, name));
    let cookie_name = cookie_name.unwrap_or("access");
    match (authorization(&parts.headers), cookie) {
        (Authorization::Bearer(_), Some(_)) => Err(ambiguous("access token")),
        (Authorization::Bearer(token), None) => Ok((token, Carrier::Header)),
        (_, Some(token)) => Ok((token, Carrier::Cookie)),
        (Authorization::Missing, None) => Err(Refused::new(
            Reason::MissingToken,
            format!("no Authorization: Bearer header (and no {cookie_name} cookie)"),
        )),
        (Authorization::NotAscii, None) => Err(Refused::new(
            Reason::Malformed,
            "the Authorization header is not ASCII",
        )),
        (Authorization::OtherScheme, None) => Err(Refused::new(
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
                format!("jti not on the denylist ({})", store.denylist_lookup()),
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

impl BearerAccess<FirstParty> {
    /// The access token of `Authorization: Bearer` alone, verified; cookies are not consulted.
    /// For APIs that take the caller from whichever scheme the request names explicitly (the
    /// admin API), where the browser may attach a cookie-carried token besides.
    pub async fn from_header<S>(parts: &Parts, state: &S) -> Result<Self, JwtRejection>
    where
        Jwt: FromRef<S>,
        LabClock: FromRef<S>,
        Policy: FromRef<S>,
        Accounts: FromRef<S>,
    {
        extract(parts, state, false).await
    }
}

/// Finds the access token (in the cookie too when `cookies`), and verifies it: every check
/// recorded, the denylist and the per-user check when the policy says so.
async fn extract<S, N: Needs>(
    parts: &Parts,
    state: &S,
    cookies: bool,
) -> Result<BearerAccess<N>, JwtRejection>
where
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
{
    let mut checks = Checks::default();
    let jwt = Jwt::from_ref(state);
    let cookie_name = access_name(jwt.settings());
    let found = access_token(parts, cookies.then_some(cookie_name));
    let check = match found {
        Ok((_, Carrier::Cookie)) => "jwt cookie",
        _ => "bearer header",
    };
    let (token, carrier) = checks
        .run(check, || {
            found.map(|(token, carrier)| {
                let detail = match carrier {
                    Carrier::Header => "Authorization: Bearer …".to_owned(),
                    Carrier::Cookie => format!("{cookie_name}=… (HttpOnly cookie)"),
                };
                ((token.to_owned(), carrier), detail)
            })
        })
        .map_err(|refused| JwtRejection::new(refused, checks.clone()))?;
    let now = LabClock::from_ref(state).now().unix_timestamp();
    let policy = Policy::from_ref(state);
    let claims = verify_access(&jwt, &policy, now, &token, &mut checks).await?;
    if policy.fix(Fix::JwtUserCheck) {
        check_user(&Accounts::from_ref(state), &claims, &mut checks).await?;
    }
    if let Some(outcome) = scope::judge(&claims, N::SCOPE) {
        let started = Instant::now();
        checks
            .record("scope", started, outcome)
            .map_err(|refused| JwtRejection::new(refused, std::mem::take(&mut checks)))?;
    }
    Ok(BearerAccess {
        token,
        claims,
        checks,
        carrier,
        needs: PhantomData,
    })
}

impl<S, N: Needs> FromRequestParts<S> for BearerAccess<N>
where
    S: Send + Sync,
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
    Policy: FromRef<S>,
    Accounts: FromRef<S>,
{
    type Rejection = JwtRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        extract(parts, state, true).await
    }
}

/// A body that may name a refresh token (the cookie carrier's refresh sends `{}` or nothing).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MaybeRefresh {
    refresh_token: Option<String>,
}

/// The refresh token, from the body or the refresh cookie, verified: signature, type and,
/// when `LIVE`, its lifetime too (logging out, or looking at a family, works with an expired
/// one). With the cookie, the body may be empty.
pub struct RefreshToken<const LIVE: bool> {
    pub claims: RefreshClaims,
    pub checks: Checks,
    pub carrier: Carrier,
}

impl<S, const LIVE: bool> FromRequest<S> for RefreshToken<LIVE>
where
    S: Send + Sync,
    Jwt: FromRef<S>,
    LabClock: FromRef<S>,
{
    type Rejection = JwtRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let jwt = Jwt::from_ref(state);
        let (parts, body) = request.into_parts();
        let cookie =
            headers::cookie(&parts.headers, refresh_name(jwt.settings())).map(str::to_owned);
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|rejection| crate::api::error::ApiError::Rejected {
                status: rejection.status(),
                message: "the body is too large or unreadable".to_owned(),
            })?;
        let request = Request::from_parts(parts, Body::from(bytes.clone()));
        // The body may be empty, `{}`, or hold the token (ambiguously, when the cookie came
        // too). No token anywhere is a 401 that says so, not a complaint about the JSON.
        let in_body = if bytes.is_empty() {
            None
        } else {
            let ApiJson(body) = ApiJson::<MaybeRefresh>::from_request(request, state).await?;
            body.refresh_token
        };
        let mut checks = Checks::default();
        let (token, carrier) = match (in_body, cookie) {
            (Some(_), Some(_)) => {
                let refused = ambiguous("refresh token");
                let _ =
                    checks.record::<(), _>("refresh token", Instant::now(), Err(refused.clone()));
                return Err(JwtRejection::new(refused, checks));
            }
            (Some(token), None) => (token, Carrier::Header),
            (None, Some(token)) => (token, Carrier::Cookie),
            (None, None) => {
                let refused = Refused::new(
                    Reason::MissingToken,
                    "no refresh token: no refresh cookie, and none in the body",
                );
                return Err(JwtRejection::new(refused, checks));
            }
        };
        let now = LabClock::from_ref(state).now().unix_timestamp();
        match jwt.verify::<RefreshClaims>(now, &token, &mut checks, LIVE) {
            Ok(claims) => Ok(Self {
                claims,
                checks,
                carrier,
            }),
            Err(refused) => Err(JwtRejection::new(refused, checks)),
        }
    }
}
