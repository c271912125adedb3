//! The authorization endpoint, on authlab's own origin: `GET /api/oauth/authorize` checks the
//! partner's request and shows the consent page to the user logged in by authlab's session
//! cookie; `POST /api/oauth/authorize` (the consent form, same-origin, behind the origin check)
//! records the grant and redirects back with a one-time code.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::client::{redirect_allowed, requested, CLIENT_ID};
use super::consent;
use super::ledger::{Grant, OAuth, Pending, CODE_SECONDS};
use crate::api::form::ApiForm;
use crate::api::query::ApiQuery;
use crate::jwt_auth::issue::random_id;
use crate::kit::clock::LabClock;
use crate::lab::Lab;
use crate::session_auth::MaybeSessionUser;

/// An authorization request, as the partner sends it (every field checked, none trusted).
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
#[into_params(parameter_in = Query)]
pub struct Request {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

impl Request {
    /// The fields to carry through the consent form.
    pub fn fields(&self) -> Vec<(&'static str, &str)> {
        [
            ("response_type", &self.response_type),
            ("client_id", &self.client_id),
            ("redirect_uri", &self.redirect_uri),
            ("scope", &self.scope),
            ("state", &self.state),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_deref().map(|value| (name, value)))
        .collect()
    }
}

/// The consent form: the request again, the decision, a checkbox per scope.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Consent {
    #[serde(flatten)]
    request: Request,
    decision: Option<String>,
    profile_read: Option<String>,
    coins_send: Option<String>,
}

/// A request that passed every check.
struct Valid {
    redirect_uri: String,
    state: String,
    challenge: String,
    scopes: Vec<&'static str>,
}

/// `redirect_uri` with `pairs` in its query string.
fn back(redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    Redirect::to(&format!("{redirect_uri}?{query}")).into_response()
}

/// Checks a request. Until the client and its redirect URI are known good, a refusal is a page
/// here (never a redirect to an unchecked URI); after, it goes back to the client as an error.
#[allow(clippy::result_large_err)] // the refusal is the answer, sent at once
fn validate(lab: &Lab, request: &Request) -> Result<Valid, Response> {
    let Some(port) = lab.partner_port() else {
        return Err(consent::refused("no partner app runs on this server"));
    };
    if request.client_id.as_deref() != Some(CLIENT_ID) {
        return Err(consent::refused("unknown client_id"));
    }
    let redirect_uri = match request.redirect_uri.as_deref() {
        Some(uri) if redirect_allowed(port, lab.secure(), uri) => uri.to_owned(),
        _ => {
            return Err(consent::refused(
                "this redirect_uri is not one the client registered",
            ))
        }
    };
    let state = request.state.clone().unwrap_or_default();
    let error = |code: &str, description: &str| {
        back(
            &redirect_uri,
            &[
                ("error", code),
                ("error_description", description),
                ("state", &state),
            ],
        )
    };
    if request.response_type.as_deref() != Some("code") {
        return Err(error(
            "unsupported_response_type",
            "only response_type=code",
        ));
    }
    if request.code_challenge_method.as_deref() != Some("S256") {
        return Err(error(
            "invalid_request",
            "PKCE with code_challenge_method=S256 is required",
        ));
    }
    let challenge = request.code_challenge.clone().unwrap_or_default();
    if !super::pkce::challenge_well_formed(&challenge) {
        return Err(error(
            "invalid_request",
            "code_challenge must be a base64url SHA-256",
        ));
    }
    if state.is_empty() || state.len() > 256 {
        return Err(error(
            "invalid_request",
            "state must be 1 to 256 characters",
        ));
    }
    let scopes = requested(request.scope.as_deref().unwrap_or_default())
        .map_err(|why| error("invalid_scope", &why))?;
    Ok(Valid {
        redirect_uri,
        state,
        challenge,
        scopes,
    })
}

/// `GET /api/oauth/authorize`: the consent page, for the user authlab's session says.
#[utoipa::path(get, path = "/authorize", tag = "oauth",
    summary = "The consent page (authorization code + PKCE)",
    security((), ("session_cookie" = []), ("session_header" = [])),
    params(Request),
    responses((status = 200, description = "The consent page for the logged-in user (or a page asking to log in first)", content_type = "text/html"),
        (status = 400, description = "A request that fails a check (unknown client, redirect not registered, no PKCE S256…), shown as a page: it never redirects to an unchecked URI", content_type = "text/html")))]
pub async fn ask(
    State(lab): State<Lab>,
    MaybeSessionUser(user): MaybeSessionUser,
    ApiQuery(request): ApiQuery<Request>,
) -> Response {
    let valid = match validate(&lab, &request) {
        Ok(valid) => valid,
        Err(response) => return response,
    };
    match user {
        Some(user) => consent::consent(&user.auth.username, &request.fields(), &valid.scopes),
        None => consent::log_in_first(),
    }
}

/// `POST /api/oauth/authorize`: the user's answer. Allowed scopes become a grant and a code.
#[utoipa::path(post, path = "/authorize", tag = "oauth",
    summary = "The user's consent: a grant and a code, back to the app",
    security(("session_cookie" = []), ("session_header" = [])),
    request_body(content = Consent, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "Back to the client's redirect URI with `code` and `state` (or `error=access_denied`)",
        headers(("location" = String, description = "The registered redirect URI"))),
        (status = 400, description = "A request that fails a check", content_type = "text/html")))]
pub async fn decide(
    State(lab): State<Lab>,
    State(oauth): State<OAuth>,
    State(clock): State<LabClock>,
    MaybeSessionUser(user): MaybeSessionUser,
    ApiForm(form): ApiForm<Consent>,
) -> Response {
    let valid = match validate(&lab, &form.request) {
        Ok(valid) => valid,
        Err(response) => return response,
    };
    let Some(user) = user else {
        return consent::log_in_first();
    };
    let ticked = |scope: &str| match scope {
        "profile:read" => form.profile_read.is_some(),
        "coins:send" => form.coins_send.is_some(),
        _ => false,
    };
    let granted: Vec<&str> = valid.scopes.iter().copied().filter(|s| ticked(s)).collect();
    let denied = |description: &str| {
        back(
            &valid.redirect_uri,
            &[
                ("error", "access_denied"),
                ("error_description", description),
                ("state", &valid.state),
            ],
        )
    };
    if form.decision.as_deref() != Some("allow") {
        return denied("the user said no");
    }
    if granted.is_empty() {
        return denied("the user allowed nothing");
    }
    let (grant_id, code) = match (random_id(), random_id()) {
        (Ok(grant_id), Ok(code)) => (grant_id, code),
        (Err(err), _) | (_, Err(err)) => return err.into_response(),
    };
    let now = clock.now().unix_timestamp();
    oauth.add_grant(Grant {
        id: grant_id.clone(),
        user_id: user.auth.user_id,
        username: user.auth.username.clone(),
        client_id: CLIENT_ID.to_owned(),
        scope: granted.join(" "),
        created_at: now,
        revoked: None,
        tokens: Vec::new(),
    });
    oauth.hold(
        &code,
        Pending {
            grant_id,
            client_id: CLIENT_ID.to_owned(),
            redirect_uri: valid.redirect_uri.clone(),
            challenge: valid.challenge,
            expires_at: now + CODE_SECONDS,
        },
        now,
    );
    tracing::info!(username = %user.auth.username, scope = %granted.join(" "), "oauth grant");
    back(
        &valid.redirect_uri,
        &[("code", &code), ("state", &valid.state)],
    )
}
