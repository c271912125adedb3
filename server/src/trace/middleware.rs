//! The middleware that opens a trace for each `/api` request and publishes it when answered.

use std::time::Instant;

use app::api::session::SESSION_ID_HEADER;
use app::api::trace::{CredentialSeen, TraceEntry};
use app::api::{Area, Carrier};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

use super::tracer::{CookieNames, Tracer};
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
    let area = area(&path);
    let credential = credential(request.headers(), area, inner.cookies);
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
        scheme: area,
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

/// One place a credential can travel.
#[derive(Clone, Copy)]
enum Place {
    Bearer,
    SessionHeader,
    Cookie(&'static str),
}

/// What the request carried, as the trace shows it: kind, carrier, bytes on the wire, a hash.
/// Each area looks in its own scheme's places first.
fn credential(headers: &HeaderMap, area: Area, names: CookieNames) -> CredentialSeen {
    let places = match area {
        Area::Session => [
            Place::SessionHeader,
            Place::Cookie(names.session),
            Place::Bearer,
            Place::Cookie(names.jwt),
        ],
        Area::Jwt => [
            Place::Bearer,
            Place::Cookie(names.jwt),
            Place::SessionHeader,
            Place::Cookie(names.session),
        ],
        Area::Lab | Area::Other => [
            Place::Bearer,
            Place::Cookie(names.session),
            Place::SessionHeader,
            Place::Cookie(names.jwt),
        ],
    };
    let found = places.into_iter().find_map(|place| {
        let seen = |kind: &str, carrier, bytes, value: &str| CredentialSeen {
            kind: kind.to_owned(),
            carrier: Some(carrier),
            bytes,
            handle: Some(handle(value)),
        };
        match place {
            Place::Bearer => headers::bearer(headers)
                .map(|token| seen("bearer", Carrier::Header, token.len(), token)),
            Place::SessionHeader => headers
                .get(SESSION_ID_HEADER)
                .and_then(|value| value.to_str().ok())
                .map(|id| seen("header", Carrier::Header, id.len(), id)),
            Place::Cookie(name) => headers::cookie(headers, name).map(|value| {
                seen(
                    "cookie",
                    Carrier::Cookie,
                    name.len() + 1 + value.len(),
                    value,
                )
            }),
        }
    });
    found.unwrap_or(CredentialSeen {
        kind: "none".into(),
        carrier: None,
        bytes: 0,
        handle: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

    const NAMES: CookieNames = CookieNames {
        session: "authlab_session",
        jwt: "authlab_jwt",
    };

    #[test]
    fn a_bearer_token_is_seen_by_size_and_handle_never_whole() {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, "Bearer abc.def.ghi".parse().unwrap());
        let seen = credential(&headers, Area::Jwt, NAMES);
        assert_eq!((seen.kind.as_str(), seen.bytes), ("bearer", 11));
        assert_eq!(seen.carrier, Some(Carrier::Header));
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
        let seen = credential(&headers, Area::Session, NAMES);
        assert_eq!((seen.kind.as_str(), seen.bytes), ("cookie", 22));
        assert_eq!(seen.carrier, Some(Carrier::Cookie));
        let none = credential(&HeaderMap::new(), Area::Session, NAMES);
        assert_eq!((none.kind.as_str(), none.bytes), ("none", 0));
    }

    #[test]
    fn each_scheme_names_its_own_carrier_first() {
        let mut headers = HeaderMap::new();
        headers.insert(SESSION_ID_HEADER, "signed-id".parse().unwrap());
        headers.insert(header::COOKIE, "authlab_jwt=a.b.c".parse().unwrap());
        let session = credential(&headers, Area::Session, NAMES);
        assert_eq!(
            (session.kind.as_str(), session.carrier),
            ("header", Some(Carrier::Header))
        );
        let jwt = credential(&headers, Area::Jwt, NAMES);
        assert_eq!(
            (jwt.kind.as_str(), jwt.carrier),
            ("cookie", Some(Carrier::Cookie))
        );
        assert_eq!(jwt.bytes, "authlab_jwt=a.b.c".len());
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
