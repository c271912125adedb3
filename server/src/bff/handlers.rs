//! The BFF's three endpoints. Each takes the session (the browser's only credential) and works
//! with the tokens kept in its record.

use std::sync::OnceLock;
use std::time::Duration;

use app::api::bff::{BffConnectAnswer, BffLogoutAnswer, BffOrdersAnswer};
use app::api::orders::ORDERS_AUDIENCE;
use app::api::ErrorBody;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, Request, StatusCode};
use axum::Json;

use super::kept::{Kept, BFF_KEY};
use crate::accounts::login::Accounts;
use crate::accounts::users::User;
use crate::api::error::ApiError;
use crate::guard::policy::Policy;
use crate::jwt_auth::exchange::for_audience;
use crate::jwt_auth::families::{self, Ending, Rotation};
use crate::jwt_auth::tokens::{next_pair, open_family};
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::kit::http_client::{self, HttpClient};
use crate::lab::Lab;
use crate::session_auth::{handle, SessionUser};

const ORDERS_TIMEOUT: Duration = Duration::from_secs(3);
const MAX_ORDERS_BYTES: usize = 64 * 1024;

fn client() -> &'static HttpClient {
    static CLIENT: OnceLock<HttpClient> = OnceLock::new();
    CLIENT.get_or_init(http_client::client)
}

fn session_handle(user: &SessionUser) -> String {
    user.session.id().map(|id| handle(&id)).unwrap_or_default()
}

async fn kept(user: &SessionUser) -> Result<Kept, ApiError> {
    user.session
        .get::<Kept>(BFF_KEY)
        .await?
        .ok_or_else(|| ApiError::Rejected {
            status: StatusCode::CONFLICT,
            message: "this session has not connected the BFF: POST /api/bff/connect first"
                .to_owned(),
        })
}

/// Opens a refresh family for the session's user and keeps the pair in the session's record.
/// A second connect replaces (and ends) the first family.
#[utoipa::path(post, path = "/connect", tag = "bff",
    summary = "Open a token family the server keeps in the session",
    security(("session_cookie" = []), ("session_header" = [])),
    responses((status = 200, description = "A refresh family, kept in the session record: the browser never sees a token", body = BffConnectAnswer),
        (status = 403, description = "The account is disabled", body = ErrorBody)))]
pub async fn connect(
    State(jwt): State<Jwt>,
    State(accounts): State<Accounts>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    user: SessionUser,
) -> Result<Json<BffConnectAnswer>, ApiError> {
    let now = clock.now().unix_timestamp();
    let account = live_account(&accounts, &user).await?;
    if let Some(old) = user.session.get::<Kept>(BFF_KEY).await? {
        end_family(&jwt, &old.family_id, now).await?;
    }
    let issued = open_family(&jwt, &policy, &account, now).await?;
    let kept = Kept::new(issued);
    user.session.insert(BFF_KEY, &kept).await?;
    tracing::info!("bff connected");
    Ok(Json(BffConnectAnswer {
        kept: kept.view(session_handle(&user), now),
        note: "authlab keeps the access and refresh tokens in your session's record; the browser holds only the HttpOnly session cookie".to_owned(),
    }))
}

/// Calls orders with a token for orders, signed from the kept access token — refreshed first
/// when it expired (the browser never sees either).
#[utoipa::path(get, path = "/orders", tag = "bff",
    summary = "Call the orders service with a token the browser never sees",
    security(("session_cookie" = []), ("session_header" = [])),
    responses((status = 200, description = "The orders service's answer, called with a token made for it", body = BffOrdersAnswer),
        (status = 409, description = "Not connected: POST /api/bff/connect first", body = ErrorBody),
        (status = 502, description = "The orders service did not answer", body = ErrorBody)))]
