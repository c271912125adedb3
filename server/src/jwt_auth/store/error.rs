//! The JWT store failed: the request fails closed (503), never "valid".

use crate::api::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] sqlx::Error),
    #[error("Redis: {0}")]
    Redis(#[from] fred::error::Error),
    #[error("Redis holds a malformed {what}: {detail}")]
    Malformed { what: &'static str, detail: String },
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        ApiError::StoreUnavailable(Box::new(err))
    }
}
