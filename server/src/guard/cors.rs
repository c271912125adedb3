//! CORS, with tower-http's `CorsLayer`: the partner app's origins (and only they) may read the
//! API's answers from their pages, for bearer calls without credentials — no cookie of this
//! site goes along, so nothing ambient is lent. Answers name the headers a caller may read.

use axum::http::{header, HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::policy::Policy;

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
