//! `/api/jwt/login`, `/refresh`, `/logout`: a token pair's life, handed over the way the page
//! asked — in the body for its script to keep, or in HttpOnly cookies.

use std::time::Instant;

use app::api::jwt::{CookiePair, JwtLogoutAnswer, RefreshRequest, Refusal, TokenPair};
use app::api::session::Credentials;
use app::api::{Carrier, ErrorBody};
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::cookies::{access_name, pair_cookies, removal_cookies};
use super::extract::RefreshToken;
use super::families::{self, Ending, Rotation};
use super::issue::{issue, random_id, Issued, Subject};
use super::jwt::Jwt;
use super::refusal::JwtRejection;
use super::refused::{Reason, Refused};
use super::store::{NewFamily, Next};
use crate::accounts::login::Accounts;
use crate::accounts::users::User;
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::json::ApiJson;
use crate::guard::policy::Policy;
use crate::kit::checks::Checks;
use crate::kit::clock::LabClock;
use crate::kit::handles::short;

/// What a login or a refresh answers: the pair itself (header carrier), or, with the cookie
/// carrier, a description of the two cookies that hold it.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum HandedOver {
    Pair(TokenPair),
    Cookies(CookiePair),
}

/// The pair as the carrier hands it over: in the body for the page's script to keep, or in
/// HttpOnly cookies (the body then only describes them: page script never sees a token).
fn hand_over(
    jwt: &Jwt,
    policy: &Policy,
    carrier: Carrier,
    pair: TokenPair,
) -> Result<Response, ApiError> {
    match carrier {
        Carrier::Header => Ok(Json(HandedOver::Pair(pair)).into_response()),
        Carrier::Cookie => {
            let cookies = pair_cookies(jwt.settings(), policy.samesite(), &pair)?;
            let answer = CookiePair {
                carrier,
                expires_in: pair.expires_in,
                cookies: cookies.iter().map(|(_, view)| view.clone()).collect(),
            };
            let mut response = Json(HandedOver::Cookies(answer)).into_response();
            for (cookie, _) in cookies {
                response.headers_mut().append(SET_COOKIE, cookie);
            }
            Ok(response)
        }
    }
}

#[tracing::instrument(skip_all, fields(username = %credentials.username))]
#[utoipa::path(post, path = "/login", tag = "jwt",
    summary = "Log in: a signed access token and a refresh token",
    request_body(content = Credentials, example = json!({"username": "alice", "password": "wonderland"})),
    responses(
        (status = 200, description = "A signed pair. Header carrier (the default): both tokens in the body, for the page to keep and send as `Authorization: Bearer`. With `\"carrier\": \"cookie\"`: no token in the body, both in HttpOnly cookies.", body = HandedOver,
            headers(("set-cookie" = String, description = "Cookie carrier only: `authlab_jwt` (the access token, Path=/api) and `authlab_jwt_refresh` (Path=/api/jwt), HttpOnly"))),
        (status = 401, description = "`invalid credentials`: one answer for an unknown user and a wrong password", body = ErrorBody),
        (status = 429, description = "Too many failed logins from this client", body = ErrorBody, headers(("retry-after" = u32, description = "Seconds to wait"))),
    ))]
pub async fn login(
    State(jwt): State<Jwt>,
    State(accounts): State<Accounts>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    client: Client,
    headers: HeaderMap,
    ApiJson(credentials): ApiJson<Credentials>,
) -> Result<Response, ApiError> {
    let carrier = credentials.carrier.unwrap_or(Carrier::Header);
    let had_cookie = crate::api::headers::cookie(&headers, access_name(jwt.settings())).is_some();
    let user = accounts
        .authenticate(clock.now().unix_timestamp(), client.addr, &credentials)
        .await?;
    let issued = open_family(&jwt, &policy, &user, clock.now().unix_timestamp()).await?;
    tracing::info!(
        role = user.role.as_str(),
        carrier = carrier.as_str(),
        "jwt login"
    );
    let mut response = hand_over(&jwt, &policy, carrier, issued.pair)?;
    if carrier == Carrier::Header && had_cookie {
        // Moving to the header carrier: the old cookies must go, or every request would carry
        // a token both ways.
        for cookie in removal_cookies(jwt.settings()) {
            response.headers_mut().append(SET_COOKIE, cookie);
        }
    }
    Ok(response)
}

