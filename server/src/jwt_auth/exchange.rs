//! `POST /api/jwt/exchange`: a token for another service, in exchange for the caller's own
//! access token (after RFC 8693's token exchange). The new token names only that service in
//! `aud`, so neither service accepts the other's token; it lives no longer than the token it
//! was exchanged for, and it is denylisted with it only by its own `jti`.

use app::api::jwt::AccessClaims;
use app::api::orders::{ExchangeAnswer, ExchangeRequest, ORDERS_AUDIENCE};
use app::api::ErrorBody;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use super::claims::TokenUse;
use super::extract::BearerAccess;
use super::issue::{random_id, sign};
use super::jwt::Jwt;
use crate::api::error::ApiError;
use crate::api::json::ApiJson;
use crate::guard::policy::Policy;
use crate::kit::clock::LabClock;

/// The services authlab signs tokens for besides its own API.
const AUDIENCES: [&str; 1] = [ORDERS_AUDIENCE];

#[utoipa::path(post, path = "/exchange", tag = "services",
    summary = "Exchange this token for one made for another service (its audience)",
    security(("bearer" = []), ("jwt_cookie" = [])),
    request_body = ExchangeRequest,
    responses((status = 200, description = "A token for the other service (its audience), living no longer than this one", body = ExchangeAnswer),
        (status = 400, description = "An unknown audience", body = ErrorBody)))]
pub async fn exchange(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    access: BearerAccess,
    ApiJson(request): ApiJson<ExchangeRequest>,
) -> Result<Json<ExchangeAnswer>, ApiError> {
    let Some(audience) = AUDIENCES
        .into_iter()
        .find(|known| *known == request.audience)
    else {
        return Err(ApiError::Rejected {
            status: StatusCode::BAD_REQUEST,
            message: format!(
                "invalid_target: authlab signs tokens for {} only, not {:?}",
                AUDIENCES.join(", "),
                request.audience
            ),
        });
    };
    let now = clock.now().unix_timestamp();
    let (token, exp) = for_audience(&jwt, &policy, access.claims, audience, now).await?;
    tracing::info!(audience, "token exchanged for another service");
    Ok(Json(ExchangeAnswer {
        access_token: token,
        token_type: "Bearer".to_owned(),
        expires_in: exp - now,
        audience: audience.to_owned(),
    }))
}

/// `claims` signed again for `audience` at `now` with a new `jti`, living no longer than they
/// did: the token and its `exp`.
pub async fn for_audience(
    jwt: &Jwt,
    policy: &Policy,
    mut claims: AccessClaims,
    audience: &str,
    now: i64,
) -> Result<(String, i64), ApiError> {
    // Sign with the newest key, even if another node rotated it.
    jwt.keys().reload().await.map_err(ApiError::internal)?;
    claims.iat = now;
    claims.nbf = now;
    claims.exp = claims.exp.min(now + jwt.access_ttl(policy));
    claims.aud = audience.to_owned();
    claims.jti = random_id()?;
    let token = sign(&jwt.keys().current(), TokenUse::Access, &claims)?;
    Ok((token, claims.exp))
}
