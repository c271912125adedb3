//! `BearerAccess`: the extractor that turns `Authorization: Bearer <token>` into verified
//! access claims — every check recorded, the denylist consulted when the switch is on.

use std::time::Instant;

use app::api::jwt::AccessClaims;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::refusal::JwtRejection;
use super::verify::{Refused, Verifier};
use super::JwtState;
use crate::checks::Checks;
use crate::AppState;

pub struct BearerAccess {
    pub token: String,
    pub claims: AccessClaims,
    pub checks: Checks,
}

/// The token of an `Authorization: Bearer` header (scheme case-insensitive).
pub fn bearer_token(parts: &Parts) -> Result<&str, Refused> {
    let missing = || Refused::new("missing_token", "no Authorization: Bearer header");
    let value = parts.headers.get(AUTHORIZATION).ok_or_else(missing)?;
    let value = value
        .to_str()
        .map_err(|_| Refused::new("malformed", "the Authorization header is not ASCII"))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => Ok(token.trim()),
        _ => Err(Refused::new(
            "missing_token",
            "the Authorization header is not of the Bearer scheme",
        )),
    }
}

/// Verifies an access token and, when the switch is on, looks its `jti` up on the denylist.
pub async fn verify_access(
    state: &AppState,
    token: &str,
    checks: &mut Checks,
) -> Result<AccessClaims, JwtRejection> {
    let JwtState {
        settings,
        keys,
        denylist: switch,
        store,
    } = &state.jwt;
    let key = keys.current();
    let now = state.clock.now().unix_timestamp();
    let verifier = Verifier {
        key: &key,
        settings,
        now,
    };
    let claims = match verifier.verify::<AccessClaims>(token, checks, true) {
        Ok(claims) => claims,
        // Another node may have rotated the key: pick it up and try once more.
        Err(refused) if refused.reason == "unknown_key" && reloaded(state, checks).await => {
            let key = keys.current();
            let verifier = Verifier {
                key: &key,
                settings,
                now,
            };
            verifier
                .verify::<AccessClaims>(token, checks, true)
                .map_err(|refused| JwtRejection::new(refused, std::mem::take(checks)))?
        }
        Err(refused) => return Err(JwtRejection::new(refused, std::mem::take(checks))),
    };
    if switch.enabled() {
        let started = Instant::now();
        let found = store.denied(&claims.jti).await?;
        let outcome = match found {
            None => Ok((
                (),
                format!("jti not on the denylist (1 {} lookup)", store.name()),
            )),
            Some(reason) => Err(Refused::new(
                "revoked",
                format!("this token was revoked ({reason})"),
            )),
        };
        if let Err(refused) = checks.record("denylist", started, outcome) {
            return Err(JwtRejection::new(refused, std::mem::take(checks)));
        }
    }
    Ok(claims)
}

/// Reloads the keyring after an unknown kid, noting it as a check; true when the key changed.
pub async fn reloaded(state: &AppState, checks: &mut Checks) -> bool {
    let started = Instant::now();
    let changed = state.jwt.keys.reload().await.unwrap_or(false);
    let detail = if changed {
        "another node rotated the key: picked it up"
    } else {
        "no newer key"
    };
    let _ = checks.record::<(), Refused>("key reload", started, Ok(((), detail.to_owned())));
    changed
}

impl FromRequestParts<AppState> for BearerAccess {
    type Rejection = JwtRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let mut checks = Checks::default();
        let token = checks
            .run("bearer header", || {
                bearer_token(parts).map(|token| (token, "Authorization: Bearer …".to_owned()))
            })
            .map_err(|refused| JwtRejection::new(refused, checks.clone()))?
            .to_owned();
        let claims = verify_access(state, &token, &mut checks).await?;
        Ok(BearerAccess {
            token,
            claims,
            checks,
        })
    }
}