/// Signs a pair for `user` at `now` and opens its refresh family: a login, or the BFF taking
/// tokens to keep for a session.
pub async fn open_family(
    jwt: &Jwt,
    policy: &Policy,
    user: &User,
    now: i64,
) -> Result<Issued, ApiError> {
    // Sign with the newest key, even if another node rotated it.
    jwt.keys().reload().await.map_err(ApiError::internal)?;
    let settings = jwt.settings();
    let family_id = random_id()?;
    let family_expires_at = now + settings.refresh_ttl.whole_seconds();
    let subject = Subject {
        username: &user.username,
        role: user.role,
        rights_version: user.rights_version,
        family_id: &family_id,
        family_expires_at,
    };
    let issued = issue(
        &jwt.keys().current(),
        settings,
        &subject,
        now,
        jwt.access_ttl(policy),
    )?;
    jwt.store()
        .create_family(NewFamily {
            id: &family_id,
            user_id: user.id,
            username: &user.username,
            refresh_jti: &issued.refresh.jti,
            access_jti: &issued.access.jti,
            access_exp: issued.access.exp,
            now,
            expires_at: family_expires_at,
        })
        .await?;
    Ok(issued)
}

/// Signs the next pair of `family` (its id and end) for `user` and swaps it in, if and only if
/// `presented` is the family's current refresh token: a refresh, or the BFF refreshing unseen.
/// The pair counts only when the rotation says `Rotated`.
pub async fn next_pair(
    jwt: &Jwt,
    policy: &Policy,
    user: &User,
    (family_id, family_expires_at): (&str, i64),
    presented: &str,
    now: i64,
) -> Result<(Rotation, Issued), ApiError> {
    let subject = Subject {
        username: &user.username,
        role: user.role,
        rights_version: user.rights_version,
        family_id,
        family_expires_at,
    };
    let issued = issue(
        &jwt.keys().current(),
        jwt.settings(),
        &subject,
        now,
        jwt.access_ttl(policy),
    )?;
    let next = Next {
        refresh_jti: &issued.refresh.jti,
        access_jti: &issued.access.jti,
        access_exp: issued.access.exp,
    };
    let rotation = families::rotate(jwt.store(), family_id, presented, next, now).await?;
    Ok((rotation, issued))
}

/// Records the refresh family's check as refused, and answers with every check so far.
fn refuse(mut checks: Checks, started: Instant, refused: Refused) -> JwtRejection {
    let _ = checks.record::<(), _>("refresh family", started, Err(refused.clone()));
    JwtRejection::new(refused, checks)
}

/// Swaps a refresh token for a new pair, handed over the way the old one came (with the cookie
/// carrier the server rotates both cookies). A used one revokes its whole family.
#[utoipa::path(post, path = "/refresh", tag = "jwt",
    summary = "Swap the refresh token for a new pair (a reused one ends its family)",
    security(("refresh_cookie" = []), ()),
    request_body(content = Option<RefreshRequest>, description = "The refresh token (header carrier); empty with the refresh cookie", example = json!({"refresh_token": "$REFRESH"})),
    responses((status = 200, description = "A new pair, handed over the way the old one came; the used refresh token is spent (using it again revokes the family)", body = HandedOver,
        headers(("set-cookie" = String, description = "Cookie carrier only: both cookies rotated"))),
        (status = 401, description = "The refresh token was refused (expired, reused, revoked family…)", body = Refusal)))]
