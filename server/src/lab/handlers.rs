//! `/api/lab/*` handlers: the lab's view, steal and replay, the clock, the switches, reset.

use app::api::lab::{
    ClockRequest, LabView, ReplayAnswer, ReplayRequest, StealRequest, StolenCopy, SwitchRequest,
};
use app::api::session::SESSION_ID_HEADER;
use app::api::{Carrier, ErrorBody, Scheme};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Json;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use super::state::Lab;
use super::stolen::Copy;
use super::switches;
use crate::accounts::login::Accounts;
use crate::api::error::ApiError;
use crate::api::headers;
use crate::api::json::ApiJson;
use crate::guard::policy::{OriginCheck, Policy, SameSite};
use crate::jwt_auth::cookies::access_name;
use crate::jwt_auth::issue::random_id;
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::nodes::balancer::Mode;
use crate::nodes::Nodes;
use crate::session_auth::Sessions;
use crate::trace::{handle, Tracer, ACTOR_HEADER, TRACE_ID_HEADER};

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

#[utoipa::path(get, path = "/", tag = "lab",
    summary = "This visitor's lab: clock, switches, stolen copies",
    responses((status = 200, description = "This visitor's lab: the clock offset, the switches, the stolen copies", body = LabView)))]
pub async fn view(
    State(lab): State<Lab>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    State(jwt): State<Jwt>,
) -> Json<LabView> {
    Json(lab_view(&lab, &clock, &policy, &jwt))
}

pub(super) fn lab_view(lab: &Lab, clock: &LabClock, policy: &Policy, jwt: &Jwt) -> LabView {
    LabView {
        clock_offset_seconds: clock.offset().whole_seconds(),
        server_now: clock.now().unix_timestamp(),
        weakened: switches::weakened(policy),
        samesite_none: policy.samesite() == SameSite::None,
        origin_check: policy.origin_check() == OriginCheck::Refuse,
        evil_port: lab.evil_port(),
        partner_port: lab.partner_port(),
        transfers: lab.transfers().list(),
        cors: policy
            .cors_mistakes()
            .into_iter()
            .map(|mistake| mistake.name().to_owned())
            .collect(),
        fixes: policy
            .fixes()
            .into_iter()
            .map(|fix| fix.name().to_owned())
            .collect(),
        orders_url: lab.orders_url().map(str::to_owned),
        signing_alg: jwt.keys().current().alg.name().to_owned(),
        secure: lab.secure().cloned(),
    }
}

/// Copies the credential this very request carried, whichever way it travelled (the browser
/// sends its cookies by itself; the page adds its headers), as malware or a leaked log would.
#[utoipa::path(post, path = "/steal", tag = "lab",
    summary = "The attacker copies the credential this request carried",
    security((), ("session_cookie" = []), ("session_header" = []), ("bearer" = []), ("jwt_cookie" = [])),
    request_body = StealRequest,
    responses((status = 200, description = "The attacker's copy of the credential this request carried", body = StolenCopy),
        (status = 400, description = "This request carried no credential of that scheme", body = ErrorBody)))]
pub async fn steal(
    State(lab): State<Lab>,
    State(clock): State<LabClock>,
    State(sessions): State<Sessions>,
    State(jwt): State<Jwt>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<StealRequest>,
) -> Result<Json<StolenCopy>, ApiError> {
    let scheme = request.scheme;
    let in_header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (found, what) = match scheme {
        Scheme::Session => (
            in_header(SESSION_ID_HEADER)
                .map(|id| (id, Carrier::Header))
                .or_else(|| {
                    headers::cookie(&headers, sessions.cookie_name()).map(|v| (v, Carrier::Cookie))
                }),
            "no session cookie and no X-Session-Id",
        ),
        Scheme::Jwt => (
            headers::bearer(&headers)
                .map(|token| (token, Carrier::Header))
                .or_else(|| {
                    headers::cookie(&headers, access_name(jwt.settings()))
                        .map(|token| (token, Carrier::Cookie))
                }),
            "no bearer token and no JWT cookie",
        ),
    };
    let Some((value, carrier)) = found else {
        return Err(rejected(
            StatusCode::BAD_REQUEST,
            format!("this request carried {what}: log in first"),
        ));
    };
    let copy = Copy {
        id: random_id()?,
        scheme,
        carrier,
        taken_at: clock.now().unix_timestamp(),
        value: value.to_owned(),
        owner: None,
    };
    let answer = StolenCopy {
        copy_id: copy.id.clone(),
        scheme,
        carrier,
        handle: handle(&copy.value),
        bytes: copy.value.len(),
        taken_at: copy.taken_at,
    };
    lab.stolen().keep(copy);
    tracing::info!(
        scheme = scheme.as_str(),
        "lab: credential copied for the attacker"
    );
    Ok(Json(answer))
}

/// A node name as the front door routes it: a few letters, digits or dashes.
fn node_name(node: &str) -> Result<&str, ApiError> {
    let plain = node.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if plain && (1..=32).contains(&node.len()) {
        Ok(node)
    } else {
        Err(rejected(
            StatusCode::UNPROCESSABLE_ENTITY,
            "a node is named by 1 to 32 letters, digits or dashes",
        ))
    }
}

/// Sends who-am-I with the stolen copy, through the whole app, as the attacker.
#[utoipa::path(post, path = "/replay", tag = "lab",
    summary = "The attacker replays the stolen copy (who-am-I)",
    request_body = ReplayRequest,
    responses((status = 200, description = "What the server answered the attacker's who-am-I with the stolen copy (status, body, checks)", body = ReplayAnswer),
        (status = 404, description = "Nothing was stolen for that scheme", body = ErrorBody)))]
