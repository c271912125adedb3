//! `/api/jwt/*`: log in, who am I, refresh, log out, revoke, the lab switch, key rotation and
//! what the server holds.

use std::time::Instant;

use app::api::jwt::{
    DenylistSwitch, FamilyView, JwtMeAnswer, JwtServerView, RefreshRequest, TokenPair,
};
use app::api::session::Credentials;
use app::demo::Role;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use super::claims::RefreshClaims;
use super::extract::BearerAccess;
use super::families::{self, NewFamily, Next, Rotation};
use super::issue::{issue, random_id, Subject};
use super::refusal::JwtRejection;
use super::verify::{Refused, Verifier};
use crate::api::json::ApiJson;
use crate::checks::{short, Checks};
use crate::error::ApiError;
use crate::login_limit::ClientAddr;
use crate::{users, AppState};

fn now(state: &AppState) -> i64 {
    state.clock.now().unix_timestamp()
}

#[tracing::instrument(skip_all, fields(username = %credentials.username))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(credentials): ApiJson<Credentials>,
) -> Result<Json<TokenPair>, ApiError> {
    let user = crate::login::authenticate(&state, addr, &credentials).await?;
    // Sign with the newest key, even if another node rotated it.
    state.jwt.keys.reload().await.map_err(ApiError::internal)?;
    let now = now(&state);
    let settings = &state.jwt.settings;
    let family_id = random_id()?;
    let family_expires_at = now + settings.refresh_ttl.whole_seconds();
    let subject = Subject {
        username: &user.username,
        role: user.role,
        family_id: &family_id,
        family_expires_at,
    };
    let issued = issue(&state.jwt.keys.current(), settings, &subject, now)?;
    state
        .jwt
        .store
        .create_family(NewFamily {
            id: &family_id,
            user_id: user.id,
            username: &user.username,
            refresh_jti: &issued.refresh.jti,
            access_jti: &issued.access.jti,
            access_exp: issued.access.exp,
            now,
            expires_at: family_expires_at,
        })
        .await?;
    tracing::info!(role = user.role.as_str(), "jwt login");
    Ok(Json(issued.pair))
}

pub async fn me(State(state): State<AppState>, access: BearerAccess) -> Json<JwtMeAnswer> {
    Json(JwtMeAnswer {
        claims: access.claims,
        checks: access.checks.into_vec(),
        server_now: now(&state),
    })
}

/// Verifies a refresh token (signature, type, and with `check_time` its lifetime).
fn verify_refresh(
    state: &AppState,
    token: &str,
    checks: &mut Checks,
    check_time: bool,
) -> Result<RefreshClaims, JwtRejection> {
    let key = state.jwt.keys.current();
    let verifier = Verifier {
        key: &key,
        settings: &state.jwt.settings,
        now: now(state),
    };
    verifier
        .verify::<RefreshClaims>(token, checks, check_time)
        .map_err(|refused| JwtRejection::new(refused, checks.clone()))
}

fn refuse(checks: &mut Checks, started: Instant, refused: Refused) -> JwtRejection {
    let _ = checks.record::<(), _>("refresh family", started, Err(refused.clone()));
    JwtRejection::new(refused, std::mem::take(checks))
}

