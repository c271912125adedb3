//! The token endpoint: `POST /api/oauth/token` swaps a one-time code, with the PKCE verifier,
//! for a delegated access token limited to the granted scopes. The partner's page calls it from
//! its own origin (CORS); errors are RFC 6749's `{"error", "error_description"}`.

use app::api::oauth::DelegatedToken;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::client::CLIENT_ID;
use super::grants::end_grant;
use super::ledger::{CodeRefused, OAuth};
use super::pkce;
use crate::accounts::login::Accounts;
use crate::api::error::ApiError;
use crate::api::form::ApiForm;
use crate::guard::policy::Policy;
use crate::jwt_auth::issue::{issue_delegated, Delegate};
use crate::jwt_auth::Jwt;
use crate::kit::clock::LabClock;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    client_id: Option<String>,
    code_verifier: Option<String>,
}

/// An error of the token endpoint, as RFC 6749 §5.2 shapes it.
#[derive(Debug)]
pub struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    error_description: &'a str,
}

fn invalid_grant(description: impl Into<String>) -> OAuthError {
    OAuthError {
        status: StatusCode::BAD_REQUEST,
        error: "invalid_grant",
        description: description.into(),
    }
}

impl From<ApiError> for OAuthError {
    fn from(err: ApiError) -> Self {
        tracing::error!(error = %err, "token endpoint failed");
        OAuthError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            error: "temporarily_unavailable",
            description: "the server could not issue a token".to_owned(),
        }
    }
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.error,
            error_description: &self.description,
        };
        no_store((self.status, Json(body)).into_response())
    }
}

#[utoipa::path(post, path = "/token", tag = "oauth",
    summary = "Swap the code (and PKCE verifier) for a scoped token",
    request_body(content = TokenForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "A scoped access token for the partner (no refresh token)", body = DelegatedToken),
        (status = 400, description = "RFC 6749 §5.2: `invalid_grant`, `invalid_request`, … with `error_description`")))]
pub async fn token(
    State(oauth): State<OAuth>,
    State(jwt): State<Jwt>,
    State(accounts): State<Accounts>,
    State(policy): State<Policy>,
    State(clock): State<LabClock>,
    ApiForm(form): ApiForm<TokenForm>,
) -> Result<Response, OAuthError> {
    if form.grant_type.as_deref() != Some("authorization_code") {
        return Err(OAuthError {
            status: StatusCode::BAD_REQUEST,
            error: "unsupported_grant_type",
            description: "only grant_type=authorization_code".to_owned(),
        });
    }
    if form.client_id.as_deref() != Some(CLIENT_ID) {
        return Err(OAuthError {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_client",
            description: "unknown client_id".to_owned(),
        });
    }
    let now = clock.now().unix_timestamp();
    let code = form.code.unwrap_or_default();
    let pending = match oauth.take(&code, now) {
        Ok(pending) => pending,
        Err(CodeRefused::Unknown) => return Err(invalid_grant("unknown code")),
        Err(CodeRefused::Expired) => return Err(invalid_grant("the code expired")),
        Err(CodeRefused::Reused(grant_id)) => {
            // Someone replays a code: whatever it gave is revoked (RFC 6749 §4.1.2).
            end_grant(&oauth, &jwt, &grant_id, now, "its code was used twice").await?;
            return Err(invalid_grant(
                "this code was already used: the grant and every token it gave are revoked",
            ));
        }
    };
    if pending.client_id != CLIENT_ID || form.redirect_uri.as_deref() != Some(&pending.redirect_uri)
    {
        return Err(invalid_grant(
            "the code was issued to another client or redirect_uri",
        ));
    }
    if !pkce::verifies(&form.code_verifier.unwrap_or_default(), &pending.challenge) {
        return Err(invalid_grant(
            "the PKCE code_verifier does not match the code_challenge",
        ));
    }
    let grant = oauth
        .grant(&pending.grant_id)
        .filter(|grant| grant.revoked.is_none())
        .ok_or_else(|| invalid_grant("the grant was revoked"))?;
    let user = accounts
        .find(grant.user_id)
        .await
        .map_err(ApiError::from)?
        .filter(|user| !user.disabled)
        .ok_or_else(|| invalid_grant("the account is disabled"))?;
    let delegate = Delegate {
        username: &user.username,
        role: user.role,
        rights_version: user.rights_version,
        scope: &grant.scope,
        client_id: &grant.client_id,
    };
    let key = jwt.keys().current();
    let (access_token, claims) = issue_delegated(
        &key,
        jwt.settings(),
        &delegate,
        now,
        jwt.access_ttl(&policy),
    )?;
    oauth.record_token(&grant.id, claims.jti, claims.exp);
    tracing::info!(username = %user.username, scope = %grant.scope, "oauth token issued");
    Ok(no_store(
        Json(DelegatedToken {
            access_token,
            token_type: "Bearer".to_owned(),
            expires_in: claims.exp - now,
            scope: grant.scope,
        })
        .into_response(),
    ))
}
