//! Signing a token pair: a short-lived access token and a refresh token of a family.

use app::api::jwt::{AccessClaims, TokenPair};
use app::demo::Role;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::Header;
use serde::Serialize;

use super::claims::{RefreshClaims, TokenUse};
use super::keys::SigningKey;
use crate::api::error::ApiError;
use crate::base::settings::JwtSettings;

/// A fresh 128-bit random identifier, base64url (for `jti` and family ids).
pub fn random_id() -> Result<String, ApiError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes)
        .map_err(|err| ApiError::internal(std::io::Error::other(err)))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Everything a login or refresh signs.
pub struct Issued {
    pub pair: TokenPair,
    pub access: AccessClaims,
    pub refresh: RefreshClaims,
}

/// Whom the pair is for.
pub struct Subject<'a> {
    pub username: &'a str,
    pub role: Role,
    pub rights_version: i64,
    pub family_id: &'a str,
    pub family_expires_at: i64,
}

/// Signs the pair at `now`; the access token lives `access_ttl` seconds.
pub fn issue(
    key: &SigningKey,
    settings: &JwtSettings,
    subject: &Subject<'_>,
    now: i64,
    access_ttl: i64,
) -> Result<Issued, ApiError> {
    let access = AccessClaims {
        sub: subject.username.to_owned(),
        role: subject.role,
        iat: now,
        nbf: now,
        exp: now + access_ttl,
        iss: settings.issuer.to_owned(),
        aud: settings.audience.to_owned(),
        jti: random_id()?,
        token_use: TokenUse::Access.claim().to_owned(),
        rights_version: subject.rights_version,
        scope: None,
        client_id: None,
    };
    let refresh = RefreshClaims {
        sub: subject.username.to_owned(),
        iat: now,
        nbf: now,
        exp: subject
            .family_expires_at
            .min(now + settings.refresh_ttl.whole_seconds()),
        iss: settings.issuer.to_owned(),
        aud: settings.audience.to_owned(),
        jti: random_id()?,
        token_use: TokenUse::Refresh.claim().to_owned(),
        fam: subject.family_id.to_owned(),
    };
    let pair = TokenPair {
        access_token: sign(key, TokenUse::Access, &access)?,
        refresh_token: sign(key, TokenUse::Refresh, &refresh)?,
        token_type: "Bearer".to_owned(),
        expires_in: access.exp - now,
    };
    Ok(Issued {
        pair,
        access,
        refresh,
    })
}

/// Whom a delegated token is for, and what it may do.
pub struct Delegate<'a> {
    pub username: &'a str,
    pub role: Role,
    pub rights_version: i64,
    /// The granted scopes, space-separated.
    pub scope: &'a str,
    pub client_id: &'a str,
}

/// A delegated access token (no refresh token: the app asks the user again), and its claims.
pub fn issue_delegated(
    key: &SigningKey,
    settings: &JwtSettings,
    delegate: &Delegate<'_>,
    now: i64,
    access_ttl: i64,
) -> Result<(String, AccessClaims), ApiError> {
    let claims = AccessClaims {
        sub: delegate.username.to_owned(),
        role: delegate.role,
        iat: now,
        nbf: now,
        exp: now + access_ttl,
        iss: settings.issuer.to_owned(),
        aud: settings.audience.to_owned(),
        jti: random_id()?,
        token_use: TokenUse::Access.claim().to_owned(),
        rights_version: delegate.rights_version,
        scope: Some(delegate.scope.to_owned()),
        client_id: Some(delegate.client_id.to_owned()),
    };
    Ok((sign(key, TokenUse::Access, &claims)?, claims))
}

pub fn sign(key: &SigningKey, kind: TokenUse, claims: &impl Serialize) -> Result<String, ApiError> {
    let mut header = Header::new(key.algorithm());
    header.typ = Some(kind.typ().to_owned());
    header.kid = Some(key.kid.clone());
    jsonwebtoken::encode(&header, claims, key.encoding_key()).map_err(ApiError::internal)
}
