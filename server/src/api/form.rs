//! `ApiForm<T>`: axum's form extractor, with rejections in the API's own error shape. An HTML
//! form (the CSRF lab's evil site submits one) sends `application/x-www-form-urlencoded`.

use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::api::error::ApiError;

pub struct ApiForm<T>(pub T);

impl<S, T> FromRequest<S> for ApiForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(ApiForm(value)),
            Err(rejection) => Err(rejection_to_error(rejection)),
        }
    }
}

fn rejection_to_error(rejection: FormRejection) -> ApiError {
    let message = match &rejection {
        FormRejection::InvalidFormContentType(_) => {
            "expected a form body with Content-Type: application/x-www-form-urlencoded".to_owned()
        }
        FormRejection::FailedToDeserializeForm(_)
        | FormRejection::FailedToDeserializeFormBody(_) => {
            format!("the form does not fit: {}", rejection.body_text())
        }
        _ => "the body is too large or unreadable".to_owned(),
    };
    ApiError::Rejected {
        status: rejection.status(),
        message,
    }
}
