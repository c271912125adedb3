//! CORS, with tower-http's `CorsLayer`: the partner app's origins (and only they) may read the
//! API's answers from their pages, for bearer calls without credentials — no cookie of this
//! site goes along, so nothing ambient is lent. Answers name the headers a caller may read.
//! The CORS lab's switches replace that with one of the two classic mistakes.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::policy::{CorsMistake, Policy};

pub fn cors(policy: &Policy) -> CorsLayer {
    let policy = policy.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(
            move |origin: &HeaderValue, _parts| policy.trusts(origin.as_bytes()),
        ))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([
            header::WWW_AUTHENTICATE,
            HeaderName::from_static("x-authlab-trace-id"),
        ])
}

/// Middleware, outside `cors`: while a CORS lab switch is on, answers the way a misconfigured
/// server does — every preflight allowed, and `Access-Control-Allow-Origin` set to the caller's
/// origin (or `*`) with `Access-Control-Allow-Credentials: true`.
pub async fn cors_mistakes(State(policy): State<Policy>, request: Request, next: Next) -> Response {
    let Some(mistake) = policy.cors_mistake() else {
        return next.run(request).await;
    };
    let Some(origin) = request.headers().get(header::ORIGIN).cloned() else {
        return next.run(request).await;
    };
    let allowed = match mistake {
        CorsMistake::ReflectAnyOrigin => origin,
        CorsMistake::WildcardWithCredentials => HeaderValue::from_static("*"),
    };
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight {
        let asked = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned();
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        if let Some(asked) = asked {
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked);
        }
        response
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    response
}
