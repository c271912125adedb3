//! The middleware that opens a trace for each `/api` request and publishes it when answered.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use app::api::trace::{CredentialSeen, TraceEntry};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use blake2::{Blake2b512, Digest};

use super::CURRENT;
use crate::AppState;

/// Marks the requests the lab itself sends with a stolen credential.
pub const ACTOR_HEADER: &str = "x-authlab-actor";
/// Names the node that answered.
pub const NODE_HEADER: &str = "x-authlab-node";
/// Names the trace entry of an answer, so the page (and the replay) can find its checks.
pub const TRACE_ID_HEADER: &str = "x-authlab-trace-id";

pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !path.starts_with("/api/") || path.starts_with("/api/trace") {
        return next.run(request).await;
    }
    let started = Instant::now();
    let at_ms = (state.clock.now().unix_timestamp_nanos() / 1_000_000) as i64;
    let method = request.method().clone();
    let credential = credential(request.headers(), state.sessions.cookie_name());
    let actor = actor(request.headers());
    let checks = Arc::new(Mutex::new(Vec::new()));
    let mut response = CURRENT.scope(checks.clone(), next.run(request)).await;
    let id = state.tracer.next_id();
    response.headers_mut().insert(TRACE_ID_HEADER, id.into());
    if let Ok(node) = HeaderValue::from_str(state.node.as_str()) {
        response.headers_mut().insert(NODE_HEADER, node);
    }
    let checks = std::mem::take(&mut *checks.lock().unwrap_or_else(|p| p.into_inner()));
    let entry = TraceEntry {
        id,
        node: state.node.as_str().to_owned(),
        at_ms,
        scheme: scheme(&path).to_owned(),
        view: is_view(&method, &path),
        method: method.to_string(),
        path,
        actor: actor.to_owned(),
        credential,
        checks,
        status: response.status().as_u16(),
        micros: started.elapsed().as_micros().min(u64::MAX as u128) as u64,
    };
    state.tracer.publish(entry);
    response
}

fn scheme(path: &str) -> &'static str {
    if path.starts_with("/api/session/") {
        "session"
    } else if path.starts_with("/api/jwt/") {
        "jwt"
    } else if path.starts_with("/api/lab") {
        "lab"
    } else {
        "other"
    }
}

/// The requests the page sends to draw what the server holds, not to act.
fn is_view(method: &Method, path: &str) -> bool {
    matches!(
        (method.as_str(), path),
        ("GET", "/api/session/store")
            | ("GET", "/api/jwt/server")
            | ("POST", "/api/jwt/family")
            | ("GET", "/api/lab")
    )
}

fn actor(headers: &HeaderMap) -> &'static str {
    if headers.get(ACTOR_HEADER).is_some_and(|v| v == "attacker") {
        "attacker"
    } else if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v == "cross-site" || v == "same-site")
    {
        // Sent by a browser, but for a page of another site: the CSRF lab's evil site.
        "other site"
    } else if headers.contains_key("sec-fetch-mode") {
        "page"
    } else {
        "script"
    }
}

/// A short hash of a credential: tells two apart, cannot be replayed.
pub fn handle(secret: &str) -> String {
    let digest = Blake2b512::digest(secret.as_bytes());
    crate::checks::hex(&digest[..4])
}

/// The raw credential a request carried: ("bearer", token) or ("cookie", value).
pub fn raw_credential<'a>(
    headers: &'a HeaderMap,
    cookie_name: &str,
) -> Option<(&'static str, &'a str)> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    if let Some(token) = bearer {
        return Some(("bearer", token));
    }
    let prefix = format!("{cookie_name}=");
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .find_map(|pair| pair.strip_prefix(prefix.as_str()))
        .map(|value| ("cookie", value))
}

/// What the request carried, as the trace shows it: kind, bytes on the wire, a hash.
fn credential(headers: &HeaderMap, cookie_name: &str) -> CredentialSeen {
    match raw_credential(headers, cookie_name) {
        Some(("bearer", token)) => CredentialSeen {
            kind: "bearer".into(),
            bytes: token.len(),
            handle: Some(handle(token)),
        },
        Some((kind, value)) => CredentialSeen {
            kind: kind.into(),
            bytes: cookie_name.len() + 1 + value.len(),
            handle: Some(handle(value)),
        },
        None => CredentialSeen {
            kind: "none".into(),
            bytes: 0,
            handle: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bearer_token_is_seen_by_size_and_handle_never_whole() {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, "Bearer abc.def.ghi".parse().unwrap());
        let seen = credential(&headers, "authlab_session");
        assert_eq!((seen.kind.as_str(), seen.bytes), ("bearer", 11));
        assert_eq!(seen.handle.as_deref().unwrap().len(), 8);
        assert!(!seen.handle.unwrap().contains("abc"));
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "theme=dark; authlab_session=xyz123".parse().unwrap(),
        );
        let seen = credential(&headers, "authlab_session");
        assert_eq!((seen.kind.as_str(), seen.bytes), ("cookie", 22));
        let none = credential(&HeaderMap::new(), "authlab_session");
        assert_eq!((none.kind.as_str(), none.bytes), ("none", 0));
    }

    #[test]
    fn paths_name_their_scheme_and_views_are_marked() {
        assert_eq!(scheme("/api/session/me"), "session");
        assert_eq!(scheme("/api/jwt/me"), "jwt");
        assert_eq!(scheme("/api/health"), "other");
        assert!(is_view(&Method::GET, "/api/session/store"));
        assert!(!is_view(&Method::GET, "/api/session/me"));
    }
}
