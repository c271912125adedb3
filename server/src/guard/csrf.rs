//! Cross-origin protection for every state-changing request, the way Go's
//! `http.CrossOriginProtection` decides: `Sec-Fetch-Site` when the browser sends it, else
//! `Origin` against `Host`; a request with neither comes from no browser (curl, a script) and
//! passes, since no browser can be tricked into sending it.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::policy::{OriginCheck, Policy};
use crate::api::error::ApiError;
use crate::kit::checks;

const CHECK: &str = "cross-origin check";

/// Middleware: refuses (403) a state-changing request from another origin — unless the policy
/// says record only (the lab's "origin check off" switch), and then the trace says it was skipped.
pub async fn cross_origin_protection(
    State(policy): State<Policy>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    match check(request.method(), request.headers()) {
        Ok(()) => next.run(request).await,
        Err(_) if trusted_without_cookie(&policy, request.headers()) => {
            checks::note_since(
                CHECK,
                started,
                true,
                "another origin, but a trusted app's (the partner), and no cookie came along: nothing ambient to ride",
            );
            next.run(request).await
        }
        Err(reason) if policy.origin_check() == OriginCheck::RecordOnly => {
            checks::note_since(
                CHECK,
                started,
                true,
                format!("skipped (lab switch off): {reason}"),
            );
            next.run(request).await
        }
        Err(reason) => {
            checks::note_since(CHECK, started, false, reason);
            tracing::warn!(method = %request.method(), path = %request.uri().path(), reason, "cross-origin request refused");
            ApiError::Forbidden(format!("cross-origin request refused: {reason}")).into_response()
        }
    }
}

/// A request from an origin the policy trusts (the partner app) that carries no cookie: it can
/// only act with a credential its page holds (a delegated bearer token), never with the user's
/// cookies — so there is nothing for a cross-site request to forge.
fn trusted_without_cookie(policy: &Policy, headers: &HeaderMap) -> bool {
    !headers.contains_key(header::COOKIE)
        && headers
            .get(header::ORIGIN)
            .is_some_and(|origin| policy.trusts(origin.as_bytes()))
}

/// Decides one request. `Err` carries the reason shown to the client.
pub fn check(method: &Method, headers: &HeaderMap) -> Result<(), &'static str> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.as_bytes() {
            b"same-origin" | b"none" => Ok(()),
            _ => Err("Sec-Fetch-Site says the request comes from another site"),
        };
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|origin| origin.split_once("://"))
        .map(|(_, host)| host);
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok());
    match (origin_host, host) {
        (Some(origin_host), Some(host)) if origin_host.eq_ignore_ascii_case(host) => Ok(()),
        _ => Err("Origin does not match the Host"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn reads_always_pass() {
        let cross = headers(&[("sec-fetch-site", "cross-site")]);
        assert!(check(&Method::GET, &cross).is_ok());
        assert!(check(&Method::HEAD, &cross).is_ok());
    }

    #[test]
    fn sec_fetch_site_decides_when_present() {
        for ok in ["same-origin", "none"] {
            assert!(check(&Method::POST, &headers(&[("sec-fetch-site", ok)])).is_ok());
        }
        for bad in ["cross-site", "same-site"] {
            let h = headers(&[
                ("sec-fetch-site", bad),
                ("origin", "http://a"),
                ("host", "a"),
            ]);
            assert!(check(&Method::POST, &h).is_err(), "{bad}");
        }
    }

    #[test]
    fn origin_must_match_host_when_sec_fetch_site_is_absent() {
        let same = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(check(&Method::POST, &same).is_ok());
        let other = headers(&[
            ("origin", "http://evil.test:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(check(&Method::DELETE, &other).is_err());
        let null = headers(&[("origin", "null"), ("host", "127.0.0.1:3000")]);
        assert!(check(&Method::POST, &null).is_err());
        let other_port = headers(&[
            ("origin", "http://127.0.0.1:3001"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(check(&Method::POST, &other_port).is_err());
    }

    #[test]
    fn requests_from_no_browser_pass() {
        assert!(check(&Method::POST, &HeaderMap::new()).is_ok());
    }
}
