//! The orders service's handlers: the caller's orders, the key copy, health.
//!
//! A bearer token is verified offline (no call to authlab), and, when the caller asks for it
//! (`?revocation=ask`), authlab is asked whether it was revoked. A session cookie (the browser
//! sends authlab's cookie to orders too: cookies ignore ports) means nothing here until
//! authlab is asked about it. Each question is one call to authlab, counted in the answer.

use std::time::Instant;

use app::api::orders::{
    Check, Introspection, KeyCacheView, OrdersAnswer, OrdersRefusal, SESSION_COOKIE_HINT,
};
use app::api::Health;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::data;
use super::keys::KeyCache;
use super::state::OrdersState;
use super::verify::{verify, Refusal};
use crate::api::headers::{authorization, cookie, Authorization};
use crate::guard::visitor::LAB_COOKIE;
use crate::kit::checks::Checks;

/// The names authlab's session cookie may have (plain, or `__Host-` with `--secure-cookies`).
const SESSION_COOKIES: [&str; 2] = ["authlab_session", "__Host-authlab_session"];

pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
    })
}

pub async fn keys(State(keys): State<KeyCache>) -> Json<KeyCacheView> {
    Json(keys.view())
}

/// Whose orders, and what it took to believe it.
struct Believed {
    user: String,
    checks: Checks,
    calls: u32,
    authlab_checks: Vec<Check>,
}

/// A refusal, with what ran before it.
struct Refused {
    status: StatusCode,
    refusal: Refusal,
    checks: Checks,
    authlab_checks: Vec<Check>,
}

/// `GET /api/orders`: whose orders the credential says.
pub async fn orders(State(state): State<OrdersState>, uri: Uri, headers: HeaderMap) -> Response {
    let ask_revocation = uri
        .query()
        .map(|query| {
            form_urlencoded::parse(query.as_bytes()).any(|(k, v)| k == "revocation" && v == "ask")
        })
        .unwrap_or(false);
    let session = SESSION_COOKIES
        .iter()
        .find_map(|name| cookie(&headers, name));
    // The visitor's lab id, when the browser sent it along (cookies ignore ports): orders'
    // questions then show in that visitor's trace at authlab.
    let lab = cookie(&headers, LAB_COOKIE);
    let believed = match (authorization(&headers), session) {
        (Authorization::Bearer(token), _) => by_token(&state, token, ask_revocation, lab).await,
        (_, Some(value)) => by_session(&state, value, lab).await,
        _ => Err(Refused {
            status: StatusCode::UNAUTHORIZED,
            refusal: Refusal {
                reason: "missing_token",
                message: "no Authorization: Bearer header and no authlab session cookie".to_owned(),
            },
            checks: Checks::default(),
            authlab_checks: Vec::new(),
        }),
    };
    match believed {
        Ok(believed) => Json(OrdersAnswer {
            orders: data::orders_of(&believed.user),
            user: believed.user,
            checks: believed.checks.into_vec(),
            keys: state.keys.view(),
            calls_to_authlab: believed.calls,
            authlab_checks: believed.authlab_checks,
        })
        .into_response(),
        Err(refused) => refuse(refused, &state.keys),
    }
}

