//! `/api/jwt/*` besides the token's life: who am I, revoke, the denylist switch, key rotation,
//! what the server holds, a family, the JWKS.

use app::api::jwt::{
    DenylistSwitch, FamilyView, Jwks, JwtMeAnswer, JwtServerView, RefreshRequest, Refusal,
    RevokeAnswer, RotateAnswer,
};
use app::api::ErrorBody;
use app::demo::Role;
use axum::extract::State;
use axum::Json;

use super::extract::{BearerAccess, RefreshToken};
use super::families::{self};
use super::jwt::Jwt;
use super::refusal::JwtRejection;
use super::refused::{Reason, Refused};
use super::scope::ProfileRead;
use crate::api::error::ApiError;
use crate::api::json::ApiJson;
use crate::guard::policy::Policy;
use crate::kit::clock::LabClock;

/// Who the token says I am: a delegated token needs `profile:read`.
#[utoipa::path(get, path = "/me", tag = "jwt",
    summary = "Who am I, by the token's claims alone",
    security(("bearer" = []), ("jwt_cookie" = [])),
    responses((status = 200, description = "The verified claims, and the checks the server ran", body = JwtMeAnswer),
        (status = 403, description = "A delegated token without the `profile:read` scope", body = Refusal,
            headers(("www-authenticate" = String, description = "`Bearer error=\"insufficient_scope\"`")))))]
pub async fn me(
    State(clock): State<LabClock>,
    access: BearerAccess<ProfileRead>,
) -> Json<JwtMeAnswer> {
    Json(JwtMeAnswer {
        claims: access.claims,
        checks: access.checks.into_vec(),
        server_now: clock.now().unix_timestamp(),
        carrier: access.carrier,
    })
}

/// Puts the presented access token's `jti` on the denylist.
#[utoipa::path(post, path = "/revoke", tag = "jwt",
    summary = "Put this access token on the denylist",
    security(("bearer" = []), ("jwt_cookie" = [])),
    responses((status = 200, description = "This token is on the denylist (it works on where the denylist is not consulted)", body = RevokeAnswer)))]
pub async fn revoke(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
    access: BearerAccess,
) -> Result<Json<RevokeAnswer>, ApiError> {
    let claims = access.claims;
    let now = clock.now().unix_timestamp();
    jwt.store()
        .deny(&claims.jti, claims.exp, "revoked by its holder", now)
        .await?;
    let enabled = policy.denylist();
    let note = if enabled {
        "refused from the next request on: every request looks the jti up"
    } else {
        "on the denylist, but the lab switch is off: the token still works until its exp"
    };
    Ok(Json(RevokeAnswer {
        revoked: claims.jti,
        denylist_enabled: enabled,
        note: note.to_owned(),
    }))
}

/// The lab switch: does `/api/jwt/me` consult the denylist?
#[utoipa::path(post, path = "/denylist", tag = "jwt",
    summary = "Lab switch: does who-am-I consult the denylist?",
    request_body = DenylistSwitch,
    responses((status = 200, description = "The switch as it is now", body = DenylistSwitch)))]
pub async fn set_denylist(
    State(policy): State<Policy>,
    ApiJson(switch): ApiJson<DenylistSwitch>,
) -> Json<DenylistSwitch> {
    policy.set_denylist(switch.enabled);
    tracing::info!(enabled = switch.enabled, "denylist checking switched");
    Json(DenylistSwitch {
        enabled: policy.denylist(),
    })
}

/// A new signing key (admins only); every token signed with the old one stops verifying.
#[utoipa::path(post, path = "/rotate-key", tag = "jwt",
    summary = "Rotate the signing key (admin): every older token stops verifying",
    security(("bearer" = []), ("jwt_cookie" = [])),
    responses((status = 200, description = "The new key (every token signed with the old one stops verifying)", body = RotateAnswer),
        (status = 403, description = "Not an admin", body = ErrorBody)))]
pub async fn rotate_key(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    access: BearerAccess,
) -> Result<Json<RotateAnswer>, ApiError> {
    if access.claims.role != Role::Admin {
        return Err(ApiError::Forbidden(
            "only an admin may rotate the signing key".into(),
        ));
    }
    let retired = jwt.keys().current().kid.clone();
    let new = jwt
        .keys()
        .rotate(clock.now().unix_timestamp())
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(RotateAnswer {
        retired,
        current: new.kid.clone(),
    }))
}

/// What the server holds for the JWT scheme: keys, the denylist, how many families live.
#[utoipa::path(get, path = "/server", tag = "jwt",
    summary = "What the server holds for JWTs: keys, denylist, families",
    responses((status = 200, description = "Keys, the denylist, live families", body = JwtServerView)))]
pub async fn server_view(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
) -> Result<Json<JwtServerView>, ApiError> {
    let now = clock.now().unix_timestamp();
    let settings = jwt.settings();
    let store = jwt.store();
    Ok(Json(JwtServerView {
        alg: jwt.keys().current().alg.name().to_owned(),
        keys: jwt.keys().views().await?,
        denylist_enabled: policy.denylist(),
        store: store.name().to_owned(),
        denylist: store
            .denylist(now - settings.leeway.whole_seconds())
            .await?,
        live_families: store.live_families(now).await?,
        access_ttl_seconds: settings.access_ttl.whole_seconds(),
        refresh_ttl_seconds: settings.refresh_ttl.whole_seconds(),
        leeway_seconds: settings.leeway.whole_seconds(),
        server_now: now,
    }))
}

/// The family of a refresh token, as the server holds it (even after the token expired).
#[utoipa::path(post, path = "/family", tag = "jwt",
    summary = "The refresh token's family, as the server holds it",
    security(("refresh_cookie" = []), ()),
    request_body(content = Option<RefreshRequest>, description = "The refresh token (header carrier); empty with the refresh cookie", example = json!({"refresh_token": "$REFRESH"})),
    responses((status = 200, description = "The refresh family", body = FamilyView),
        (status = 401, description = "The refresh token was refused", body = Refusal)))]
pub async fn family(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    RefreshToken { claims, checks, .. }: RefreshToken<false>,
) -> Result<Json<FamilyView>, JwtRejection> {
    let Some(family) = jwt.store().family(&claims.fam).await? else {
        let refused = Refused::new(
            Reason::UnknownFamily,
            "this refresh token's family is unknown",
        );
        return Err(JwtRejection::new(refused, checks));
    };
    Ok(Json(families::view(&family, clock.now().unix_timestamp())))
}

/// `GET /.well-known/jwks.json`: the public key for EdDSA; no keys for HMAC (never published).
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "services",
    summary = "The public keys a second service verifies tokens with",
    responses((status = 200, description = "The public keys (EdDSA, RS256); empty for HMAC", body = Jwks)))]
pub async fn jwks(State(jwt): State<Jwt>) -> Json<Jwks> {
    Json(jwt.keys().jwks())
}
