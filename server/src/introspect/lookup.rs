//! What authlab knows of a credential another service was handed: a session cookie's value
//! (signature, store record, timeouts) or an access token (signature and claims for its
//! audience, then the denylist — always, whatever the lab's switch for authlab's own API says).

use std::time::Instant;

use app::api::jwt::AccessClaims;
use app::api::orders::{Introspection, ORDERS_AUDIENCE, SESSION_COOKIE_HINT};
use tower_sessions::SessionStore;

use crate::api::error::ApiError;
use crate::jwt_auth::{Jwt, Refused};
use crate::kit::checks::Checks;
use crate::session_auth::record::{AuthSession, AUTH_KEY};
use crate::session_auth::Sessions;

/// An inactive answer, saying why (the lab's addition to RFC 7662).
fn inactive(token_type: &str, reason: impl Into<String>, checks: Checks) -> Introspection {
    Introspection {
        active: false,
        sub: None,
        token_type: Some(token_type.to_owned()),
        aud: None,
        exp: None,
        reason: Some(reason.into()),
        checks: checks.into_vec(),
    }
}

/// A session cookie's value: is its signature ours, does the store hold its record, is the
/// record within its timeouts? The record is not marked used: asking is not the user's activity.
pub async fn session(
    sessions: &Sessions,
    now: time::OffsetDateTime,
    value: &str,
    mut checks: Checks,
) -> Result<Introspection, ApiError> {
    let id = checks.run("session cookie", || {
        sessions
            .verified_id(value)
            .map(|id| (id, "signature valid (HMAC)".to_owned()))
            .ok_or("no valid signature: not a cookie authlab set")
    });
    let Ok(id) = id else {
        return Ok(inactive(SESSION_COOKIE_HINT, "bad_signature", checks));
    };
    let started = Instant::now();
    let record = sessions
        .store()
        .load(&id)
        .await
        .map_err(|err| ApiError::StoreUnavailable(Box::new(err)))?;
    let auth = record
        .and_then(|record| record.data.get(AUTH_KEY).cloned())
        .and_then(|value| serde_json::from_value::<AuthSession>(value).ok());
    let found = auth.ok_or("no record: logged out, ended, or never logged in");
    let Ok(auth) = checks.record(
        "session record",
        started,
        found.map(|auth| {
            let detail = format!("{} ({})", auth.username, sessions.store().describe());
            (auth, detail)
        }),
    ) else {
        return Ok(inactive(SESSION_COOKIE_HINT, "no_session", checks));
    };
    let settings = sessions.settings();
    let timeouts = checks.run("idle / absolute timeout", || {
        auth.check(settings, now)
            .map(|()| {
                let left = auth.expires_at(settings) - now.unix_timestamp();
                ((), format!("{left} s left"))
            })
            .map_err(|ended| ended.reason())
    });
    if timeouts.is_err() {
        return Ok(inactive(SESSION_COOKIE_HINT, "session_expired", checks));
    }
    Ok(Introspection {
        active: true,
        sub: Some(auth.username.clone()),
        token_type: Some(SESSION_COOKIE_HINT.to_owned()),
        aud: None,
        exp: Some(auth.expires_at(settings)),
        reason: None,
        checks: checks.into_vec(),
    })
}

/// The audience a token names, read before its signature is checked — only to pick which of
/// authlab's audiences to verify it for (the signature check then covers it).
fn named_audience(jwt: &Jwt, token: &str) -> &'static str {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let aud = token
        .split('.')
        .nth(1)
        .and_then(|payload| URL_SAFE_NO_PAD.decode(payload).ok())
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|claims| claims["aud"].as_str().map(str::to_owned));
    match aud.as_deref() {
        Some(ORDERS_AUDIENCE) => ORDERS_AUDIENCE,
        _ => jwt.settings().audience,
    }
}

/// An access token made for authlab or for orders: verified, then looked up on the denylist.
/// `Err` carries the refusal when the token itself is bad.
pub async fn access(
    jwt: &Jwt,
    now: i64,
    token: &str,
    checks: &mut Checks,
) -> Result<Result<AccessClaims, Refused>, ApiError> {
    // Another node may have rotated the key.
    jwt.keys().reload().await.map_err(ApiError::internal)?;
    let audience = named_audience(jwt, token);
    let claims = match jwt.verify_for::<AccessClaims>(audience, now, token, checks) {
        Ok(claims) => claims,
        Err(refused) => return Ok(Err(refused)),
    };
    let started = Instant::now();
    let store = jwt.store();
    let denied = store.denied(&claims.jti).await?;
    let outcome = match denied {
        None => Ok((
            (),
            format!("jti not on the denylist ({})", store.denylist_lookup()),
        )),
        Some(reason) => Err(Refused::new(
            crate::jwt_auth::Reason::Revoked,
            format!("this token was revoked ({reason})"),
        )),
    };
    Ok(checks.record("denylist", started, outcome).map(|()| claims))
}
