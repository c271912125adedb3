//! A refused token's answer: 401, `WWW-Authenticate: Bearer error="invalid_token"` with the
//! reason, and a JSON body naming it with the checks that ran. A failing store is a 503.

use app::api::jwt::Refusal;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::refused::{Reason, Refused};
use super::store::StoreError;
use crate::api::error::ApiError;
use crate::kit::checks::Checks;

pub enum JwtRejection {
    Refused { refused: Refused, checks: Checks },
    Failed(ApiError),
}

impl JwtRejection {
    pub fn new(refused: Refused, checks: Checks) -> Self {
        Self::Refused { refused, checks }
    }
}

impl From<ApiError> for JwtRejection {
    fn from(err: ApiError) -> Self {
        Self::Failed(err)
    }
}

impl From<StoreError> for JwtRejection {
    fn from(err: StoreError) -> Self {
        Self::Failed(err.into())
    }
}

impl From<sqlx::Error> for JwtRejection {
    fn from(err: sqlx::Error) -> Self {
        Self::Failed(ApiError::StoreUnavailable(Box::new(err)))
    }
}

/// `error_description` is a quoted-string: keep it to printable ASCII without quotes.
fn description(message: &str) -> String {
    message
        .chars()
        .map(|c| match c {
            '"' | '\\' => '\'',
            c if c.is_ascii_graphic() || c == ' ' => c,
            _ => '?',
        })
        .take(200)
        .collect()
}

impl IntoResponse for JwtRejection {
    fn into_response(self) -> Response {
        let (refused, checks) = match self {
            Self::Refused { refused, checks } => (refused, checks),
            Self::Failed(err) => return err.into_response(),
        };
        // RFC 6750: a token sent more than one way is a bad request, a token without the scope
        // the endpoint needs is forbidden, any other refusal an invalid token.
        let (status, error) = match refused.reason {
            Reason::Ambiguous => (StatusCode::BAD_REQUEST, "invalid_request"),
            Reason::InsufficientScope => (StatusCode::FORBIDDEN, "insufficient_scope"),
            _ => (StatusCode::UNAUTHORIZED, "invalid_token"),
        };
        let challenge = format!(
            "Bearer realm=\"authlab\", error=\"{error}\", error_description=\"{}\"",
            description(&refused.message)
        );
        let body = Refusal {
            error: refused.message,
            reason: refused.reason,
            checks: checks.into_vec(),
        };
        let mut response = (status, Json(body)).into_response();
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_safe_quoted_strings() {
        assert_eq!(description("alg \"none\" — no"), "alg 'none' ? no");
    }
}
