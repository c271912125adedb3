//! The CSRF lab's target: `POST /api/session/transfer` and `POST /api/jwt/transfer` "send lab
//! coins" for the logged-in user. Nothing real moves; each transfer is remembered so the page
//! can show what another site managed to do in your name. The lab mounts these routes inside
//! each scheme's own (`super::session_routes`, `super::jwt_routes`), so they pass the same
//! layers as the scheme's other routes.

use app::api::lab::TransferView;
use app::api::Scheme;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;

use super::state::Lab;
use crate::api::error::ApiError;
use crate::api::form::ApiForm;
use crate::jwt_auth::scope::CoinsSend;
use crate::jwt_auth::BearerAccess;
use crate::kit::clock::LabClock;
use crate::session_auth::SessionUser;

const MAX_AMOUNT: u32 = 1_000;

/// What a form (or the page) asks for.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TransferForm {
    pub to: String,
    pub amount: u32,
}

#[utoipa::path(post, path = "/transfer", tag = "lab",
    summary = "The CSRF lab's target, by session: moves coins as the logged-in user",
    security(("session_cookie" = []), ("session_header" = [])),
    request_body(content = TransferForm, content_type = "application/x-www-form-urlencoded", example = json!({"to": "mallory", "amount": 100})),
    responses((status = 200, description = "The transfer, and where the request came from", body = TransferView)))]
pub async fn by_session(
    State(lab): State<Lab>,
    State(clock): State<LabClock>,
    user: SessionUser,
    headers: HeaderMap,
    ApiForm(form): ApiForm<TransferForm>,
) -> Result<Json<TransferView>, ApiError> {
    let at = clock.now().unix_timestamp();
    transfer(
        &lab,
        at,
        Scheme::Session,
        &user.auth.username,
        &headers,
        form,
    )
}

#[utoipa::path(post, path = "/transfer", tag = "lab",
    summary = "The CSRF lab's target, by JWT (needs `coins:send`)",
    security(("bearer" = []), ("jwt_cookie" = [])),
    request_body(content = TransferForm, content_type = "application/x-www-form-urlencoded", example = json!({"to": "mallory", "amount": 100})),
    responses((status = 200, description = "The transfer, and where the request came from", body = TransferView)))]
pub async fn by_jwt(
    State(lab): State<Lab>,
    State(clock): State<LabClock>,
    access: BearerAccess<CoinsSend>,
    headers: HeaderMap,
    ApiForm(form): ApiForm<TransferForm>,
) -> Result<Json<TransferView>, ApiError> {
    let at = clock.now().unix_timestamp();
    transfer(&lab, at, Scheme::Jwt, &access.claims.sub, &headers, form)
}

fn transfer(
    lab: &Lab,
    at: i64,
    scheme: Scheme,
    username: &str,
    headers: &HeaderMap,
    form: TransferForm,
) -> Result<Json<TransferView>, ApiError> {
    let to = form.to.trim();
    if to.is_empty() || to.chars().count() > 32 {
        return Err(unprocessable("`to` must be 1 to 32 characters"));
    }
    if !(1..=MAX_AMOUNT).contains(&form.amount) {
        return Err(unprocessable(format!(
            "`amount` must be 1 to {MAX_AMOUNT} coins"
        )));
    }
    let site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("not sent");
    let view = TransferView {
        scheme,
        username: username.to_owned(),
        to: to.to_owned(),
        amount: form.amount,
        at,
        site: site.chars().take(20).collect(),
    };
    tracing::info!(scheme = scheme.as_str(), site = %view.site, "lab: transfer carried out");
    lab.transfers().push(view.clone());
    Ok(Json(view))
}

fn unprocessable(message: impl Into<String>) -> ApiError {
    ApiError::Rejected {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: message.into(),
    }
}
