//! The middleware that opens a trace for each `/api` request and publishes it when answered.

use std::time::Instant;

use app::api::trace::{CredentialSeen, TraceEntry};
use app::api::Area;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

use super::tracer::Tracer;
use crate::api::headers;
use crate::kit::checks;
use crate::kit::handles::{hashed, micros_since};

/// Marks the requests the lab itself sends with a stolen credential.
pub const ACTOR_HEADER: &str = "x-authlab-actor";
/// Names the node that answered.
pub const NODE_HEADER: &str = "x-authlab-node";
/// Names the trace entry of an answer, so the page (and the replay) can find its checks.
pub const TRACE_ID_HEADER: &str = "x-authlab-trace-id";

pub async fn record(State(tracer): State<Tracer>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !path.starts_with("/api/") || path.starts_with("/api/trace") {
        return next.run(request).await;
    }
    let inner = &tracer.0;
    let started = Instant::now();
    let at_ms = (inner.clock.now().unix_timestamp_nanos() / 1_000_000) as i64;
    let method = request.method().clone();
    let credential = credential(request.headers(), inner.cookie_name);
    let actor = actor(request.headers());
    let (mut response, checks) = checks::collect(next.run(request)).await;
    let id = tracer.next_id();
    response.headers_mut().insert(TRACE_ID_HEADER, id.into());
    if let Ok(node) = HeaderValue::from_str(&inner.node) {
        response.headers_mut().insert(NODE_HEADER, node);
    }
    let entry = TraceEntry {
        id,
        node: inner.node.clone(),
        at_ms,
        scheme: area(&path),
        view: is_view(&method, &path),
        method: method.to_string(),
        path,
        actor: actor.to_owned(),
        credential,
        checks,
        status: response.status().as_u16(),
        micros: micros_since(started),
    };
    tracer.publish(entry);
    response
}

fn area(path: &str) -> Area {
    if path.starts_with("/api/session/") {
        Area::Session
    } else if path.starts_with("/api/jwt/") {
        Area::Jwt
    } else if path.starts_with("/api/lab") {
        Area::Lab
    } else {
        Area::Other
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
    hashed(secret.as_bytes(), 4)
}

/// What the request carried, as the trace shows it: kind, bytes on the wire, a hash. A bearer
/// token wins over the session cookie.
fn credential(headers: &HeaderMap, cookie_name: &str) -> CredentialSeen {
    if let Some(token) = headers::bearer(headers) {
        return CredentialSeen {
            kind: "bearer".into(),
            bytes: token.len(),
            handle: Some(handle(token)),
        };
    }
    match headers::cookie(headers, cookie_name) {
        Some(value) => CredentialSeen {
            kind: "cookie".into(),
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
    use axum::http::header;

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
        assert_eq!(area("/api/session/me"), Area::Session);
        assert_eq!(area("/api/jwt/me"), Area::Jwt);
        assert_eq!(area("/api/health"), Area::Other);
        assert!(is_view(&Method::GET, "/api/session/store"));
        assert!(!is_view(&Method::GET, "/api/session/me"));
    }
}