pub async fn orders(
    State(jwt): State<Jwt>,
    State(accounts): State<Accounts>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    State(lab): State<Lab>,
    user: SessionUser,
) -> Result<Json<BffOrdersAnswer>, ApiError> {
    let Some(url) = lab.orders_url().map(str::to_owned) else {
        return Err(ApiError::Rejected {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: "authlab was not told where orders runs (--orders-url)".to_owned(),
        });
    };
    let now = clock.now().unix_timestamp();
    let mut kept = kept(&user).await?;
    let refreshed = kept.access.exp <= now;
    if refreshed {
        kept = refresh(&jwt, &accounts, &policy, &user, kept, now).await?;
        user.session.insert(BFF_KEY, &kept).await?;
    }
    let (token, _) = for_audience(&jwt, &policy, kept.access.clone(), ORDERS_AUDIENCE, now).await?;
    let request = Request::get(url)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .map_err(ApiError::internal)?;
    let (status, body) = http_client::send(client(), request, ORDERS_TIMEOUT, MAX_ORDERS_BYTES)
        .await
        .map_err(|why| ApiError::Rejected {
            status: StatusCode::BAD_GATEWAY,
            message: format!("orders did not answer authlab: {why}"),
        })?;
    let orders_answer = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
    Ok(Json(BffOrdersAnswer {
        orders_status: status.as_u16(),
        orders_answer,
        refreshed,
        kept: kept.view(session_handle(&user), now),
    }))
}

/// The kept refresh token, used: a new pair in the same family (or the family is over).
async fn refresh(
    jwt: &Jwt,
    accounts: &Accounts,
    policy: &Policy,
    user: &SessionUser,
    kept: Kept,
    now: i64,
) -> Result<Kept, ApiError> {
    let account = live_account(accounts, user).await?;
    jwt.keys().reload().await.map_err(ApiError::internal)?;
    let family = (kept.family_id.as_str(), kept.family_expires_at);
    let (rotation, issued) =
        next_pair(jwt, policy, &account, family, &kept.refresh_jti, now).await?;
    let why = match rotation {
        Rotation::Rotated => return Ok(kept.rotated(issued)),
        Rotation::Revoked { reason } => format!("revoked ({reason})"),
        Rotation::Expired => "expired".to_owned(),
        _ => "over".to_owned(),
    };
    Err(ApiError::unauthorized(format!(
        "the BFF's refresh family is {why}: connect again"
    )))
}

/// The session's user, re-read: a disabled account gets no tokens.
async fn live_account(accounts: &Accounts, user: &SessionUser) -> Result<User, ApiError> {
    accounts
        .find(user.auth.user_id)
        .await?
        .filter(|account| !account.disabled)
        .ok_or_else(|| ApiError::unauthorized("the account is disabled"))
}

async fn end_family(jwt: &Jwt, family_id: &str, now: i64) -> Result<bool, ApiError> {
    let Some(family) = jwt.store().family(family_id).await? else {
        return Ok(false);
    };
    if family.revoked_at.is_some() {
        return Ok(false);
    }
    families::revoke(jwt.store(), &family, Ending::Logout, now).await?;
    Ok(true)
}

/// Ends the refresh family and the session together: nothing the browser held, and nothing
/// the server kept, works afterwards.
#[utoipa::path(post, path = "/logout", tag = "bff",
    summary = "End the kept token family and the session together",
    security(("session_cookie" = []), ("session_header" = [])),
    responses((status = 200, description = "The refresh family and the session end together", body = BffLogoutAnswer)))]
pub async fn logout(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    user: SessionUser,
) -> Result<Json<BffLogoutAnswer>, ApiError> {
    let now = clock.now().unix_timestamp();
    let family_revoked = match user.session.get::<Kept>(BFF_KEY).await? {
        Some(kept) => end_family(&jwt, &kept.family_id, now).await?,
        None => false,
    };
    user.session.flush().await?;
    tracing::info!(family_revoked, "bff logout");
    Ok(Json(BffLogoutAnswer {
        session_ended: true,
        family_revoked,
        note: "the session record (with the tokens in it) is deleted and the refresh family revoked: the old cookie is dead, and nothing was ever in the page to replay".to_owned(),
    }))
}
