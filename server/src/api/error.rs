//! The API's one error type and its JSON shape: `{"error": "..."}`.

use app::api::ErrorBody;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such API endpoint")]
    NotFound,
    /// The request itself is unusable (bad JSON, too large, ...): the status says which.
    #[error("{message}")]
    Rejected { status: StatusCode, message: String },
    /// One answer for an unknown user and a wrong password.
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("too many failed logins; try again in {retry_after} s")]
    TooManyRequests { retry_after: i64 },
    /// A store the answer depends on failed: fail closed, never "logged in".
    #[error("the session store is unavailable; try again")]
    StoreUnavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The cause is logged here and never shown to the client.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    pub fn internal(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(err))
    }

    pub fn unauthorized(reason: impl Into<String>) -> Self {
        Self::Unauthorized(reason.into())
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Rejected { status, .. } => *status,
            Self::InvalidCredentials | Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::StoreUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        Self::internal(err)
    }
}

impl From<tower_sessions::session::Error> for ApiError {
    fn from(err: tower_sessions::session::Error) -> Self {
        Self::StoreUnavailable(Box::new(err))
    }
}

impl From<tower_sessions::session_store::Error> for ApiError {
    fn from(err: tower_sessions::session_store::Error) -> Self {
        Self::StoreUnavailable(Box::new(err))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            Self::Internal(cause) => tracing::error!(error = %cause, "request failed"),
            Self::StoreUnavailable(cause) => tracing::error!(error = %cause, "store unavailable"),
            _ => {}
        }
        let mut response = (
            self.status(),
            Json(ErrorBody {
                error: self.to_string(),
            }),
        )
            .into_response();
        if let Self::TooManyRequests { retry_after } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after.max(1)));
        }
        response
    }
}
