//! The orders lab's switch of the signing algorithm: an HMAC secret cannot be published, a
//! public key can.

use app::api::lab::LabView;
use app::api::orders::SigningRequest;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use super::handlers::lab_view;
use super::state::Lab;
use crate::api::error::ApiError;
use crate::api::json::ApiJson;
use crate::base::settings::JwtAlgorithm;
use crate::guard::policy::Policy;
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;

/// Makes authlab sign with another algorithm from now on: a new key of that kind becomes
/// current (the old one is retired, so its tokens stop verifying, as after a rotation). The
/// orders lab's switch: an HMAC secret cannot be published, a public key can.
#[utoipa::path(post, path = "/signing", tag = "lab",
    summary = "Sign with another algorithm from now on (HS256, RS256, EdDSA)",
    request_body = SigningRequest,
    responses((status = 200, description = "The lab, signing with the new algorithm (old tokens stop verifying)", body = LabView)))]
pub async fn signing(
    State(lab): State<Lab>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    State(jwt): State<Jwt>,
    ApiJson(request): ApiJson<SigningRequest>,
) -> Result<Json<LabView>, ApiError> {
    let alg: JwtAlgorithm = request.alg.parse().map_err(|_| ApiError::Rejected {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: format!("unknown algorithm {:?}: hs256, eddsa or rs256", request.alg),
    })?;
    if jwt.keys().current().alg != alg {
        jwt.keys()
            .rotate_to(alg, clock.now().unix_timestamp())
            .await
            .map_err(ApiError::internal)?;
        tracing::info!(alg = %alg, "lab: signing algorithm switched");
    }
    Ok(Json(lab_view(&lab, &clock, &policy, &jwt)))
}