pub async fn refresh(
    State(jwt): State<Jwt>,
    State(accounts): State<Accounts>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    RefreshToken {
        claims,
        mut checks,
        carrier,
    }: RefreshToken<true>,
) -> Result<Response, JwtRejection> {
    let started = Instant::now();
    let now = clock.now().unix_timestamp();
    let Some(family) = jwt.store().family(&claims.fam).await? else {
        let refused = Refused::new(
            Reason::UnknownFamily,
            "this refresh token's family is unknown",
        );
        return Err(refuse(checks, started, refused));
    };
    let Some(user) = accounts
        .find(family.user_id)
        .await
        .map_err(ApiError::from)?
    else {
        let refused = Refused::new(Reason::UnknownFamily, "the family's user no longer exists");
        return Err(refuse(checks, started, refused));
    };
    // A refresh re-reads the user: a disabled account gets no new pair, a changed role shows
    // up in the next one.
    if user.disabled {
        let refused = Refused::new(
            Reason::AccountDisabled,
            "the account is disabled: a refresh re-reads the user and signs nothing for it",
        );
        return Err(refuse(checks, started, refused));
    }
    let (rotation, issued) = next_pair(
        &jwt,
        &policy,
        &user,
        (&family.id, family.expires_at),
        &claims.jti,
        now,
    )
    .await?;
    let refused = match rotation {
        Rotation::Rotated => {
            let detail = format!("family {} rotated ({} → {})", short(&family.id), short(&claims.jti), short(&issued.refresh.jti));
            let _ = checks.record("refresh family", started, Ok::<_, Refused>(((), detail)));
            return Ok(hand_over(&jwt, &policy, carrier, issued.pair)?);
        }
        Rotation::ReuseDetected => Refused::new(
            Reason::RefreshReused,
            "this refresh token was already used: someone may hold a copy, so its whole family is revoked now",
        ),
        Rotation::Revoked { reason } => Refused::new(
            Reason::FamilyRevoked,
            format!("this refresh token's family was revoked ({reason})"),
        ),
        Rotation::Expired => Refused::new(
            Reason::FamilyExpired,
            "the family reached its absolute lifetime: log in again",
        ),
        Rotation::Unknown => Refused::new(Reason::UnknownFamily, "this refresh token's family is unknown"),
    };
    Err(refuse(checks, started, refused))
}

/// Forgets the refresh family (and with the cookie carrier, both cookies). The access token is
/// NOT revoked: it works until `exp` — a copy of the cookie too.
#[utoipa::path(post, path = "/logout", tag = "jwt",
    summary = "Log out: forget the refresh family (the access token lives on until exp)",
    security(("refresh_cookie" = []), ()),
    request_body(content = Option<RefreshRequest>, description = "The refresh token (header carrier); empty with the refresh cookie", example = json!({"refresh_token": "$REFRESH"})),
    responses((status = 200, description = "The refresh family is forgotten. The access token still works until `exp`.", body = JwtLogoutAnswer,
        headers(("set-cookie" = String, description = "Cookie carrier only: both cookies removed"))),
        (status = 401, description = "The refresh token was refused", body = Refusal)))]
pub async fn logout(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    RefreshToken {
        claims, carrier, ..
    }: RefreshToken<false>,
) -> Result<Response, JwtRejection> {
    let now = clock.now().unix_timestamp();
    let family = jwt.store().family(&claims.fam).await?;
    if let Some(family) = &family {
        families::revoke(jwt.store(), family, Ending::Logout, now).await?;
    }
    let mut response = Json(JwtLogoutAnswer {
        logged_out: family.is_some(),
        family: short(&claims.fam),
        note:
            "the refresh family is over; an access token already issued still works until its exp"
                .to_owned(),
    })
    .into_response();
    if carrier == Carrier::Cookie {
        for cookie in removal_cookies(jwt.settings()) {
            response.headers_mut().append(SET_COOKIE, cookie);
        }
    }
    Ok(response)
}
