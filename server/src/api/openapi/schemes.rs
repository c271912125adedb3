//! The ways a credential travels, as security schemes: the state model × the carrier. Each
//! operation names the ones it accepts under `security(...)`; `()` means it also runs with no
//! credential.

use serde_json::Value;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi;

/// The names operations use in `security(...)`: the state model × the carrier.
pub const SESSION_COOKIE: &str = "session_cookie";
pub const SESSION_HEADER: &str = "session_header";
pub const BEARER: &str = "bearer";
pub const JWT_COOKIE: &str = "jwt_cookie";
pub const REFRESH_COOKIE: &str = "refresh_cookie";
pub const PRESENTER_COOKIE: &str = "presenter_cookie";

/// The security schemes: where each credential travels.
pub fn add_schemes(doc: &mut OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    let cookie = |name: &str, about: &str| {
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(name, about)))
    };
    components.add_security_scheme(
        SESSION_COOKIE,
        cookie(
            "authlab_session",
            "The session id in an HttpOnly cookie (`__Host-authlab_session` over https). \
             The browser attaches it by itself: readable by no script, sent on cross-site \
             requests the SameSite switch allows.",
        ),
    );
    components.add_security_scheme(
        SESSION_HEADER,
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-Session-Id",
            "The header carrier for sessions: the signed session id the login answered \
             (`session_id`), added by the page's script. No cookie: no CSRF, but script can read it.",
        ))),
    );
    components.add_security_scheme(
        BEARER,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some(
                    "The access token in `Authorization: Bearer`, added by the page's script \
                     from where it keeps it (localStorage, sessionStorage or memory).",
                ))
                .build(),
        ),
    );
    components.add_security_scheme(
        JWT_COOKIE,
        cookie(
            "authlab_jwt",
            "The cookie carrier for JWTs: the access token in an HttpOnly cookie, set by a \
             login with `\"carrier\": \"cookie\"`.",
        ),
    );
    components.add_security_scheme(
        PRESENTER_COOKIE,
        cookie(
            "authlab_presenter",
            "The presenter's cookie, set by the link with the key the server prints at start.",
        ),
    );
    components.add_security_scheme(
        REFRESH_COOKIE,
        cookie(
            "authlab_jwt_refresh",
            "The refresh token with the cookie carrier: an HttpOnly cookie scoped to `/api/jwt`. \
             With the header carrier it travels in the body (`refresh_token`).",
        ),
    );
}

/// The security scheme names an operation accepts.
pub fn scheme_names(operation: &Operation) -> Vec<String> {
    operation
        .security
        .iter()
        .flatten()
        .filter_map(|requirement| serde_json::to_value(requirement).ok())
        .filter_map(|value| match value {
            Value::Object(map) => Some(map.into_iter().map(|(name, _)| name)),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Whether the operation also runs with no credential: an empty requirement, `{}`.
pub fn anyone(operation: &Operation) -> bool {
    operation
        .security
        .iter()
        .flatten()
        .filter_map(|requirement| serde_json::to_value(requirement).ok())
        .any(|value| value.as_object().is_some_and(|map| map.is_empty()))
}
