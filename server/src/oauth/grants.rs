//! The user's connected apps: `GET /api/oauth/grants` lists what each app was granted and how
//! many tokens it got; `POST /api/oauth/grants/revoke` ends a grant and puts every token it gave
//! that has not expired on the denylist (a delegated token is a JWT too: only the denylist can
//! stop it before `exp`).

use app::api::oauth::{GrantView, GrantsAnswer, RevokeGrant};
use app::api::ErrorBody;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use super::client::CLIENT_NAME;
use super::ledger::{Grant, OAuth};
use crate::api::error::ApiError;
use crate::api::json::ApiJson;
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;
use crate::rights::caller::Caller;

fn view(grant: &Grant) -> GrantView {
    GrantView {
        id: grant.id.clone(),
        client: CLIENT_NAME.to_owned(),
        scope: grant.scope.clone(),
        created_at: grant.created_at,
        revoked_at: grant.revoked.as_ref().map(|(at, _)| *at),
        revoked_reason: grant.revoked.as_ref().map(|(_, why)| why.clone()),
        tokens: grant.tokens.len(),
    }
}

/// Revokes the grant and denylists its live tokens; the grant afterwards.
pub async fn end_grant(
    oauth: &OAuth,
    jwt: &Jwt,
    grant_id: &str,
    now: i64,
    reason: &str,
) -> Result<Option<Grant>, ApiError> {
    let Some(grant) = oauth.revoke(grant_id, now, reason) else {
        return Ok(None);
    };
    for (jti, exp) in grant.tokens.iter().filter(|(_, exp)| *exp > now) {
        jwt.store()
            .deny(jti, *exp, &format!("grant revoked: {reason}"), now)
            .await?;
    }
    tracing::info!(username = %grant.username, reason, "oauth grant revoked");
    Ok(Some(grant))
}

#[utoipa::path(get, path = "/grants", tag = "oauth",
    summary = "My grants to other apps",
    security(("session_cookie" = []), ("session_header" = []), ("bearer" = []), ("jwt_cookie" = [])),
    responses((status = 200, description = "The caller's grants to other apps", body = GrantsAnswer)))]
pub async fn list(State(oauth): State<OAuth>, caller: Caller) -> Json<GrantsAnswer> {
    Json(GrantsAnswer {
        grants: oauth.grants_of(caller.user.id).iter().map(view).collect(),
    })
}

#[utoipa::path(post, path = "/grants/revoke", tag = "oauth",
    summary = "End a grant and its live tokens",
    security(("session_cookie" = []), ("session_header" = []), ("bearer" = []), ("jwt_cookie" = [])),
    request_body = RevokeGrant,
    responses((status = 200, description = "The grant, ended; its live tokens are on the denylist", body = GrantView),
        (status = 404, description = "No grant of yours with that id", body = ErrorBody)))]
pub async fn revoke(
    State(oauth): State<OAuth>,
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    caller: Caller,
    ApiJson(request): ApiJson<RevokeGrant>,
) -> Result<Json<GrantView>, ApiError> {
    let mine = oauth
        .grant(&request.id)
        .is_some_and(|grant| grant.user_id == caller.user.id);
    if !mine {
        return Err(ApiError::Rejected {
            status: StatusCode::NOT_FOUND,
            message: "no grant of yours has that id".to_owned(),
        });
    }
    let now = clock.now().unix_timestamp();
    let grant = end_grant(&oauth, &jwt, &request.id, now, "revoked by the user").await?;
    grant
        .map(|grant| Json(view(&grant)))
        .ok_or_else(|| ApiError::internal(std::io::Error::other("the grant vanished")))
}
