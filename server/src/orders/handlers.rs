//! The orders service's handlers: the caller's orders (a bearer token verified offline), the
//! key copy, health.

use app::api::orders::{KeyCacheView, OrdersAnswer, OrdersRefusal};
use app::api::Health;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::data;
use super::keys::KeyCache;
use super::state::OrdersState;
use super::verify::{verify, Refusal};
use crate::api::headers::{authorization, Authorization};
use crate::kit::checks::Checks;

pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
    })
}

pub async fn keys(State(keys): State<KeyCache>) -> Json<KeyCacheView> {
    Json(keys.view())
}

/// `GET /api/orders`: whose orders the token says, without asking authlab.
pub async fn orders(State(state): State<OrdersState>, headers: HeaderMap) -> Response {
    let mut checks = Checks::default();
    let fetches_before = state.keys.view().fetches;
    let token = match authorization(&headers) {
        Authorization::Bearer(token) => token,
        _ => {
            let refusal = Refusal {
                reason: "missing_token",
                message: "no Authorization: Bearer header: orders takes a token for orders, and no cookie (it is not authlab: authlab's session means nothing here without a call back)".to_owned(),
            };
            return refused(StatusCode::UNAUTHORIZED, refusal, checks, &state.keys);
        }
    };
    match verify(token, &state.keys, &state.expect, &mut checks).await {
        Ok(claims) => {
            let keys = state.keys.view();
            let calls = (keys.fetches - fetches_before) as u32;
            Json(OrdersAnswer {
                orders: data::orders_of(&claims.sub),
                user: claims.sub,
                checks: checks.into_vec(),
                keys,
                calls_to_authlab: calls,
            })
            .into_response()
        }
        Err(refusal) => {
            let status = match refusal.reason {
                "wrong_audience" => StatusCode::FORBIDDEN,
                "keys_unavailable" => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::UNAUTHORIZED,
            };
            refused(status, refusal, checks, &state.keys)
        }
    }
}

fn refused(status: StatusCode, refusal: Refusal, checks: Checks, keys: &KeyCache) -> Response {
    // 401 and 403 say why in RFC 6750's header too (a request with no token gets the bare
    // challenge); a 503 (no keys) is not the token's fault.
    let challenge = match (status, refusal.reason) {
        (StatusCode::SERVICE_UNAVAILABLE, _) => None,
        (_, "missing_token") => Some("Bearer realm=\"orders\"".to_owned()),
        (_, reason) => Some(format!(
            "Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"{reason}\""
        )),
    };
    let body = OrdersRefusal {
        error: refusal.message,
        reason: refusal.reason.to_owned(),
        checks: checks.into_vec(),
        keys: keys.view(),
    };
    let mut response = (status, Json(body)).into_response();
    if let Some(value) = challenge.and_then(|text| HeaderValue::from_str(&text).ok()) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}