/// Swaps a refresh token for a new pair. A used one revokes its whole family.
pub async fn refresh(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> Result<Json<TokenPair>, JwtRejection> {
    let mut checks = Checks::default();
    let claims = verify_refresh(&state, &request.refresh_token, &mut checks, true)?;
    let started = Instant::now();
    let now = now(&state);
    let Some(family) = state.jwt.store.family(&claims.fam).await? else {
        let refused = Refused::new("unknown_family", "this refresh token's family is unknown");
        return Err(refuse(&mut checks, started, refused));
    };
    let Some(user) = users::find(&state.db, family.user_id)
        .await
        .map_err(ApiError::from)?
    else {
        let refused = Refused::new("unknown_family", "the family's user no longer exists");
        return Err(refuse(&mut checks, started, refused));
    };
    let subject = Subject {
        username: &user.username,
        role: user.role,
        family_id: &family.id,
        family_expires_at: family.expires_at,
    };
    let issued = issue(
        &state.jwt.keys.current(),
        &state.jwt.settings,
        &subject,
        now,
    )?;
    let next = Next {
        refresh_jti: &issued.refresh.jti,
        access_jti: &issued.access.jti,
        access_exp: issued.access.exp,
    };
    let refused = match families::rotate(&state.jwt.store, &family.id, &claims.jti, next, now).await? {
        Rotation::Rotated => {
            let detail = format!("family {} rotated ({} → {})", short(&family.id), short(&claims.jti), short(&issued.refresh.jti));
            let _ = checks.record("refresh family", started, Ok::<_, Refused>(((), detail)));
            return Ok(Json(issued.pair));
        }
        Rotation::ReuseDetected => Refused::new(
            "refresh_reused",
            "this refresh token was already used: someone may hold a copy, so its whole family is revoked now",
        ),
        Rotation::Revoked { reason } => Refused::new(
            "family_revoked",
            format!("this refresh token's family was revoked ({reason})"),
        ),
        Rotation::Expired => Refused::new(
            "family_expired",
            "the family reached its absolute lifetime: log in again",
        ),
        Rotation::Unknown => Refused::new("unknown_family", "this refresh token's family is unknown"),
    };
    Err(refuse(&mut checks, started, refused))
}

/// Forgets the refresh family. The access token is NOT revoked: it works until `exp`.
pub async fn logout(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> Result<Json<Value>, JwtRejection> {
    let mut checks = Checks::default();
    let claims = verify_refresh(&state, &request.refresh_token, &mut checks, false)?;
    let now = now(&state);
    let family = state.jwt.store.family(&claims.fam).await?;
    if let Some(family) = &family {
        families::revoke(&state.jwt.store, family, "logout", now).await?;
    }
    Ok(Json(json!({
        "logged_out": family.is_some(),
        "family": short(&claims.fam),
        "note": "the refresh family is over; an access token already issued still works until its exp",
    })))
}

/// Puts the presented access token's `jti` on the denylist.
pub async fn revoke(
    State(state): State<AppState>,
    access: BearerAccess,
) -> Result<Json<Value>, ApiError> {
    let claims = &access.claims;
    state
        .jwt
        .store
        .deny(
            &claims.jti,
            claims.exp,
            "revoked by its holder",
            now(&state),
        )
        .await?;
    let enabled = state.jwt.denylist.enabled();
    Ok(Json(json!({
        "revoked": claims.jti,
        "denylist_enabled": enabled,
        "note": if enabled {
            "refused from the next request on: every request looks the jti up"
        } else {
            "on the denylist, but the lab switch is off: the token still works until its exp"
        },
    })))
}

/// The lab switch: does `/api/jwt/me` consult the denylist?
pub async fn set_denylist(
    State(state): State<AppState>,
    ApiJson(switch): ApiJson<DenylistSwitch>,
) -> Json<DenylistSwitch> {
    state.jwt.denylist.set_enabled(switch.enabled);
    tracing::info!(enabled = switch.enabled, "denylist checking switched");
    Json(DenylistSwitch {
        enabled: state.jwt.denylist.enabled(),
    })
}

/// A new signing key (admins only); every token signed with the old one stops verifying.
pub async fn rotate_key(
    State(state): State<AppState>,
    access: BearerAccess,
) -> Result<Json<Value>, ApiError> {
    if access.claims.role != Role::Admin {
        return Err(ApiError::Forbidden(
            "only an admin may rotate the signing key".into(),
        ));
    }
    let old = state.jwt.keys.current().kid.clone();
    let new = state
        .jwt
        .keys
        .rotate(now(&state))
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(json!({ "retired": old, "current": new.kid })))
}

/// What the server holds for the JWT scheme: keys, the denylist, how many families live.
pub async fn server_view(State(state): State<AppState>) -> Result<Json<JwtServerView>, ApiError> {
    let now = now(&state);
    let settings = &state.jwt.settings;
    Ok(Json(JwtServerView {
        alg: settings.algorithm.name().to_owned(),
        keys: state.jwt.keys.views().await?,
        denylist_enabled: state.jwt.denylist.enabled(),
        store: state.jwt.store.name().to_owned(),
        denylist: state
            .jwt
            .store
            .denylist(now - settings.leeway.whole_seconds())
            .await?,
        live_families: state.jwt.store.live_families(now).await?,
        access_ttl_seconds: settings.access_ttl.whole_seconds(),
        refresh_ttl_seconds: settings.refresh_ttl.whole_seconds(),
        leeway_seconds: settings.leeway.whole_seconds(),
        server_now: now,
    }))
}

/// The family of a refresh token, as the server holds it (even after the token expired).
pub async fn family(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> Result<Json<FamilyView>, JwtRejection> {
    let mut checks = Checks::default();
    let claims = verify_refresh(&state, &request.refresh_token, &mut checks, false)?;
    let Some(family) = state.jwt.store.family(&claims.fam).await? else {
        let refused = Refused::new("unknown_family", "this refresh token's family is unknown");
        return Err(JwtRejection::new(refused, checks));
    };
    Ok(Json(families::view(&family, now(&state))))
}

/// `GET /.well-known/jwks.json`: the public key for EdDSA; no keys for HMAC (never published).
pub async fn jwks(State(state): State<AppState>) -> Json<Value> {
    Json(state.jwt.keys.jwks())
}
