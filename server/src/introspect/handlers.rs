//! `POST /api/introspect` (orders asks about a credential) and `POST /api/revoke` (a token's
//! holder ends it).

use app::api::jwt::{Refusal, RevokeAnswer};
use app::api::orders::{Introspection, RevokeRequest, SESSION_COOKIE_HINT};
use app::api::ErrorBody;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::client::Clients;
use super::lookup;
use crate::api::error::ApiError;
use crate::api::form::ApiForm;
use crate::api::json::ApiJson;
use crate::guard::policy::Policy;
use crate::jwt_auth::{Jwt, Reason};
use crate::kit::checks::Checks;
use crate::kit::clock::LabClock;
use crate::session_auth::Sessions;

/// RFC 7662's request: the credential, and what the caller thinks it is.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct IntrospectForm {
    token: String,
    token_type_hint: Option<String>,
}

/// The stable code of a token refusal (`revoked`, `expired`, …).
fn code(reason: Reason) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| "invalid".to_owned())
}

/// A caller that is not a registered service: 401 with the Basic challenge (RFC 7662 §2.1).
fn invalid_client(why: &str) -> Response {
    let body = serde_json::json!({ "error": format!("invalid_client: {why}"), "reason": "invalid_client" });
    let mut response = (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"authlab introspection\""),
    );
    response
}

#[utoipa::path(post, path = "/introspect", tag = "services",
    summary = "RFC 7662: is this token (or session id) live? For services, with client credentials",
    request_body(content = IntrospectForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "`{\"active\": false}` for anything not live, else its claims", body = Introspection),
        (status = 401, description = "`invalid_client`: no or wrong client credentials (HTTP Basic)", body = ErrorBody,
            headers(("www-authenticate" = String, description = "`Basic realm=\"authlab introspection\"`")))))]
pub async fn introspect(
    State(clients): State<Clients>,
    State(sessions): State<Sessions>,
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    headers: HeaderMap,
    ApiForm(form): ApiForm<IntrospectForm>,
) -> Result<Response, ApiError> {
    let mut checks = Checks::default();
    let client = checks.run("client", || {
        clients
            .authenticate(&headers)
            .map(|id| (id, format!("{id}, by its client secret (HTTP Basic)")))
    });
    if let Err(why) = client {
        return Ok(invalid_client(why));
    }
    // A JWT has three dot-separated parts; a signed session id has none.
    let is_session = match form.token_type_hint.as_deref() {
        Some(SESSION_COOKIE_HINT) => true,
        Some(_) => false,
        None => !form.token.contains('.'),
    };
    let now = clock.now();
    let answer = if is_session {
        lookup::session(&sessions, now, &form.token, checks).await?
    } else {
        let now = now.unix_timestamp();
        match lookup::access(&jwt, now, &form.token, &mut checks).await? {
            Ok(claims) => Introspection {
                active: true,
                sub: Some(claims.sub),
                token_type: Some("access_token".to_owned()),
                aud: Some(claims.aud),
                exp: Some(claims.exp),
                reason: None,
                checks: checks.into_vec(),
            },
            Err(refused) => Introspection {
                active: false,
                sub: None,
                token_type: Some("access_token".to_owned()),
                aud: None,
                exp: None,
                reason: Some(code(refused.reason)),
                checks: checks.into_vec(),
            },
        }
    };
    tracing::info!(active = answer.active, "introspection answered");
    Ok(Json(answer).into_response())
}

/// Puts a token made for any of authlab's audiences on the denylist: whoever holds it may end
/// it. A token that does not verify is refused with its reason.
#[utoipa::path(post, path = "/revoke", tag = "services",
    summary = "Revoke a token (RFC 7009 style), by whoever holds it",
    request_body = RevokeRequest,
    responses((status = 200, description = "The token is on the denylist", body = RevokeAnswer),
        (status = 401, description = "The token does not verify: refused with its reason", body = Refusal)))]
pub async fn revoke(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    ApiJson(request): ApiJson<RevokeRequest>,
) -> Result<Json<RevokeAnswer>, ApiError> {
    let now = clock.now().unix_timestamp();
    let mut checks = Checks::default();
    let claims = match lookup::access(&jwt, now, &request.token, &mut checks).await? {
        Ok(claims) => claims,
        Err(refused) if refused.reason == Reason::Revoked => {
            return Err(ApiError::Rejected {
                status: StatusCode::CONFLICT,
                message: "already revoked".to_owned(),
            })
        }
        Err(refused) => {
            return Err(ApiError::Rejected {
                status: StatusCode::BAD_REQUEST,
                message: format!("{}: {}", code(refused.reason), refused.message),
            })
        }
    };
    jwt.store()
        .deny(&claims.jti, claims.exp, "revoked by its holder", now)
        .await?;
    tracing::info!(aud = %claims.aud, "token revoked by its holder");
    Ok(Json(RevokeAnswer {
        revoked: claims.jti,
        denylist_enabled: policy.denylist(),
        note: format!(
            "on authlab's denylist; a service that verifies offline ({}) still accepts it until exp, unless it asks authlab",
            claims.aud
        ),
    }))
}
