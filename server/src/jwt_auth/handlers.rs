//! `/api/jwt/*`: log in, who am I, refresh, log out, revoke, the denylist switch, key rotation
//! and what the server holds.

use std::time::Instant;

use app::api::jwt::{
    DenylistSwitch, FamilyView, Jwks, JwtLogoutAnswer, JwtMeAnswer, JwtServerView, RevokeAnswer,
    RotateAnswer, TokenPair,
};
use app::api::session::Credentials;
use app::demo::Role;
use axum::extract::State;
use axum::Json;

use super::extract::{BearerAccess, RefreshToken};
use super::families::{self, Ending, Rotation};
use super::issue::{issue, random_id, Subject};
use super::jwt::Jwt;
use super::refusal::JwtRejection;
use super::refused::{Reason, Refused};
use super::store::{NewFamily, Next};
use crate::accounts::login::Accounts;
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::json::ApiJson;
use crate::guard::policy::Policy;
use crate::kit::checks::Checks;
use crate::kit::clock::LabClock;
use crate::kit::handles::short;

#[tracing::instrument(skip_all, fields(username = %credentials.username))]
pub async fn login(
    State(jwt): State<Jwt>,
    State(accounts): State<Accounts>,
    State(clock): State<LabClock>,
    client: Client,
    ApiJson(credentials): ApiJson<Credentials>,
) -> Result<Json<TokenPair>, ApiError> {
    let user = accounts
        .authenticate(clock.now().unix_timestamp(), client.addr, &credentials)
        .await?;
    // Sign with the newest key, even if another node rotated it.
    jwt.keys().reload().await.map_err(ApiError::internal)?;
    let now = clock.now().unix_timestamp();
    let settings = jwt.settings();
    let family_id = random_id()?;
    let family_expires_at = now + settings.refresh_ttl.whole_seconds();
    let subject = Subject {
        username: &user.username,
        role: user.role,
        family_id: &family_id,
        family_expires_at,
    };
    let issued = issue(&jwt.keys().current(), settings, &subject, now)?;
    jwt.store()
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

pub async fn me(State(clock): State<LabClock>, access: BearerAccess) -> Json<JwtMeAnswer> {
    Json(JwtMeAnswer {
        claims: access.claims,
        checks: access.checks.into_vec(),
        server_now: clock.now().unix_timestamp(),
    })
}

/// Records the refresh family's check as refused, and answers with every check so far.
fn refuse(mut checks: Checks, started: Instant, refused: Refused) -> JwtRejection {
    let _ = checks.record::<(), _>("refresh family", started, Err(refused.clone()));
    JwtRejection::new(refused, checks)
}

/// Swaps a refresh token for a new pair. A used one revokes its whole family.
pub async fn refresh(
    State(jwt): State<Jwt>,
    State(accounts): State<Accounts>,
    State(clock): State<LabClock>,
    RefreshToken { claims, mut checks }: RefreshToken<true>,
) -> Result<Json<TokenPair>, JwtRejection> {
    let started = Instant::now();
    let now = clock.now().unix_timestamp();
    let Some(family) = jwt.store().family(&claims.fam).await? else {
        let refused = Refused::new(
            Reason::UnknownFamily,
            "this refresh token's family is unknown",
        );
        return Err(refuse(checks, started, refused));
    };
    let Some(user) = accounts
        .find(family.user_id)
        .await
        .map_err(ApiError::from)?
    else {
        let refused = Refused::new(Reason::UnknownFamily, "the family's user no longer exists");
        return Err(refuse(checks, started, refused));
    };
    let subject = Subject {
        username: &user.username,
        role: user.role,
        family_id: &family.id,
        family_expires_at: family.expires_at,
    };
    let issued = issue(&jwt.keys().current(), jwt.settings(), &subject, now)?;
    let next = Next {
        refresh_jti: &issued.refresh.jti,
        access_jti: &issued.access.jti,
        access_exp: issued.access.exp,
    };
    let refused = match families::rotate(jwt.store(), &family.id, &claims.jti, next, now).await? {
        Rotation::Rotated => {
            let detail = format!("family {} rotated ({} → {})", short(&family.id), short(&claims.jti), short(&issued.refresh.jti));
            let _ = checks.record("refresh family", started, Ok::<_, Refused>(((), detail)));
            return Ok(Json(issued.pair));
        }
        Rotation::ReuseDetected => Refused::new(
            Reason::RefreshReused,
            "this refresh token was already used: someone may hold a copy, so its whole family is revoked now",
        ),
        Rotation::Revoked { reason } => Refused::new(
            Reason::FamilyRevoked,
            format!("this refresh token's family was revoked ({reason})"),
        ),
        Rotation::Expired => Refused::new(
            Reason::FamilyExpired,
            "the family reached its absolute lifetime: log in again",
        ),
        Rotation::Unknown => Refused::new(Reason::UnknownFamily, "this refresh token's family is unknown"),
    };
    Err(refuse(checks, started, refused))
}

/// Forgets the refresh family. The access token is NOT revoked: it works until `exp`.
pub async fn logout(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    RefreshToken { claims, .. }: RefreshToken<false>,
) -> Result<Json<JwtLogoutAnswer>, JwtRejection> {
    let now = clock.now().unix_timestamp();
    let family = jwt.store().family(&claims.fam).await?;
    if let Some(family) = &family {
        families::revoke(jwt.store(), family, Ending::Logout, now).await?;
    }
    Ok(Json(JwtLogoutAnswer {
        logged_out: family.is_some(),
        family: short(&claims.fam),
        note:
            "the refresh family is over; an access token already issued still works until its exp"
                .to_owned(),
    }))
}

/// Puts the presented access token's `jti` on the denylist.
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
pub async fn server_view(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    State(policy): State<Policy>,
) -> Result<Json<JwtServerView>, ApiError> {
    let now = clock.now().unix_timestamp();
    let settings = jwt.settings();
    let store = jwt.store();
    Ok(Json(JwtServerView {
        alg: settings.algorithm.name().to_owned(),
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
pub async fn family(
    State(jwt): State<Jwt>,
    State(clock): State<LabClock>,
    RefreshToken { claims, checks }: RefreshToken<false>,
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
pub async fn jwks(State(jwt): State<Jwt>) -> Json<Jwks> {
    Json(jwt.keys().jwks())
}