pub async fn replay(
    State(lab): State<Lab>,
    State(sessions): State<Sessions>,
    State(jwt): State<Jwt>,
    State(tracer): State<Tracer>,
    ApiJson(request): ApiJson<ReplayRequest>,
) -> Result<Json<ReplayAnswer>, ApiError> {
    let Some(copy) = lab.stolen().find(&request.copy_id) else {
        return Err(rejected(
            StatusCode::NOT_FOUND,
            "no such stolen copy (the lab was reset?)",
        ));
    };
    let app = lab.app().ok_or_else(|| {
        ApiError::internal(std::io::Error::other(
            "the lab has no app to replay through",
        ))
    })?;
    let (path, name, value) = match (copy.scheme, copy.carrier) {
        (Scheme::Session, Carrier::Cookie) => (
            "/api/session/me",
            header::COOKIE,
            format!("{}={}", sessions.cookie_name(), copy.value),
        ),
        (Scheme::Session, Carrier::Header) => (
            "/api/session/me",
            header::HeaderName::from_static(SESSION_ID_HEADER),
            copy.value.clone(),
        ),
        (Scheme::Jwt, Carrier::Header) => (
            "/api/jwt/me",
            header::AUTHORIZATION,
            format!("Bearer {}", copy.value),
        ),
        (Scheme::Jwt, Carrier::Cookie) => (
            "/api/jwt/me",
            header::COOKIE,
            format!("{}={}", access_name(jwt.settings()), copy.value),
        ),
    };
    let uri = match request.node.as_deref() {
        Some(node) => format!("/node/{}{path}", node_name(node)?),
        None => path.to_owned(),
    };
    let attack = Request::get(uri)
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
    // Another node's trace ids are its own: its checks are not in this node's trace.
    let checks = trace_id
        .filter(|_| request.node.is_none())
        .and_then(|id| tracer.get(id))
        .map(|entry| entry.checks)
        .unwrap_or_default();
    Ok(Json(ReplayAnswer {
        scheme: copy.scheme,
        method: "GET".to_owned(),
        path: path.to_owned(),
        status,
        body,
        checks,
    }))
}

/// Moves the lab clock forward, so expiry can be shown without waiting.
#[utoipa::path(post, path = "/clock", tag = "lab",
    summary = "Move the lab clock forward (expiry without waiting)",
    request_body(content = ClockRequest, example = json!({"advance_minutes": 6})),
    responses((status = 200, description = "The lab after the jump", body = LabView)))]
pub async fn advance_clock(
    State(lab): State<Lab>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    State(jwt): State<Jwt>,
    ApiJson(request): ApiJson<ClockRequest>,
) -> Result<Json<LabView>, ApiError> {
    if !(1..=MAX_ADVANCE_MINUTES).contains(&request.advance_minutes) {
        return Err(rejected(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("advance between 1 and {MAX_ADVANCE_MINUTES} minutes at a time"),
        ));
    }
    clock.advance(time::Duration::minutes(request.advance_minutes));
    tracing::info!(minutes = request.advance_minutes, "lab clock moved forward");
    Ok(Json(lab_view(&lab, &clock, &policy, &jwt)))
}

/// Turns one of the CSRF lab's weakening switches on or off.
#[utoipa::path(post, path = "/switch", tag = "lab",
    summary = "Turn one of the lab's weakening switches on or off",
    request_body = SwitchRequest,
    responses((status = 200, description = "The lab with the switch set", body = LabView)))]
pub async fn switch(
    State(lab): State<Lab>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    State(jwt): State<Jwt>,
    ApiJson(request): ApiJson<SwitchRequest>,
) -> Result<Json<LabView>, ApiError> {
    switches::set(&policy, &request.name, request.on)
        .map_err(|unknown| rejected(StatusCode::UNPROCESSABLE_ENTITY, unknown.to_string()))?;
    tracing::info!(name = %request.name, on = request.on, "lab switch flipped");
    Ok(Json(lab_view(&lab, &clock, &policy, &jwt)))
}

/// Puts the lab back: real time, no stolen copies, every switch at its secure default, the
/// demo accounts with their demo roles, enabled (the rights lab changes them), signing with
/// the configured algorithm, and the front door direct.
#[utoipa::path(post, path = "/reset", tag = "lab",
    summary = "Put the lab back as new",
    responses((status = 200, description = "The lab as new", body = LabView)))]
pub async fn reset(
    State(lab): State<Lab>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    State(accounts): State<Accounts>,
    State(jwt): State<Jwt>,
    State(nodes): State<Nodes>,
) -> Result<Json<LabView>, ApiError> {
    nodes.balancer().set(Mode::Direct);
    crate::nodes::control::start_all(&nodes).await;
    let restored = accounts
        .restore_demo_rights(clock.now().unix_timestamp())
        .await?;
    clock.reset();
    lab.forget();
    policy.reset();
    let configured = jwt.settings().algorithm;
    if jwt.keys().current().alg != configured {
        jwt.keys()
            .rotate_to(configured, clock.now().unix_timestamp())
            .await
            .map_err(ApiError::internal)?;
    }
    tracing::info!(restored, "lab reset");
    Ok(Json(lab_view(&lab, &clock, &policy, &jwt)))
}