/// Offline: the signature under authlab's published key, then the claims; authlab is called
/// only to fetch a key orders lacks, or when the caller asked for the revocation check.
async fn by_token(
    state: &OrdersState,
    token: &str,
    ask: bool,
    lab: Option<&str>,
) -> Result<Believed, Refused> {
    let mut checks = Checks::default();
    let fetches_before = state.keys.view().fetches;
    let verified = verify(token, &state.keys, &state.expect, &mut checks).await;
    let mut calls = (state.keys.view().fetches - fetches_before) as u32;
    let claims = match verified {
        Ok(claims) => claims,
        Err(refusal) => {
            let status = match refusal.reason {
                "wrong_audience" => StatusCode::FORBIDDEN,
                "keys_unavailable" => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::UNAUTHORIZED,
            };
            return Err(Refused {
                status,
                refusal,
                checks,
                authlab_checks: Vec::new(),
            });
        }
    };
    if !ask {
        return Ok(Believed {
            user: claims.sub,
            checks,
            calls,
            authlab_checks: Vec::new(),
        });
    }
    calls += 1;
    let answer = ask_authlab(state, (token, "access_token"), lab, &mut checks).await;
    match answer {
        Ok(answer) if answer.active => Ok(Believed {
            user: claims.sub,
            checks,
            calls,
            authlab_checks: answer.checks,
        }),
        Ok(answer) => Err(Refused {
            status: StatusCode::UNAUTHORIZED,
            refusal: Refusal {
                reason: "revoked",
                message: format!(
                    "the signature is fine, but authlab says the token is no longer active ({})",
                    answer.reason.as_deref().unwrap_or("inactive")
                ),
            },
            checks,
            authlab_checks: answer.checks,
        }),
        Err(refused) => Err(refused),
    }
}

/// A session cookie: only authlab can say whose it is.
async fn by_session(
    state: &OrdersState,
    value: &str,
    lab: Option<&str>,
) -> Result<Believed, Refused> {
    let mut checks = Checks::default();
    let _ = checks.record::<(), String>(
        "credential",
        Instant::now(),
        Ok((
            (),
            "authlab's session cookie: an opaque id, nothing to verify here".to_owned(),
        )),
    );
    let answer = ask_authlab(state, (value, SESSION_COOKIE_HINT), lab, &mut checks).await?;
    match answer.sub.filter(|_| answer.active) {
        Some(user) => Ok(Believed {
            user,
            checks,
            calls: 1,
            authlab_checks: answer.checks,
        }),
        None => Err(Refused {
            status: StatusCode::UNAUTHORIZED,
            refusal: Refusal {
                reason: "inactive_session",
                message: format!(
                    "authlab says this session is not live ({})",
                    answer.reason.as_deref().unwrap_or("inactive")
                ),
            },
            checks,
            authlab_checks: answer.checks,
        }),
    }
}

/// One call to authlab's introspection endpoint about a credential and its type hint, in the
/// visitor's lab when known, recorded as orders' check.
async fn ask_authlab(
    state: &OrdersState,
    (token, hint): (&str, &str),
    lab: Option<&str>,
    checks: &mut Checks,
) -> Result<Introspection, Refused> {
    let started = Instant::now();
    match state.authlab.introspect(token, hint, lab).await {
        Ok(asked) => {
            let verdict = match (&asked.answer.sub, asked.answer.active) {
                (Some(sub), true) => format!("active · {sub}"),
                _ => format!(
                    "not active ({})",
                    asked.answer.reason.as_deref().unwrap_or("inactive")
                ),
            };
            let detail = format!(
                "asked authlab (POST /api/introspect, {:.1} ms, 1 call): {verdict}",
                asked.millis
            );
            let passed = asked.answer.active;
            let _ = checks.record::<(), String>(
                "introspection",
                started,
                if passed {
                    Ok(((), detail))
                } else {
                    Err(detail)
                },
            );
            Ok(asked.answer)
        }
        Err(why) => {
            let _ = checks.record::<(), String>("introspection", started, Err(why.clone()));
            Err(Refused {
                status: StatusCode::SERVICE_UNAVAILABLE,
                refusal: Refusal {
                    reason: "authlab_unavailable",
                    message: why,
                },
                checks: std::mem::take(checks),
                authlab_checks: Vec::new(),
            })
        }
    }
}

fn refuse(refused: Refused, keys: &KeyCache) -> Response {
    let Refused {
        status,
        refusal,
        checks,
        authlab_checks,
    } = refused;
    // 401 and 403 say why in RFC 6750's header too (a request with no token gets the bare
    // challenge); a 503 (no keys, authlab unreachable) is not the token's fault.
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
        authlab_checks,
    };
    let mut response = (status, Json(body)).into_response();
    if let Some(value) = challenge.and_then(|text| HeaderValue::from_str(&text).ok()) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}
