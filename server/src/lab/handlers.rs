//! `/api/lab/*` handlers.

use app::api::lab::{
    ClockRequest, LabView, ReplayAnswer, ReplayRequest, StealRequest, StolenCopy, SwitchRequest,
};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Json;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use super::stolen::Copy;
use crate::error::ApiError;
use crate::jwt_auth::issue::random_id;
use crate::trace::{handle, raw_credential, ACTOR_HEADER, TRACE_ID_HEADER};
use crate::AppState;

/// The longest fast-forward in one step: a day.
const MAX_ADVANCE_MINUTES: i64 = 24 * 60;
/// Replay answers are small JSON; anything bigger is cut.
const MAX_REPLAY_BODY: usize = 64 * 1024;

fn rejected(status: StatusCode, message: impl Into<String>) -> ApiError {
    ApiError::Rejected {
        status,
        message: message.into(),
    }
}

pub async fn view(State(state): State<AppState>) -> Json<LabView> {
    Json(lab_view(&state))
}

fn lab_view(state: &AppState) -> LabView {
    let mut weakened = Vec::new();
    if !state.jwt.denylist.enabled() {
        weakened.push("JWT denylist checking is off: revoked tokens are accepted".to_owned());
    }
    let switches = &state.lab.switches;
    weakened.extend(switches.weakened().map(str::to_owned));
    LabView {
        clock_offset_seconds: state.clock.offset().whole_seconds(),
        server_now: state.clock.now().unix_timestamp(),
        weakened,
        samesite_none: switches.samesite_none(),
        origin_check: switches.origin_check(),
        evil_port: state.lab.evil_port(),
        transfers: state.lab.transfers.list(),
    }
}

/// Copies the credential this very request carried (the browser sends its cookie by itself;
/// the page adds its bearer token), as malware or a leaked log would.
pub async fn steal(
    State(state): State<AppState>,
    headers: HeaderMap,
    crate::api::json::ApiJson(request): crate::api::json::ApiJson<StealRequest>,
) -> Result<Json<StolenCopy>, ApiError> {
    let (scheme, wanted) = match request.scheme.as_str() {
        "session" => ("session", "cookie"),
        "jwt" => ("jwt", "bearer"),
        other => {
            return Err(rejected(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("unknown scheme {other:?}: use session or jwt"),
            ))
        }
    };
    // The bearer header wins in raw_credential; a session steal looks at the cookie only.
    let found = if wanted == "cookie" {
        let mut cookies_only = headers.clone();
        cookies_only.remove(header::AUTHORIZATION);
        raw_credential(&cookies_only, state.sessions.cookie_name()).map(|(_, v)| v.to_owned())
    } else {
        raw_credential(&headers, state.sessions.cookie_name())
            .filter(|(kind, _)| *kind == "bearer")
            .map(|(_, v)| v.to_owned())
    };
    let Some(value) = found else {
        let what = if wanted == "cookie" {
            "no session cookie"
        } else {
            "no bearer token"
        };
        return Err(rejected(
            StatusCode::BAD_REQUEST,
            format!("this request carried {what}: log in first"),
        ));
    };
    let copy = Copy {
        id: random_id()?,
        scheme,
        taken_at: state.clock.now().unix_timestamp(),
        value,
    };
    let answer = StolenCopy {
        copy_id: copy.id.clone(),
        scheme: scheme.to_owned(),
        handle: handle(&copy.value),
        bytes: copy.value.len(),
        taken_at: copy.taken_at,
    };
    state.lab.stolen.keep(copy);
    tracing::info!(scheme, "lab: credential copied for the attacker");
    Ok(Json(answer))
}

/// Sends who-am-I with the stolen copy, through the whole app, as the attacker.
pub async fn replay(
    State(state): State<AppState>,
    crate::api::json::ApiJson(request): crate::api::json::ApiJson<ReplayRequest>,
) -> Result<Json<ReplayAnswer>, ApiError> {
    let Some(copy) = state.lab.stolen.find(&request.copy_id) else {
        return Err(rejected(
            StatusCode::NOT_FOUND,
            "no such stolen copy (the lab was reset?)",
        ));
    };
    let app = state.lab.app().ok_or_else(|| {
        ApiError::internal(std::io::Error::other(
            "the lab has no app to replay through",
        ))
    })?;
    let (path, name, value) = match copy.scheme {
        "session" => (
            "/api/session/me",
            header::COOKIE,
            format!("{}={}", state.sessions.cookie_name(), copy.value),
        ),
        _ => (
            "/api/jwt/me",
            header::AUTHORIZATION,
            format!("Bearer {}", copy.value),
        ),
    };
    let attack = Request::get(path)
        .header(name, value)
        .header(ACTOR_HEADER, "attacker")
        .body(Body::empty())
        .map_err(ApiError::internal)?;
    let response = app.oneshot(attack).await.map_err(ApiError::internal)?;
    let status = response.status().as_u16();
    let trace_id = response
        .headers()
        .get(TRACE_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(ApiError::internal)?
        .to_bytes();
    let body = serde_json::from_slice::<Value>(&bytes[..bytes.len().min(MAX_REPLAY_BODY)])
        .unwrap_or(Value::Null);
    let checks = trace_id
        .and_then(|id| state.tracer.get(id))
        .map(|entry| entry.checks)
        .unwrap_or_default();
    Ok(Json(ReplayAnswer {
        scheme: copy.scheme.to_owned(),
        method: "GET".to_owned(),
        path: path.to_owned(),
        status,
        body,
        checks,
    }))
}

/// Moves the lab clock forward, so expiry can be shown without waiting.
pub async fn advance_clock(
    State(state): State<AppState>,
    crate::api::json::ApiJson(request): crate::api::json::ApiJson<ClockRequest>,
) -> Result<Json<LabView>, ApiError> {
    if !(1..=MAX_ADVANCE_MINUTES).contains(&request.advance_minutes) {
        return Err(rejected(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("advance between 1 and {MAX_ADVANCE_MINUTES} minutes at a time"),
        ));
    }
    state
        .clock
        .advance(time::Duration::minutes(request.advance_minutes));
    tracing::info!(minutes = request.advance_minutes, "lab clock moved forward");
    Ok(Json(lab_view(&state)))
}

/// Turns one of the CSRF lab's weakening switches on or off.
pub async fn switch(
    State(state): State<AppState>,
    crate::api::json::ApiJson(request): crate::api::json::ApiJson<SwitchRequest>,
) -> Result<Json<LabView>, ApiError> {
    state
        .lab
        .switches
        .set(&request.name, request.on)
        .map_err(|unknown| rejected(StatusCode::UNPROCESSABLE_ENTITY, unknown.to_string()))?;
    tracing::info!(name = %request.name, on = request.on, "lab switch flipped");
    Ok(Json(lab_view(&state)))
}

/// Puts the lab back: real time, no stolen copies, every switch at its secure default.
pub async fn reset(State(state): State<AppState>) -> Json<LabView> {
    state.clock.reset();
    state.lab.stolen.clear();
    state.lab.switches.reset();
    state.lab.transfers.clear();
    state.lab.probes.clear();
    state.jwt.denylist.set_enabled(true);
    tracing::info!("lab reset");
    Json(lab_view(&state))
}
